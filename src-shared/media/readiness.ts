// Whether a probed file can go to TikTok as it is, needs a render first, or cannot be used at
// all — with reasons in plain words. Pure: the library, the UI and `clipdesk probe` share it.
import type { MediaInfo, Readiness, VideoStream } from './media-info';

/** TikTok's rules for an uploaded video (docs/platforms.md, TikTok §3.8). The one copy of them. */
export const TIKTOK_VIDEO_LIMITS = {
  /** Container families, as {@link containerFamily} names them. */
  containers: ['MP4', 'MOV', 'WebM'],
  /** ffprobe codec names: H.264, H.265, VP8, VP9. */
  videoCodecs: ['h264', 'hevc', 'vp8', 'vp9'],
  minFps: 23,
  maxFps: 60,
  /** Both width and height must lie in [minSidePx, maxSidePx]. */
  minSidePx: 360,
  maxSidePx: 4096,
  /**
   * The API's ceiling. A creator's own limit (creator_info's max_video_post_duration_sec) can
   * be lower; that is checked when a post is made, since it depends on the account.
   */
  maxDurationSec: 600,
  maxSizeBytes: 4 * 1024 ** 3,
} as const;

/**
 * What Clipdesk requires to pass a file on untouched. Stricter than TikTok: the formats working
 * reports show TikTok handling well, in the vertical shape TikTok shows full screen.
 */
export const AS_IS_RULES = {
  videoCodecs: ['h264', 'hevc'],
  /** TikTok names no audio codec; AAC is what working uploads use. */
  audioCodecs: ['aac'],
  /** 8-bit 4:2:0, which every phone decodes in hardware. */
  pixFmts: ['yuv420p', 'yuvj420p'],
  /** Width / height of 9:16, and how far off still counts as 9:16 (1080×1918 does). */
  aspect: 9 / 16,
  aspectTolerance: 0.02,
  /** Below this on either side there is nothing worth upscaling. */
  minUsableSidePx: 64,
  /** The rate a source below TikTok's minimum is converted to. */
  raisedFps: 30,
} as const;

/** Slack for frame rates written as 59.9401 or 23.976 that should read as within limits. */
const FPS_EPSILON = 0.01;

/** "MP4", "MOV", "WebM", "MKV", "AVI", … from ffprobe's format_name (and the codec, for Matroska). */
export function containerFamily(formatName: string, videoCodec: string | null): string {
  const names = formatName.split(',');
  if (names.includes('mp4') || names.includes('mov')) return 'MP4';
  // ffprobe names Matroska and WebM alike; WebM is Matroska restricted to VP8/VP9/AV1.
  if (names.includes('matroska') || names.includes('webm')) return videoCodec && ['vp8', 'vp9', 'av1'].includes(videoCodec) ? 'WebM' : 'MKV';
  const first = names[0] ?? formatName;
  if (first === 'image2') return 'Image';
  if (first.endsWith('_pipe')) return `${first.slice(0, -'_pipe'.length).toUpperCase()} image`; // png_pipe, jpeg_pipe, …
  return CONTAINER_LABELS[first] ?? first.toUpperCase();
}

const CONTAINER_LABELS: Record<string, string> = { mpegts: 'MPEG-TS', mpeg: 'MPEG-PS', asf: 'WMV', flv: 'FLV', avi: 'AVI', gif: 'GIF' };

const VIDEO_CODEC_LABELS: Record<string, string> = {
  h264: 'H.264',
  hevc: 'H.265',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
  mpeg4: 'MPEG-4 Part 2',
  mpeg2video: 'MPEG-2',
  mpeg1video: 'MPEG-1',
  prores: 'ProRes',
  dnxhd: 'DNxHD',
  mjpeg: 'Motion JPEG',
  gif: 'GIF',
  wmv3: 'WMV',
  h263: 'H.263',
};

