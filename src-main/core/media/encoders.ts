// Which H.264 encoder renders use. An ffmpeg build lists hardware encoders whether or not this
// machine has the hardware (Debian's lists NVENC, QSV and VAAPI everywhere), so each one is
// tried on a few frames before it is trusted. The answer is cached per ffmpeg for the process.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { CACHE_FOLDER } from '../instance/data-layout';
import { h264Encoders } from './ffmpeg-path';
import { spawnTool } from './spawn-tool';
import { PRIVATE_MKDIR } from '../instance/private-dir';

/** Hardware encoders in the order auto prefers them: each platform's native one first. */
export const HARDWARE_H264_ENCODERS = ['h264_videotoolbox', 'h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_amf', 'h264_mf'] as const;
export const SOFTWARE_H264_ENCODER = 'libx264';

const VAAPI_DEVICE = '/dev/dri/renderD128';
const TRIAL_TIMEOUT_MS = 8_000;

export interface H264EncoderReport {
  /** Encoders that encoded the trial frames: hardware ones in preference order, then libx264. */
  working: string[];
  /** Encoders the build lists that failed the trial (no such hardware, no driver). */
  failed: string[];
}

/** ffmpeg arguments that encode a fraction of a second of a test pattern with `encoder` and discard it. */
export function trialArgs(encoder: string): string[] {
  // 320×240: above every hardware encoder's minimum size; a few frames so a lazy init fails too.
  const input = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30:duration=0.2'];
  const head = ['-hide_banner', '-nostdin', '-loglevel', 'error'];
  const tail = ['-c:v', encoder, '-f', 'null', '-'];
  if (encoder === 'h264_vaapi') return [...head, '-vaapi_device', VAAPI_DEVICE, ...input, '-vf', 'format=nv12,hwupload', ...tail];
  // nv12 is the one input format every hardware encoder takes.
  if (encoder !== SOFTWARE_H264_ENCODER) return [...head, ...input, '-vf', 'format=nv12', ...tail];
  return [...head, ...input, '-pix_fmt', 'yuv420p', ...tail];
}

async function encodes(ffmpeg: string, encoder: string): Promise<boolean> {
  try {
    const outcome = await spawnTool(ffmpeg, trialArgs(encoder), { timeoutMs: TRIAL_TIMEOUT_MS });
    return outcome.ended === 'exit' && outcome.code === 0;
  } catch {
    return false;
  }
}

async function detect(ffmpeg: string): Promise<H264EncoderReport> {
  const listed = new Set(await h264Encoders(ffmpeg));
  const candidates = [...HARDWARE_H264_ENCODERS, SOFTWARE_H264_ENCODER].filter((e) => listed.has(e));
  const working: string[] = [];
  const failed: string[] = [];
  // One at a time: two trials at once on one GPU can fail for each other.
  for (const encoder of candidates) (await encodes(ffmpeg, encoder) ? working : failed).push(encoder);
  return { working, failed };
}

const cache = new Map<string, Promise<H264EncoderReport>>();

export interface DetectOptions {
  /**
   * A file that keeps the result between processes (in the data folder): each `clipdesk render`
   * would otherwise spend most of a second trying encoders (loading CUDA alone takes ~0.6 s).
   * It is trusted for a week and only for the same ffmpeg binary (path, size, mtime).
   */
  cacheFile?: string;
  /** Ignore what is cached and try again (doctor: after a driver install). */
  refresh?: boolean;
}

const CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

interface CacheEntry {
  ffmpeg: string;
  size: number;
  mtimeMs: number;
  at: number;
  report: H264EncoderReport;
}

function binaryStamp(ffmpeg: string): { size: number; mtimeMs: number } | null {
  try {
    const st = fs.statSync(ffmpeg);
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

function readCached(file: string, ffmpeg: string): H264EncoderReport | null {
  try {
    const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheEntry;
    const stamp = binaryStamp(ffmpeg);
    const fresh = Date.now() - entry.at < CACHE_MAX_AGE_MS && entry.at <= Date.now();
    const same = stamp && entry.ffmpeg === ffmpeg && entry.size === stamp.size && entry.mtimeMs === stamp.mtimeMs;
    const valid = Array.isArray(entry.report?.working) && entry.report.working.every((e) => typeof e === 'string') && Array.isArray(entry.report.failed);
    return fresh && same && valid ? entry.report : null;
  } catch {
    return null;
  }
}

function writeCached(file: string, ffmpeg: string, report: H264EncoderReport): void {
  const stamp = binaryStamp(ffmpeg);
  if (!stamp) return;
  try {
    fs.mkdirSync(path.dirname(file), PRIVATE_MKDIR);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ ffmpeg, ...stamp, at: Date.now(), report } satisfies CacheEntry));
    fs.renameSync(temp, file);
  } catch {
    // A cache that cannot be written only costs the next process a detection.
  }
}

