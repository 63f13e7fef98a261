// Durable jobs: work that takes time (renders, uploads, status polls, Telegram sends) is a
// row in SQLite before it starts, so a crash or a quit loses nothing. A job is leased while
// it runs, commits checkpoints as it goes (a resumed job starts from its last checkpoint),
// is retried with exponential backoff and jitter, and can be cancelled.
//
// Only the process holding the data-folder lock runs a JobRunner, so at start every job
// still marked running belongs to a process that died: it is requeued at once.
import crypto from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import { describeMismatch, type JobKind } from './job-kind';
import type { JobState, JobSummary } from '../../../src-shared/domain';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { EventBus } from '../event-bus';
import type { Db } from '../store/database';
import { redact } from '../audit/redact';

export interface JobContext<P, C = unknown> {
  readonly id: string;
  readonly payload: P;
  /** 1 on the first run, 2 on the first retry … */
  readonly attempt: number;
  /** The last checkpoint committed by an earlier run of this job, or null. */
  readonly checkpoint: C | null;
  /** Aborted when the job is cancelled or the runner stops. */
  readonly signal: AbortSignal;
  /** Commit a step durably: a resumed job sees it as `checkpoint`. */
  saveCheckpoint(step: C): void;
  /** 0..1 */
  progress(fraction: number): void;
}

export type JobHandler<P = unknown, C = unknown> = (ctx: JobContext<P, C>) => Promise<void>;

