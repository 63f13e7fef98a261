// SubRip (.srt) captions: checked before a render starts, so a broken file is reported in
// words instead of as an ffmpeg failure minutes in, then written back out normalised (no BOM,
// \n line ends, renumbered) for libass.
import { AppError } from '../../../src-shared/errors';

export interface Cue {
  startSec: number;
  endSec: number;
  /** One or more lines; SRT's simple tags (<i>, <b>, {\an8}) pass through to libass. */
  text: string;
}

const TIME = String.raw`(\d{1,3}):(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?`;
const TIMING = new RegExp(String.raw`^\s*${TIME}\s*-->\s*${TIME}(?:\s+.*)?$`);

function seconds(h: string, m: string, s: string, frac: string | undefined): number {
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0'));
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + ms / 1000;
}

function invalid(detail: string): AppError {
  return new AppError('BAD_INPUT', `The captions file isn't valid SRT: ${detail}. Fix it in a text or subtitle editor and try again.`);
}

/** Parses SRT text; throws BAD_INPUT saying which block is wrong. */
export function parseSrt(text: string): Cue[] {
  const blocks = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((b) => b.replace(/^\s*\n/, '').trimEnd())
    .filter((b) => b.trim() !== '');
  if (blocks.length === 0) throw invalid('it has no captions in it');
  return blocks.map((block, i) => {
    const lines = block.split('\n');
    // The cue number is optional in practice; many tools omit or misnumber it.
    if (/^\s*\d+\s*$/.test(lines[0] ?? '') && lines.length > 1) lines.shift();
    const m = TIMING.exec(lines[0] ?? '');
    if (!m) throw invalid(`caption ${i + 1} has no time line like "00:00:01,000 --> 00:00:02,500" (found "${(lines[0] ?? '').slice(0, 60)}")`);
    const [, h1, m1, s1, f1, h2, m2, s2, f2] = m as unknown as [string, string, string, string, string | undefined, string, string, string, string | undefined];
    const startSec = seconds(h1, m1, s1, f1);
    const endSec = seconds(h2, m2, s2, f2);
    if (endSec <= startSec) throw invalid(`caption ${i + 1} ends (${lines[0]?.trim()}) before it starts`);
    const body = lines.slice(1).join('\n').trim();
    if (body === '') throw invalid(`caption ${i + 1} has a time but no text`);
    return { startSec, endSec, text: body };
  });
}

function stamp(sec: number): string {
  const ms = Math.round(sec * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)},${pad(ms % 1000, 3)}`;
}

/**
 * Cues moved by `offsetSec` (negative after a trim: captions are timed against the source,
 * so an .srt made for the whole clip stays in sync when only part of it is kept), with cues
 * that end before zero dropped and those straddling zero cut to start at it.
 */
export function shiftCues(cues: Cue[], offsetSec: number): Cue[] {
  return cues
    .map((c) => ({ ...c, startSec: Math.max(0, c.startSec + offsetSec), endSec: c.endSec + offsetSec }))
    .filter((c) => c.endSec > 0 && c.endSec > c.startSec);
}

export function formatSrt(cues: Cue[]): string {
  return cues.map((c, i) => `${i + 1}\n${stamp(c.startSec)} --> ${stamp(c.endSec)}\n${c.text}\n`).join('\n');
}
