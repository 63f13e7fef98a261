// Retention (Settings → My data): once a day, a durable job
//   (a) deletes the media (render outputs and covers, uploaded copies in the data folder) of
//       posts published more than `mediaRetentionDays` ago — the post's record stays, and an
//       activity entry says when its media was removed. A file another post not yet published
//       still needs is never touched, nor any file outside the data folder;
//   (b) removes activity entries older than `logRetentionDays` — the one deletion the
//       append-only log allows — and writes one entry saying how many went;
//   (c) prunes the Telegram preview cache (7 days unused).
// null settings keep everything. The job re-enqueues itself for the next day with a dedupe key
// per day, on the injected clock.
import { z } from 'zod';
import path from 'node:path';
import type { Settings } from '../../../src-shared/settings';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { JobContext, JobRunner } from '../jobs/job-runner';
import { jobKind } from '../jobs/job-kind';
import type { Db } from '../store/database';
import { pruneTelegramMediaCache } from '../telegram/telegram-media';
import { deleteDataFile } from '../instance/data-files';
import { TELEGRAM_MEDIA_FOLDER } from '../instance/data-layout';
import { removablePostMedia } from './post-media';

/** Retention is a rule of Clipdesk's own, run by a daily job: nobody asked for what it deletes, the creator's setting did. */
const RETENTION = 'rule:retention';

export const RETENTION_JOB = jobKind('data.retention', z.object({ day: z.string() }));
export const TELEGRAM_CACHE_MAX_AGE_MS = 7 * 24 * 3600_000;
const DAY_MS = 24 * 3600_000;

export interface RetentionDeps {
  dataDir: string;
  db: Db;
  clock: Clock;
  audit: AuditLog;
  jobs: JobRunner;
  settings: () => Settings;
  /** Told when a clip's uploaded source was deleted (the library marks it missing). */
  onSourcesChanged?: () => void;
}

export interface RetentionResult {
  postsCleared: number;
  filesDeleted: number;
  activityRemoved: number;
  telegramCacheRemoved: number;
}

const dayOf = (ms: number): string => iso(ms).slice(0, 10);

export class Retention {
  constructor(private readonly deps: RetentionDeps) {}

  /** The job: today's sweep, then tomorrow's run queued (even when this one failed). */
  async run(_ctx: JobContext<{ day: string }>): Promise<void> {
    const now = this.deps.clock.now();
    try {
      this.sweep(now);
    } finally {
      this.enqueue(now + DAY_MS);
    }
  }

  /** Queue the run for the day of `at` (once per day, however often this is asked). */
  enqueue(at: number = this.deps.clock.now()): void {
    const day = dayOf(at);
    this.deps.jobs.enqueue(RETENTION_JOB, { day }, { runAt: at, dedupeKey: `${RETENTION_JOB.name}:${day}` });
  }

  sweep(now: number): RetentionResult {
    const settings = this.deps.settings();
    const media = settings.mediaRetentionDays === null ? { postsCleared: 0, filesDeleted: 0 } : this.sweepMedia(now, settings.mediaRetentionDays);
    const activityRemoved = settings.logRetentionDays === null ? 0 : this.sweepActivity(now, settings.logRetentionDays);
    const telegramCacheRemoved = pruneTelegramMediaCache(path.join(this.deps.dataDir, TELEGRAM_MEDIA_FOLDER), TELEGRAM_CACHE_MAX_AGE_MS, now);
    return { ...media, activityRemoved, telegramCacheRemoved };
  }

  private sweepMedia(now: number, days: number): { postsCleared: number; filesDeleted: number } {
    const { db, dataDir, audit } = this.deps;
    // When TikTok finished with it: the attempt that published (or sent it to the inbox).
    const rows = db
      .prepare(
        `SELECT p.id, p.clip_id, p.render_id,
                COALESCE((SELECT MAX(a.updated_at) FROM publish_attempts a WHERE a.post_id = p.id AND a.phase IN ('published', 'inbox')), p.updated_at) AS published_at
         FROM posts p WHERE p.state = 'published'`,
      )
      .all() as { id: string; clip_id: string | null; render_id: string | null; published_at: string }[];
    const cutoff = iso(now - days * DAY_MS);
    let postsCleared = 0;
    let filesDeleted = 0;
    let sourceGone = false;
    for (const post of rows) {
      if (post.published_at >= cutoff) continue;
      const { files, sourceOf } = removablePostMedia(db, dataDir, post, 'retention');
      const deleted = files.filter((f) => deleteDataFile(dataDir, f));
      if (!deleted.length) continue;
      if (sourceOf) sourceGone = true;
      postsCleared++;
      filesDeleted += deleted.length;
      audit.append({
        actor: RETENTION,
        action: 'post.media_removed',
        subject: post.id,
        detail: `Media removed on ${dayOf(now)}, ${days} day${days === 1 ? '' : 's'} after publishing (your retention setting); the post's record stays: ${deleted.map((f) => path.relative(dataDir, f)).join(', ')}`,
      });
    }
    if (sourceGone) this.deps.onSourcesChanged?.();
    return { postsCleared, filesDeleted };
  }

  private sweepActivity(now: number, days: number): number {
    const { db, audit } = this.deps;
    return db.transaction(() => {
      const removed = db.prepare('DELETE FROM audit_entries WHERE at < ?').run(iso(now - days * DAY_MS)).changes;
      if (removed > 0) {
        audit.append({
          actor: RETENTION,
          action: 'activity.pruned',
          subject: null,
          detail: `Removed ${removed} activity entr${removed === 1 ? 'y' : 'ies'} older than ${days} days (your retention setting).`,
        });
      }
      return removed;
    })();
  }
}
