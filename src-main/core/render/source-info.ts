// A minimal ffprobe → MediaInfo for rendering from the CLI.
// TEMPORARY: core/media/probe.ts (probeMedia) is being written in parallel; when the branches
// merge, callers switch to it and this file goes. It reads only what planRender uses.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { AppError } from '../../../src-shared/errors';
import type { MediaInfo } from '../../../src-shared/media/media-info';
import { findFfprobe } from '../media/ffmpeg-path';

type Json = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const numOr = (v: unknown, d: number): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : d;
};

function rate(r: unknown): number {
  const m = /^(\d+)\/(\d+)$/.exec(str(r) ?? '');
  if (!m || Number(m[2]) === 0) return 0;
  return Number(m[1]) / Number(m[2]);
}

function rotationOf(stream: Json): number {
  const side = Array.isArray(stream.side_data_list) ? (stream.side_data_list as Json[]) : [];
  const matrix = side.find((s) => typeof s.rotation === 'number' || typeof s.rotation === 'string');
  const tags = (stream.tags ?? {}) as Json;
  // ffprobe ≥ 5 reports the display matrix's angle; older ones a rotate tag of the opposite sense.
  const raw = matrix ? numOr(matrix.rotation, 0) : -numOr(tags.rotate, 0);
  return (((Math.round(raw / 90) * 90) % 360) + 360) % 360;
}

/** Maps ffprobe's JSON (-show_streams -show_format) to MediaInfo. */
export function mediaInfoFromProbe(probe: { streams?: Json[]; format?: Json }): MediaInfo {
  const streams = probe.streams ?? [];
  const format = probe.format ?? {};
  const v = streams.find((s) => s.codec_type === 'video' && !((s.disposition as Json | undefined)?.attached_pic === 1));
  const a = streams.find((s) => s.codec_type === 'audio');
  let video: MediaInfo['video'] = null;
  if (v) {
    const rotation = rotationOf(v);
    const w = numOr(v.width, 0);
    const h = numOr(v.height, 0);
    const avg = rate(v.avg_frame_rate);
    const real = rate(v.r_frame_rate);
    const pixFmt = str(v.pix_fmt);
    const depth = /p(\d+)(le|be)$/.exec(pixFmt ?? '');
    const trc = str(v.color_transfer);
    video = {
      codec: str(v.codec_name) ?? 'unknown',
      profile: str(v.profile),
      width: rotation % 180 === 0 ? w : h,
      height: rotation % 180 === 0 ? h : w,
      rotation,
      fps: avg || real,
      // A stream whose average rate is off its nominal rate has irregular frame timing.
      variableFrameRate: avg > 0 && real > 0 && Math.abs(avg - real) / real > 0.01,
      pixFmt,
      bitDepth: depth ? Number(depth[1]) : numOr(v.bits_per_raw_sample, 8),
      hdr: trc === 'smpte2084' || trc === 'arib-std-b67',
    };
  }
  return {
    container: str(format.format_name) ?? 'unknown',
    durationSec: numOr(format.duration, numOr(v?.duration, 0)),
    sizeBytes: Math.round(numOr(format.size, 0)),
    video,
    audio: a ? { codec: str(a.codec_name) ?? 'unknown', channels: numOr(a.channels, 0), sampleRate: numOr(a.sample_rate, 0) } : null,
  };
}

export async function probeForRender(file: string, ffprobe: string | null = findFfprobe()?.path ?? null): Promise<MediaInfo> {
  if (!fs.existsSync(file)) throw new AppError('FILE_MISSING', `There is no file at ${file}. Check the path and try again.`);
  if (!ffprobe) throw new AppError('FFMPEG_FAILED', "Clipdesk can't find ffprobe. Reinstall Clipdesk, or set FFPROBE_PATH to a working ffprobe.");
  const out = await new Promise<string>((resolve, reject) => {
    execFile(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file], { maxBuffer: 16 * 1024 * 1024, timeout: 30_000, windowsHide: true }, (err, stdout) =>
      err ? reject(new AppError('MEDIA_UNREADABLE', `Clipdesk couldn't read ${file}: it is damaged or isn't a video. Re-export or re-download it and try again.`)) : resolve(stdout),
    );
  });
  const info = mediaInfoFromProbe(JSON.parse(out) as { streams?: Json[]; format?: Json });
  if (!info.video) throw new AppError('MEDIA_UNSUPPORTED', `${file} has no video picture, so it can't become a TikTok video. Choose a video clip.`);
  if (!(info.durationSec > 0)) throw new AppError('MEDIA_UNREADABLE', `Clipdesk couldn't tell how long ${file} is: it may be damaged. Re-export it and try again.`);
  return info;
}
