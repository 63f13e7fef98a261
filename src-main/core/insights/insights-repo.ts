// Insights' tables (migration 10): each account's TikTok videos with their latest numbers, the
// snapshots of those numbers, the account's totals over time, when a published post was last
// looked for, and each account's snapshot status. Every time is Unix ms; video ids are text.
import type { Db } from '../store/database';
import type { Match } from '../../../src-shared/insights/insights';

export interface VideoRow {
  account_id: string;
  video_id: string;
  post_id: string | null;
  matched_by: Match | null;
  created_at_ms: number;
  caption: string;
  share_url: string | null;
  duration_sec: number | null;
  views: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  counts_at: number | null;
  checked_at: number | null;
  listed_at: number | null;
  first_seen_at: number;
}

export interface Counts {
  views: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
}

export interface VideoPointRow extends Counts {
  video_id: string;
  at: number;
}

export interface AccountPointRow {
  at: number;
  followers: number | null;
  following: number | null;
  likes: number | null;
  videos: number | null;
}

export interface StatusRow {
  account_id: string;
  last_at: number | null;
  next_at: number | null;
  account_checked_at: number | null;
  problem: string | null;
  failures: number;
}

export interface SeenVideo extends Counts {
  id: string;
  createdAt: number;
  caption: string;
  shareUrl: string | null;
  durationSec: number | null;
}

export class InsightsRepo {
  constructor(private readonly db: Db) {}

  videos(accountId: string): VideoRow[] {
    return this.db.prepare('SELECT * FROM insight_videos WHERE account_id = ? ORDER BY created_at_ms DESC').all(accountId) as VideoRow[];
  }

  allVideos(): VideoRow[] {
    return this.db.prepare('SELECT * FROM insight_videos ORDER BY created_at_ms DESC, video_id DESC').all() as VideoRow[];
  }

  videoOfPost(postId: string): VideoRow | undefined {
    return this.db.prepare('SELECT * FROM insight_videos WHERE post_id = ?').get(postId) as VideoRow | undefined;
  }

  video(accountId: string, videoId: string): VideoRow | undefined {
    return this.db.prepare('SELECT * FROM insight_videos WHERE account_id = ? AND video_id = ?').get(accountId, videoId) as VideoRow | undefined;
  }

  /** A video as the list showed it at `at`: added when new, its latest numbers and text updated. */
  saw(accountId: string, v: SeenVideo, at: number): void {
    this.db
      .prepare(
        `INSERT INTO insight_videos (account_id, video_id, created_at_ms, caption, share_url, duration_sec, views, likes, comments, shares, counts_at, listed_at, first_seen_at)
         VALUES (@account, @id, @createdAt, @caption, @shareUrl, @durationSec, @views, @likes, @comments, @shares, @at, @at, @at)
         ON CONFLICT(account_id, video_id) DO UPDATE SET caption = excluded.caption, share_url = excluded.share_url,
           duration_sec = excluded.duration_sec, views = excluded.views, likes = excluded.likes, comments = excluded.comments,
           shares = excluded.shares, counts_at = excluded.counts_at, listed_at = excluded.listed_at`,
      )
      .run({ account: accountId, ...v, at });
  }

  /** Tie a video to the Clipdesk post it is. */
  match(accountId: string, videoId: string, postId: string, how: Match): void {
    this.db.prepare('UPDATE insight_videos SET post_id = ?, matched_by = ? WHERE account_id = ? AND video_id = ? AND post_id IS NULL').run(postId, how, accountId, videoId);
    this.db.prepare('DELETE FROM insight_lookups WHERE post_id = ?').run(postId);
  }

  /** A snapshot of a video's numbers; `checked` says it was looked at then (listed or not). */
  addPoint(accountId: string, videoId: string, at: number, counts: Counts): void {
    this.db
      .prepare('INSERT OR REPLACE INTO insight_video_points (account_id, video_id, at, views, likes, comments, shares) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(accountId, videoId, at, counts.views, counts.likes, counts.comments, counts.shares);
  }

  checked(accountId: string, videoId: string, at: number): void {
    this.db.prepare('UPDATE insight_videos SET checked_at = ? WHERE account_id = ? AND video_id = ?').run(at, accountId, videoId);
  }

  points(accountId: string, videoId: string): VideoPointRow[] {
    return this.db.prepare('SELECT video_id, at, views, likes, comments, shares FROM insight_video_points WHERE account_id = ? AND video_id = ? ORDER BY at').all(accountId, videoId) as VideoPointRow[];
  }

  /** Every snapshot of an account's videos, oldest first: one statement for a whole Insights page. */
  pointsOf(accountId: string): VideoPointRow[] {
    return this.db.prepare('SELECT video_id, at, views, likes, comments, shares FROM insight_video_points WHERE account_id = ? ORDER BY video_id, at').all(accountId) as VideoPointRow[];
  }

  addAccountPoint(accountId: string, p: AccountPointRow): void {
    this.db
      .prepare('INSERT OR REPLACE INTO insight_account_points (account_id, at, followers, following, likes, videos) VALUES (?, ?, ?, ?, ?, ?)')
      .run(accountId, p.at, p.followers, p.following, p.likes, p.videos);
  }

  accountPoints(accountId: string): AccountPointRow[] {
    return this.db.prepare('SELECT at, followers, following, likes, videos FROM insight_account_points WHERE account_id = ? ORDER BY at').all(accountId) as AccountPointRow[];
  }

  lookups(postIds: readonly string[]): Map<string, number> {
    if (postIds.length === 0) return new Map();
    const rows = this.db.prepare(`SELECT post_id, looked_at FROM insight_lookups WHERE post_id IN (${postIds.map(() => '?').join(',')})`).all(...postIds) as {
      post_id: string;
      looked_at: number;
    }[];
    return new Map(rows.map((r) => [r.post_id, r.looked_at]));
  }

  lookedFor(postId: string, at: number): void {
    this.db.prepare('INSERT INTO insight_lookups (post_id, looked_at) VALUES (?, ?) ON CONFLICT(post_id) DO UPDATE SET looked_at = excluded.looked_at').run(postId, at);
  }

  status(accountId: string): StatusRow {
    return (
      (this.db.prepare('SELECT * FROM insight_status WHERE account_id = ?').get(accountId) as StatusRow | undefined) ?? {
        account_id: accountId,
        last_at: null,
        next_at: null,
        account_checked_at: null,
        problem: null,
        failures: 0,
      }
    );
  }

  setStatus(accountId: string, patch: Partial<Omit<StatusRow, 'account_id'>>): void {
    const next = { ...this.status(accountId), ...patch };
    this.db
      .prepare(
        `INSERT INTO insight_status (account_id, last_at, next_at, account_checked_at, problem, failures) VALUES (@account_id, @last_at, @next_at, @account_checked_at, @problem, @failures)
         ON CONFLICT(account_id) DO UPDATE SET last_at = excluded.last_at, next_at = excluded.next_at, account_checked_at = excluded.account_checked_at,
           problem = excluded.problem, failures = excluded.failures`,
      )
      .run(next);
  }

  /** Retention: snapshots older than `before` go (the videos and their latest numbers stay). */
  pruneBefore(before: number): number {
    const a = this.db.prepare('DELETE FROM insight_video_points WHERE at < ?').run(before).changes;
    const b = this.db.prepare('DELETE FROM insight_account_points WHERE at < ?').run(before).changes;
    return a + b;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
