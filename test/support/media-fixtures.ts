// Video files for tests, generated on the spot with real ffmpeg from lavfi sources, so the
// repository carries no binary fixtures and every case says how it was made. Generated clips
// are cached per process by their recipe (tests only read them).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
export const FFPROBE = process.env.FFPROBE_PATH ?? '/usr/bin/ffprobe';

export interface ClipSpec {
  durationSec?: number;
  width?: number;
  height?: number;
  fps?: number;
  /** Add a 440 Hz tone (about −22 LUFS before `audioGainDb`). */
  audio?: boolean;
  /** Gain on the tone; the default −10 dB gives about −32 LUFS, far enough off −14 to see normalising. */
  audioGainDb?: number;
  /** Rotation metadata in degrees, as a phone writes it (a display matrix; pixels stay landscape). */
  rotation?: 0 | 90 | 180 | 270;
  /** Video codec: libx264 (default), libx265, libvpx-vp9, mpeg4. */
  codec?: 'libx264' | 'libx265' | 'libvpx-vp9' | 'mpeg4';
  pixFmt?: string;
  /** Tag the stream as HDR10 (BT.2020, PQ); use with a 10-bit pixFmt and libx265. */
  hdr?: boolean;
  /** Variable frame rate: frames dropped irregularly and timestamps kept. */
  vfr?: boolean;
  container?: 'mp4' | 'mov' | 'webm' | 'mkv';
}

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-media-'));
process.on('exit', () => fs.rmSync(cacheDir, { recursive: true, force: true }));
const made = new Map<string, string>();

/** A clip made to `spec`, in a per-process cache; copy it before changing it. */
export function makeClip(spec: ClipSpec = {}): string {
  const key = JSON.stringify(spec);
  const cached = made.get(key);
  if (cached && fs.existsSync(cached)) return cached;
  const file = path.join(cacheDir, `clip-${made.size}.${spec.container ?? 'mp4'}`);
  writeClip(file, spec);
  made.set(key, file);
  return file;
}

/** Writes a clip made to `spec` at `file` (any name: spaces, quotes, non-Latin characters). */
export function writeClip(file: string, spec: ClipSpec = {}): string {
  const { durationSec = 2, width = 640, height = 360, fps = 30, audio = true, audioGainDb = -10, codec = 'libx264' } = spec;
  const odd = width % 2 === 1 || height % 2 === 1;
  // testsrc2 rounds sizes to even numbers; a scale filter makes odd ones, which 4:2:0 cannot hold.
  const size = odd ? `${width + (width % 2)}x${height + (height % 2)}` : `${width}x${height}`;
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}:duration=${durationSec}`];
  if (audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${durationSec}`);
  const vf: string[] = odd ? [`scale=${width}:${height}`] : [];
  if (spec.vfr) vf.push("select='not(eq(mod(n\\,7)\\,3))*not(eq(mod(n\\,11)\\,5))'");
  if (vf.length) args.push('-vf', vf.join(','));
  if (spec.vfr) args.push('-fps_mode', 'vfr');
  if (audio) args.push('-af', `volume=${audioGainDb}dB`, '-c:a', spec.container === 'webm' ? 'libopus' : 'aac', '-shortest');
  args.push('-c:v', codec);
  if (codec === 'libx264' || codec === 'libx265') args.push('-preset', 'ultrafast');
  if (codec === 'libvpx-vp9') args.push('-deadline', 'realtime', '-cpu-used', '8');
  if (codec === 'libx265') args.push('-x265-params', 'log-level=error');
  if (spec.pixFmt) args.push('-pix_fmt', spec.pixFmt);
  else if (odd) args.push('-pix_fmt', 'yuv444p');
  else if (codec !== 'mpeg4') args.push('-pix_fmt', 'yuv420p');
  if (spec.hdr) args.push('-color_primaries', 'bt2020', '-color_trc', 'smpte2084', '-colorspace', 'bt2020nc');
  if (codec === 'libx265' && (spec.container ?? 'mp4') !== 'mkv') args.push('-tag:v', 'hvc1');
  args.push(spec.rotation ? `${file}.unrotated.${spec.container ?? 'mp4'}` : file);
  execFileSync(FFMPEG, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (spec.rotation) {
    // A stream copy with ffmpeg 5's rotate tag writes the display matrix a phone writes
    // (ffprobe reports it as side data); set while encoding, the tag is dropped.
    const unrotated = args[args.length - 1] as string;
    execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-i', unrotated, '-c', 'copy', '-metadata:s:v:0', `rotate=${spec.rotation}`, file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    fs.rmSync(unrotated);
  }
  return file;
}

/** A still image (PNG), which is not a video. */
export function makeImage(file: string, width = 640, height = 360): string {
  execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}`, '-frames:v', '1', file]);
  return file;
}

/** An audio-only file in an MP4 container. */
export function makeAudioOnly(file: string, durationSec = 2): string {
  execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${durationSec}`, '-c:a', 'aac', file]);
  return file;
}

/** A copy of a real clip cut off after `keepFraction` of its bytes (a truncated download). */
export function makeTruncated(file: string, keepFraction = 0.4): string {
  const src = makeClip({ durationSec: 3 });
  const bytes = fs.readFileSync(src);
  fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * keepFraction)));
  return file;
}

/** ffprobe's JSON for a file (streams and format), for assertions on render output. */
export function ffprobeJson(file: string): { streams: Array<Record<string, unknown>>; format: Record<string, unknown> } {
  const out = execFileSync(FFPROBE, ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file], { encoding: 'utf8' });
  return JSON.parse(out) as { streams: Array<Record<string, unknown>>; format: Record<string, unknown> };
}

/** Integrated loudness (LUFS) and true peak (dBTP) as ffmpeg's ebur128 filter measures them. */
export function measureLoudness(file: string): { integratedLufs: number; truePeakDb: number } {
  const r = execFileSyncStderr(FFMPEG, ['-hide_banner', '-nostats', '-i', file, '-map', '0:a:0', '-af', 'ebur128=peak=true', '-f', 'null', '-']);
  const summary = r.slice(r.lastIndexOf('Summary:'));
  const i = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  const tp = /Peak:\s+(-?[\d.]+) dBFS/.exec(summary);
  if (!i || !tp) throw new Error(`no loudness summary in ffmpeg output:\n${summary}`);
  return { integratedLufs: Number(i[1]), truePeakDb: Number(tp[1]) };
}

/** The top-level MP4 atoms in file order (faststart puts moov before mdat). */
export function topLevelAtoms(file: string): string[] {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const atoms: string[] = [];
    const head = Buffer.alloc(16);
    let pos = 0;
    while (pos + 8 <= size && atoms.length < 64) {
      fs.readSync(fd, head, 0, 16, pos);
      let len = head.readUInt32BE(0);
      atoms.push(head.toString('latin1', 4, 8));
      if (len === 1) len = Number(head.readBigUInt64BE(8));
      else if (len === 0) len = size - pos;
      if (len < 8) break;
      pos += len;
    }
    return atoms;
  } finally {
    fs.closeSync(fd);
  }
}

function execFileSyncStderr(file: string, args: string[]): string {
  const r = spawnSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${file} failed: ${r.stderr}`);
  return r.stderr;
}
