// Media facts in the words and precision a creator reads at a glance: 0:42, 1080×1920,
// 29.97 fps, 46 MB, H.264 / AAC — the shared labels, so the app and `clipdesk probe` agree.
import type { MediaInfo } from '../../../src-shared/media/media-info';
import {
  audioCodecLabel,
  formatBytes as sharedFormatBytes,
  formatDuration as sharedFormatDuration,
  videoCodecLabel,
} from '../../../src-shared/media/readiness';

/** 42.4 → "0:42", 3725 → "1:02:05" (as `clipdesk probe` prints them); tenths when asked (trim points). */
export function formatDuration(sec: number, tenths = false): string {
  if (!Number.isFinite(sec) || sec < 0) return '–';
  if (!tenths) return sharedFormatDuration(sec);
  const whole = Math.floor(sec);
  return `${sharedFormatDuration(whole)}.${Math.floor((sec - whole) * 10)}`;
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

export function formatBytes(bytes: number): string {
  return Number.isFinite(bytes) && bytes >= 0 ? sharedFormatBytes(bytes) : '–';
}

export function formatFps(fps: number): string {
  if (!Number.isFinite(fps) || fps <= 0) return '–';
  return `${Number.isInteger(Math.round(fps * 100) / 100) ? Math.round(fps) : fps.toFixed(2)} fps`;
}

export function formatResolution(media: MediaInfo | null): string | null {
  return media?.video ? `${media.video.width}×${media.video.height}` : null;
}

/** "H.264 / AAC", "H.264, no audio". */
export function formatCodecs(media: MediaInfo | null): string | null {
  if (!media) return null;
  const video = media.video ? videoCodecLabel(media.video.codec) + (media.video.hdr ? ' HDR' : '') : 'no video';
  const audio = media.audio ? audioCodecLabel(media.audio.codec) : null;
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
