// The video an approval request sends to Telegram, and what sendVideo needs to show it inline:
// the displayed width/height, a whole-second duration and a JPEG thumbnail (≤ 320×320,
// < 200 kB). The Bot API takes uploads up to 50 MB and its clients play MP4 (H.264/HEVC); when
// the posted file is bigger, or in another format, a smaller H.264 preview is rendered for
// Telegram (faststart, so it streams). Previews and thumbnails are cached in `cacheDir` by the
// source's path, size and mtime, written under a temporary name and renamed when complete.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { MediaInfo } from '../../../src-shared/media/media-info';
import { probeMedia, sourceFileSize } from '../media/probe';
import { lastErrorLine, spawnTool } from '../media/spawn-tool';
import { makeThumbnail } from '../media/thumbnail';
import { runFfmpeg } from '../render/ffmpeg-process';
import { PRIVATE_MKDIR } from '../instance/private-dir';
import { fileInput } from '../media/input-args';

export const TELEGRAM_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024; // Bot API multipart limit
/** Telegram's limits on a video's thumbnail. */
export const THUMBNAIL_MAX_SIDE = 320;
export const THUMBNAIL_MAX_BYTES = 200 * 1000;

export interface TelegramVideo {
  /** The file to upload: the original when it fits, else a preview rendered for Telegram. */
  path: string;
  bytes: number;
  width: number; // display width (after rotation)
  height: number;
  durationSec: number; // rounded to whole seconds for the Bot API (at least 1)
  thumbnailPath: string; // JPEG ≤ 320×320, < 200 kB
  /** True when `path` is a smaller preview, not the file that will be posted. */
  isPreview: boolean;
  /**
   * The moov atom comes before the media (faststart), so Telegram can stream it: pass as
   * sendVideo's `supports_streaming`. Always true for a preview; an original may lack it.
   */
  supportsStreaming: boolean;
}

export interface PrepareOptions {
  ffmpeg: string;
  ffprobe: string;
  /** Where previews and thumbnails are kept (e.g. <dataDir>/telegram-media); created if missing. */
  cacheDir: string;
  /** Default TELEGRAM_UPLOAD_LIMIT_BYTES; tests pass a small value. Previews aim at ≤ 90 % of it. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** 0..1 while a preview renders (never goes backwards, also across a second, smaller render). */
  onProgress?: (fraction: number) => void;
}

/** Share of maxBytes a preview aims at, leaving room for x264's overshoot. */
const TARGET_SHARE = 0.9;
/** Of that, the share left after the MP4 container's own bytes (index, headers). */
const CONTAINER_SHARE = 0.97;
const AUDIO_BPS = 96_000;
/** A preview of a short clip needs no more than this; more only makes the upload slower. */
const MAX_VIDEO_BPS = 4_000_000;
const MIN_VIDEO_BPS = 16_000;
const PREVIEW_LONG_SIDE = 1280;
/** Fewer pixels when the bitrate is low: a sharper small picture beats a blocky big one. */
const LONG_SIDE_BY_BITRATE: ReadonlyArray<readonly [minBps: number, longSide: number]> = [
  [1_200_000, 1280],
  [500_000, 854],
  [200_000, 640],
  [0, 426],
];
const PLAYABLE_VIDEO_CODECS = new Set(['h264', 'hevc']);
const PLAYABLE_AUDIO_CODECS = new Set(['aac', 'mp3']);
const MP4_EXTENSIONS = new Set(['.mp4', '.m4v', '.mov']);
/** Names of unfinished files: `.<final name>.<random>.tmp`. */
const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;

function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

function cacheKey(absolute: string, size: number, mtimeMs: number): string {
  return createHash('sha256').update(`${absolute}\0${size}\0${mtimeMs}`).digest('hex').slice(0, 20);
}

