// Which public video is a post Clipdesk published, when TikTok never gave its id: status/fetch
// may answer PUBLISH_COMPLETE with an empty `publicaly_available_post_id` while moderation runs,
// for hours (docs/platforms.md, TikTok §5.8). Then the post is found in video/list by when it was
// made and by its caption. Pure: the paging is TikTokDisplay's (display.ts).
import type { TikTokVideo } from './display-wire';

/** The video object's title and description hold at most 150 characters of the caption (§5.4). */
export const VIDEO_TEXT_MAX = 150;
/** Clocks differ (Clipdesk's, TikTok's): a video may carry a create_time this far outside the window. */
export const MATCH_SLACK_MS = 2 * 60_000;

export interface PostToFind {
  /** The caption sent as post_info.title ('' for none). */
  caption: string;
  /** When the post was sent to TikTok (init), Unix ms: the video cannot be older. */
  sentAt: number;
  /** When TikTok said PUBLISH_COMPLETE (or now, if it has not), Unix ms: the video cannot be newer. */
  doneBy: number;
}

export interface VideoMatch {
  /** The one video that fits, or null (none fits, or several do and none can be told apart). */
  video: TikTokVideo | null;
  /** Every video that fits the time and the caption, newest first. */
  candidates: TikTokVideo[];
}

/** The same text as TikTok may give it back: Unicode-normalised, whitespace collapsed, trimmed. */
export const normalizeCaption = (text: string): string => text.normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * Whether a video's text is the caption: equal once normalised, or — when TikTok cut it to its
 * 150 characters — the caption's beginning (a short text that merely begins the caption is not).
 */
export function captionMatches(caption: string, videoText: string): boolean {
  const c = normalizeCaption(caption);
  const v = normalizeCaption(videoText);
  if (c === v) return true;
  // Cut at 150 UTF-16 units before normalising, so a cut text may be a little shorter after.
  return v.length >= VIDEO_TEXT_MAX - 10 && c.startsWith(v);
}

export function matchPostVideo(videos: readonly TikTokVideo[], post: PostToFind): VideoMatch {
  const from = post.sentAt - MATCH_SLACK_MS;
  const to = post.doneBy + MATCH_SLACK_MS;
  const candidates = videos
    .filter((v) => v.createTime * 1000 >= from && v.createTime * 1000 <= to)
    .filter((v) => captionMatches(post.caption, v.description) || captionMatches(post.caption, v.title))
    .sort((a, b) => b.createTime - a.createTime);
  const unique = [...new Map(candidates.map((v) => [v.id, v])).values()];
  return { video: unique.length === 1 ? unique[0]! : null, candidates: unique };
}
