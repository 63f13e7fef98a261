// Approvals, their copies on Telegram and the questions the bot waits on, in SQLite. The one
// write that matters is `claimDecision`: a conditional update of a pending approval, so exactly
// one of any number of simultaneous decisions wins.
import crypto from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { ApprovalStatus } from '../../../src-shared/posts/post';
import type { Db } from '../store/database';

export interface ApprovalRow {
  id: string;
  post_id: string;
  status: ApprovalStatus;
  requested_at: number;
  deadline: number | null;
  /**
   * When the no-answer rule held this request's post: its record (the rule holds once per
   * deadline; an export keeps it). Nothing shows from it: whether a post is held, and since
   * when, is the post's typed hold (posts.hold_kind no_answer, isApprovalHeld).
   */
  held_at: number | null;
  decided_at: number | null;
  decided_by: string | null;
  decided_actor: string | null;
  decided_via: string | null;
}

export type MessageState = 'queued' | 'sending' | 'sent' | 'failed';
export interface ApprovalMessageRow {
  id: number;
  approval_id: string;
  approver_id: string;
  chat_id: number;
  message_id: number | null;
  kind: 'video' | 'text';
  state: MessageState;
  problem: string | null;
  next_try_at: number | null;
  preview: number;
}

export interface PromptRow {
  id: string;
  kind: 'caption' | 'time';
  approval_id: string;
  chat_id: number;
  user_id: number;
  prompt_message_id: number | null;
  state: 'awaiting' | 'confirming' | 'done' | 'cancelled';
  proposed: string | null;
  created_at: number;
  expires_at: number;
}

/** 12 base64url characters: short enough for callback data, too many to guess. */
export const shortId = (): string => crypto.randomBytes(9).toString('base64url');

export interface DecisionRecord {
  status: 'approved' | 'rejected' | 'cancelled';
  by: string;
  actor: string;
  via: 'app' | 'telegram' | 'cli' | 'browser' | 'rule';
  at: number;
}

export class ApprovalRepo {
  constructor(private readonly db: Db) {}

  create(postId: string, requestedAt: number, deadline: number | null): ApprovalRow {
    const id = shortId();
    this.db.prepare("INSERT INTO approvals (id, post_id, status, requested_at, deadline) VALUES (?, ?, 'pending', ?, ?)").run(id, postId, requestedAt, deadline);
    return this.get(id);
  }

  find(id: string): ApprovalRow | undefined {
    return this.db.prepare('SELECT * FROM approvals WHERE id = ?').get(id) as ApprovalRow | undefined;
  }

  get(id: string): ApprovalRow {
    const row = this.find(id);
    if (!row) throw new AppError('NOT_FOUND', 'No such approval request.');
    return row;
  }

  latestFor(postId: string): ApprovalRow | undefined {
    return this.db.prepare('SELECT * FROM approvals WHERE post_id = ? ORDER BY requested_at DESC, rowid DESC LIMIT 1').get(postId) as ApprovalRow | undefined;
  }

  pendingFor(postId: string): ApprovalRow | undefined {
    return this.db.prepare("SELECT * FROM approvals WHERE post_id = ? AND status = 'pending'").get(postId) as ApprovalRow | undefined;
  }

  /** Waiting ones (oldest first), then the most recent decisions. */
  list(limit: number): ApprovalRow[] {
    const pending = this.db.prepare("SELECT * FROM approvals WHERE status = 'pending' ORDER BY requested_at, rowid").all() as ApprovalRow[];
    const decided = this.db
      .prepare("SELECT * FROM approvals WHERE status != 'pending' ORDER BY decided_at DESC, rowid DESC LIMIT ?")
      .all(Math.max(0, limit - pending.length)) as ApprovalRow[];
    return [...pending, ...decided].slice(0, limit);
  }

  pending(): ApprovalRow[] {
    return this.db.prepare("SELECT * FROM approvals WHERE status = 'pending' ORDER BY requested_at, rowid").all() as ApprovalRow[];
  }

  /** The decision, if this call is the one that makes it; false when already decided. */
  claimDecision(id: string, d: DecisionRecord): boolean {
    return (
      this.db
        .prepare(
          `UPDATE approvals SET status = ?, decided_at = ?, decided_by = ?, decided_actor = ?, decided_via = ?
           WHERE id = ? AND status = 'pending'`,
        )
        .run(d.status, d.at, d.by, d.actor, d.via, id).changes === 1
    );
  }