/**
 * How a handler says what its failure means: retried later (with backoff, while attempts remain)
 * or final. The runner never guesses from an error's class (docs/architecture.md §3, "Typed
 * jobs"); a handler that knows a failure will repeat (a corrupt file, a refused setting) says
 * `permanent`, one that knows it may pass (the network, a busy disk) says `retryable`.
 */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';
  constructor(
    readonly retry: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
/** A failure that another attempt may not meet: the job is tried again after a backoff. */
export const retryable = (err: unknown): JobFailure => (err instanceof JobFailure && err.retry ? err : new JobFailure(true, messageOf(err), { cause: err }));
/** A failure that trying again cannot fix: the job fails now, whatever attempts remain. */
export const permanent = (err: unknown): JobFailure => (err instanceof JobFailure && !err.retry ? err : new JobFailure(false, messageOf(err), { cause: err }));

/**
 * Throw this to put a job back to sleep until `untilMs` without using up an attempt: a post
 * not yet due, a rate-limit window, the next status check. The job keeps its checkpoint.
 */
export class DeferJob extends Error {
  override readonly name = 'DeferJob';
  constructor(
    readonly untilMs: number,
    reason = 'waiting',
  ) {
    super(reason);
  }
}

export interface KindOptions {
  maxAttempts: number;
  concurrency: number;
}

export interface EnqueueOptions {
  runAt?: number;
  maxAttempts?: number;
  /** At most one job with this key ever exists: enqueueing it again returns the first. */
  dedupeKey?: string;
}

export interface JobRunnerOptions {
  db: Db;
  clock: Clock;
  bus: EventBus;
  leaseMs?: number;
  pollMs?: number;
  /** Delay before retry number `attempt` (1-based), before jitter. */
  backoffMs?: (attempt: number) => number;
  random?: () => number;
  /** How long stop() waits for running handlers to honour their abort signal. */
  stopGraceMs?: number;
  /** Where a failed timer tick is reported. */
  onError?: (err: unknown) => void;
}

interface JobRow {
  id: string;
  kind: string;
  payload_json: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_after: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  checkpoint_json: string | null;
  progress: number | null;
  last_error: string | null;
  cancel_requested: number;
  created_at: string;
  updated_at: string;
}

const defaultBackoff = (attempt: number): number => Math.min(5_000 * 2 ** (attempt - 1), 15 * 60_000);

export class JobRunner {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly bus: EventBus;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly random: () => number;
  private readonly stopGraceMs: number;
  private readonly onError: (err: unknown) => void;
  private readonly owner = `runner-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  private readonly handlers = new Map<string, { kind: JobKind<unknown, unknown>; handler: JobHandler<never, never>; options: KindOptions }>();
  private readonly running = new Map<string, { kind: string; controller: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | null = null;
  /** A wake-up at the next queued job's due time, so a scheduled post goes at its second, not at the next poll. */
  private wake: { at: number; timer: NodeJS.Timeout } | null = null;
  private ticking = false;
  private stopped = true;

  constructor(options: JobRunnerOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.bus = options.bus;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.backoffMs = options.backoffMs ?? defaultBackoff;
    this.random = options.random ?? Math.random;
    this.stopGraceMs = options.stopGraceMs ?? 5_000;
    this.onError = options.onError ?? ((err) => process.stderr.write(`clipdesk: job runner: ${err instanceof Error ? err.message : String(err)}\n`));
  }

  register<P, C = unknown>(kind: JobKind<P, C>, handler: JobHandler<P, C>, options: Partial<KindOptions> = {}): void {
    this.handlers.set(kind.name, {
      kind: kind as JobKind<unknown, unknown>,
      handler: handler as JobHandler<never, never>,
      options: { maxAttempts: options.maxAttempts ?? 5, concurrency: options.concurrency ?? 1 },
    });
  }

  /** Change how many jobs of a kind run at once (a setting such as parallel renders). */
  setConcurrency(kind: Pick<JobKind, 'name'>, concurrency: number): void {
    const entry = this.handlers.get(kind.name);
    if (!entry) throw new Error(`No handler registered for job kind ${kind.name}`);
    entry.options.concurrency = Math.max(1, Math.floor(concurrency));
    // Jobs already running above a lowered limit finish; a raised limit takes effect now.
    this.nudge();
  }

  /** Adds a job; its payload must fit its kind (a payload that does not is a mistake in the caller, refused here). */
  enqueue<P>(kind: JobKind<P, unknown>, payload: P, options: EnqueueOptions = {}): JobSummary {
    const parsed = kind.payload.safeParse(payload);
    if (!parsed.success) throw new Error(`A ${kind.name} job cannot carry this payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const now = this.clock.now();
    if (options.dedupeKey) {
      const existing = this.db.prepare('SELECT * FROM jobs WHERE dedupe_key = ?').get(options.dedupeKey) as JobRow | undefined;
      if (existing) return toSummary(existing);
    }
    const id = crypto.randomUUID();
    const maxAttempts = options.maxAttempts ?? this.handlers.get(kind.name)?.options.maxAttempts ?? 5;
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, payload_json, state, attempts, max_attempts, run_after, dedupe_key, created_at, updated_at)
         VALUES (?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?)`,
      )
      .run(id, kind.name, JSON.stringify(payload ?? null), maxAttempts, options.runAt ?? now, options.dedupeKey ?? null, iso(now), iso(now));
    const job = this.emit(id);
    this.nudge();
    return job;
  }

  /** Queued jobs of `kind` whose payload has `key` = `value` (e.g. a post's publish job). */
  queuedFor<P>(kind: JobKind<P, unknown>, key: keyof P & string, value: string): string[] {
    const rows = this.db
      .prepare("SELECT id FROM jobs WHERE kind = ? AND state = 'queued' AND json_extract(payload_json, '$.' || ?) = ?")
      .all(kind.name, key, value) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Queued or running jobs of `kind` whose payload has `key` = `value`, with when each is due. */
  activeFor<P>(kind: JobKind<P, unknown>, key: keyof P & string, value: string): { id: string; state: 'queued' | 'running'; runAfter: number }[] {
    return this.db
      .prepare(
        "SELECT id, state, run_after AS runAfter FROM jobs WHERE kind = ? AND state IN ('queued', 'running') AND json_extract(payload_json, '$.' || ?) = ?",
      )
      .all(kind.name, key, value) as { id: string; state: 'queued' | 'running'; runAfter: number }[];
  }

  /** Make a queued job due at `at` (sooner or later than it was). */
  runAt(id: string, at: number): void {
    this.db.prepare("UPDATE jobs SET run_after = ?, updated_at = ? WHERE id = ? AND state = 'queued'").run(at, iso(this.clock.now()), id);
    this.emit(id);
    this.nudge();
  }

  get(id: string): JobSummary {
    return toSummary(this.row(id));
  }

  list(states?: readonly JobState[]): JobSummary[] {
    const rows = (
      states && states.length
        ? this.db
            .prepare(`SELECT * FROM jobs WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY created_at DESC LIMIT 500`)
            .all(...states)
        : this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC LIMIT 500').all()
    ) as JobRow[];
    return rows.map(toSummary);
  }

  /** Requeue jobs left running by a process that died (we hold the data lock, so none is live). */
  recoverOrphans(): number {
    // An orphan whose cancel was requested while its process was down ends cancelled: queued
    // with cancel_requested set, claim() would skip it forever and it would never end.
    const info = this.db
      .prepare(
        `UPDATE jobs SET state = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'queued' END,
           lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
         WHERE state = 'running' AND (lease_owner IS NULL OR lease_owner != ?)`,
      )
      .run(iso(this.clock.now()), this.owner);
    return info.changes;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.recoverOrphans();
    this.timer = setInterval(() => this.safeTick(), this.pollMs);
    this.timer.unref?.();
    this.nudge();
  }

  /**
   * Stop taking jobs and abort the running ones. Their rows stay `running` with this
   * runner's lease; they are released back to `queued` here so the next start resumes them
   * from their last checkpoint.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.wake) clearTimeout(this.wake.timer);
    this.wake = null;
    const inflight = [...this.running.values()];
    for (const r of inflight) r.controller.abort(new Error('Clipdesk is shutting down'));
    // Quitting must not hang on a handler that ignores its abort signal: after the grace
    // period its row stays `running` under our lease and the next start requeues it.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(inflight.map((r) => r.done)),
      new Promise((resolve) => {
        timer = setTimeout(resolve, this.stopGraceMs);
      }),
    ]);
    clearTimeout(timer);
  }

  cancel(id: string): JobSummary {
    const row = this.row(id);
    if (row.state === 'succeeded' || row.state === 'failed' || row.state === 'cancelled') {
      throw new AppError('CONFLICT', `This job already ${row.state === 'cancelled' ? 'was cancelled' : row.state}; there is nothing to cancel.`);
    }
    const now = iso(this.clock.now());
    if (row.state === 'queued') {
      this.db.prepare("UPDATE jobs SET state = 'cancelled', updated_at = ? WHERE id = ? AND state = 'queued'").run(now, id);
    } else {
      this.db.prepare('UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ?').run(now, id);
      this.running.get(id)?.controller.abort(new Error('Cancelled'));
    }
    return this.emit(id);
  }

  retry(id: string): JobSummary {
    const row = this.row(id);
    if (row.state !== 'failed' && row.state !== 'cancelled') {
      throw new AppError('CONFLICT', `Only a failed or cancelled job can be retried; this one is ${row.state}.`);
    }
    const now = this.clock.now();
    this.db
      .prepare(
        `UPDATE jobs SET state = 'queued', attempts = 0, run_after = ?, last_error = NULL, cancel_requested = 0, progress = NULL, updated_at = ?
         WHERE id = ?`,
      )
      .run(now, iso(now), id);
    const job = this.emit(id);
    this.nudge();
    return job;
  }

  /**
   * Claim every due job the concurrency limits allow and start it. Returns the number
   * started. Tests call this directly with a controlled clock; the timer calls it otherwise.
   */
  async tick(): Promise<number> {
    if (this.ticking) return 0;
    this.ticking = true;
    let started = 0;
    try {
      for (const [kind, { options }] of this.handlers) {
        let active = [...this.running.values()].filter((r) => r.kind === kind).length;
        while (active < options.concurrency) {
          const row = this.claim(kind);
          if (!row) break;
          // One whose stored payload no longer fits failed on the spot: it takes no slot.
          if (!this.launch(row)) continue;
          active++;
          started++;
        }
      }
    } finally {
      this.ticking = false;
    }
    this.armWake();
    return started;
  }

  /**
   * Sets a timer for the earliest queued job that is not yet due (the poll stays as the safety
   * net, and catches up after the computer slept or the clock was moved).
   */
  private armWake(): void {
    if (this.stopped || !this.db.open) return;
    const now = this.clock.now();
    // Future jobs only: a due job waiting for a free slot must not hide the next one's time.
    const next = (this.db.prepare("SELECT MIN(run_after) AS at FROM jobs WHERE state = 'queued' AND cancel_requested = 0 AND run_after > ?").get(now) as { at: number | null }).at;
    if (next === null || next <= now || next - now > this.pollMs * 60) return;
    if (this.wake && this.wake.at === next) return;
    if (this.wake) clearTimeout(this.wake.timer);
    const timer = setTimeout(() => {
      this.wake = null;
      this.safeTick();
    }, next - now);
    timer.unref?.();
    this.wake = { at: next, timer };
  }

  /** Resolves when every job started so far has finished (tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  private nudge(): void {
    if (this.stopped) return;
    // Checked again when it fires: stop() (and then db.close()) may come in between, and a
    // tick on a closed database would be an unhandled rejection during shutdown.
    setImmediate(() => {
      if (!this.stopped) this.safeTick();
    });
  }

  /** A tick from a timer: a failure (a busy or closed database) is reported, never unhandled. */
  private safeTick(): void {
    this.tick().catch((err: unknown) => this.onError(err));
  }

  private claim(kind: string): JobRow | undefined {
    const now = this.clock.now();
    return this.db
      .prepare(
        `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = @owner, lease_expires_at = @lease, updated_at = @at
         WHERE id = (
           SELECT id FROM jobs
           WHERE kind = @kind AND cancel_requested = 0
             AND ((state = 'queued' AND run_after <= @now)
               -- Never our own lease: a job this runner is still running only looks expired
               -- when the clock jumped (sleep, a blocked loop); taking it again would run it twice.
               OR (state = 'running' AND lease_expires_at < @now AND lease_owner IS NOT @owner))
           ORDER BY run_after, created_at LIMIT 1)
         RETURNING *`,
      )
      .get({ owner: this.owner, lease: now + this.leaseMs, at: iso(now), kind, now }) as JobRow | undefined;
  }

  /** Starts a claimed job; false when it could not start (its stored payload no longer fits). */
  private launch(row: JobRow): boolean {
    const entry = this.handlers.get(row.kind);
    if (!entry) return false;
    // Parsed on claim (job-kind.ts): what an older version stored may no longer fit.
    const stored = this.parseStored(entry.kind, row);
    if (!stored.ok) {
      this.finish(row.id, { state: 'failed', error: stored.error });
      return false;
    }
    const controller = new AbortController();
    this.emit(row.id);
    const heartbeat = setInterval(() => {
      // A handler that outlived stop() keeps its lease (the next start requeues the job);
      // the database may already be closed.
      if (this.stopped) return;
      this.db
        .prepare('UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND lease_owner = ?')
        .run(this.clock.now() + this.leaseMs, row.id, this.owner);
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    heartbeat.unref?.();

    let lastProgress = -1;
    const ctx: JobContext<unknown, unknown> = {
      id: row.id,
      payload: stored.payload,
      attempt: row.attempts,
      checkpoint: stored.checkpoint,
      signal: controller.signal,
      saveCheckpoint: (step) => {
        this.db
          .prepare('UPDATE jobs SET checkpoint_json = ?, updated_at = ? WHERE id = ? AND lease_owner = ?')
          .run(JSON.stringify(step), iso(this.clock.now()), row.id, this.owner);
      },
      progress: (fraction) => {
        const p = Math.max(0, Math.min(1, fraction));
        if (Math.abs(p - lastProgress) < 0.01 && p !== 1) return;
        lastProgress = p;
        this.db.prepare('UPDATE jobs SET progress = ? WHERE id = ?').run(p, row.id);
        this.emit(row.id);
      },
    };

    const done = (async () => {
      try {
        await (entry.handler as JobHandler<unknown, unknown>)(ctx);
        this.finish(row.id, { state: 'succeeded' });
      } catch (err) {
        this.fail(row, err, controller.signal);
      } finally {
        clearInterval(heartbeat);
        this.running.delete(row.id);
        this.nudge();
      }
    })();
    this.running.set(row.id, { kind: row.kind, controller, done });
    return true;
  }

  /** The row's payload and checkpoint as its kind declares them, or why they do not fit. */
  private parseStored(kind: JobKind<unknown, unknown>, row: JobRow): { ok: true; payload: unknown; checkpoint: unknown } | { ok: false; error: string } {
    const read = (text: string): { ok: true; value: unknown } | { ok: false } => {
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch {
        return { ok: false };
      }
    };
    const unreadable = (what: string) => `This ${row.kind} job's saved ${what} cannot be read. The job was stopped before it ran; start the work again.`;
    const rawPayload = read(row.payload_json);
    if (!rawPayload.ok) return { ok: false, error: unreadable('payload') };
    const payload = kind.payload.safeParse(rawPayload.value);
    if (!payload.success) return { ok: false, error: describeMismatch(row.kind, 'payload', payload.error) };
    if (row.checkpoint_json === null) return { ok: true, payload: payload.data, checkpoint: null };
    const rawCheckpoint = read(row.checkpoint_json);
    if (!rawCheckpoint.ok) return { ok: false, error: unreadable('checkpoint') };
    const checkpoint = kind.checkpoint.safeParse(rawCheckpoint.value);
    if (!checkpoint.success) return { ok: false, error: describeMismatch(row.kind, 'checkpoint', checkpoint.error) };
    return { ok: true, payload: payload.data, checkpoint: checkpoint.data };
  }

  private fail(row: JobRow, err: unknown, signal: AbortSignal): void {
    // Redacted as it is written: last_error is shown in the app, the CLI and exports, and a
    // handler's error may quote a URL or an answer that carries a token.
    const message = redact(err instanceof Error ? err.message : String(err));
    const current = this.row(row.id);
    if (current.cancel_requested) {
      this.finish(row.id, { state: 'cancelled', error: null });
      return;
    }
    if (signal.aborted && this.stopped) {
      // Shut down mid-run: hand it back untouched (no attempt used) so the next start resumes.
      this.db
        .prepare(
          "UPDATE jobs SET state = 'queued', attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ?",
        )
        .run(iso(this.clock.now()), row.id);
      this.emit(row.id);
      return;
    }
    if (err instanceof DeferJob) {
      this.db
        .prepare(
          "UPDATE jobs SET state = 'queued', attempts = attempts - 1, run_after = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ?",
        )
        .run(Math.max(err.untilMs, this.clock.now()), iso(this.clock.now()), row.id);
      this.emit(row.id);
      return;
    }
    // Only the handler says a failure is final. One it did not foresee (it threw something
    // else) is retried while attempts remain: a fault nobody expected passes more often than
    // not, and max_attempts bounds it.
    const final = err instanceof JobFailure && !err.retry;
    if (final || current.attempts >= current.max_attempts) {
      this.finish(row.id, { state: 'failed', error: message });
      return;
    }
    const base = this.backoffMs(current.attempts);
    const delay = Math.round(base * (0.8 + 0.4 * this.random()));
    const now = this.clock.now();
    this.db
      .prepare(
        "UPDATE jobs SET state = 'queued', run_after = ?, last_error = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ?",
      )
      .run(now + delay, message, iso(now), row.id);
    this.emit(row.id);
  }

  private finish(id: string, outcome: { state: 'succeeded' | 'failed' | 'cancelled'; error?: string | null }): void {
    this.db
      .prepare(
        `UPDATE jobs SET state = ?, last_error = COALESCE(?, last_error), lease_owner = NULL, lease_expires_at = NULL,
           progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END, updated_at = ? WHERE id = ?`,
      )
      .run(outcome.state, outcome.error ?? null, outcome.state, iso(this.clock.now()), id);
    this.emit(id);
  }

  private row(id: string): JobRow {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No job with id ${id}.`);
    return row;
  }

  private emit(id: string): JobSummary {
    const job = toSummary(this.row(id));
    this.bus.emit('jobs.changed', job);
    return job;
  }
}

function toSummary(row: JobRow): JobSummary {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAfter: iso(row.run_after),
    lastError: row.last_error,
    progress: row.progress,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
