// One snapshot run for one account: read what is due (snapshot-plan.ts) from TikTok's Display API
// (tiktok/display.ts), store it, tie Clipdesk's published posts to their TikTok videos, and say
// when the next run is. Runs of one account never overlap (a Refresh waits for a scheduled run
// under way, and the other way round), so no video is read twice for one moment.
import type { Account } from '../../../src-shared/tiktok/accounts';
import { TikTokPostSettingsSchema } from '../../../src-shared/tiktok/post-settings';
import type { Clock } from '../clock';
import type { PublishedPost } from '../post-store/publish-attempts';
import type { TikTokDisplay } from '../tiktok/display';
import type { TikTokVideo } from '../tiktok/display-wire';
import { matchPostVideo } from '../tiktok/video-match';
import type { InsightsRepo, SeenVideo } from './insights-repo';
import { nextRunAt, planRun, type PlanInput } from './snapshot-plan';

/** At most this many video/list requests a run (1,000 videos): far inside TikTok's 600 a minute. */
export const MAX_LIST_REQUESTS = 50;

export interface SnapshotterDeps {
  repo: InsightsRepo;
  display: TikTokDisplay;
  account: (id: string) => Account | undefined;
  published: (accountId: string) => PublishedPost[];
  /** Record a video found for a post TikTok gave no id for, so History links it. */
  attachVideo: (postId: string, videoId: string, url: string | null) => void;
  clock: Clock;
}

export interface RunResult {
  /** Videos whose numbers were read. */
  videos: number;
  nextAt: number;
}

/** Whether a published post can ever be listed by video/list (public Direct Posts only). */
export function listable(p: Pick<PublishedPost, 'mode' | 'settingsJson'>): boolean {
  if (p.mode !== 'direct') return false;
  const settings = TikTokPostSettingsSchema.safeParse(JSON.parse(p.settingsJson || '{}'));
  return settings.success && settings.data.privacy === 'PUBLIC_TO_EVERYONE';
}

const ms = (isoTime: string): number => Date.parse(isoTime);

const seen = (v: TikTokVideo): SeenVideo => ({
  id: v.id,
  createdAt: v.createTime * 1000,
  caption: v.description || v.title,
  shareUrl: v.shareUrl,
  durationSec: v.durationSec,
  views: v.viewCount,
  likes: v.likeCount,
  comments: v.commentCount,
  shares: v.shareCount,
});

export class Snapshotter {
  private readonly running = new Map<string, Promise<unknown>>();
  constructor(private readonly deps: SnapshotterDeps) {}

  /** One run for the account, after any run of it already under way. */
  run(accountId: string, options: { force?: boolean; signal?: AbortSignal } = {}): Promise<RunResult> {
    const before = this.running.get(accountId) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => this.runNow(accountId, options));
    this.running.set(accountId, mine);
    void mine.finally(() => {
      if (this.running.get(accountId) === mine) this.running.delete(accountId);
    }).catch(() => undefined);
    return mine;
  }

  /** What the plan needs to know about the account now. */
  private planInput(accountId: string, now: number): PlanInput & { posts: PublishedPost[] } {
    const { repo } = this.deps;
    const videos = repo.videos(accountId);
    const matched = new Set(videos.map((v) => v.post_id).filter((id): id is string => id !== null));
    const posts = this.deps.published(accountId).filter((p) => !matched.has(p.postId) && listable(p));
    const looked = repo.lookups(posts.map((p) => p.postId));
    return {
      now,
      accountCheckedAt: repo.status(accountId).account_checked_at,
      videos: videos.map((v) => ({ id: v.video_id, createdAt: v.created_at_ms, checkedAt: v.checked_at })),
      unmatched: posts.map((p) => ({ postId: p.postId, sentAt: ms(p.sentAt), lookedAt: looked.get(p.postId) ?? null })),
      posts,
    };
  }

  private async runNow(accountId: string, options: { force?: boolean; signal?: AbortSignal }): Promise<RunResult> {
    const { repo, display, clock } = this.deps;
    const account = this.deps.account(accountId);
    const scopes = new Set(account?.scopes ?? []);
    const input = this.planInput(accountId, clock.now());
    const plan = planRun({ ...input, force: options.force });
    let read = 0;

    if (plan.accountDue && scopes.has('user.info.stats')) {
      const stats = await display.userStats(accountId, options.signal);
      const at = clock.now();
      repo.transaction(() => {
        repo.addAccountPoint(accountId, { at, followers: stats.followerCount, following: stats.followingCount, likes: stats.likesCount, videos: stats.videoCount });
        repo.setStatus(accountId, { account_checked_at: at });
      });
    }

    if (plan.listSince !== null && scopes.has('video.list')) {
      const list = await display.listVideosSince(accountId, plan.listSince, { maxRequests: MAX_LIST_REQUESTS, signal: options.signal });
      const at = clock.now();
      const known = new Set(input.videos.map((v) => v.id));
      repo.transaction(() => {
        for (const v of list.videos) {
          const s = seen(v);
          repo.saw(accountId, s, at);
          // A video seen for the first time starts its series now; a due one gets its snapshot.
          if (!known.has(v.id) || plan.dueVideos.has(v.id)) {
            repo.addPoint(accountId, v.id, at, s);
            repo.checked(accountId, v.id, at);
            read++;
          }
        }
        // Due but not listed while the list reached back past it: gone private, deleted or
        // taken down. Checked all the same, so it is not asked about again at once.
        if (list.complete) {
          const listed = new Set(list.videos.map((v) => v.id));
          for (const v of input.videos) if (plan.dueVideos.has(v.id) && !listed.has(v.id)) repo.checked(accountId, v.id, at);
        }
        this.matchPosts(accountId, input.posts, plan.duePosts, list.videos, at);
      });
    }

    const now = clock.now();
    const nextAt = nextRunAt(this.planInput(accountId, now));
    repo.setStatus(accountId, { last_at: now, next_at: nextAt, problem: null, failures: 0 });
    return { videos: read, nextAt };
  }

  /**
   * Tie published posts to their videos: by the id TikTok gave when publishing, else by time and
   * caption (video-match.ts) among videos no other post has. A post looked for and not found
   * remembers when, so it is looked for hourly, then daily, then no more (snapshot-plan.ts).
   */
  private matchPosts(accountId: string, posts: readonly PublishedPost[], due: ReadonlySet<string>, videos: readonly TikTokVideo[], at: number): void {
    const { repo } = this.deps;
    const taken = new Set(repo.videos(accountId).filter((v) => v.post_id !== null).map((v) => v.video_id));
    for (const post of posts) {
      if (!due.has(post.postId)) continue;
      let video: TikTokVideo | null = null;
      let how: 'post_id' | 'time_caption' = 'post_id';
      if (post.publicPostId) {
        video = videos.find((v) => v.id === post.publicPostId) ?? null;
      } else {
        const free = videos.filter((v) => !taken.has(v.id));
        video = matchPostVideo(free, { caption: post.caption, sentAt: ms(post.sentAt), doneBy: ms(post.doneAt) }).video;
        how = 'time_caption';
      }
      if (!video) {
        repo.lookedFor(post.postId, at);
        continue;
      }
      repo.match(accountId, video.id, post.postId, how);
      taken.add(video.id);
      if (how === 'time_caption') this.deps.attachVideo(post.postId, video.id, video.shareUrl);
    }
  }
}
