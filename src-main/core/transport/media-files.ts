// Which file a media URL means. Both transports serve only files the core registered — a
// clip's source, its thumbnail, a finished render — looked up by kind and id, never by a
// path taken from the URL (electron.md §5.2 rule 3).
import fs from 'node:fs';
import { MEDIA_KINDS, type MediaKind } from '../../../src-shared/media/library';
import type { Library } from '../library/library-service';
import { thumbnailFile } from '../library/library-paths';
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
  if (kind === 'clip') {
    file = sources.library.repo.find(id)?.source_path ?? null;
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
    return stat.isFile() ? { path: file, size: stat.size, contentType: mimeTypeOf(file) } : null;
  } catch {
    return null;
  }
}