  setDeadline(id: string, deadline: number | null): void {
    this.db.prepare('UPDATE approvals SET deadline = ?, held_at = NULL WHERE id = ?').run(deadline, id);
  }

  markHeld(id: string, at: number): boolean {
    return this.db.prepare("UPDATE approvals SET held_at = ? WHERE id = ? AND status = 'pending' AND held_at IS NULL").run(at, id).changes === 1;
  }

  // ── Telegram copies ──────────────────────────────────────────────────────────────────────

  addMessage(approvalId: string, approverId: string, chatId: number): ApprovalMessageRow | undefined {
    const info = this.db
      .prepare("INSERT OR IGNORE INTO approval_messages (approval_id, approver_id, chat_id, state) VALUES (?, ?, ?, 'queued')")
      .run(approvalId, approverId, chatId);
    return info.changes ? this.message(Number(info.lastInsertRowid)) : undefined;
  }

  message(id: number): ApprovalMessageRow | undefined {
    return this.db.prepare('SELECT * FROM approval_messages WHERE id = ?').get(id) as ApprovalMessageRow | undefined;
  }

  messages(approvalId: string): ApprovalMessageRow[] {
    return this.db.prepare('SELECT * FROM approval_messages WHERE approval_id = ? ORDER BY id').all(approvalId) as ApprovalMessageRow[];
  }

  messageInChat(approvalId: string, chatId: number): ApprovalMessageRow | undefined {
    return this.db.prepare('SELECT * FROM approval_messages WHERE approval_id = ? AND chat_id = ? ORDER BY id LIMIT 1').get(approvalId, chatId) as
      | ApprovalMessageRow
      | undefined;
  }

  updateMessage(id: number, patch: Partial<Pick<ApprovalMessageRow, 'message_id' | 'kind' | 'state' | 'problem' | 'next_try_at' | 'preview'>>): void {
    const keys = Object.keys(patch) as (keyof typeof patch)[];
    if (!keys.length) return;
    this.db.prepare(`UPDATE approval_messages SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...patch, id });
  }

  // ── Questions the bot waits on ───────────────────────────────────────────────────────────

  addPrompt(p: Omit<PromptRow, 'id' | 'state' | 'proposed' | 'prompt_message_id'>): PromptRow {
    const id = shortId();
    // One open question per person and chat: a new one replaces the old.
    this.db
      .prepare("UPDATE telegram_prompts SET state = 'cancelled' WHERE chat_id = ? AND user_id = ? AND state IN ('awaiting', 'confirming')")
      .run(p.chat_id, p.user_id);
    this.db
      .prepare(
        `INSERT INTO telegram_prompts (id, kind, approval_id, chat_id, user_id, state, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, 'awaiting', ?, ?)`,
      )
      .run(id, p.kind, p.approval_id, p.chat_id, p.user_id, p.created_at, p.expires_at);
    return this.prompt(id)!;
  }

  prompt(id: string): PromptRow | undefined {
    return this.db.prepare('SELECT * FROM telegram_prompts WHERE id = ?').get(id) as PromptRow | undefined;
  }

  /**
   * The question a reply answers: the one it replies to — and nothing when it replies to any
   * other message (a closed question, another post's video: guessing could move the wrong
   * post) — or, for a plain message, the person's open question in that chat.
   */
  openPrompt(chatId: number, userId: number, replyTo: number | undefined, now: number): PromptRow | undefined {
    const open = this.db
      .prepare("SELECT * FROM telegram_prompts WHERE chat_id = ? AND user_id = ? AND state = 'awaiting' AND expires_at > ? ORDER BY created_at DESC")
      .all(chatId, userId, now) as PromptRow[];
    if (replyTo !== undefined) return open.find((p) => p.prompt_message_id === replyTo);
    return open[0];
  }

  setPromptMessage(id: string, messageId: number): void {
    this.db.prepare('UPDATE telegram_prompts SET prompt_message_id = ? WHERE id = ?').run(messageId, id);
  }

  /** Move a question on, only from the state it is expected in (redelivered replies do nothing twice). */
  advancePrompt(id: string, from: PromptRow['state'], to: PromptRow['state'], proposed?: string): boolean {
    return (
      this.db
        .prepare('UPDATE telegram_prompts SET state = ?, proposed = COALESCE(?, proposed) WHERE id = ? AND state = ?')
        .run(to, proposed ?? null, id, from).changes === 1
    );
  }
}
