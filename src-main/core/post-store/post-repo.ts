// Reading and writing posts. State changes go through `applyEvent`, which asks the pure
// lifecycle (src-shared/posts/lifecycle.ts) and persists the new state together with its
// audit entry in one transaction, conditional on the state it started from. A post is read
// with what the UI shows beside it — its account, its file, its latest approval and publish
// attempt — in one joined statement however many posts a page holds (SUMMARY_SELECT,
// docs/architecture.md §2).
import crypto from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { ApprovalStatus, HoldReason, PostHold, PostSummary, PublishFailure, PublishProgress } from '../../../src-shared/posts/post';
import { HOLD_REASONS } from '../../../src-shared/posts/post';
import { describeState, isInitialState, transition, type InitialState, type PostEvent, type PostState } from '../../../src-shared/posts/lifecycle';
import { TikTokPostSettingsSchema, type TikTokPostSettings } from '../../../src-shared/tiktok/post-settings';
import { tiktokVideoUrl } from '../../../src-shared/tiktok/accounts';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { EventBus } from '../event-bus';
import type { Db } from '../store/database';
import { videoAtTikTok, type AttemptRow } from './publish-attempts';
import { sortKey, type PostCount, type PostFilter, type PostSearch } from '../../../src-shared/posts/post-search';
import { afterSql, decodeCursor, encodeCursor, filterSql, inCreatedOrder, orderSql } from './post-search-sql';

export interface PostRow {
  id: string;
  clip_id: string | null;
  render_id: string | null;
  account_id: string | null;
  state: PostState;
  caption: string;
  settings_json: string;
  scheduled_at: string | null;
  publish_id: string | null;
  failure_json: string | null;
  /** Why the post is held (PostHold['reason']), or null when it is not. */
  hold_kind: HoldReason | null;
  /** The hold's sentence for people; nothing reads it back. */
  hold_reason: string | null;
  /**
   * When the hold is looked at again by itself; after a release, when the wait ended (the
   * missed-post rule measures lateness from it, so a post held on purpose is not "missed").
   */
  hold_until: number | null;
  hold_since: number | null;
  created_at: string;
  updated_at: string;
}


/** A state change, told to listeners inside its transaction (so what they write commits with it). */
export interface PostTransition {
  postId: string;
  from: PostState;
  to: PostState;
  event: PostEvent;
  actor: string;
}

