// `clipdesk probe FILE [--json]`: a file's media facts and whether TikTok takes it as it is.
// Runs in this process (no data folder, no running instance): it only reads the file.
// Exit 0 when the file can be used (as is, or after a render); 1 when it cannot, or cannot be read.
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { MediaInfo, Readiness } from '../../../src-shared/media/media-info';
import {
  assessReadiness,
  audioCodecLabel,
  containerFamily,
  formatBytes,
  formatDuration,
  formatFps,
  videoCodecLabel,
} from '../../../src-shared/media/readiness';
import { probeMedia } from '../../core/media/probe';
import { CliError } from '../cli-error';

export async function probeCommand(file: string, json: boolean): Promise<number> {
  const absolute = path.resolve(file);
  let media: MediaInfo;
  try {
    media = await probeMedia(absolute);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (json) {
      process.stdout.write(`${JSON.stringify({ file: absolute, error: { code: err.code, message: err.message } }, null, 2)}\n`);
      return 1;
    }
    throw new CliError(err.message, 1);
  }
  const readiness = assessReadiness(media);
  if (json) {
    process.stdout.write(`${JSON.stringify({ file: absolute, media, readiness }, null, 2)}\n`);
    return readiness.verdict === 'unusable' ? 1 : 0;
  }
  process.stdout.write(describeMedia(path.basename(absolute), media));
  if (readiness.verdict === 'unusable') throw new CliError(`Cannot be used: ${readiness.reasons.join('; ')}`, 1);
  process.stdout.write(describeVerdict(readiness));
  return 0;
}

function row(label: string, value: string): string {
  return `  ${label.padEnd(11)}${value}\n`;
}

export function describeMedia(name: string, m: MediaInfo): string {
  const v = m.video;
  let out = `${name}\n`;
  out += row('Container', `${containerFamily(m.container, v?.codec ?? null)} (${m.container})`);
  out += row('Duration', `${formatDuration(m.durationSec)} (${m.durationSec.toFixed(2)} s)`);
  if (v) {
    const parts = [`${videoCodecLabel(v.codec)}${v.profile ? ` (${v.profile})` : ''}`, `${v.width}×${v.height}`];
    parts.push(v.isStillImage ? 'a still image' : `${formatFps(v.fps)} fps${v.variableFrameRate ? ' (variable)' : ''}`);
    out += row('Video', parts.join(', '));
    out += row('Colour', `${v.pixFmt ?? 'unknown pixel format'}, ${v.bitDepth}-bit, ${v.hdr ? 'HDR' : 'SDR'}`);
    if (v.rotation !== 0) out += row('Rotation', `${v.rotation}° (size shown as displayed)`);
  } else {
    out += row('Video', 'none');
  }
  out += row('Audio', m.audio ? `${audioCodecLabel(m.audio.codec)}, ${channelsLabel(m.audio.channels)}, ${m.audio.sampleRate / 1000} kHz` : 'none');
  out += row('Size', formatBytes(m.sizeBytes));
  return out;
}

function channelsLabel(channels: number): string {
  return channels === 1 ? 'mono' : channels === 2 ? 'stereo' : `${channels} channels`;
}

function describeVerdict(r: Readiness): string {
  if (r.verdict === 'fits') return '\nFits TikTok as is.\n';
  return `\nNeeds a render:\n${r.reasons.map((reason) => `  - ${reason}\n`).join('')}`;
}
