// Reading and writing posts. State changes go through `applyEvent`, which asks the pure
// lifecycle (src-shared/posts/lifecycle.ts) and persists the new state together with its
// audit entry in one transaction, conditional on the state it started from. A post is read
// with what the UI shows beside it: its account, its file, and its latest publish attempt.
import crypto from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { ApprovalStatus, PostSummary, PublishFailure, PublishProgress } from '../../../src-shared/posts/post';
import { describeState, transition, type PostEvent, type PostState } from '../../../src-shared/posts/lifecycle';
import { TikTokPostSettingsSchema, type TikTokPostSettings } from '../../../src-shared/tiktok/post-settings';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { EventBus } from '../event-bus';
import type { Db } from '../store/database';
import type { AttemptRow } from './publish-attempts';

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
  hold_reason: string | null;
  hold_until: number | null;
  created_at: string;
  updated_at: string;
}

/** Where TikTok shows a public video; usernames are TikTok's handle without the @. */
export function tiktokVideoUrl(username: string | null, postId: string): string {
  return `https://www.tiktok.com/@${encodeURIComponent(username ?? '_')}/video/${postId}`;
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
      .prepare(`SELECT * FROM posts ${where} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...states, options.limit ?? 200) as PostRow[];
    return rows.map((r) => this.toSummary(r));
  }

  row(id: string): PostRow {
    const row = this.db.prepare('SELECT * FROM posts WHERE id = ?').get(id) as PostRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No post with id ${id}.`);
    return row;
  }

  get(id: string): PostSummary {
    return this.toSummary(this.row(id));
  }

  settings(row: PostRow): TikTokPostSettings | null {
    const parsed = TikTokPostSettingsSchema.safeParse(JSON.parse(row.settings_json || '{}'));
    return parsed.success ? parsed.data : null;
  }

  create(input: {
    clipId: string | null;
    renderId: string | null;
    accountId: string;
    caption: string;
    settings: TikTokPostSettings;
    state: PostState;
    actor: string;
  }): PostRow {
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
          `UPDATE posts SET state = ?, updated_at = ?,
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

  /** Say why a due post waits (paused, the daily cap) — or clear it with null. */
  hold(id: string, reason: string | null, until: number | null): void {
    const row = this.row(id);
    if (row.hold_reason === reason && row.hold_until === until) return;
    this.db.prepare('UPDATE posts SET hold_reason = ?, hold_until = ? WHERE id = ?').run(reason, until, id);
    this.touched(id);
  }

  /** Tell the UI the post's progress moved (an accepted chunk, a status check). */
  touched(id: string): void {
    this.bus.emit('posts.changed', this.get(id));
  }

  private toSummary(r: PostRow): PostSummary {
    const account = r.account_id
      ? (this.db.prepare('SELECT display_name, username, state FROM accounts WHERE id = ?').get(r.account_id) as
          | { display_name: string; username: string | null; state: 'connected' | 'reconnect_needed' }
          | undefined)
      : undefined;
    const render = r.render_id
      ? (this.db.prepare('SELECT output_path, output_json FROM render_jobs WHERE id = ?').get(r.render_id) as { output_path: string | null; output_json: string | null } | undefined)
      : undefined;
    const clip = r.clip_id
      ? (this.db.prepare('SELECT file_name, source_path, probe_json FROM clips WHERE id = ?').get(r.clip_id) as { file_name: string; source_path: string; probe_json: string | null } | undefined)
      : undefined;
    const attempt = this.db.prepare('SELECT * FROM publish_attempts WHERE post_id = ? ORDER BY attempt DESC LIMIT 1').get(r.id) as AttemptRow | undefined;
    const approval = this.db
      .prepare('SELECT id, status, decided_by, decided_at, held_at FROM approvals WHERE post_id = ? ORDER BY requested_at DESC, rowid DESC LIMIT 1')
      .get(r.id) as { id: string; status: ApprovalStatus; decided_by: string | null; decided_at: number | null; held_at: number | null } | undefined;
    const media = render?.output_json ?? clip?.probe_json ?? null;
    let durationSec: number | null = null;
    try {
      durationSec = media ? ((JSON.parse(media) as { durationSec?: number }).durationSec ?? null) : null;
    } catch {
      durationSec = null;
    }
    const failure = r.failure_json ? (JSON.parse(r.failure_json) as PublishFailure) : null;
    return {
      id: r.id,
      state: r.state,
      caption: r.caption,
      accountId: r.account_id,
      accountName: account?.display_name ?? null,
      accountUsername: account?.username ?? null,
      accountState: account?.state ?? 'gone',
      clipId: r.clip_id,
      renderId: r.render_id,
      fileName: render?.output_path ? path.basename(render.output_path) : (clip?.file_name ?? null),
      durationSec,
      tiktok: this.settings(r),
      scheduledAt: r.scheduled_at,
      approval: approval
        ? {
            id: approval.id,
            status: approval.status,
            decidedBy: approval.decided_by,
            decidedAt: approval.decided_at === null ? null : iso(approval.decided_at),
            held: approval.status === 'pending' && approval.held_at !== null,
          }
        : null,
      publish:
        r.state === 'scheduled' && r.hold_reason
          ? { ...progressOf(undefined, null, null), detail: r.hold_reason, nextCheckAt: r.hold_until ? iso(r.hold_until) : null }
          : attempt || failure
            ? progressOf(attempt, failure, account?.username ?? null)
            : null,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }
}

function progressOf(a: AttemptRow | undefined, failure: PublishFailure | null, username: string | null): PublishProgress {
  return {
    phase: failure ? 'failed' : (a?.phase ?? 'waiting'),
    attempt: a?.attempt ?? 0,
    uploadedBytes: a?.uploaded_bytes ?? 0,
    totalBytes: a?.video_size ?? 0,
    tiktokStatus: a?.tiktok_status ?? null,
    publishId: a?.publish_id ?? null,
    postUrl: a?.public_post_id ? tiktokVideoUrl(username, a.public_post_id) : null,
    failure,
    nextCheckAt: a?.next_check_at ? iso(a.next_check_at) : null,
    detail: a?.detail ?? null,
    videoAtTikTok: Boolean(a?.upload_complete || a?.last_chunk_sent),
    uploadCompletedAt: a?.upload_completed_at ? iso(a.upload_completed_at) : null,
  };
}