export class PostRepo {
  private readonly transitionListeners: ((t: PostTransition) => void)[] = [];
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly bus: EventBus,
  ) {}

  list(options: { states?: readonly PostState[]; limit?: number } = {}): PostSummary[] {
    const states = options.states ?? [];
    const where = states.length ? `WHERE state IN (${states.map(() => '?').join(',')})` : '';
    const rows = this.db
      .prepare(`${SUMMARY_SELECT} ${where.replace('state', 'p.state')} ORDER BY p.created_at DESC, p.id DESC LIMIT ?`)
      .all(...states, options.limit ?? 200) as SummaryRow[];
    return rows.map(toSummary);
  }

  /**
   * One page of a search (docs/architecture.md §2, "Searching posts"): the summaries of the
   * posts after `cursor` that match, in the sort's order, the cursor of the next page (null at
   * the end) and how many match in all. Two statements a page, whatever its size or depth.
   */
  search(input: PostSearch): { posts: PostSummary[]; nextCursor: string | null; total: number } {
    const sort = input.sort ?? 'newest';
    const limit = input.limit ?? 50;
    const filter = filterSql(input, inCreatedOrder(sort));
    const after = input.cursor ? afterSql(decodeCursor(input.cursor, sort)) : { where: [], args: [] };
    const where = [...filter.where, ...after.where];
    const rows = this.db
      .prepare(`${SUMMARY_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${orderSql(sort)} LIMIT ?`)
      .all(...filter.args, ...after.args, limit + 1) as SummaryRow[];
    const more = rows.length > limit;
    const posts = rows.slice(0, limit).map(toSummary);
    const last = posts.at(-1);
    const { total } = this.count(input);
    return { posts, nextCursor: more && last ? encodeCursor(sort, sortKey(last, sort), last.id) : null, total };
  }

  /** How many posts match `filter`, and of those how many are held for each reason: one statement. */
  count(filter: PostFilter): PostCount {
    const f = filterSql(filter);
    const rows = this.db
      .prepare(`SELECT p.hold_kind AS hold, COUNT(*) AS n FROM posts p ${f.where.length ? `WHERE ${f.where.join(' AND ')}` : ''} GROUP BY p.hold_kind`)
      .all(...f.args) as { hold: HoldReason | null; n: number }[];
    const held = Object.fromEntries(HOLD_REASONS.map((r) => [r, 0])) as Record<HoldReason, number>;
    let total = 0;
    for (const { hold, n } of rows) {
      total += n;
      if (hold !== null) held[hold] = n;
    }
    return { total, held };
  }

  row(id: string): PostRow {
    const row = this.db.prepare('SELECT * FROM posts WHERE id = ?').get(id) as PostRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No post with id ${id}.`);
    return row;
  }

  get(id: string): PostSummary {
    const row = this.db.prepare(`${SUMMARY_SELECT} WHERE p.id = ?`).get(id) as SummaryRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No post with id ${id}.`);
    return toSummary(row);
  }

  settings(row: Pick<PostRow, 'settings_json'>): TikTokPostSettings | null {
    return settingsOf(row);
  }

  create(input: {
    clipId: string | null;
    renderId: string | null;
    accountId: string;
    caption: string;
    settings: TikTokPostSettings;
    /** Only a state the lifecycle makes posts in (INITIAL_STATES); anything else is refused. */
    state: InitialState;
    actor: string;
  }): PostRow {
    // Typed already; checked again because a post made in any other state would skip the
    // transitions that lead there (an approval never asked for, a publish record never written).
    if (!isInitialState(input.state)) throw new AppError('INTERNAL', `A post cannot be made ${describeState(input.state as PostState)}; posts start ready.`);
    const id = crypto.randomUUID();
    const now = iso(this.clock.now());
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO posts (id, clip_id, render_id, account_id, state, caption, settings_json, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, input.clipId, input.renderId, input.accountId, input.state, input.caption, JSON.stringify(input.settings), now, now);
      this.audit.append({ actor: input.actor, action: 'post.created', subject: id, detail: `${input.settings.mode === 'inbox' ? 'to the TikTok inbox' : 'Direct Post'}` });
    })();
    return this.row(id);
  }

  /** Move a post through its lifecycle; refused transitions throw CONFLICT with the reason. */
  applyEvent(id: string, event: PostEvent, actor: string, detail?: string, extra: { scheduledAt?: string | null; failure?: PublishFailure | null } = {}): PostSummary {
    const result = this.db.transaction(() => {
      const current = this.row(id);
      const t = transition(current.state, event);
      if (!t.ok) throw new AppError('CONFLICT', t.reason);
      const at = iso(this.clock.now());
      // Conditional on the state we read: a concurrent change makes this a no-op we detect.
      const info = this.db
        .prepare(
          // A hold is about the state it was given in: any move to another state ends it.
          `UPDATE posts SET state = ?, updated_at = ?,
             hold_kind = NULL, hold_reason = NULL, hold_until = NULL, hold_since = NULL,
             scheduled_at = CASE WHEN :setSchedule THEN :scheduledAt ELSE scheduled_at END,
             failure_json = CASE WHEN :setFailure THEN :failure ELSE failure_json END
           WHERE id = ? AND state = ?`,
        )
        .run(t.to, at, id, current.state, {
          setSchedule: extra.scheduledAt !== undefined ? 1 : 0,
          scheduledAt: extra.scheduledAt ?? null,
          setFailure: extra.failure !== undefined ? 1 : 0,
          failure: extra.failure ? JSON.stringify(extra.failure) : null,
        });
      if (info.changes !== 1) throw new AppError('CONFLICT', 'The post changed while this was being applied; try again.');
      this.audit.append({ actor, action: `post.${event}`, subject: id, detail: detail ?? `${t.from} → ${t.to}` });
      for (const listener of this.transitionListeners) listener({ postId: id, from: t.from, to: t.to, event, actor });
      return this.get(id);
    })();
    this.bus.emit('posts.changed', result);
    return result;
  }

  /** Run `listener` inside every state change's transaction: durable follow-ups (Telegram messages) commit with it. */
  onTransition(listener: (t: PostTransition) => void): void {
    this.transitionListeners.push(listener);
  }

  /** Change details of a post that is still waiting (caption, time), with its audit entry; only from `expected` states. */
  amend(id: string, expected: readonly PostState[], change: { caption?: string; scheduledAt?: string }, actor: string, action: string, detail: string): PostSummary {
    const result = this.db.transaction(() => {
      const current = this.row(id);
      if (!expected.includes(current.state)) throw new AppError('CONFLICT', `This post is ${describeState(current.state)} now; it can no longer be changed here.`);
      const info = this.db
        .prepare(
          `UPDATE posts SET caption = COALESCE(?, caption), scheduled_at = COALESCE(?, scheduled_at), updated_at = ?
           WHERE id = ? AND state = ?`,
        )
        .run(change.caption ?? null, change.scheduledAt ?? null, iso(this.clock.now()), id, current.state);
      if (info.changes !== 1) throw new AppError('CONFLICT', 'The post changed while this was being applied; try again.');
      this.audit.append({ actor, action, subject: id, detail });
      return this.get(id);
    })();
    this.bus.emit('posts.changed', result);
    return result;
  }

  /**
   * The times this account's posts hold — going out or already out — for placing new ones
   * around them. Only the last day onwards matters (a past day cannot be filled).
   */
  takenTimes(accountId: string): number[] {
    const since = iso(this.clock.now() - 24 * 3600_000);
    const rows = this.db
      .prepare(
        `SELECT scheduled_at FROM posts WHERE account_id = ? AND scheduled_at IS NOT NULL AND scheduled_at >= ?
         AND state NOT IN ('rejected', 'failed', 'cancelled')`,
      )
      .all(accountId, since) as { scheduled_at: string }[];
    return rows.map((r) => Date.parse(r.scheduled_at));
  }

  /**
   * Hold the post for `reason` (PostHold), saying why in `detail`, to be looked at again at
   * `until` (null: only a person releases it). Held again for the same reason, it keeps the
   * time it was first held. Unchanged, it tells nobody.
   */
  hold(id: string, reason: HoldReason, detail: string, until: number | null): void {
    const row = this.row(id);
    if (row.hold_kind === reason && row.hold_reason === detail && row.hold_until === until) return;
    const since = row.hold_kind === reason && row.hold_since !== null ? row.hold_since : this.clock.now();
    this.db.prepare('UPDATE posts SET hold_kind = ?, hold_reason = ?, hold_until = ?, hold_since = ? WHERE id = ?').run(reason, detail, until, since, id);
    this.touched(id);
  }

  /**
   * End the post's hold. `waitEnded` is when a wait it was held for on purpose ended (the daily
   * cap, a pause, its account): the missed-post rule measures from then. Null forgets it.
   */
  release(id: string, waitEnded: number | null = null): void {
    const row = this.row(id);
    if (row.hold_kind === null && row.hold_reason === null && row.hold_until === waitEnded) return;
    this.db.prepare('UPDATE posts SET hold_kind = NULL, hold_reason = NULL, hold_since = NULL, hold_until = ? WHERE id = ?').run(waitEnded, id);
    this.touched(id);
  }

  /** Tell the UI the post's progress moved (an accepted chunk, a status check). */
  touched(id: string): void {
    this.bus.emit('posts.changed', this.get(id));
  }
}

