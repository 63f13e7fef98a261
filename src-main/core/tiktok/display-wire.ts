// The Display API's answers (docs/platforms.md, TikTok §5), read with zod into what Insights
// uses. The text has already been through parseTikTokJson (tiktok-http.ts), so an int64 id
// beyond 2^53 arrives here as an exact string of digits and one a double holds as a number;
// either way it leaves as a string. Counts are lifetime totals; a count TikTok leaves out is
// null (unknown), never 0.
import { z } from 'zod';
import { TikTokNetworkError } from './tiktok-http';

/** video/list max_count and video/query's id list: at most 20 (§5.2, §5.3). */
export const DISPLAY_PAGE_MAX = 20;

/** The video fields Clipdesk asks for (§5.4). */
export const VIDEO_FIELDS = [
  'id', 'create_time', 'share_url', 'cover_image_url', 'duration', 'title', 'video_description',
  'view_count', 'like_count', 'comment_count', 'share_count',
] as const;

/** user/info fields by the scope they need (§5.1). */
export const USER_STATS_FIELDS = ['follower_count', 'following_count', 'likes_count', 'video_count'] as const;
export const USER_PROFILE_FIELDS = ['username', 'bio_description', 'profile_deep_link', 'is_verified'] as const;

/** An int64 id: digits (as parseTikTokJson leaves a large one) or a safe number; always a string out. */
const Int64Id = z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative().refine(Number.isSafeInteger)]).transform(String);

/** A count: a number, or digits when it is beyond 2^53 (then approximate, which a count may be). */
const Count = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)])
  .nullish()
  .transform((v) => v ?? null);

const Text = z.string().nullish().transform((v) => v ?? '');
const Url = z.string().nullish().transform((v) => (v ? v : null));

const VideoWire = z.object({
  id: Int64Id,
  create_time: z.number().int().nonnegative(),
  share_url: Url,
  cover_image_url: Url,
  duration: z.number().nonnegative().nullish(),
  title: Text,
  video_description: Text,
  view_count: Count,
  like_count: Count,
  comment_count: Count,
  share_count: Count,
});

/** One public video as Insights sees it. */
export interface TikTokVideo {
  /** TikTok's video id (the public post id of status/fetch), exact. */
  id: string;
  /** When it was posted, Unix seconds (create_time). */
  createTime: number;
  shareUrl: string | null;
  /** A signed link that stops working after about 6 hours: fetch it again with video/query. */
  coverImageUrl: string | null;
  durationSec: number | null;
  title: string;
  description: string;
  viewCount: number | null;
  likeCount: number | null;
  commentCount: number | null;
  shareCount: number | null;
}

export interface TikTokVideoPage {
  videos: TikTokVideo[];
  /** Pass back as `cursor` for the next (older) page: a Unix time in milliseconds. */
  cursor: number;
  /** More videos are older than this page. A page may be short and still have more. */
  hasMore: boolean;
}

export interface TikTokUserStats {
  followerCount: number | null;
  followingCount: number | null;
  likesCount: number | null;
  videoCount: number | null;
}

export interface TikTokUserProfile {
  username: string | null;
  bioDescription: string;
  profileDeepLink: string | null;
  isVerified: boolean;
}

const toVideo = (v: z.infer<typeof VideoWire>): TikTokVideo => ({
  id: v.id,
  createTime: v.create_time,
  shareUrl: v.share_url,
  coverImageUrl: v.cover_image_url,
  durationSec: v.duration ?? null,
  title: v.title,
  description: v.video_description,
  viewCount: v.view_count,
  likeCount: v.like_count,
  commentCount: v.comment_count,
  shareCount: v.share_count,
});

const ListWire = z.object({
  videos: z.array(VideoWire).nullish().transform((v) => v ?? []),
  cursor: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]),
  has_more: z.boolean(),
});
const QueryWire = z.object({ videos: z.array(VideoWire).nullish().transform((v) => v ?? []) });

const UserWire = z.object({
  user: z.object({
    open_id: z.string().optional(),
    display_name: z.string().optional(),
    follower_count: Count,
    following_count: Count,
    likes_count: Count,
    video_count: Count,
    username: z.string().nullish(),
    bio_description: Text,
    profile_deep_link: Url,
    is_verified: z.boolean().nullish(),
  }),
});

/** Reads `data` with a schema; an answer of another shape is a clear error naming the field. */
function read<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data as z.infer<S>;
  const issue = parsed.error.issues[0];
  const at = issue?.path.length ? issue.path.join('.') : 'data';
  throw new TikTokNetworkError(`an unreadable ${what} answer: ${at} ${issue?.message ?? 'is not as documented'}`);
}

export function readVideoPage(data: unknown): TikTokVideoPage {
  const page = read(ListWire, data, 'video/list');
  return { videos: page.videos.map(toVideo), cursor: page.cursor, hasMore: page.has_more };
}

export function readVideos(data: unknown): TikTokVideo[] {
  return read(QueryWire, data, 'video/query').videos.map(toVideo);
}

export function readUser(data: unknown): { openId: string | null; displayName: string | null; stats: TikTokUserStats; profile: TikTokUserProfile } {
  const { user } = read(UserWire, data, 'user/info');
  return {
    openId: user.open_id ?? null,
    displayName: user.display_name ?? null,
    stats: { followerCount: user.follower_count, followingCount: user.following_count, likesCount: user.likes_count, videoCount: user.video_count },
    profile: { username: user.username || null, bioDescription: user.bio_description, profileDeepLink: user.profile_deep_link, isVerified: user.is_verified === true },
  };
}
