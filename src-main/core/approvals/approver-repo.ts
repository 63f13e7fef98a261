// Paired Telegram approvers: a Telegram user and the chat their requests go to.
import crypto from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { Approver } from '../../../src-shared/telegram/telegram';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { Db } from '../store/database';

export interface ApproverRow {
  id: string;
  user_id: number;
  chat_id: number;
  chat_title: string | null;
  name: string;
  username: string | null;
  can_approve: number;
  time_zone: string;
  paired_at: string;
}

export function toApprover(r: ApproverRow): Approver {
  return {
    id: r.id,
    userId: r.user_id,
    chatId: r.chat_id,
    chatTitle: r.chat_title,
    name: r.name,
    username: r.username,
    canApprove: r.can_approve === 1,
    timeZone: r.time_zone,
    pairedAt: r.paired_at,
  };
}

/** "Ann (@ann)" — how decisions and lists name a person. */
export function approverLabel(a: { name: string; username: string | null }): string {
  return a.username ? `${a.name} (@${a.username})` : a.name;
}

export class ApproverRepo {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  list(): ApproverRow[] {
    return this.db.prepare('SELECT * FROM telegram_approvers ORDER BY paired_at, id').all() as ApproverRow[];
  }

  deciders(): ApproverRow[] {
    return this.list().filter((a) => a.can_approve === 1);
  }

  /** The approver, or undefined when unpaired since. */
  byId(id: string): ApproverRow | undefined {
    return this.db.prepare('SELECT * FROM telegram_approvers WHERE id = ?').get(id) as ApproverRow | undefined;
  }

  get(id: string): ApproverRow {
    const row = this.byId(id);
    if (!row) throw new AppError('NOT_FOUND', 'That approver is no longer paired.');
    return row;
  }

  find(userId: number, chatId: number): ApproverRow | undefined {
    return this.db.prepare('SELECT * FROM telegram_approvers WHERE user_id = ? AND chat_id = ?').get(userId, chatId) as ApproverRow | undefined;
  }

  /**
   * Pair (or re-pair: the same user and chat keep their row and settings, with fresh names).
   * A new approver starts results-only: whoever opens a pairing link (it may have been
   * forwarded, or read off a screen) gets no say over what is posted until the creator ticks
   * "May approve" on the desk (telegram.approvers.update with canApprove).
   */
  upsert(input: { userId: number; chatId: number; chatTitle: string | null; name: string; username: string | null; timeZone: string }): ApproverRow {
    const existing = this.find(input.userId, input.chatId);
    if (existing) {
      this.db
        .prepare('UPDATE telegram_approvers SET name = ?, username = ?, chat_title = ? WHERE id = ?')
        .run(input.name, input.username, input.chatTitle, existing.id);
      return this.get(existing.id);
    }
    const id = crypto.randomUUID();
    this.db
      .prepare(
        `INSERT INTO telegram_approvers (id, user_id, chat_id, chat_title, name, username, can_approve, time_zone, paired_at)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      )
      .run(id, input.userId, input.chatId, input.chatTitle, input.name, input.username, input.timeZone, iso(this.clock.now()));
    return this.get(id);
  }

  update(id: string, patch: { canApprove?: boolean; timeZone?: string }): ApproverRow {
    this.get(id);
    if (patch.canApprove !== undefined) this.db.prepare('UPDATE telegram_approvers SET can_approve = ? WHERE id = ?').run(patch.canApprove ? 1 : 0, id);
    if (patch.timeZone !== undefined) this.db.prepare('UPDATE telegram_approvers SET time_zone = ? WHERE id = ?').run(patch.timeZone, id);
    return this.get(id);
  }

  remove(id: string): ApproverRow {
    const row = this.get(id);
    this.db.prepare('DELETE FROM telegram_approvers WHERE id = ?').run(id);
    return row;
  }

  removeAll(): number {
    return this.db.prepare('DELETE FROM telegram_approvers').run().changes;
  }
}