/**
 * Tries every H.264 encoder the build lists; cached per ffmpeg path in this process (a failed
 * detection is not), and in `cacheFile` between processes.
 */
export function detectH264Encoders(ffmpeg: string, opts: DetectOptions = {}): Promise<H264EncoderReport> {
  let report = opts.refresh ? undefined : cache.get(ffmpeg);
  if (!report) {
    const stored = opts.cacheFile && !opts.refresh ? readCached(opts.cacheFile, ffmpeg) : null;
    report = stored
      ? Promise.resolve(stored)
      : detect(ffmpeg).then((r) => {
          if (opts.cacheFile) writeCached(opts.cacheFile, ffmpeg, r);
          return r;
        });
    cache.set(ffmpeg, report);
    report.catch(() => cache.delete(ffmpeg));
  }
  return report;
}

/** The H.264 encoders that work here: hardware ones in preference order, then libx264. */
export async function detectWorkingH264Encoders(ffmpeg: string, opts: DetectOptions = {}): Promise<string[]> {
  return (await detectH264Encoders(ffmpeg, opts)).working;
}

/** Where a data folder keeps the encoder detection. */
export function encoderCacheFile(dataDir: string): string {
  return path.join(dataDir, CACHE_FOLDER, 'h264-encoders.json');
}

/** Forget detections (tests; or after the creator installs a driver and asks to check again). */
export function clearEncoderCache(): void {
  cache.clear();
}

export interface EncoderChoice {
  encoder: string;
  reason: string;
}

/** `setting` is 'auto' or an encoder name; `working` is what detection found, best first. */
export function chooseEncoder(setting: string, working: readonly string[]): EncoderChoice {
  if (setting === 'auto') {
    const hardware = working.find((e) => (HARDWARE_H264_ENCODERS as readonly string[]).includes(e));
    if (hardware) return { encoder: hardware, reason: `auto: ${hardware} is the first working hardware encoder` };
    if (working.includes(SOFTWARE_H264_ENCODER)) {
      return { encoder: SOFTWARE_H264_ENCODER, reason: 'auto: no working hardware encoder, so libx264 (software)' };
    }
    throw new AppError('FFMPEG_FAILED', 'No working H.264 encoder in this ffmpeg, so Clipdesk cannot render. Install an ffmpeg build with libx264, or set FFMPEG_PATH to one.');
  }
  if (working.includes(setting)) return { encoder: setting, reason: `${setting}, as chosen in Settings` };
  const alternatives = working.length ? `Encoders that work here: ${working.join(', ')}.` : 'No H.264 encoder works with this ffmpeg.';
  throw new AppError(
    'FFMPEG_FAILED',
    `The H.264 encoder "${setting}" doesn't work on this computer (missing from this ffmpeg, or no such hardware or driver). ${alternatives} Choose one of them or "auto" in Settings.`,
  );
}

/** One line for diagnostics: what auto uses and why, e.g. "libx264 (no working hardware encoder: h264_nvenc, h264_vaapi present but failed)". */
export function describeEncoders(report: H264EncoderReport): string {
  let auto: EncoderChoice;
  try {
    auto = chooseEncoder('auto', report.working);
  } catch {
    return report.failed.length ? `none works (${report.failed.join(', ')} present but failed)` : 'none';
  }
  const failedHw = report.failed.filter((e) => (HARDWARE_H264_ENCODERS as readonly string[]).includes(e));
  const why =
    auto.encoder === SOFTWARE_H264_ENCODER
      ? `no working hardware encoder${failedHw.length ? `: ${failedHw.join(', ')} present but failed` : ''}`
      : `hardware${failedHw.length ? `; ${failedHw.join(', ')} present but failed` : ''}`;
  return `auto uses ${auto.encoder} (${why}); working: ${report.working.join(', ')}`;
}
