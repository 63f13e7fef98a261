// The activity log: append-only entries of everything that changed something. Callers pass
// plain words; redact() strips anything shaped like a secret as a last line of defence, but
// the rule is that secrets are never handed to the log in the first place.
import { AppError } from '../../../src-shared/errors';
import { foldedQuery } from '../../../src-shared/posts/post-search';
import type { ActivityEntry } from '../../../src-shared/domain';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { EventBus } from '../event-bus';
import type { Db } from '../store/database';
import { redact } from './redact';

export interface AuditInput {
  actor: string;
  action: string;
  subject?: string | null;
  detail?: string | null;
}

/** An activity entry as the database stores it. */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: string | null;
}

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly bus: EventBus,
  ) {}

  append(input: AuditInput): ActivityEntry {
    const at = iso(this.clock.now());
    const detail = input.detail == null ? null : redact(input.detail);
    const info = this.db
      .prepare('INSERT INTO audit_entries (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)')
      .run(at, input.actor, input.action, input.subject ?? null, detail);
    const entry: ActivityEntry = {
      id: Number(info.lastInsertRowid),
      at,
      actor: input.actor,
      action: input.action,
      subject: input.subject ?? null,
      detail,
    };
    if (this.db.inTransaction) {
      // Inside a transaction (a post's state change with its entry): announce the entry only
      // once it is committed. better-sqlite3 transactions are synchronous, so a microtask runs
      // after the commit or rollback; a rolled-back entry is never announced.
      queueMicrotask(() => {
        if (this.db.open && this.db.prepare('SELECT 1 FROM audit_entries WHERE id = ?').get(entry.id)) {
          this.bus.emit('activity.appended', entry);
        }
      });
    } else {
      this.bus.emit('activity.appended', entry);
    }
    return entry;
  }

  list(options: ActivityFilter & { beforeId?: number; limit?: number } = {}): ActivityEntry[] {
    const { where, args } = filterSql(options);
    if (options.beforeId) {
      where.push('id < ?');
      args.push(options.beforeId);
    }
    const sql = `SELECT id, at, actor, action, subject, detail FROM audit_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return this.db.prepare(sql).all(...args, options.limit ?? 100) as AuditRow[];
  }

  /**
   * One page of the filtered log, newest first, after `cursor` (keyset on the id, so entries
   * appended meanwhile never shift a page), the next page's cursor and how many match in all.
   */
  search(options: ActivityFilter & { cursor?: string; limit?: number }): { entries: ActivityEntry[]; nextCursor: string | null; total: number } {
    const limit = options.limit ?? 50;
    const { where, args } = filterSql(options);
    const before = options.cursor === undefined ? null : decodeActivityCursor(options.cursor);
    const page = before === null ? where : [...where, 'id < ?'];
    const rows = this.db
      .prepare(`SELECT id, at, actor, action, subject, detail FROM audit_entries ${page.length ? `WHERE ${page.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`)
      .all(...args, ...(before === null ? [] : [before]), limit + 1) as AuditRow[];
    const { total } = this.db
      .prepare(`SELECT COUNT(*) AS total FROM audit_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`)
      .get(...args) as { total: number };
    const entries = rows.slice(0, limit);
    const last = entries.at(-1);
    return { entries, nextCursor: rows.length > limit && last ? Buffer.from(`a:${last.id}`).toString('base64url') : null, total };
  }

  /** Every entry about these subjects (a post and its render), oldest first. */
  about(subjects: readonly string[]): ActivityEntry[] {
    if (!subjects.length) return [];
    return this.db
      .prepare(`SELECT id, at, actor, action, subject, detail FROM audit_entries WHERE subject IN (${subjects.map(() => '?').join(',')}) ORDER BY id`)
      .all(...subjects) as AuditRow[];
  }

  /** The log as filtered, oldest first, as CSV for a spreadsheet (secrets never reach the log, so none reach this). */
  exportCsv(filter: ActivityFilter = {}): { csv: string; rows: number } {
    const { where, args } = filterSql(filter);
    const rows = this.db
      .prepare(`SELECT id, at, actor, action, subject, detail FROM audit_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`)
      .all(...args) as AuditRow[];
    const lines = [['id', 'time (UTC)', 'who', 'what', 'subject', 'detail'], ...rows.map((r) => [String(r.id), r.at, r.actor, r.action, r.subject ?? '', r.detail ?? ''])];
    return { csv: `${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`, rows: rows.length };
  }
}

export interface ActivityFilter {
  /** Words anywhere in the entry. */
  query?: string;
  /** Action prefixes: 'post.' matches post.approve, post.rescheduled… */
  actions?: readonly string[];
  /** An actor, or a family of actors: 'telegram' matches telegram:501. */
  actor?: string;
  /** ISO times (any offset), inclusive. */
  from?: string;
  to?: string;
}

function decodeActivityCursor(raw: string): number {
  const m = /^a:(\d{1,15})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!m) throw new AppError('BAD_INPUT', 'That cursor is not one an activity search gave; start again without it.');
  return Number(m[1]);
}

const like = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterSql(f: ActivityFilter): { where: string[]; args: (string | number)[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.query) {
    // Folded as post search folds (Unicode case, not only ASCII's): src-shared/posts/post-search.ts.
    const q = foldedQuery(f.query);
    if (q) {
      where.push('(instr(clipdesk_fold(action), ?) > 0 OR instr(clipdesk_fold(actor), ?) > 0 OR instr(clipdesk_fold(subject), ?) > 0 OR instr(clipdesk_fold(detail), ?) > 0)');
      args.push(q, q, q, q);
    }
  }
  if (f.actions?.length) {
    where.push(`(${f.actions.map(() => "action LIKE ? ESCAPE '\\'").join(' OR ')})`);
    args.push(...f.actions.map((a) => `${like(a)}%`));
  }
  if (f.actor) {
    where.push("(actor = ? OR actor LIKE ? ESCAPE '\\')");
    args.push(f.actor, `${like(f.actor)}:%`);
  }
  // Stored as toISOString() (UTC, fixed width), so normalised bounds compare as text.
  if (f.from) {
    where.push('at >= ?');
    args.push(new Date(f.from).toISOString());
  }
  if (f.to) {
    where.push('at <= ?');
    args.push(new Date(f.to).toISOString());
  }
  return { where, args };
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field a
 * spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an apostrophe, so an
 * entry written by a stranger on Telegram cannot become a formula on the creator's machine.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
