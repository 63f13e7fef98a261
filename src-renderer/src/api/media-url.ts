// Where the player and <img> fetch a clip, its thumbnail or a render's output. Files are named
// by id only; each transport serves the ones the core registered, with HTTP Range for video:
// the desktop's media:// protocol handler, or the headless host under /media (same origin, so
// its session cookie authenticates the request).
import type { MediaKind } from '../../../src-shared/media/library';

export function mediaUrl(kind: MediaKind, id: string, version?: string): string {
  const base = window.clipdesk ? `media://${kind}/${encodeURIComponent(id)}` : `/media/${kind}/${encodeURIComponent(id)}`;
  // The version (e.g. the clip's updatedAt) changes the URL when the file changes, so a cached
  // thumbnail from an earlier probe is not shown for a re-imported clip.
  return version ? `${base}?v=${encodeURIComponent(version)}` : base;
}