/** The attempt's columns a summary shows, read through the join under an `a_` prefix. */
const ATTEMPT_COLUMNS = [
  'attempt',
  'phase',
  'uploaded_bytes',
  'video_size',
  'tiktok_status',
  'publish_id',
  'public_post_id',
  'public_url',
  'next_check_at',
  'detail',
  'upload_complete',
  'last_chunk_sent',
  'upload_completed_at',
] as const satisfies readonly (keyof AttemptRow)[];
type SummaryAttempt = Pick<AttemptRow, (typeof ATTEMPT_COLUMNS)[number]>;

/**
 * A post with everything its summary shows, in one statement: its account, its render or clip,
 * its latest approval and its latest publish attempt (each "latest" picked by an indexed
 * subquery: approvals_post, publish_attempts' UNIQUE (post_id, attempt)). Callers add WHERE,
 * ORDER BY and LIMIT over `p`.
 */
const SUMMARY_SELECT = `
  SELECT p.*,
    acc.display_name AS acc_name, acc.username AS acc_username, acc.state AS acc_state,
    r.output_path AS r_output_path, r.output_json AS r_output_json,
    c.file_name AS c_file_name, c.probe_json AS c_probe_json,
    ap.id AS ap_id, ap.status AS ap_status, ap.decided_by AS ap_decided_by, ap.decided_at AS ap_decided_at,
    ${ATTEMPT_COLUMNS.map((c) => `pa.${c} AS a_${c}`).join(', ')}
  FROM posts p
  LEFT JOIN accounts acc ON acc.id = p.account_id
  LEFT JOIN render_jobs r ON r.id = p.render_id
  LEFT JOIN clips c ON c.id = p.clip_id
  LEFT JOIN approvals ap ON ap.rowid = (SELECT rowid FROM approvals WHERE post_id = p.id ORDER BY requested_at DESC, rowid DESC LIMIT 1)
  LEFT JOIN publish_attempts pa ON pa.rowid = (SELECT rowid FROM publish_attempts WHERE post_id = p.id ORDER BY attempt DESC LIMIT 1)`;

