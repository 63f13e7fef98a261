// Which of the selected clips can be posted, and as what: a clip's newest finished render, or
// the clip itself when TikTok takes it as it is. What the batch composer sends and shows. Pure.
import type { Clip, Render } from '../../../src-shared/media/library';

/** The render's chosen cover as TikTok's cover timestamp (ms into the posted video); null → TikTok's default. */
export function coverTimestampMs(coverSec: number | null | undefined): number | null {
  if (coverSec === null || coverSec === undefined || !Number.isFinite(coverSec) || coverSec < 0) return null;
  return Math.round(coverSec * 1000);
}

export interface PostableVideo {
  /** What the core is asked to post: exactly one of the two. */
  renderId?: string;
  clipId?: string;
  /** The clip it comes from (its thumbnail, its name). */
  sourceClipId: string;
  name: string;
  durationSec: number | null;
  /** The render's chosen cover, in ms; null → TikTok's default. */
  coverTimestampMs: number | null;
  /** Changes when the thumbnail does. */
  version: string;
}

export interface PostableSelection {
  videos: PostableVideo[];
  /** Selected clips with nothing to post yet (no finished render, not TikTok-ready as they are). */
  notReady: string[];
}

export function postableVideos(clips: readonly Clip[], renders: readonly Render[]): PostableSelection {
  const selection: PostableSelection = { videos: [], notReady: [] };
  for (const clip of clips) {
    const render = renders
      .filter((r) => r.clipId === clip.id && r.state === 'succeeded' && r.outputPath)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
    if (render) {
      selection.videos.push({
        renderId: render.id,
        sourceClipId: clip.id,
        name: clip.fileName,
        durationSec: render.output?.durationSec ?? null,
        coverTimestampMs: coverTimestampMs(render.recipe.coverSec),
        version: clip.updatedAt,
      });
    } else if (clip.state === 'ready' && clip.readiness?.verdict === 'fits') {
      selection.videos.push({ clipId: clip.id, sourceClipId: clip.id, name: clip.fileName, durationSec: clip.media?.durationSec ?? null, coverTimestampMs: null, version: clip.updatedAt });
    } else {
      selection.notReady.push(clip.fileName);
    }
  }
  return selection;
}

/** Items as the core takes them: the caption does not change where a video goes. */
export function spreadItems(videos: readonly PostableVideo[], captions: readonly string[]) {
  return videos.map((v, i) => ({
    ...(v.renderId ? { renderId: v.renderId } : { clipId: v.clipId ?? v.sourceClipId }),
    caption: captions[i] ?? '',
    coverTimestampMs: v.coverTimestampMs,
  }));
}
