// Reading a file's media facts with ffprobe, turned into MediaInfo. What is true of the file
// (an image, audio only, 10 minutes long) is returned as facts for assessReadiness to judge;
// only a file that cannot be read at all is an error here.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../src-shared/errors';
import type { MediaInfo, VideoStream } from '../../../src-shared/media/media-info';
import { findFfprobe } from './ffmpeg-path';
import { lastErrorLine, spawnTool } from './spawn-tool';
import { fileInput } from './input-args';

export interface ProbeOptions {
  /** ffprobe binary; default: findFfprobe(). */
  ffprobe?: string;
  signal?: AbortSignal;
  /** Default 30 s: a healthy local file answers in well under a second. */
  timeoutMs?: number;
}

// The parts of `ffprobe -print_format json -show_streams -show_format` this module reads.
// Numbers arrive as strings in some fields and versions; both are accepted.
const numeric = z.union([z.string(), z.number()]).optional();
const FfprobeStreamSchema = z.object({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  profile: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  bits_per_raw_sample: numeric,
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  duration: numeric,
  nb_frames: numeric,
  color_transfer: z.string().optional(),
  channels: z.number().optional(),
  sample_rate: numeric,
  disposition: z.object({ attached_pic: z.number().optional() }).optional(),
  tags: z.record(z.string(), z.unknown()).optional(),
  side_data_list: z.array(z.object({ side_data_type: z.string().optional(), rotation: z.number().optional() })).optional(),
});
const FfprobeOutputSchema = z.object({
  streams: z.array(FfprobeStreamSchema).default([]),
  format: z.object({ format_name: z.string().optional(), duration: numeric }).optional(),
});
export type FfprobeOutput = z.infer<typeof FfprobeOutputSchema>;
type FfprobeStream = z.infer<typeof FfprobeStreamSchema>;

/** ffprobe's "N/A", "", or a missing field become undefined; everything else a finite number. */
function toNumber(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** "30000/1001" → 29.97…; "0/0" and garbage → 0. */
export function parseRate(rate: string | undefined): number {
  if (!rate) return 0;
  const [num, den = '1'] = rate.split('/');
  const n = Number(num);
  const d = Number(den);
  return Number.isFinite(n) && Number.isFinite(d) && d > 0 && n > 0 ? n / d : 0;
}

/** Any angle → 0, 90, 180 or 270 (ffmpeg only autorotates by right angles). */
function normaliseRotation(deg: number): number {
  return (((Math.round(deg / 90) * 90) % 360) + 360) % 360;
}

/**
 * Clockwise degrees a player turns the picture, as ffmpeg does by default. The display matrix
 * (what phones write) states a counter-clockwise angle — ffmpeg applies its negation, so an
 * iPhone's -90 means 90 clockwise; the legacy `rotate` tag is clockwise already.
 */
export function rotationOf(stream: FfprobeStream): number {
  const matrix = stream.side_data_list?.find((d) => typeof d.rotation === 'number');
  if (matrix?.rotation !== undefined) return normaliseRotation(-matrix.rotation);
  const tag = toNumber(typeof stream.tags?.rotate === 'string' ? stream.tags.rotate : undefined);
  return tag === undefined ? 0 : normaliseRotation(tag);
}

/** Bits per colour sample: from the pixel format name (yuv420p10le → 10, p010le → 10), else the stream's own figure. */
export function bitDepthOf(pixFmt: string | undefined, bitsPerRawSample: number | undefined): number {
  const m = pixFmt ? /(\d+)(?:le|be)$/.exec(pixFmt) : null;
  if (m) {
    const n = Number(m[1]);
    if (n >= 9 && n <= 16) return n;
    if (n === 48 || n === 64) return 16; // rgb48, rgba64: 16 bits a component
  }
  return bitsPerRawSample && bitsPerRawSample > 0 ? bitsPerRawSample : 8;
}

const HDR_TRANSFERS = new Set(['smpte2084', 'arib-std-b67']); // PQ (HDR10, Dolby Vision) and HLG
const STILL_IMAGE_CODECS = new Set(['png', 'mjpeg', 'bmp', 'tiff', 'webp', 'jpeg2000', 'jpegls', 'gif', 'ppm', 'pgm', 'qoi']);
/** Demuxers that read single pictures: image2 and the per-format *_pipe ones (png_pipe, jpeg_pipe, …). */
const IMAGE_DEMUXER = /(^|,)(image2|[a-z0-9]+_pipe)(,|$)/;

/** Frame rates this far apart (relative) mean the timestamps are irregular. */
const VFR_TOLERANCE = 0.01;

function videoStreamOf(s: FfprobeStream, formatName: string, durationSec: number): VideoStream {
  const rotation = rotationOf(s);
  const codedWidth = s.width ?? 0;
  const codedHeight = s.height ?? 0;
  const sideways = rotation === 90 || rotation === 270;
  const avg = parseRate(s.avg_frame_rate);
  const real = parseRate(s.r_frame_rate);
  const codec = s.codec_name ?? 'unknown';
  const frames = toNumber(s.nb_frames);
  const pixFmt = s.pix_fmt && s.pix_fmt !== 'unknown' ? s.pix_fmt : null;
  return {
    codec,
    profile: s.profile && s.profile !== 'unknown' ? s.profile : null,
    width: sideways ? codedHeight : codedWidth,
    height: sideways ? codedWidth : codedHeight,
    rotation,
    fps: avg > 0 ? avg : real,
    variableFrameRate: avg > 0 && real > 0 && Math.abs(avg - real) / real > VFR_TOLERANCE,
    pixFmt,
    bitDepth: bitDepthOf(pixFmt ?? undefined, toNumber(s.bits_per_raw_sample)),
    hdr: HDR_TRANSFERS.has(s.color_transfer ?? ''),
    // A picture format's reader, or a single frame with no running time (a one-frame clip that
    // lasts 0.2 s is still a video, if a short one).
    isStillImage: IMAGE_DEMUXER.test(formatName) || (!(durationSec > 0) && ((frames !== undefined && frames <= 1) || STILL_IMAGE_CODECS.has(codec))),
  };
}

/**
 * MediaInfo from ffprobe's JSON, or null when it holds no picture and no sound (a subtitle file,
 * a text file ffprobe guessed a format for).
 */
export function mediaInfoFromFfprobe(output: unknown, sizeBytes: number): MediaInfo | null {
  const parsed = FfprobeOutputSchema.safeParse(output);
  if (!parsed.success) return null;
  const { streams, format } = parsed.data;
  const formatName = format?.format_name ?? 'unknown';
  if (formatName === 'tty') return null; // ffprobe's reader of ANSI text art: any text file
  // Cover art in an MP3 or M4A is a "video" stream with the attached_pic flag: not the video.
  const videoStream = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audioStream = streams.find((s) => s.codec_type === 'audio');
  if (!videoStream && !audioStream) return null;
  const durationSec = toNumber(format?.duration) ?? toNumber(videoStream?.duration) ?? toNumber(audioStream?.duration) ?? 0;
  return {
    container: formatName,
    durationSec,
    sizeBytes,
    video: videoStream ? videoStreamOf(videoStream, formatName, durationSec) : null,
    audio: audioStream
      ? {
          codec: audioStream.codec_name ?? 'unknown',
          channels: audioStream.channels ?? 0,
          sampleRate: Math.round(toNumber(audioStream.sample_rate) ?? 0),
        }
      : null,
  };
}

export const INSTALL_FFMPEG = 'Install ffmpeg (apt-get install ffmpeg, brew install ffmpeg, winget install ffmpeg) or set FFMPEG_PATH and FFPROBE_PATH.';

/** A source file's size, or the error a creator should see when it is not a readable file. */
export async function sourceFileSize(file: string): Promise<number> {
  const name = path.basename(file);
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new AppError('FILE_MISSING', `Can't find "${name}". It may have been moved, renamed or deleted — check that it is still there, then add it again.`);
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new AppError('MEDIA_UNREADABLE', `Clipdesk isn't allowed to read "${name}" — check the file's permissions, then try again.`);
    }
    throw new AppError('MEDIA_UNREADABLE', `"${name}" can't be read (${code ?? (err as Error).message}) — check the drive it is on, then try again.`);
  }
  if (stat.isDirectory()) throw new AppError('MEDIA_UNREADABLE', `"${name}" is a folder, not a video file — choose a video file inside it.`);
  if (!stat.isFile()) throw new AppError('MEDIA_UNREADABLE', `"${name}" is not a regular file — choose a video file.`);
  if (stat.size === 0) {
    throw new AppError('MEDIA_UNREADABLE', `"${name}" is empty (0 bytes) — the copy or download probably failed; get the file again.`);
  }
  return stat.size;
}

