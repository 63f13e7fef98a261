// Reading and writing posts. State changes go through `applyEvent`, which asks the pure
// lifecycle (src-shared/posts/lifecycle.ts) and persists the new state together with its
// audit entry in one transaction, conditional on the state it started from.
import { AppError } from '../../../src-shared/errors';
import type { PostSummary } from '../../../src-shared/domain';
import { transition, type PostEvent, type PostState } from '../../../src-shared/posts/lifecycle';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { EventBus } from '../event-bus';
import type { Db } from '../store/database';

interface PostRow {
  id: string;
  state: PostState;
  caption: string;
  account_id: string | null;
  scheduled_at: string | null;
  created_at: string;
  updated_at: string;
}

const toSummary = (r: PostRow): PostSummary => ({
  id: r.id,
  state: r.state,
  caption: r.caption,
  accountId: r.account_id,
  accountName: null,
  clipId: null,
  renderId: null,
  fileName: null,
  durationSec: null,
  tiktok: null,
  publish: null,
  scheduledAt: r.scheduled_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class PostRepo {
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
    return rows.map(toSummary);
  }

  get(id: string): PostSummary {
    const row = this.db.prepare('SELECT * FROM posts WHERE id = ?').get(id) as PostRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No post with id ${id}.`);
    return toSummary(row);
  }

  /** Move a post through its lifecycle; refused transitions throw CONFLICT with the reason. */
  applyEvent(id: string, event: PostEvent, actor: string, detail?: string): PostSummary {
    const result = this.db.transaction(() => {
      const current = this.get(id);
      const t = transition(current.state, event);
      if (!t.ok) throw new AppError('CONFLICT', t.reason);
      const at = iso(this.clock.now());
      // Conditional on the state we read: a concurrent change makes this a no-op we detect.
      const info = this.db
        .prepare('UPDATE posts SET state = ?, updated_at = ? WHERE id = ? AND state = ?')
        .run(t.to, at, id, current.state);
      if (info.changes !== 1) throw new AppError('CONFLICT', 'The post changed while this was being applied; try again.');
      this.audit.append({ actor, action: `post.${event}`, subject: id, detail: detail ?? `${t.from} → ${t.to}` });
      return this.get(id);
    })();
    this.bus.emit('posts.changed', result);
    return result;
  }
}
