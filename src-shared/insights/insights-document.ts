// Insights as a document for scripts and for keeping: what `clipdesk insights --json` prints and
// what an export's insights.json holds — one shape, so what reads one reads the other.
//
//   {
//     accounts: [{ id, username, followers, likes, videos, at, series: [{ at, followers, likes, videos }],
//                  displayName, following, problem, missingScopes }],
//     posts:    [{ id, tiktokId, views, likes, comments, shares, at, series: [{ at, views, likes, comments, shares }],
//                  key, accountId, source, matchedBy, caption, publishedAt, shareUrl, availability, reason,
//                  viewsAt1h, viewsAt24h, viewsAt7d, engagementRate }]
//   }
//
// - `at` is when TikTok served the numbers (not when they were printed); null before the first
//   snapshot. Series are oldest first. A count TikTok did not give is null, never 0.
// - A post's `id` is the Clipdesk post id; null for a video published outside Clipdesk (the
//   TikTok app, another tool), which `source: 'outside'` says too. `key` is stable either way.
// - `tiktokId` is TikTok's video id, a 19-digit int64, always a JSON string: as a number it
//   would not survive JSON.parse in JavaScript (anything beyond 2^53 is rounded). null while a
//   Clipdesk post is not tied to its video yet.
// - `availability` is public, not_yet_public, private, inbox or not_found; `reason` says in
//   words why there are no public numbers (null when public).
import type { AccountPoint, Insights, PostInsights, PostPoint } from './insights';

export interface AccountSeriesPoint {
  at: string;
  followers: number | null;
  likes: number | null;
  videos: number | null;
}

export interface AccountDocument {
  id: string;
  username: string | null;
  followers: number | null;
  likes: number | null;
  videos: number | null;
  at: string | null;
  series: AccountSeriesPoint[];
  displayName: string;
  following: number | null;
  /** Why snapshots fail or wait (reconnect, permissions, TikTok down), with what to do; null when fine. */
  problem: string | null;
  missingScopes: string[];
}

export interface PostDocument {
  /** The Clipdesk post id; null for a video published outside Clipdesk. */
  id: string | null;
  tiktokId: string | null;
  views: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  at: string | null;
  series: PostPoint[];
  key: string;
  accountId: string;
  source: PostInsights['source'];
  matchedBy: PostInsights['matchedBy'];
  caption: string;
  publishedAt: string;
  shareUrl: string | null;
  availability: PostInsights['availability'];
  reason: string | null;
  viewsAt1h: number | null;
  viewsAt24h: number | null;
  viewsAt7d: number | null;
  engagementRate: number | null;
}

export interface InsightsDocument {
  accounts: AccountDocument[];
  /** Newest first. */
  posts: PostDocument[];
}

const accountPoint = (p: AccountPoint): AccountSeriesPoint => ({ at: p.at, followers: p.followers, likes: p.likes, videos: p.videos });
const postPoint = (p: PostPoint): PostPoint => ({ at: p.at, views: p.views, likes: p.likes, comments: p.comments, shares: p.shares });

/** The document of `insights` (read with `series: true`, or the series come out empty). */
export function insightsDocument(insights: Insights): InsightsDocument {
  return {
    accounts: insights.accounts.map((a) => ({
      id: a.id,
      username: a.username,
      followers: a.followers,
      likes: a.likes,
      videos: a.videos,
      at: a.at,
      series: a.series.map(accountPoint),
      displayName: a.displayName,
      following: a.following,
      problem: a.status.problem,
      missingScopes: a.status.missingScopes,
    })),
    posts: insights.posts.map((p) => ({
      id: p.postId,
      tiktokId: p.tiktokId,
      views: p.views,
      likes: p.likes,
      comments: p.comments,
      shares: p.shares,
      at: p.at,
      series: (p.series ?? []).map(postPoint),
      key: p.key,
      accountId: p.accountId,
      source: p.source,
      matchedBy: p.matchedBy,
      caption: p.caption,
      publishedAt: p.publishedAt,
      shareUrl: p.shareUrl,
      availability: p.availability,
      reason: p.reason,
      viewsAt1h: p.viewsAt1h,
      viewsAt24h: p.viewsAt24h,
      viewsAt7d: p.viewsAt7d,
      engagementRate: p.engagementRate,
    })),
  };
}
