// Still frames from a video: the library's thumbnails and a render's cover image. ffmpeg writes
// to a temporary name beside the target and the file is renamed into place only when complete,
// so a failure or a cancel never leaves a half-written or empty JPEG behind.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { MediaInfo } from '../../../src-shared/media/media-info';
import { findFfmpeg } from './ffmpeg-path';
import { INSTALL_FFMPEG, sourceFileSize, unreadableError } from './probe';
import { lastErrorLine, spawnTool, type ToolOutcome } from './spawn-tool';
import { fileInput } from './input-args';

export interface FrameOptions {
  /** ffmpeg binary; default: findFfmpeg(). */
  ffmpeg?: string;
  /** Output width in pixels; the height follows the displayed aspect ratio. Default 320. */
  width?: number;
  signal?: AbortSignal;
  /** Default 30 s. */
  timeoutMs?: number;
  /** Tone-map PQ/HLG to SDR, so an HDR frame is not washed out grey. */
  hdr?: boolean;
  /** The file is a still image (probe said so): read as one image (input-args.ts). */
  still?: boolean;
}

export interface ThumbnailOptions extends Omit<FrameOptions, 'hdr'> {
  /** Seconds into the video; default {@link thumbnailTime}. */
  atSec?: number;
}

/** 10% in, past black openings and fades, but at most 3 s so long files stay fast to seek. */
export function thumbnailTime(durationSec: number): number {
  return durationSec > 0 ? Math.min(durationSec * 0.1, 3) : 0;
}

// Linearise, tone-map, back to BT.709: ffmpeg's documented zscale + tonemap recipe. Run after
// scaling down, so the float conversion touches a thumbnail rather than a 4K frame.
const TONE_MAP = 'zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv';

function frameArgs(file: string, sec: number, out: string, width: number, toneMap: boolean, still: boolean): string[] {
  // The height from the displayed aspect ratio (dar includes a non-square pixel shape), kept even.
  const filters = [`scale=${width}:trunc(ow/dar/2)*2`, 'setsar=1'];
  if (toneMap) filters.push(TONE_MAP);
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    // -ss before -i: a fast seek to the keyframe before `sec`, then decode up to it.
    // (A still image has one frame at 0, which image2pipe would drop after any seek.)
    ...(still ? [] : ['-ss', sec.toFixed(3)]),
    // ffmpeg autorotates by the rotation metadata before these filters: a phone clip comes out tall.
    ...fileInput(file, still ? 'image' : 'video'),
    // V (capital): a video stream that is not cover art.
    '-map', '0:V:0', '-frames:v', '1', '-vf', filters.join(','),
    // The mjpeg muxer writes exactly one JPEG; the image2 muxer would read "%d" in a name as a pattern.
    '-c:v', 'mjpeg', '-q:v', '3', '-f', 'mjpeg', `file:${out}`,
  ];
}

/** A JPEG of the frame at `sec` (or the nearest one before it), `width` pixels wide. */
export async function frameAt(file: string, sec: number, outPath: string, opts: FrameOptions = {}): Promise<void> {
  const source = path.resolve(file);
  const name = path.basename(source);
  await sourceFileSize(source);
  const ffmpeg = opts.ffmpeg ?? findFfmpeg()?.path;
  if (!ffmpeg) throw new AppError('FFMPEG_FAILED', `ffmpeg was not found, so Clipdesk can't make thumbnails. ${INSTALL_FFMPEG}`);
  const width = Math.max(16, Math.round((opts.width ?? 320) / 2) * 2);
  const target = path.resolve(outPath);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const run = (toneMap: boolean): Promise<ToolOutcome> =>
    spawnTool(ffmpeg, frameArgs(source, Math.max(0, sec), temp, width, toneMap, opts.still === true), { timeoutMs: opts.timeoutMs ?? 30_000, signal: opts.signal }).catch(
      (err: NodeJS.ErrnoException) => {
        throw new AppError('FFMPEG_FAILED', `ffmpeg at ${ffmpeg} could not be started (${err.code ?? err.message}). ${INSTALL_FFMPEG}`);
      },
    );
  try {
    let outcome = await run(opts.hdr === true);
    // A build without zscale (or an HDR file without the colour tags zscale needs) still gets a frame.
    if (opts.hdr === true && outcome.ended === 'exit' && outcome.code !== 0) outcome = await run(false);
    if (outcome.ended === 'aborted') throw new AppError('CANCELLED', `Making a thumbnail of "${name}" was cancelled.`);
    if (outcome.ended === 'timeout') throw new AppError('FFMPEG_FAILED', `Making a thumbnail of "${name}" took too long and was stopped — try again.`);
    if (outcome.code !== 0) {
      if (/No space left on device/i.test(outcome.stderr)) {
        throw new AppError('DISK_FULL', `The disk is full, so the thumbnail of "${name}" could not be saved — free some space, then try again.`);
      }
      const error = unreadableError(name);
      error.cause = lastErrorLine(outcome.stderr);
      throw error;
    }
    // ffmpeg exits 0 with nothing written when there is no frame at or after the seek point.
    const written = await fs.stat(temp).catch(() => null);
    if (!written || written.size === 0) {
      throw new AppError('MEDIA_UNREADABLE', `"${name}" has no picture at ${sec.toFixed(1)} s — choose an earlier time, or check that the file plays.`);
    }
    await fs.rename(temp, target);
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** The library's thumbnail of a probed clip: a representative frame, 320 px wide unless asked otherwise. */
export async function makeThumbnail(file: string, info: MediaInfo, outPath: string, opts: ThumbnailOptions = {}): Promise<void> {
  if (!info.video) {
    throw new AppError('MEDIA_UNSUPPORTED', `"${path.basename(file)}" has no picture to make a thumbnail from — it is audio only.`);
  }
  const { atSec, ...frameOpts } = opts;
  const at = atSec ?? thumbnailTime(info.durationSec);
  try {
    await frameAt(file, at, outPath, { ...frameOpts, hdr: info.video.hdr, still: info.video.isStillImage });
  } catch (err) {
    // A damaged index can make a seek land past the last frame; the first frame is better than none.
    if (at > 0 && atSec === undefined && err instanceof AppError && err.code === 'MEDIA_UNREADABLE') {
      await frameAt(file, 0, outPath, { ...frameOpts, hdr: info.video.hdr, still: info.video.isStillImage });
      return;
    }
    throw err;
  }
}
