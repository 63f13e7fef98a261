// Which H.264 encoder renders use. An ffmpeg build lists hardware encoders whether or not this
// machine has the hardware (Debian's lists NVENC, QSV and VAAPI everywhere), so each one is
// tried on a few frames before it is trusted. The answer is cached per ffmpeg for the process.
import { AppError } from '../../../src-shared/errors';
import { h264Encoders } from './ffmpeg-path';
import { spawnTool } from './spawn-tool';

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

/** Tries every H.264 encoder the build lists; cached per ffmpeg path (a failed detection is not). */
export function detectH264Encoders(ffmpeg: string): Promise<H264EncoderReport> {
  let report = cache.get(ffmpeg);
  if (!report) {
    report = detect(ffmpeg);
    cache.set(ffmpeg, report);
    report.catch(() => cache.delete(ffmpeg));
  }
  return report;
}

/** The H.264 encoders that work here: hardware ones in preference order, then libx264. */
export async function detectWorkingH264Encoders(ffmpeg: string): Promise<string[]> {
  return (await detectH264Encoders(ffmpeg)).working;
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
