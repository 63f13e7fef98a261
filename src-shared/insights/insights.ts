// Insights as the UI and the CLI see them: each account's totals over time and each post's
// numbers over time, as Clipdesk snapshotted them from TikTok's Display API (TikTok keeps only
// lifetime totals; the history exists because Clipdesk takes snapshots: docs/platforms.md,
// TikTok §5). Every `at` is when TikTok served the numbers, not when a view was drawn.
import { z } from 'zod';

/** A post's numbers at one moment. A count TikTok did not give is null, never 0. */
export const PostPointSchema = z.object({
  at: z.string(),
  views: z.number().nullable(),
  likes: z.number().nullable(),
  comments: z.number().nullable(),
  shares: z.number().nullable(),
});
export type PostPoint = z.infer<typeof PostPointSchema>;

/** An account's totals at one moment. */
export const AccountPointSchema = z.object({
  at: z.string(),
  followers: z.number().nullable(),
  following: z.number().nullable(),
  likes: z.number().nullable(),
  videos: z.number().nullable(),
});
export type AccountPoint = z.infer<typeof AccountPointSchema>;

/**
 * Whether a post can have public numbers, and why not:
 * - `public`: TikTok lists it, with numbers.
 * - `not_yet_public`: published, but TikTok does not list it yet (moderation can take hours).
 * - `private`: posted for Only me, friends or followers: TikTok shares numbers only for public videos.
 * - `inbox`: sent to the TikTok inbox as a draft; numbers come once it is posted from the app.
 * - `not_found`: TikTok stopped listing it (deleted or taken down), or it never appeared.
 */
export const AVAILABILITIES = ['public', 'not_yet_public', 'private', 'inbox', 'not_found'] as const;
export const AvailabilitySchema = z.enum(AVAILABILITIES);
export type Availability = z.infer<typeof AvailabilitySchema>;

/**
 * How a Clipdesk post was tied to its TikTok video: by the id TikTok gave when publishing
 * (`post_id`), or — when TikTok gave none — by its time and caption in the account's video list
 * (`time_caption`). null for a video made outside Clipdesk, or not matched yet.
 */
export const MATCHES = ['post_id', 'time_caption'] as const;
export const MatchSchema = z.enum(MATCHES);
export type Match = z.infer<typeof MatchSchema>;

export const PostInsightsSchema = z.object({
  /** Stable across refreshes: `video:<tiktokId>` once the video is known, else `post:<postId>`. */
  key: z.string(),
  accountId: z.string(),
  /** The Clipdesk post, or null for a video published outside Clipdesk. */
  postId: z.string().nullable(),
  /** TikTok's video id: a 19-digit int64, always a string (a JS number would round it). */
  tiktokId: z.string().nullable(),
  source: z.enum(['clipdesk', 'outside']),
  matchedBy: MatchSchema.nullable(),
  caption: z.string(),
  /** When it went up (TikTok's create_time once known, else when Clipdesk published it). */
  publishedAt: z.string(),
  shareUrl: z.string().nullable(),
  availability: AvailabilitySchema,
  /** Why there are no numbers, in words, when availability is not `public`; else null. */
  reason: z.string().nullable(),
  views: z.number().nullable(),
  likes: z.number().nullable(),
  comments: z.number().nullable(),
  shares: z.number().nullable(),
  /** When TikTok served the latest numbers; null before the first. */
  at: z.string().nullable(),
  /** Views this long after posting (interpolated between snapshots; null until known). */
  viewsAt1h: z.number().nullable(),
  viewsAt24h: z.number().nullable(),
  viewsAt7d: z.number().nullable(),
  /** (likes + comments + shares) / views, 0..; null without views. */
  engagementRate: z.number().nullable(),
  /** The snapshots, oldest first; only when asked for (`series: true`, or insights.post). */
  series: z.array(PostPointSchema).optional(),
});
export type PostInsights = z.infer<typeof PostInsightsSchema>;

/** Where an account's snapshots stand: when they last ran, when next, and what stops them. */
export const SnapshotStatusSchema = z.object({
  lastAt: z.string().nullable(),
  nextAt: z.string().nullable(),
  /** Why the last snapshot failed or snapshots wait (reconnect, permissions, TikTok down), with what to do; null when fine. */
  problem: z.string().nullable(),
  /** The Insights scopes this account lacks (the Accounts page offers Reconnect). */
  missingScopes: z.array(z.string()),
});
export type SnapshotStatus = z.infer<typeof SnapshotStatusSchema>;

export const AccountInsightsSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  username: z.string().nullable(),
  followers: z.number().nullable(),
  following: z.number().nullable(),
  likes: z.number().nullable(),
  videos: z.number().nullable(),
  /** When TikTok served these totals; null before the first snapshot. */
  at: z.string().nullable(),
  series: z.array(AccountPointSchema),
  status: SnapshotStatusSchema,
});
export type AccountInsights = z.infer<typeof AccountInsightsSchema>;

export const InsightsSchema = z.object({
  accounts: z.array(AccountInsightsSchema),
  /** Newest first. */
  posts: z.array(PostInsightsSchema),
});
export type Insights = z.infer<typeof InsightsSchema>;

/** The latest numbers of a Clipdesk post, for History's rows. */
export const PostNumbersSchema = PostInsightsSchema.pick({
  key: true,
  availability: true,
  reason: true,
  views: true,
  likes: true,
  comments: true,
  shares: true,
  at: true,
});
export type PostNumbers = z.infer<typeof PostNumbersSchema>;

export const RefreshProgressSchema = z.object({
  accountId: z.string(),
  displayName: z.string(),
  /** Accounts done so far, of `total`. */
  done: z.number().int(),
  total: z.number().int(),
});

export const RefreshResultSchema = z.object({
  accounts: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      ok: z.boolean(),
      /** Videos whose numbers were read. */
      videos: z.number().int(),
      problem: z.string().nullable(),
    }),
  ),
});
export type RefreshResult = z.infer<typeof RefreshResultSchema>;

/** (likes + comments + shares) / views — the engagement rate creators quote; null without views. */
export function engagementRate(n: { views: number | null; likes: number | null; comments: number | null; shares: number | null }): number | null {
  if (!n.views) return null;
  return ((n.likes ?? 0) + (n.comments ?? 0) + (n.shares ?? 0)) / n.views;
}
