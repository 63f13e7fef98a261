// The publish record (docs/architecture.md §2): one row an attempt, written before TikTok's
// init and updated at every step, so that after a crash the publisher knows exactly how far it
// got. The rule it serves: once `upload_complete` is 1 the post is never initialised again.
import crypto from 'node:crypto';
import { retrySafety as sharedRetrySafety, videoAtTikTok as sharedVideoAtTikTok, type RetrySafety } from '../../../src-shared/posts/retry-safety';
import { DAILY_CAP_WINDOW_MS } from '../../../src-shared/schedule/daily-cap';
import type { PostMode } from '../../../src-shared/tiktok/post-settings';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { Db } from '../store/database';

export type AttemptPhase = 'initialising' | 'uploading' | 'processing' | 'published' | 'inbox' | 'failed';

export interface AttemptRow {
  id: string;
  post_id: string;
  account_id: string;
  attempt: number;
  mode: PostMode;
  phase: AttemptPhase;
  video_path: string;
  video_size: number;
  chunk_size: number | null;
  inits: number;
  publish_id: string | null;
  upload_url_expires_at: number | null;
  uploaded_bytes: number;
  last_chunk_sent: 0 | 1;
  upload_complete: 0 | 1;
  upload_completed_at: number | null;
  tiktok_status: string | null;
  public_post_id: string | null;
  /** Where the platform shows the published post (public posts only). */
  public_url: string | null;
  polls: number;
  next_check_at: number | null;
  detail: string | null;
  created_at: string;
  updated_at: string;
}

/** The facts of a publish record that say what TikTok may have. */
type RecordFacts = Pick<AttemptRow, 'upload_complete' | 'last_chunk_sent' | 'tiktok_status'>;

/**
 * TikTok has, or may have, the whole video: the last chunk went out (or it confirmed it all).
 * The rule is src-shared/posts/retry-safety.ts; this reads its facts from the record.
 */
export function videoAtTikTok(attempt: Pick<AttemptRow, 'upload_complete' | 'last_chunk_sent'>): boolean {
  return sharedVideoAtTikTok({ uploadComplete: Boolean(attempt.upload_complete), lastChunkSent: Boolean(attempt.last_chunk_sent) });
}

export type { RetrySafety };

/**
 * Whether sending a post again after this attempt is safe — the one rule
 * (src-shared/posts/retry-safety.ts, which settling follows too), read from the publish record
 * (docs/architecture.md §2, exactly once): safe while TikTok cannot have the whole video, and
 * after that only once TikTok itself said FAILED. The publisher marks a failure retryable by
 * it, and PostService.retry refuses by it.
 */
export function retrySafety(attempt: RecordFacts): RetrySafety {
  return sharedRetrySafety({ videoAtTikTok: videoAtTikTok(attempt), tiktokStatus: attempt.tiktok_status });
}

/** A published post as Insights matches it (publishedOf). */
export interface PublishedPost {
  postId: string;
  caption: string;
  settingsJson: string;
  mode: PostMode;
  publicPostId: string | null;
  /** When the attempt began (init) and last changed (PUBLISH_COMPLETE), ISO. */
  sentAt: string;
  doneAt: string;
}

type Patch = Partial<Omit<AttemptRow, 'id' | 'post_id' | 'attempt' | 'created_at' | 'updated_at'>>;

export class PublishAttempts {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  latest(postId: string): AttemptRow | undefined {
    return this.db.prepare('SELECT * FROM publish_attempts WHERE post_id = ? ORDER BY attempt DESC LIMIT 1').get(postId) as AttemptRow | undefined;
  }

  get(id: string): AttemptRow {
    return this.db.prepare('SELECT * FROM publish_attempts WHERE id = ?').get(id) as AttemptRow;
  }

  create(input: { postId: string; accountId: string; mode: PostMode; videoPath: string; videoSize: number }): AttemptRow {
    const now = iso(this.clock.now());
    const prev = this.latest(input.postId);
    const id = crypto.randomUUID();
    this.db
      .prepare(
        `INSERT INTO publish_attempts (id, post_id, account_id, attempt, mode, phase, video_path, video_size, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'initialising', ?, ?, ?, ?)`,
      )
      .run(id, input.postId, input.accountId, (prev?.attempt ?? 0) + 1, input.mode, input.videoPath, input.videoSize, now, now);
    return this.get(id);
  }

  /**
   * Count one more init, only if nobody else did meanwhile (a second worker on the same
   * attempt must never initialise it too). False when the attempt moved on.
   */
  claimInit(id: string, seenInits: number): boolean {
    const info = this.db
      .prepare("UPDATE publish_attempts SET inits = inits + 1, updated_at = ? WHERE id = ? AND inits = ? AND phase = 'initialising' AND upload_complete = 0")
      .run(iso(this.clock.now()), id, seenInits);
    return info.changes === 1;
  }

  update(id: string, patch: Patch): AttemptRow {
    const keys = Object.keys(patch) as (keyof Patch)[];
    if (keys.length) {
      this.db
        .prepare(`UPDATE publish_attempts SET ${keys.map((k) => `${k} = @${k}`).join(', ')}, updated_at = @updated_at WHERE id = @id`)
        .run({ ...patch, id, updated_at: iso(this.clock.now()) });
    }
    return this.get(id);
  }

  /**
   * The published posts of an account with their last attempt: what Insights ties to the
   * account's TikTok videos (by the id TikTok gave, or by time and caption when it gave none).
   */
  publishedOf(accountId: string): PublishedPost[] {
    return this.db
      .prepare(
        `SELECT p.id AS postId, p.caption, p.settings_json AS settingsJson, a.mode, a.public_post_id AS publicPostId,
                a.created_at AS sentAt, a.updated_at AS doneAt
         FROM posts p JOIN publish_attempts a ON a.post_id = p.id
           AND a.attempt = (SELECT MAX(attempt) FROM publish_attempts WHERE post_id = p.id)
         WHERE p.account_id = ? AND p.state = 'published'`,
      )
      .all(accountId) as PublishedPost[];
  }

  /**
   * Record the public video a post became, when TikTok's status answer gave no id and Insights
   * found it later: History then links it. Never overwrites an id TikTok gave.
   */
  attachPublicPost(postId: string, publicPostId: string, publicUrl: string | null): boolean {
    const latest = this.latest(postId);
    if (!latest || latest.public_post_id) return false;
    this.update(latest.id, { public_post_id: publicPostId, public_url: publicUrl ?? latest.public_url });
    return true;
  }

  /**
   * The instants of this account's posts TikTok counts against its daily cap (the rule is
   * src-shared/schedule/daily-cap.ts): uploads completed in the last 24 h, and uploads under way
   * for other posts, which count from now.
   */
  dailyCapTimes(accountId: string, exceptPostId: string): number[] {
    const now = this.clock.now();
    const done = this.db
      .prepare(
        `SELECT upload_completed_at AS at FROM publish_attempts
         WHERE account_id = ? AND upload_complete = 1 AND upload_completed_at > ? AND phase != 'failed'`,
      )
      .all(accountId, now - DAILY_CAP_WINDOW_MS) as { at: number }[];
    const active = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM publish_attempts
         WHERE account_id = ? AND post_id != ? AND upload_complete = 0 AND phase IN ('initialising', 'uploading') AND updated_at > ?`,
      )
      // Only uploads moving lately: one a crash left behind must not hold a slot for ever.
      .get(accountId, exceptPostId, new Date(now - 2 * 3600_000).toISOString()) as { n: number };
    return [...done.map((r) => r.at), ...Array<number>(active.n).fill(now)];
  }
}
