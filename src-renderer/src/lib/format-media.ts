// Media facts in the words and precision a creator reads at a glance: 0:42, 1080×1920,
// 29.97 fps, 48.2 MB, H.264 / AAC.
import type { MediaInfo } from '../../../src-shared/media/media-info';

/** 42.4 → "0:42", 3725 → "1:02:05"; tenths when asked (for trim points). */
export function formatDuration(sec: number, tenths = false): string {
  if (!Number.isFinite(sec) || sec < 0) return '–';
  const whole = tenths ? Math.floor(sec) : Math.round(sec);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const ss = String(s).padStart(2, '0');
  const base = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
  return tenths ? `${base}.${Math.floor((sec - whole) * 10)}` : base;
}

/** Duration in words for screen readers and aria-valuetext: "1 minute 2.5 seconds". */
export function durationWords(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = Math.round((sec - m * 60) * 10) / 10;
  const parts: string[] = [];
  if (m > 0) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  parts.push(`${s} second${s === 1 ? '' : 's'}`);
  return parts.join(' ');
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${v} bytes` : `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${UNITS[u]}`;
}

export function formatFps(fps: number): string {
  if (!Number.isFinite(fps) || fps <= 0) return '–';
  return `${Number.isInteger(Math.round(fps * 100) / 100) ? Math.round(fps) : fps.toFixed(2)} fps`;
}

export function formatResolution(media: MediaInfo | null): string | null {
  return media?.video ? `${media.video.width}×${media.video.height}` : null;
}

const CODEC_NAMES: Record<string, string> = {
  h264: 'H.264',
  hevc: 'HEVC',
  h265: 'HEVC',
  vp9: 'VP9',
  vp8: 'VP8',
  av1: 'AV1',
  mpeg4: 'MPEG-4',
  prores: 'ProRes',
  aac: 'AAC',
  mp3: 'MP3',
  opus: 'Opus',
  vorbis: 'Vorbis',
  pcm_s16le: 'PCM',
  ac3: 'AC-3',
  eac3: 'E-AC-3',
  flac: 'FLAC',
};

export function codecName(codec: string): string {
  return CODEC_NAMES[codec] ?? codec.toUpperCase();
}

/** "H.264 / AAC", "H.264, no audio". */
export function formatCodecs(media: MediaInfo | null): string | null {
  if (!media) return null;
  const video = media.video ? codecName(media.video.codec) + (media.video.hdr ? ' HDR' : '') : 'no video';
  const audio = media.audio ? codecName(media.audio.codec) : null;
  return audio ? `${video} / ${audio}` : `${video}, no audio`;
}

export function formatPercent(fraction: number | null | undefined): string {
  const f = Math.max(0, Math.min(1, fraction ?? 0));
  return `${Math.floor(f * 100)}%`;
}

/** ETA in words: "about 12 s left", "about 3 min left". */
export function formatEta(sec: number | null): string | null {
  if (sec === null || !Number.isFinite(sec) || sec < 0) return null;
  if (sec < 60) return `${Math.max(1, Math.round(sec))} s left`;
  if (sec < 3600) return `${Math.round(sec / 60)} min left`;
  return `${Math.floor(sec / 3600)} h ${Math.round((sec % 3600) / 60)} min left`;
}

export function formatSpeed(speed: number | null): string | null {
  if (speed === null || !Number.isFinite(speed) || speed <= 0) return null;
  return `${speed >= 10 ? Math.round(speed) : speed.toFixed(1)}× real time`;
}
