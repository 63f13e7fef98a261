// Two-pass EBU R128 loudness normalisation with ffmpeg's loudnorm. Pass one measures the kept
// audio; pass two applies one linear gain computed from that measurement (linear=true), so the
// mix keeps its dynamics instead of being pumped by loudnorm's one-pass compressor.
import { AppError } from '../../../src-shared/errors';
import type { RenderRecipe } from '../../../src-shared/media/media-info';
import { spanInputArgs, type Span } from './trim';
import { fileInput } from '../media/input-args';

export type LoudnessTarget = NonNullable<RenderRecipe['loudness']>;

export interface LoudnessMeasurement {
  /** Integrated loudness, LUFS; -Infinity for digital silence. */
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
  targetOffset: number;
}

/** loudnorm's default loudness range target; raised to the measured range so linear mode holds. */
const DEFAULT_LRA = 11;

export function measureFilter(target: LoudnessTarget): string {
  return `loudnorm=I=${target.targetLufs}:TP=${target.truePeakDb}:LRA=${DEFAULT_LRA}:print_format=json`;
}

/** ffmpeg arguments for pass one (its JSON is printed at info level on stderr). */
export function planLoudnessMeasurement(input: { sourcePath: string; span: Span; trimmed: boolean; target: LoudnessTarget }): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'info',
    ...spanInputArgs(input.span, input.trimmed),
    ...fileInput(input.sourcePath),
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-af', measureFilter(input.target),
    '-f', 'null', '-',
  ];
}

function num(record: Record<string, unknown>, key: string): number {
  const raw = record[key];
  const value = typeof raw === 'string' ? Number(raw.trim().replace(/^-inf$/, '-Infinity').replace(/^inf$/, 'Infinity')) : NaN;
  if (Number.isNaN(value)) throw new AppError('FFMPEG_FAILED', `Measuring the loudness failed: ffmpeg's report had no usable "${key}". Try again, or render with loudness normalisation off.`);
  return value;
}

/** The measurement from pass one's stderr: the last {...} block loudnorm printed. */
export function parseLoudnormJson(stderr: string): LoudnessMeasurement {
  const start = stderr.lastIndexOf('[Parsed_loudnorm');
  const open = stderr.indexOf('{', start === -1 ? 0 : start);
  const close = stderr.indexOf('}', open);
  let record: Record<string, unknown> | null = null;
  if (open !== -1 && close !== -1) {
    try {
      record = JSON.parse(stderr.slice(open, close + 1)) as Record<string, unknown>;
    } catch {
      record = null;
    }
  }
  if (!record) throw new AppError('FFMPEG_FAILED', "Measuring the loudness failed: ffmpeg printed no measurement. Try again, or render with loudness normalisation off.");
  return {
    inputI: num(record, 'input_i'),
    inputTp: num(record, 'input_tp'),
    inputLra: num(record, 'input_lra'),
    inputThresh: num(record, 'input_thresh'),
    targetOffset: num(record, 'target_offset'),
  };
}

/**
 * Pass two's filter, or null when there is nothing to normalise (silence measures -inf and
 * no gain makes it louder; leaving it alone is right).
 */
export function applyFilter(target: LoudnessTarget, m: LoudnessMeasurement): string | null {
  if (![m.inputI, m.inputTp, m.inputLra, m.inputThresh, m.targetOffset].every(Number.isFinite)) return null;
  const lra = Math.min(50, Math.max(DEFAULT_LRA, Math.ceil(m.inputLra)));
  const f = (n: number): string => n.toFixed(2);
  return (
    `loudnorm=I=${target.targetLufs}:TP=${target.truePeakDb}:LRA=${lra}` +
    `:measured_I=${f(m.inputI)}:measured_TP=${f(m.inputTp)}:measured_LRA=${f(m.inputLra)}` +
    `:measured_thresh=${f(m.inputThresh)}:offset=${f(m.targetOffset)}:linear=true`
  );
}