export function unreadableError(name: string): AppError {
  return new AppError(
    'MEDIA_UNREADABLE',
    `"${name}" is not a video file Clipdesk can read, or it is damaged (truncated download?) — check that it plays in a video player, or get the file again.`,
  );
}

export async function probeMedia(file: string, opts: ProbeOptions = {}): Promise<MediaInfo> {
  const absolute = path.resolve(file);
  const name = path.basename(absolute);
  const sizeBytes = await sourceFileSize(absolute);
  const ffprobe = opts.ffprobe ?? findFfprobe()?.path;
  if (!ffprobe) throw new AppError('FFMPEG_FAILED', `ffprobe (part of ffmpeg) was not found, so Clipdesk can't read videos. ${INSTALL_FFMPEG}`);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  // fileInput: "file:", local files only, and only single-file formats (an uploaded playlist is refused).
  const args = ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', ...fileInput(absolute, 'probe')];
  let outcome;
  try {
    outcome = await spawnTool(ffprobe, args, { timeoutMs, signal: opts.signal });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError(
      'FFMPEG_FAILED',
      code === 'ENOENT'
        ? `ffprobe was not found at ${ffprobe}, so Clipdesk can't read videos. ${INSTALL_FFMPEG}`
        : `ffprobe at ${ffprobe} could not be started (${code ?? (err as Error).message}). ${INSTALL_FFMPEG}`,
    );
  }
  if (outcome.ended === 'aborted') throw new AppError('CANCELLED', `Reading "${name}" was cancelled.`);
  if (outcome.ended === 'timeout') {
    throw new AppError(
      'MEDIA_UNREADABLE',
      `Reading "${name}" took longer than ${Math.round(timeoutMs / 1000)} s and was stopped — if it is on a network or external drive, copy it to this computer and try again.`,
    );
  }
  if (outcome.code !== 0) {
    const error = unreadableError(name);
    error.cause = lastErrorLine(outcome.stderr); // ffprobe's own words, for logs only
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(outcome.stdout);
  } catch {
    throw unreadableError(name);
  }
  const info = mediaInfoFromFfprobe(json, sizeBytes);
  if (!info) throw unreadableError(name);
  return info;
}