const AUDIO_CODEC_LABELS: Record<string, string> = {
  aac: 'AAC',
  mp3: 'MP3',
  opus: 'Opus',
  vorbis: 'Vorbis',
  ac3: 'AC-3',
  eac3: 'E-AC-3',
  flac: 'FLAC',
  alac: 'ALAC',
  amr_nb: 'AMR',
  amr_wb: 'AMR-WB',
};

export function videoCodecLabel(codec: string): string {
  return VIDEO_CODEC_LABELS[codec] ?? codec.toUpperCase();
}

export function audioCodecLabel(codec: string): string {
  if (codec.startsWith('pcm_')) return 'PCM';
  return AUDIO_CODEC_LABELS[codec] ?? codec.toUpperCase();
}

/** 12.5 → "0:12", 754 → "12:34", 3725 → "1:02:05". */
export function formatDuration(sec: number): string {
  const total = Math.max(0, Math.round(sec));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** 30 → "30", 29.97002997 → "29.97". */
export function formatFps(fps: number): string {
  return String(Math.round(fps * 100) / 100);
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value >= 100 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

const NAMED_RATIOS: ReadonlyArray<readonly [number, number]> = [
  [16, 9],
  [9, 16],
  [4, 3],
  [3, 4],
  [1, 1],
  [3, 2],
  [2, 3],
  [4, 5],
  [5, 4],
  [21, 9],
];

/** "Landscape 16:9", "Portrait 3:4", "Square 1:1", or the size when no common ratio is near. */
export function describeShape(width: number, height: number): string {
  const r = width / height;
  const orientation = r > 1.03 ? 'Landscape' : r < 0.97 ? 'Portrait' : 'Square';
  const named = NAMED_RATIOS.find(([a, b]) => Math.abs(r - a / b) / (a / b) < 0.03);
  return `${orientation} ${named ? `${named[0]}:${named[1]}` : `${width}×${height}`}`;
}

export function isVertical916(width: number, height: number): boolean {
  return height > 0 && Math.abs(width / height - AS_IS_RULES.aspect) / AS_IS_RULES.aspect <= AS_IS_RULES.aspectTolerance;
}

/** A rule looks at a file with a picture and returns a reason, or null when it has nothing to say. */
export type ReadinessRule = (info: MediaInfo, video: VideoStream) => string | null;

/** Each is enough on its own to make the file unusable; the first that applies is reported. */
export const UNUSABLE_RULES: Readonly<Record<string, ReadinessRule>> = {
  stillImage: (_m, v) => (v.isStillImage ? 'A still image, not a video — Clipdesk makes TikToks from video clips' : null),
  zeroDuration: (m) => (m.durationSec > 0 ? null : 'Zero length — the file has no playable video'),
  tiny: (_m, v) =>
    Math.min(v.width, v.height) < AS_IS_RULES.minUsableSidePx
      ? `Only ${v.width}×${v.height} pixels — too small to make a watchable video`
      : null,
};

/** Every one that applies is listed: each is something the render changes. */
export const NEEDS_RENDER_RULES: Readonly<Record<string, ReadinessRule>> = {
  container: (m, v) => {
    const family = containerFamily(m.container, v.codec);
    const accepted: readonly string[] = TIKTOK_VIDEO_LIMITS.containers;
    return accepted.includes(family) ? null : `${family} container — will be rewritten as MP4`;
  },
  codec: (_m, v) => {
    if ((AS_IS_RULES.videoCodecs as readonly string[]).includes(v.codec)) return null;
    const label = videoCodecLabel(v.codec);
    return (TIKTOK_VIDEO_LIMITS.videoCodecs as readonly string[]).includes(v.codec)
      ? `${label} video — will be re-encoded as H.264, which TikTok recommends`
      : `${label} video — TikTok doesn't accept it; will be re-encoded as H.264`;
  },
  shape: (_m, v) => {
    if (isVertical916(v.width, v.height)) return null;
    const shape = describeShape(v.width, v.height);
    return v.width < v.height ? `${shape} — will be framed for 9:16 vertical video` : `${shape} — will be framed for vertical video`;
  },
  tooSmall: (_m, v) =>
    Math.min(v.width, v.height) < TIKTOK_VIDEO_LIMITS.minSidePx
      ? `${v.width}×${v.height} is below TikTok's ${TIKTOK_VIDEO_LIMITS.minSidePx}-pixel minimum — will be scaled up (it may look soft)`
      : null,
  tooLarge: (_m, v) =>
    Math.max(v.width, v.height) > TIKTOK_VIDEO_LIMITS.maxSidePx
      ? `${v.width}×${v.height} is over TikTok's ${TIKTOK_VIDEO_LIMITS.maxSidePx}-pixel limit — will be scaled down`
      : null,
  oddSize: (_m, v) => (v.width % 2 === 1 || v.height % 2 === 1 ? `Odd dimensions (${v.width}×${v.height}) — will be resized to even ones` : null),
  frameRate: (_m, v) => {
    if (!(v.fps > 0)) return `Unknown frame rate — will be set to ${AS_IS_RULES.raisedFps} fps`;
    if (v.fps > TIKTOK_VIDEO_LIMITS.maxFps + FPS_EPSILON) return `${formatFps(v.fps)} fps — will be reduced to ${TIKTOK_VIDEO_LIMITS.maxFps}`;
    if (v.fps < TIKTOK_VIDEO_LIMITS.minFps - FPS_EPSILON) {
      return `${formatFps(v.fps)} fps is below TikTok's ${TIKTOK_VIDEO_LIMITS.minFps} fps minimum — will be converted to ${AS_IS_RULES.raisedFps} fps`;
    }
    return null;
  },
  variableFrameRate: (_m, v) => (v.variableFrameRate ? 'Variable frame rate — will be converted to a constant frame rate' : null),
  colour: (_m, v) => {
    if (v.hdr) return `${v.bitDepth > 8 ? `${v.bitDepth}-bit ` : ''}HDR — will be tone-mapped to SDR`;
    if (v.bitDepth > 8) return `${v.bitDepth}-bit colour — will be converted to 8-bit`;
    if (v.pixFmt === null) return 'Unknown pixel format — will be converted to yuv420p';
    return (AS_IS_RULES.pixFmts as readonly string[]).includes(v.pixFmt)
      ? null
      : `${v.pixFmt} pixel format — will be converted to yuv420p, which every phone plays`;
  },
  audio: (m) => {
    if (m.audio === null) return 'No audio track — a silent track will be added';
    return (AS_IS_RULES.audioCodecs as readonly string[]).includes(m.audio.codec) ? null : `${audioCodecLabel(m.audio.codec)} audio — will be re-encoded as AAC`;
  },
  tooLong: (m) =>
    m.durationSec > TIKTOK_VIDEO_LIMITS.maxDurationSec
      ? `Longer than TikTok's ${TIKTOK_VIDEO_LIMITS.maxDurationSec / 60}-minute limit (${formatDuration(m.durationSec)}) — trim it to ${TIKTOK_VIDEO_LIMITS.maxDurationSec / 60} minutes or less`
      : null,
  tooBig: (m) =>
    m.sizeBytes > TIKTOK_VIDEO_LIMITS.maxSizeBytes
      ? `${formatBytes(m.sizeBytes)} is over TikTok's ${formatBytes(TIKTOK_VIDEO_LIMITS.maxSizeBytes)} limit — the render will make it smaller`
      : null,
};

export function assessReadiness(info: MediaInfo): Readiness {
  const video = info.video;
  if (video === null) {
    return {
      verdict: 'unusable',
      reasons: [info.audio ? 'Audio only — there is no picture to make a video from' : 'No video in this file — Clipdesk needs a video clip'],
    };
  }
  for (const rule of Object.values(UNUSABLE_RULES)) {
    const reason = rule(info, video);
    if (reason !== null) return { verdict: 'unusable', reasons: [reason] };
  }
  const reasons = Object.values(NEEDS_RENDER_RULES)
    .map((rule) => rule(info, video))
    .filter((r): r is string => r !== null);
  return reasons.length ? { verdict: 'needs_render', reasons } : { verdict: 'fits', reasons: [] };
}