/** True when Telegram clients play `info` as it is: H.264/HEVC (with AAC/MP3 sound or none) in MP4/MOV. */
export function playsOnTelegram(file: string, info: MediaInfo): boolean {
  if (!info.video || !PLAYABLE_VIDEO_CODECS.has(info.video.codec)) return false;
  if (info.audio && !PLAYABLE_AUDIO_CODECS.has(info.audio.codec)) return false;
  const mp4Family = info.container.split(',').some((f) => f === 'mp4' || f === 'mov');
  return mp4Family && MP4_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** Bits per second of video that make a preview of `durationSec` fit in 90 % of `maxBytes`. */
export function previewVideoBitrate(maxBytes: number, durationSec: number, hasAudio: boolean): number {
  const seconds = Math.max(durationSec, 1);
  const budgetBits = maxBytes * 8 * TARGET_SHARE * CONTAINER_SHARE;
  const audioBits = hasAudio ? AUDIO_BPS * seconds : 0;
  const bps = Math.floor((budgetBits - audioBits) / seconds);
  return Math.min(MAX_VIDEO_BPS, Math.max(MIN_VIDEO_BPS, bps));
}

/** The preview's size: the displayed aspect kept, the long side by bitrate (never upscaled), even numbers. */
export function previewSize(displayWidth: number, displayHeight: number, videoBps: number): { width: number; height: number } {
  const byBitrate = LONG_SIDE_BY_BITRATE.find(([min]) => videoBps >= min)?.[1] ?? PREVIEW_LONG_SIDE;
  const longSide = Math.min(PREVIEW_LONG_SIDE, byBitrate);
  const scale = Math.min(1, longSide / Math.max(displayWidth, displayHeight, 1));
  const even = (n: number): number => Math.max(2, Math.round(n / 2) * 2);
  let width = even(displayWidth * scale);
  let height = even(displayHeight * scale);
  // Rounding up to even may push the long side 1 px over the cap.
  if (width > longSide) width -= 2;
  if (height > longSide) height -= 2;
  return { width, height };
}

function previewArgs(source: string, out: string, info: MediaInfo, videoBps: number): string[] {
  const video = info.video!;
  const { width, height } = previewSize(video.width, video.height, videoBps);
  const args = [
    // Progress reports every 0.25 s rather than 0.5: a short preview renders in a second or two.
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-stats_period', '0.25',
    // ffmpeg autorotates by the rotation metadata before the filters: the size is the displayed one.
    ...fileInput(source),
    // V (capital): the video, not cover art.
    '-map', '0:V:0',
  ];
  if (info.audio) args.push('-map', '0:a:0');
  args.push(
    '-vf', `scale=${width}:${height},setsar=1,format=yuv420p`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
    // A one-second buffer: x264 still overshoots a few per cent on short, busy clips.
    '-b:v', String(videoBps), '-maxrate', String(videoBps), '-bufsize', String(videoBps),
  );
  if (info.audio) args.push('-c:a', 'aac', '-b:a', String(AUDIO_BPS), '-ac', '2');
  else args.push('-an');
  args.push('-sn', '-dn', '-map_metadata', '-1', '-movflags', '+faststart', '-f', 'mp4', `file:${out}`);
  return args;
}

interface RenderContext {
  ffmpeg: string;
  signal?: AbortSignal;
  report(fraction: number): void;
}

/** Renders one preview at `videoBps` to `target` (via a temporary file); returns its size in bytes. */
async function renderPreview(source: string, target: string, info: MediaInfo, videoBps: number, ctx: RenderContext): Promise<number> {
  const temp = tempPathFor(target);
  try {
    await runFfmpeg(ctx.ffmpeg, previewArgs(source, temp, info, videoBps), {
      signal: ctx.signal,
      durationSec: info.durationSec > 0 ? info.durationSec : undefined,
      outputPath: target,
      onProgress: (p) => ctx.report(p.fraction),
    });
    const { size } = await fsp.stat(temp);
    await fsp.rename(temp, target);
    return size;
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

function tooLongError(name: string, maxBytes: number): AppError {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / (1024 * 1024))} MB` : `${Math.max(1, Math.round(maxBytes / 1024))} kB`;
  return new AppError(
    'MEDIA_UNSUPPORTED',
    `"${name}" is too long to preview on Telegram (even a small preview is over its ${limit} upload limit) — approve it in the Clipdesk app instead.`,
  );
}

async function ensurePreview(source: string, target: string, info: MediaInfo, maxBytes: number, opts: PrepareOptions): Promise<number> {
  const cached = await fsp.stat(target).catch(() => null);
  if (cached && cached.size > 0 && cached.size <= maxBytes) return cached.size;
  let reported = 0;
  const ctx: RenderContext = {
    ffmpeg: opts.ffmpeg,
    signal: opts.signal,
    report: (fraction) => {
      if (fraction > reported) {
        reported = Math.min(1, fraction);
        opts.onProgress?.(reported);
      }
    },
  };
  const name = path.basename(source);
  const videoBps = previewVideoBitrate(maxBytes, info.durationSec, info.audio !== null);
  let bytes = await renderPreview(source, target, info, videoBps, ctx);
  if (bytes > maxBytes) {
    // Once more, lower by the overshoot (the sound's share stays, so the video takes all of it).
    // Already at the floor, a second render would come out the same size.
    const retryBps = Math.max(MIN_VIDEO_BPS, Math.floor(videoBps * (maxBytes / bytes) * 0.9));
    if (videoBps <= MIN_VIDEO_BPS) {
      await fsp.rm(target, { force: true });
      throw tooLongError(name, maxBytes);
    }
    bytes = await renderPreview(source, target, info, retryBps, ctx);
    if (bytes > maxBytes) {
      await fsp.rm(target, { force: true });
      throw tooLongError(name, maxBytes);
    }
  }
  ctx.report(1);
  return bytes;
}

/** The width to ask frameAt for so the thumbnail fits in 320×320 with the displayed aspect. */
function thumbnailWidth(width: number, height: number): number {
  if (width >= height) return THUMBNAIL_MAX_SIDE;
  return Math.max(16, Math.floor((THUMBNAIL_MAX_SIDE * width) / height / 2) * 2);
}

/**
 * Re-encodes the JPEG `file` in place until it fits Telegram's thumbnail limits: scaled to fit
 * within `maxSide`×`maxSide` and, while it is `maxBytes` or more, at a lower quality (higher -q:v).
 * Returns the -q:v used last, or null when the file already fitted.
 */
export async function fitThumbnail(
  ffmpeg: string,
  file: string,
  opts: { width: number; height: number; maxSide?: number; maxBytes?: number; signal?: AbortSignal },
): Promise<number | null> {
  const maxSide = opts.maxSide ?? THUMBNAIL_MAX_SIDE;
  const maxBytes = opts.maxBytes ?? THUMBNAIL_MAX_BYTES;
  const tooWide = opts.width > maxSide || opts.height > maxSide;
  if (!tooWide && fs.statSync(file).size < maxBytes) return null;
  const name = path.basename(file);
  for (const q of [5, 10, 18, 31]) {
    const temp = tempPathFor(file);
    try {
      const outcome = await spawnTool(
        ffmpeg,
        [
          '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...fileInput(file, 'image'),
          '-vf', `scale=w='min(${maxSide},iw)':h='min(${maxSide},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`,
          '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', String(q), '-f', 'mjpeg', `file:${temp}`,
        ],
        { timeoutMs: 30_000, signal: opts.signal },
      ).catch((err: NodeJS.ErrnoException) => {
        throw new AppError('FFMPEG_FAILED', `ffmpeg at ${ffmpeg} could not be started (${err.code ?? err.message}) — reinstall Clipdesk, or set FFMPEG_PATH to a working ffmpeg.`);
      });
      if (outcome.ended === 'aborted') throw new AppError('CANCELLED', 'Making the Telegram thumbnail was cancelled.');
      if (outcome.ended !== 'exit' || outcome.code !== 0) {
        const error = new AppError('FFMPEG_FAILED', `ffmpeg could not shrink the thumbnail "${name}" for Telegram — try again.`);
        error.cause = lastErrorLine(outcome.stderr);
        throw error;
      }
      await fsp.rename(temp, file);
    } finally {
      await fsp.rm(temp, { force: true });
    }
    if (fs.statSync(file).size < maxBytes) return q;
  }
  throw new AppError('FFMPEG_FAILED', `The thumbnail of "${name}" stays over Telegram's ${Math.round(maxBytes / 1000)} kB limit even at the lowest quality.`);
}