type SummaryRow = PostRow & {
  acc_name: string | null;
  acc_username: string | null;
  acc_state: 'connected' | 'reconnect_needed' | null;
  r_output_path: string | null;
  r_output_json: string | null;
  c_file_name: string | null;
  c_probe_json: string | null;
  ap_id: string | null;
  ap_status: ApprovalStatus | null;
  ap_decided_by: string | null;
  ap_decided_at: number | null;
} & { [K in (typeof ATTEMPT_COLUMNS)[number] as `a_${K}`]: SummaryAttempt[K] | null };

function settingsOf(row: Pick<PostRow, 'settings_json'>): TikTokPostSettings | null {
  const parsed = TikTokPostSettingsSchema.safeParse(JSON.parse(row.settings_json || '{}'));
  return parsed.success ? parsed.data : null;
}

function attemptOf(r: SummaryRow): SummaryAttempt | undefined {
  if (r.a_attempt === null) return undefined;
  return Object.fromEntries(ATTEMPT_COLUMNS.map((c) => [c, r[`a_${c}`]])) as SummaryAttempt;
}

function holdOf(r: PostRow): PostHold | null {
  if (!r.hold_kind) return null;
  return {
    reason: r.hold_kind,
    since: iso(r.hold_since ?? Date.parse(r.updated_at)),
    until: r.hold_until === null ? null : iso(r.hold_until),
    detail: r.hold_reason ?? '',
  };
}

function toSummary(r: SummaryRow): PostSummary {
  const attempt = attemptOf(r);
  const media = r.r_output_json ?? r.c_probe_json ?? null;
  let durationSec: number | null = null;
  try {
    durationSec = media ? ((JSON.parse(media) as { durationSec?: number }).durationSec ?? null) : null;
  } catch {
    durationSec = null;
  }
  const failure = r.failure_json ? (JSON.parse(r.failure_json) as PublishFailure) : null;
  const hold = holdOf(r);
  return {
    id: r.id,
    state: r.state,
    caption: r.caption,
    accountId: r.account_id,
    accountName: r.acc_name,
    accountUsername: r.acc_username,
    accountState: r.acc_state ?? 'gone',
    clipId: r.clip_id,
    renderId: r.render_id,
    fileName: r.r_output_path ? path.basename(r.r_output_path) : r.c_file_name,
    durationSec,
    tiktok: settingsOf(r),
    scheduledAt: r.scheduled_at,
    approval:
      r.ap_id !== null && r.ap_status !== null
        ? {
            id: r.ap_id,
            status: r.ap_status,
            decidedBy: r.ap_decided_by,
            decidedAt: r.ap_decided_at === null ? null : iso(r.ap_decided_at),
          }
        : null,
    // A scheduled post that is held has not started: its progress is the wait, in the hold's words.
    publish:
      r.state === 'scheduled' && hold
        ? { ...progressOf(undefined, null, null), detail: hold.detail, nextCheckAt: hold.until }
        : attempt || failure
          ? progressOf(attempt, failure, r.acc_username)
          : null,
    hold,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function progressOf(a: SummaryAttempt | undefined, failure: PublishFailure | null, username: string | null): PublishProgress {
  return {
    phase: failure ? 'failed' : (a?.phase ?? 'waiting'),
    attempt: a?.attempt ?? 0,
    uploadedBytes: a?.uploaded_bytes ?? 0,
    totalBytes: a?.video_size ?? 0,
    tiktokStatus: a?.tiktok_status ?? null,
    publishId: a?.publish_id ?? null,
    // The link its platform gave when it published; records from before platforms gave one are all TikTok's.
    postUrl: a?.public_url ?? (a?.public_post_id ? tiktokVideoUrl(username, a.public_post_id) : null),
    failure,
    nextCheckAt: a?.next_check_at ? iso(a.next_check_at) : null,
    detail: a?.detail ?? null,
    videoAtTikTok: a ? videoAtTikTok(a) : false,
    uploadCompletedAt: a?.upload_completed_at ? iso(a.upload_completed_at) : null,
  };
}
