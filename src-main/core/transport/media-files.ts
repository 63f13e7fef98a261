// Which file a media URL means. Both transports serve only files the core registered — a clip's
// source, its thumbnail, a finished render — looked up by kind and id, never by a path taken
// from the URL (docs/platforms.md, Electron §5.2 rule 3).
import fs from 'node:fs';
import { MEDIA_KINDS, type MediaKind } from '../../../src-shared/media/library';
import type { MediaInfo } from '../../../src-shared/media/media-info';
import type { Library } from '../library/library-service';
import { thumbnailFile } from '../instance/library-paths';
import type { RenderQueue } from '../render-queue/render-queue';
import { mimeTypeOf } from './mime-types';

export interface MediaFile {
  path: string;
  size: number;
  contentType: string;
}

const ID = /^[0-9a-f-]{8,64}$/i;

/** Parses `/<kind>/<id>` (the path after the media prefix or scheme). */
export function parseMediaPath(pathname: string): { kind: MediaKind; id: string } | null {
  const m = /^\/?([a-z]+)\/([^/]+)$/.exec(pathname);
  if (!m) return null;
  const kind = m[1] as MediaKind;
  const id = m[2] as string;
  return (MEDIA_KINDS as readonly string[]).includes(kind) && ID.test(id) ? { kind, id } : null;
}

export function resolveMediaFile(
  sources: { library: Library; renders: RenderQueue; /** An account's saved avatar, by account id. */ avatarFile?: (id: string) => string | null }, kind: MediaKind, id: string): MediaFile | null {
  let file: string | null = null;
  let contentType: string | null = null;
  if (kind === 'clip') {
    // A clip's source is whatever file was imported: served only once it probed as a picture
    // (moving or still), with the type its probe says — never the bytes of a file that is not.
    const row = sources.library.repo.find(id);
    const media = row?.probe_json ? (JSON.parse(row.probe_json) as MediaInfo) : null;
    contentType = media && row ? clipContentType(media, row.source_path) : null;
    file = contentType ? (row?.source_path ?? null) : null;
  } else if (kind === 'thumbnail') {
    file = sources.library.repo.find(id)?.thumbnail ? thumbnailFile(sources.library.paths, id) : null;
  } else if (kind === 'avatar') {
    file = sources.avatarFile?.(id) ?? null;
  } else {
    try {
      file = sources.renders.get(id).outputPath;
    } catch {
      file = null;
    }
  }
  if (!file) return null;
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? { path: file, size: stat.size, contentType: contentType ?? mimeTypeOf(file) } : null;
  } catch {
    return null;
  }
}

const STILL_TYPES: Record<string, string> = { png: 'image/png', mjpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', bmp: 'image/bmp' };

/**
 * The media type of a probed clip, or null when its probe found no picture (not a video or an
 * image: nothing to play, and nothing to serve). The container decides; the file's extension
 * only chooses between names of one container (.mov and .mp4 are one family to ffprobe).
 */
export function clipContentType(media: MediaInfo, file: string): string | null {
  if (!media.video) return null;
  if (media.video.isStillImage) return STILL_TYPES[media.video.codec] ?? null;
  const byName = mimeTypeOf(file);
  const families = media.container.split(',');
  if (families.includes('mp4') || families.includes('mov')) return byName === 'video/quicktime' || byName === 'video/3gpp' ? byName : 'video/mp4';
  if (families.includes('webm') || families.includes('matroska')) return byName === 'video/webm' ? 'video/webm' : 'video/x-matroska';
  if (families.includes('mpegts')) return 'video/mp2t';
  if (families.includes('avi')) return 'video/x-msvideo';
  if (families.includes('mpeg')) return 'video/mpeg';
  // A video in a container no browser plays: still a video, sent as plain bytes.
  return 'application/octet-stream';
}
