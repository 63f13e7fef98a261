// The activity log: append-only entries of everything that changed something. Callers pass
// plain words; redact() strips anything shaped like a secret as a last line of defence, but
// the rule is that secrets are never handed to the log in the first place.
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

interface Row {
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

  list(options: { query?: string; beforeId?: number; limit?: number } = {}): ActivityEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (options.beforeId) {
      where.push('id < ?');
      args.push(options.beforeId);
    }
    if (options.query) {
      where.push("(action LIKE ? ESCAPE '\\' OR actor LIKE ? ESCAPE '\\' OR subject LIKE ? ESCAPE '\\' OR detail LIKE ? ESCAPE '\\')");
      const like = `%${options.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      args.push(like, like, like, like);
    }
    const sql = `SELECT id, at, actor, action, subject, detail FROM audit_entries ${
      where.length ? `WHERE ${where.join(' AND ')}` : ''
    } ORDER BY id DESC LIMIT ?`;
    return this.db.prepare(sql).all(...args, options.limit ?? 100) as Row[];
  }
}
