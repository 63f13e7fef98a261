// What Insights shows, read from its tables: each account's totals and series, and each post —
// Clipdesk's published posts and the videos made outside Clipdesk — with its latest numbers,
// views at 1 h / 24 h / 7 d, engagement rate, and, when it has no public numbers, why.
import {
  engagementRate,
  type AccountInsights,
  type Availability,
  type Insights,
  type PostInsights,
  type PostNumbers,
  type PostPoint,
} from '../../../src-shared/insights/insights';
import { milestonesOf } from '../../../src-shared/insights/milestones';
import { INSIGHTS_SCOPES, type Account } from '../../../src-shared/tiktok/accounts';
import { TikTokPostSettingsSchema } from '../../../src-shared/tiktok/post-settings';
import type { PublishedPost } from '../post-store/publish-attempts';
import type { InsightsRepo, VideoPointRow, VideoRow } from './insights-repo';
import { LOOK_FOR_MS } from './snapshot-plan';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export interface ReadDeps {
  repo: InsightsRepo;
  accounts: () => Account[];
  published: (accountId: string) => PublishedPost[];
  now: () => number;
}

export interface ReadOptions {
  accountId?: string;
  /** Posts published in this range (ISO), inclusive. */
  from?: string;
  to?: string;
  series?: boolean;
}

const REASONS: Record<Exclude<Availability, 'public'>, string> = {
  not_yet_public:
    'Published, but TikTok does not list it yet — its review can take from minutes to a few hours. Its numbers appear once TikTok shows it publicly.',
  private: 'Posted for Only me, friends or followers: TikTok shares numbers only for public videos.',
  inbox: 'Sent to your TikTok inbox as a draft: its numbers come once you post it from the TikTok app, which Clipdesk cannot see.',
  not_found:
    'TikTok does not list this video (it was deleted, made private or taken down), so it has no public numbers. Its last numbers are kept.',
};

/** Why a post has no public numbers, or `public`. */
function availabilityOf(post: PublishedPost | null, video: VideoRow | null, now: number): Availability {
  if (video) {
    // Listed at its last check: public. Checked since without being listed: gone.
    return video.checked_at !== null && video.listed_at !== null && video.checked_at > video.listed_at ? 'not_found' : 'public';
  }
  if (!post) return 'not_found';
  if (post.mode !== 'direct') return 'inbox';
  const settings = TikTokPostSettingsSchema.safeParse(JSON.parse(post.settingsJson || '{}'));
  if (!settings.success || settings.data.privacy !== 'PUBLIC_TO_EVERYONE') return 'private';
  return now - Date.parse(post.sentAt) < LOOK_FOR_MS ? 'not_yet_public' : 'not_found';
}

function seriesOf(points: readonly VideoPointRow[]): PostPoint[] {
  return points.map((p) => ({ at: new Date(p.at).toISOString(), views: p.views, likes: p.likes, comments: p.comments, shares: p.shares }));
}

function postInsights(accountId: string, post: PublishedPost | null, video: VideoRow | null, points: readonly VideoPointRow[], now: number, withSeries: boolean): PostInsights {
  const availability = availabilityOf(post, video, now);
  const publishedAt = video ? video.created_at_ms : Date.parse(post!.doneAt);
  const counts = video ? { views: video.views, likes: video.likes, comments: video.comments, shares: video.shares } : { views: null, likes: null, comments: null, shares: null };
  const milestones = video ? milestonesOf(points, video.created_at_ms) : { viewsAt1h: null, viewsAt24h: null, viewsAt7d: null };
  return {
    key: video ? `video:${video.video_id}` : `post:${post!.postId}`,
    accountId,
    postId: post?.postId ?? video?.post_id ?? null,
    tiktokId: video?.video_id ?? null,
    source: post || video?.post_id ? 'clipdesk' : 'outside',
    matchedBy: video?.matched_by ?? null,
    caption: post?.caption ?? video?.caption ?? '',
    publishedAt: new Date(publishedAt).toISOString(),
    shareUrl: video?.share_url ?? null,
    availability,
    reason: availability === 'public' ? null : REASONS[availability],
    ...counts,
    at: iso(video?.counts_at ?? null),
    ...milestones,
    engagementRate: engagementRate(counts),
    ...(withSeries ? { series: seriesOf(points) } : {}),
  };
}