async function ensureThumbnail(source: string, target: string, info: MediaInfo, opts: PrepareOptions): Promise<void> {
  if (await fsp.stat(target).then((s) => s.size > 0, () => false)) return;
  const video = info.video!;
  const temp = tempPathFor(target);
  try {
    // makeThumbnail writes atomically to `temp`, tone-maps HDR and falls back to the first frame.
    await makeThumbnail(source, info, temp, { ffmpeg: opts.ffmpeg, width: thumbnailWidth(video.width, video.height), signal: opts.signal });
    // Sizes are checked on the JPEG itself: a non-square-pixel source can come out taller than asked.
    const jpeg = await probeMedia(temp, { ffprobe: opts.ffprobe, signal: opts.signal });
    await fitThumbnail(opts.ffmpeg, temp, { width: jpeg.video?.width ?? 0, height: jpeg.video?.height ?? 0, signal: opts.signal });
    await fsp.rename(temp, target);
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

/**
 * A stream copy of `source` with its index moved to the front (`-c copy -movflags +faststart`),
 * cached; null when that fails (the original then goes as it is, without streaming).
 */
async function ensureFaststartCopy(source: string, target: string, opts: PrepareOptions): Promise<string | null> {
  if (fs.existsSync(target)) return target;
  const temp = tempPathFor(target);
  try {
    await runFfmpeg(opts.ffmpeg, ['-hide_banner', '-nostdin', '-y', ...fileInput(source), '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', temp], {
      signal: opts.signal,
      outputPath: target,
    });
    await fsp.rename(temp, target);
    return target;
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    return null;
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

/** True when the MP4/MOV `file` has its index (moov) before its media (mdat): "faststart". */
export function isFaststart(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(16);
    let pos = 0;
    for (let i = 0; i < 64 && pos + 8 <= size; i++) {
      fs.readSync(fd, head, 0, 16, pos);
      const type = head.toString('latin1', 4, 8);
      if (type === 'moov') return true;
      if (type === 'mdat') return false;
      let len = head.readUInt32BE(0);
      if (len === 1) len = Number(head.readBigUInt64BE(8));
      else if (len === 0) return false; // the last atom runs to the end and it is not moov
      if (len < 8) return false;
      pos += len;
    }
    return false;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Marks a cached file as used now (its access time), for {@link pruneTelegramMediaCache}; the mtime stays. */
function touch(file: string): void {
  try {
    const { mtime } = fs.statSync(file);
    fs.utimesSync(file, new Date(), mtime);
  } catch {
    // Gone meanwhile (a prune): the next call makes it again.
  }
}

export async function prepareTelegramVideo(source: string, opts: PrepareOptions): Promise<TelegramVideo> {
  const absolute = path.resolve(source);
  const name = path.basename(absolute);
  const maxBytes = opts.maxBytes ?? TELEGRAM_UPLOAD_LIMIT_BYTES;
  await sourceFileSize(absolute); // FILE_MISSING / MEDIA_UNREADABLE in the creator's words
  const stat = await fsp.stat(absolute);
  const info = await probeMedia(absolute, { ffprobe: opts.ffprobe, signal: opts.signal });
  if (!info.video || info.video.isStillImage) {
    throw new AppError('MEDIA_UNSUPPORTED', `"${name}" has no moving picture to send to Telegram — choose a video file.`);
  }
  await fsp.mkdir(opts.cacheDir, PRIVATE_MKDIR);
  const key = cacheKey(absolute, stat.size, stat.mtimeMs);
  const thumbnailPath = path.join(path.resolve(opts.cacheDir), `${key}.jpg`);

  let video: TelegramVideo;
  if (stat.size <= maxBytes && playsOnTelegram(absolute, info)) {
    // Telegram streams only when the index (moov) comes first; a copy with it moved there is
    // the same video, bit for bit, made in a moment without re-encoding.
    const streamable = isFaststart(absolute) ? absolute : await ensureFaststartCopy(absolute, path.join(path.resolve(opts.cacheDir), `${key}-faststart.mp4`), opts);
    if (streamable && streamable !== absolute) touch(streamable);
    video = {
      path: streamable ?? absolute,
      bytes: streamable ? (await fsp.stat(streamable)).size : stat.size,
      width: info.video.width,
      height: info.video.height,
      durationSec: Math.max(1, Math.round(info.durationSec)),
      thumbnailPath,
      isPreview: false,
      supportsStreaming: streamable !== null,
    };
  } else {
    // The limit is in the name: a preview made for a larger limit may not fit a smaller one.
    const previewPath = path.join(path.resolve(opts.cacheDir), `${key}-${maxBytes}.mp4`);
    const bytes = await ensurePreview(absolute, previewPath, info, maxBytes, opts);
    touch(previewPath);
    const preview = await probeMedia(previewPath, { ffprobe: opts.ffprobe, signal: opts.signal });
    video = {
      path: previewPath,
      bytes,
      width: preview.video?.width ?? info.video.width,
      height: preview.video?.height ?? info.video.height,
      durationSec: Math.max(1, Math.round(preview.durationSec || info.durationSec)),
      thumbnailPath,
      isPreview: true,
      supportsStreaming: true,
    };
  }
  await ensureThumbnail(absolute, thumbnailPath, info, opts);
  touch(thumbnailPath);
  return video;
}

/**
 * Removes cached previews and thumbnails not used for `maxAgeMs` (nor written: a render's
 * temporary file grows as it is written), and unfinished files a crash left. Returns how many went.
 */
export function pruneTelegramMediaCache(cacheDir: string, maxAgeMs: number, now: number = Date.now()): number {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(cacheDir, { withFileTypes: true });
  } catch {
    return 0; // no cache yet
  }
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const isOurs = /^[0-9a-f]{20}(-\d+\.mp4|\.jpg)$/.test(entry.name) || TEMP_NAME.test(entry.name);
    if (!isOurs) continue;
    const file = path.join(cacheDir, entry.name);
    try {
      const s = fs.statSync(file);
      if (now - Math.max(s.atimeMs, s.mtimeMs) > maxAgeMs) {
        fs.rmSync(file, { force: true });
        removed++;
      }
    } catch {
      // Removed meanwhile.
    }
  }
  return removed;
}
