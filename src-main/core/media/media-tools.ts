// The ffmpeg-backed tools the library is given: ffprobe for metadata, ffmpeg for thumbnails and
// TikTok's rules for the verdict. ffmpeg/ffprobe are looked up on each use
// (docs/architecture.md §3), so installing ffmpeg while Clipdesk runs just works.
import { AppError } from '../../../src-shared/errors';
import { assessReadiness } from '../../../src-shared/media/readiness';
import type { MediaInfo, Readiness } from '../../../src-shared/media/media-info';
import { findFfmpeg, findFfprobe } from './ffmpeg-path';
import { INSTALL_FFMPEG, probeMedia } from './probe';
import { makeThumbnail } from './thumbnail';

/** What the library needs of ffmpeg: metadata, a thumbnail, and TikTok's verdict. */
export interface MediaTools {
  probe(file: string, signal: AbortSignal): Promise<MediaInfo>;
  thumbnail(file: string, media: MediaInfo, outPath: string, signal: AbortSignal): Promise<void>;
  assess(media: MediaInfo): Readiness;
}

export function requireTool(env: NodeJS.ProcessEnv, name: 'ffmpeg' | 'ffprobe'): string {
  const found = name === 'ffmpeg' ? findFfmpeg(env) : findFfprobe(env);
  if (!found) throw new AppError('FFMPEG_FAILED', `${name} was not found. ${INSTALL_FFMPEG}`);
  return found.path;
}

export function createMediaTools(env: NodeJS.ProcessEnv): MediaTools {
  return {
    probe: (file, signal) => probeMedia(file, { ffprobe: requireTool(env, 'ffprobe'), signal }),
    thumbnail: (file, media, outPath, signal) => makeThumbnail(file, media, outPath, { ffmpeg: requireTool(env, 'ffmpeg'), signal }),
    assess: assessReadiness,
  };
}