export class InsightsReader {
  constructor(private readonly deps: ReadDeps) {}

  get(options: ReadOptions = {}): Insights {
    const now = this.deps.now();
    const accounts = this.deps.accounts().filter((a) => !options.accountId || a.id === options.accountId);
    const from = options.from ? Date.parse(options.from) : -Infinity;
    const to = options.to ? Date.parse(options.to) : Infinity;
    const out: Insights = { accounts: [], posts: [] };
    for (const account of accounts) {
      out.accounts.push(this.account(account));
      out.posts.push(...this.posts(account.id, now, options.series === true).filter((p) => {
        const at = Date.parse(p.publishedAt);
        return at >= from && at <= to;
      }));
    }
    out.posts.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.key.localeCompare(a.key));
    return out;
  }

  /** One post (by its key) with its series. */
  post(key: string): PostInsights | null {
    const now = this.deps.now();
    for (const account of this.deps.accounts()) {
      const found = this.posts(account.id, now, true).find((p) => p.key === key || (p.postId !== null && `post:${p.postId}` === key));
      if (found) return found;
    }
    return null;
  }

  /** The latest numbers of these Clipdesk posts (History's rows); posts without any are left out. */
  numbers(postIds: readonly string[]): Record<string, PostNumbers> {
    const wanted = new Set(postIds);
    const out: Record<string, PostNumbers> = {};
    const now = this.deps.now();
    for (const account of this.deps.accounts()) {
      for (const p of this.posts(account.id, now, false)) {
        if (p.postId && wanted.has(p.postId)) {
          out[p.postId] = { key: p.key, availability: p.availability, reason: p.reason, views: p.views, likes: p.likes, comments: p.comments, shares: p.shares, at: p.at };
        }
      }
    }
    return out;
  }

  private account(account: Account): AccountInsights {
    const { repo } = this.deps;
    const points = repo.accountPoints(account.id);
    const last = points.at(-1);
    const status = repo.status(account.id);
    const missing = INSIGHTS_SCOPES.filter((s) => !account.scopes.includes(s));
    let problem = status.problem;
    if (account.state === 'reconnect_needed') problem = `TikTok no longer accepts ${account.displayName}’s connection: reconnect it in Accounts and Insights carries on by itself.`;
    else if (missing.length === INSIGHTS_SCOPES.length && !problem)
      problem = `${account.displayName} did not give Clipdesk the Insights permissions, so TikTok shares no numbers with it. Publishing is not affected. See Accounts to reconnect.`;
    return {
      id: account.id,
      displayName: account.displayName,
      username: account.username,
      followers: last?.followers ?? null,
      following: last?.following ?? null,
      likes: last?.likes ?? null,
      videos: last?.videos ?? null,
      at: iso(last?.at ?? null),
      series: points.map((p) => ({ at: new Date(p.at).toISOString(), followers: p.followers, following: p.following, likes: p.likes, videos: p.videos })),
      status: { lastAt: iso(status.last_at), nextAt: iso(status.next_at), problem, missingScopes: missing },
    };
  }

  private posts(accountId: string, now: number, withSeries: boolean): PostInsights[] {
    const { repo } = this.deps;
    const videos = repo.videos(accountId);
    const byVideo = new Map<string, VideoPointRow[]>();
    for (const p of repo.pointsOf(accountId)) {
      const list = byVideo.get(p.video_id);
      if (list) list.push(p);
      else byVideo.set(p.video_id, [p]);
    }
    const published = new Map(this.deps.published(accountId).map((p) => [p.postId, p]));
    const out: PostInsights[] = [];
    for (const v of videos) {
      const post = v.post_id ? (published.get(v.post_id) ?? null) : null;
      if (post) published.delete(post.postId);
      out.push(postInsights(accountId, post, v, byVideo.get(v.video_id) ?? [], now, withSeries));
    }
    for (const post of published.values()) out.push(postInsights(accountId, post, null, [], now, withSeries));
    return out;
  }
}
