// The durable job runner against real SQLite, with a clock the test moves: schedules, backoff
// and leases are checked by advancing time and calling tick()/idle(), never by sleeping.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import type { JobSummary } from '../../src-shared/domain';
import { EventBus } from '../../src-main/core/event-bus';
import { z } from 'zod';
import { jobKind, type JobKind } from '../../src-main/core/jobs/job-kind';
import { JobRunner, permanent, retryable, type JobRunnerOptions } from '../../src-main/core/jobs/job-runner';
import { openDatabase, type Db } from '../../src-main/core/store/database';
import { fakeClock, type FakeClock } from '../support/fake-clock';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-jobs-');

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}
function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Resolves when the signal aborts, rejecting with its reason (what a well-behaved handler does). */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

const openDbs: Db[] = [];
const runners: JobRunner[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
  for (const db of openDbs.splice(0)) if (db.open) db.close();
});

interface Harness {
  dir: string;
  db: Db;
  clock: FakeClock;
  bus: EventBus;
  runner: JobRunner;
}

function setup(options: Partial<JobRunnerOptions> & { dir?: string; clock?: FakeClock; track?: boolean } = {}): Harness {
  const dir = options.dir ?? tempDir();
  const db = openDatabase(dir);
  openDbs.push(db);
  const clock = options.clock ?? fakeClock();
  const bus = new EventBus();
  const runner = new JobRunner({ random: () => 0.5, ...options, db, clock, bus });
  if (options.track !== false) runners.push(runner);
  return { dir, db, clock, bus, runner };
}

const runAfter = (job: JobSummary): number => Date.parse(job.runAfter);
/** A kind whose payload these tests do not check (the typed-payload tests declare their own). */
const kind = <P = unknown, C = unknown>(name: string): JobKind<P, C> => jobKind(name, z.any(), z.any()) as JobKind<P, C>;

describe('JobRunner', () => {
  it('runs a due job once and marks it succeeded', async () => {
    const { runner } = setup();
    const seen: unknown[] = [];
    runner.register(kind<{ n: number }>('echo'), async (ctx) => {
      seen.push({ payload: ctx.payload, attempt: ctx.attempt, checkpoint: ctx.checkpoint });
    });
    const job = runner.enqueue(kind('echo'), { n: 7 });
    expect(job).toMatchObject({ kind: 'echo', state: 'queued', attempts: 0, maxAttempts: 5 });

    expect(await runner.tick()).toBe(1);
    await runner.idle();
    expect(seen).toEqual([{ payload: { n: 7 }, attempt: 1, checkpoint: null }]);
    expect(runner.get(job.id)).toMatchObject({ state: 'succeeded', attempts: 1, progress: 1, lastError: null });

    // Done is done: another tick starts nothing.
    expect(await runner.tick()).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it('does not run a job before its time, and runs it once the clock reaches it', async () => {
    const { runner, clock } = setup();
    let runs = 0;
    runner.register(kind('later'), async () => {
      runs++;
    });
    const job = runner.enqueue(kind('later'), null, { runAt: clock.now() + 60_000 });
    expect(runAfter(job)).toBe(clock.now() + 60_000);

    expect(await runner.tick()).toBe(0);
    clock.advance(59_999);
    expect(await runner.tick()).toBe(0);
    await runner.idle();
    expect(runs).toBe(0);
    expect(runner.get(job.id).state).toBe('queued');

    clock.advance(1);
    expect(await runner.tick()).toBe(1);
    await runner.idle();
    expect(runs).toBe(1);
    expect(runner.get(job.id).state).toBe('succeeded');
  });

  it('retries with growing backoff up to maxAttempts, then fails with the last error', async () => {
    const { runner, clock } = setup({ backoffMs: (attempt) => 1_000 * 2 ** (attempt - 1), random: () => 0.5 });
    let calls = 0;
    runner.register(
      kind('flaky'),
      async (ctx) => {
        calls++;
        throw new Error(`boom ${ctx.attempt}`);
      },
      { maxAttempts: 4 },
    );
    const job = runner.enqueue(kind('flaky'), null);
    expect(job.maxAttempts).toBe(4);

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = clock.now();
      expect(await runner.tick()).toBe(1);
      await runner.idle();
      const after = runner.get(job.id);
      expect(after).toMatchObject({ state: 'queued', attempts: attempt, lastError: `boom ${attempt}` });
      delays.push(runAfter(after) - before);
      // Not yet due one millisecond early.
      clock.set(runAfter(after) - 1);
      expect(await runner.tick()).toBe(0);
      clock.advance(1);
    }
    // random() = 0.5 puts the jitter factor at exactly 1: the delays are the backoff itself.
    expect(delays).toEqual([1_000, 2_000, 4_000]);

    expect(await runner.tick()).toBe(1);
    await runner.idle();
    expect(runner.get(job.id)).toMatchObject({ state: 'failed', attempts: 4, lastError: 'boom 4' });
    expect(calls).toBe(4);
    clock.advance(24 * 3_600_000);
    expect(await runner.tick()).toBe(0);
    expect(calls).toBe(4);
  });

  it('keeps jitter within ±20% of the backoff', async () => {
    const randoms = [0, 0.999999, 0.25, Math.random(), Math.random(), Math.random()];
    const delays: number[] = [];
    for (const r of randoms) {
      const { runner, clock } = setup({ backoffMs: () => 10_000, random: () => r });
      runner.register(kind('x'), async () => {
        throw new Error('again');
      });
      const job = runner.enqueue(kind('x'), null);
      await runner.tick();
      await runner.idle();
      delays.push(runAfter(runner.get(job.id)) - clock.now());
    }
    expect(delays[0]).toBe(8_000);
    expect(delays[1]).toBe(12_000);
    expect(delays[2]).toBe(9_000);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(8_000);
      expect(d).toBeLessThanOrEqual(12_000);
    }
  });

  it('uses the default backoff (5 s doubling) when none is given', async () => {
    const { runner, clock } = setup({ random: () => 0.5 });
    runner.register(kind('x'), async () => {
      throw new Error('again');
    });
    const job = runner.enqueue(kind('x'), null);
    await runner.tick();
    await runner.idle();
    expect(runAfter(runner.get(job.id)) - clock.now()).toBe(5_000);
    clock.advance(5_000);
    await runner.tick();
    await runner.idle();
    expect(runAfter(runner.get(job.id)) - clock.now()).toBe(10_000);
  });

  it('fails at once when the handler says the failure is permanent, and retries what it calls retryable or did not foresee', async () => {
    const { runner, clock } = setup({ backoffMs: () => 1_000, random: () => 0.5 });
    const calls: Record<string, number> = { perm: 0, again: 0, unforeseen: 0 };
    runner.register(kind('perm'), async () => {
      calls.perm!++;
      throw permanent(new AppError('FILE_MISSING', 'the clip is gone'));
    });
    runner.register(kind('again'), async () => {
      calls.again!++;
      throw retryable(new AppError('UNAVAILABLE', 'TikTok is busy'));
    });
    // An AppError is no longer final by its class: only the handler says so.
    runner.register(kind('unforeseen'), async () => {
      calls.unforeseen!++;
      throw new AppError('NOT_FOUND', 'No such account.');
    });
    const a = runner.enqueue(kind('perm'), null);
    const b = runner.enqueue(kind('again'), null, { maxAttempts: 2 });
    const c = runner.enqueue(kind('unforeseen'), null, { maxAttempts: 2 });
    await runner.tick();
    await runner.idle();
    expect(runner.get(a.id)).toMatchObject({ state: 'failed', attempts: 1, lastError: 'the clip is gone' });
    expect(runner.get(b.id)).toMatchObject({ state: 'queued', attempts: 1, lastError: 'TikTok is busy' });
    expect(runner.get(c.id)).toMatchObject({ state: 'queued', attempts: 1, lastError: 'No such account.' });
    clock.advance(3_600_000);
    expect(await runner.tick()).toBe(2);
    await runner.idle();
    expect(runner.get(b.id)).toMatchObject({ state: 'failed', attempts: 2 });
    expect(runner.get(c.id)).toMatchObject({ state: 'failed', attempts: 2 });
    expect(calls).toEqual({ perm: 1, again: 2, unforeseen: 2 });
  });

  it('parses a payload on claim: one that no longer fits its kind fails that job with a clear error and never reaches the handler', async () => {
    const { runner, db } = setup();
    const publish = jobKind('publish', z.object({ postId: z.string() }), z.object({ step: z.number() }));
    const seen: unknown[] = [];
    runner.register(publish, async (ctx) => {
      seen.push(ctx.payload.postId);
    });
    // Stored by "an older version": the field was called `post` then.
    const old = runner.enqueue(publish, { postId: 'p1' });
    db.prepare('UPDATE jobs SET payload_json = ? WHERE id = ?').run(JSON.stringify({ post: 'p1' }), old.id);
    const torn = runner.enqueue(publish, { postId: 'p2' });
    db.prepare('UPDATE jobs SET payload_json = ? WHERE id = ?').run('{"postId":', torn.id);
    const badCheckpoint = runner.enqueue(publish, { postId: 'p3' });
    db.prepare('UPDATE jobs SET checkpoint_json = ? WHERE id = ?').run(JSON.stringify({ step: 'two' }), badCheckpoint.id);
    const fine = runner.enqueue(publish, { postId: 'p4', extra: 'dropped' } as { postId: string });
    await runner.tick();
    await runner.idle();
    expect(runner.get(old.id)).toMatchObject({ state: 'failed', attempts: 1 });
    expect(runner.get(old.id).lastError).toMatch(/^This publish job's saved payload no longer fits .* at postId\)\. The job was stopped before it ran/);
    expect(runner.get(torn.id).lastError).toBe("This publish job's saved payload cannot be read. The job was stopped before it ran; start the work again.");
    expect(runner.get(badCheckpoint.id).lastError).toMatch(/saved checkpoint no longer fits .* at step\)/);
    expect(runner.get(fine.id)).toMatchObject({ state: 'succeeded' });
    expect(seen).toEqual(['p4']);
  });

  it('refuses to enqueue a payload that does not fit its kind (a mistake in the caller)', () => {
    const { runner } = setup();
    const render = jobKind('render', z.object({ renderId: z.string() }));
    expect(() => runner.enqueue(render, { renderId: 7 } as unknown as { renderId: string })).toThrow(/A render job cannot carry this payload/);
    expect(runner.list()).toHaveLength(0);
  });

  it('stores last_error redacted, for a retried and for a failed job', async () => {
    const { runner, db, clock } = setup({ backoffMs: () => 1000 });
    const token = '123456789:AAHk3mZ9xQ2w8vB7nL4pR6tY1uI0oE5sD3f';
    runner.register(kind('leaky'), async () => {
      throw new Error(`GET https://api.telegram.org/bot${token}/getMe failed; client_secret=${encodeURIComponent('s3"cr&t')}`);
    });
    const job = runner.enqueue(kind('leaky'), null, { maxAttempts: 2 });
    const stored = (): string => (db.prepare('SELECT last_error FROM jobs WHERE id = ?').get(job.id) as { last_error: string }).last_error;
    await runner.tick();
    await runner.idle();
    expect(runner.get(job.id).state).toBe('queued');
    expect(stored()).toBe('GET https://api.telegram.org/bot[redacted]/getMe failed; client_secret=[redacted]');
    clock.advance(10_000);
    await runner.tick();
    await runner.idle();
    expect(runner.get(job.id)).toMatchObject({ state: 'failed', lastError: stored() });
    expect(stored()).not.toContain('AAHk3m');
    expect(stored()).not.toContain('s3');
  });

  it('cancels a queued job so that it never runs', async () => {
    const { runner, clock } = setup();
    let runs = 0;
    runner.register(kind('x'), async () => {
      runs++;
    });
    const job = runner.enqueue(kind('x'), null, { runAt: clock.now() + 1_000 });
    expect(runner.cancel(job.id).state).toBe('cancelled');
    clock.advance(10_000);
    expect(await runner.tick()).toBe(0);
    expect(runs).toBe(0);
    expect(runner.get(job.id).state).toBe('cancelled');
    expect(() => runner.cancel(job.id)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('cancels a running job: its handler sees the signal abort and the job ends cancelled', async () => {
    const { runner } = setup();
    let sawAbort = false;
    const started = deferred();
    runner.register(kind('long'), async (ctx) => {
      started.resolve();
      try {
        await untilAborted(ctx.signal);
      } finally {
        sawAbort = ctx.signal.aborted;
      }
    });
    const job = runner.enqueue(kind('long'), null);
    await runner.tick();
    await started.promise;
    expect(runner.get(job.id).state).toBe('running');

    runner.cancel(job.id);
    await runner.idle();
    expect(sawAbort).toBe(true);
    expect(runner.get(job.id)).toMatchObject({ state: 'cancelled', lastError: null });
    expect(await runner.tick()).toBe(0);
  });

  it('retries a failed job from scratch on request, and refuses to retry one that has not ended', async () => {
    const { runner } = setup();
    let fail = true;
    let calls = 0;
    runner.register(
      kind('x'),
      async () => {
        calls++;
        if (fail) throw new Error('network down');
      },
      { maxAttempts: 1 },
    );
    const job = runner.enqueue(kind('x'), null);
    await runner.tick();
    await runner.idle();
    expect(runner.get(job.id)).toMatchObject({ state: 'failed', lastError: 'network down' });

    fail = false;
    expect(runner.retry(job.id)).toMatchObject({ state: 'queued', attempts: 0, lastError: null });
    expect(() => runner.retry(job.id)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    await runner.tick();
    await runner.idle();
    expect(runner.get(job.id)).toMatchObject({ state: 'succeeded', attempts: 1 });
    expect(calls).toBe(2);
    expect(() => runner.retry(job.id)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('returns the existing job for a repeated dedupeKey', async () => {
    const { runner, db } = setup();
    let runs = 0;
    runner.register(kind('send'), async () => {
      runs++;
    });
    const a = runner.enqueue(kind('send'), { to: 1 }, { dedupeKey: 'approval:p1' });
    const b = runner.enqueue(kind('send'), { to: 2 }, { dedupeKey: 'approval:p1' });
    expect(b.id).toBe(a.id);
    const c = runner.enqueue(kind('send'), { to: 3 }, { dedupeKey: 'approval:p2' });
    expect(c.id).not.toBe(a.id);
    expect(db.prepare('SELECT count(*) AS n FROM jobs').get()).toEqual({ n: 2 });
    await runner.tick();
    await runner.idle();
    // Even after it ran, the key still names that one job: no second send.
    expect(runner.enqueue(kind('send'), { to: 4 }, { dedupeKey: 'approval:p1' })).toMatchObject({ id: a.id, state: 'succeeded' });
    await runner.tick();
    await runner.idle();
    expect(runs).toBe(2);
  });

  it('persists checkpoints, and a retried run starts from the last one', async () => {
    const { runner, db, clock } = setup({ backoffMs: () => 1_000 });
    const runs: { attempt: number; checkpoint: unknown }[] = [];
    runner.register(kind<null, { chunk: number }>('upload'), async (ctx) => {
      runs.push({ attempt: ctx.attempt, checkpoint: ctx.checkpoint });
      const from = ctx.checkpoint?.chunk ?? 0;
      for (let chunk = from + 1; chunk <= 4; chunk++) {
        if (ctx.attempt === 1 && chunk === 3) throw new Error('connection reset');
        ctx.saveCheckpoint({ chunk });
      }
    });
    const job = runner.enqueue(kind('upload'), null);
    await runner.tick();
    await runner.idle();
    const row = db.prepare('SELECT checkpoint_json FROM jobs WHERE id = ?').get(job.id) as { checkpoint_json: string };
    expect(JSON.parse(row.checkpoint_json)).toEqual({ chunk: 2 });

    clock.advance(1_000);
    await runner.tick();
    await runner.idle();
    expect(runs).toEqual([
      { attempt: 1, checkpoint: null },
      { attempt: 2, checkpoint: { chunk: 2 } },
    ]);
    expect(runner.get(job.id).state).toBe('succeeded');
  });

  it('reports progress, clamped to 0..1', async () => {
    const { runner, bus } = setup();
    const progress: (number | null)[] = [];
    bus.subscribe((name, payload) => {
      if (name === 'jobs.changed') progress.push((payload as JobSummary).progress);
    });
    runner.register(kind('p'), async (ctx) => {
      ctx.progress(-1);
      ctx.progress(0.5);
      ctx.progress(0.501); // below the 1% step: not worth an event
      ctx.progress(7);
    });
    runner.enqueue(kind('p'), null);
    await runner.tick();
    await runner.idle();
    expect(progress.filter((p) => p !== null)).toEqual([0, 0.5, 1, 1]);
  });

  it('recovers from a crash: the orphaned job runs again from its checkpoint, each step exactly once', async () => {
    const dir = tempDir();
    const clock = fakeClock();
    const effects: number[] = [];
    const step = (ctx: { checkpoint: { step: number } | null; saveCheckpoint(c: { step: number }): void }, upTo: number) => {
      for (let s = (ctx.checkpoint?.step ?? 0) + 1; s <= upTo; s++) {
        effects.push(s); // the side effect (a chunk sent, a message posted)
        ctx.saveCheckpoint({ step: s });
      }
    };

    // Process A: runs steps 1-3, then hangs forever — and then "crashes": its database handle
    // goes away with no stop(), leaving the row running under A's lease.
    // A huge lease keeps A's heartbeat from firing on the closed handle during this test.
    const a = setup({ dir, clock, leaseMs: 10 * 3_600_000, track: false });
    let aStarted = 0;
    a.runner.register(kind<null, { step: number }>('publish'), async (ctx) => {
      aStarted++;
      step(ctx, 3);
      await new Promise<never>(() => undefined);
    });
    const job = a.runner.enqueue(kind('publish'), null);
    await a.runner.tick();
    expect(aStarted).toBe(1);
    expect(a.runner.get(job.id)).toMatchObject({ state: 'running', attempts: 1 });
    a.db.close();

    // Process B on the same file.
    const b = setup({ dir, clock });
    const seenByB: { attempt: number; checkpoint: unknown }[] = [];
    b.runner.register(kind<null, { step: number }>('publish'), async (ctx) => {
      seenByB.push({ attempt: ctx.attempt, checkpoint: ctx.checkpoint });
      step(ctx, 5);
    });
    expect(b.runner.get(job.id).state).toBe('running');
    b.runner.start(); // requeues the orphan and nudges a tick
    await new Promise((resolve) => setImmediate(resolve));
    await b.runner.idle();

    expect(seenByB).toEqual([{ attempt: 2, checkpoint: { step: 3 } }]);
    expect(effects).toEqual([1, 2, 3, 4, 5]);
    expect(b.runner.get(job.id)).toMatchObject({ state: 'succeeded' });
    expect(b.runner.recoverOrphans()).toBe(0);
    await b.runner.tick();
    await b.runner.idle();
    expect(seenByB).toHaveLength(1);
  });

  it('recoverOrphans requeues only jobs left running by another runner', async () => {
    const dir = tempDir();
    const clock = fakeClock();
    const a = setup({ dir, clock, leaseMs: 10 * 3_600_000, track: false });
    a.runner.register(kind('x'), () => new Promise<never>(() => undefined));
    const orphan = a.runner.enqueue(kind('x'), null);
    const queued = a.runner.enqueue(kind('y'), null);
    await a.runner.tick();
    a.db.close();

    const b = setup({ dir, clock });
    expect(b.runner.recoverOrphans()).toBe(1);
    expect(b.runner.get(orphan.id)).toMatchObject({ state: 'queued', attempts: 1 });
    expect(b.runner.get(queued.id)).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('finishes a job cancelled while its process was down as cancelled, instead of leaving it queued forever', async () => {
    const dir = tempDir();
    const clock = fakeClock();
    const a = setup({ dir, clock, leaseMs: 10 * 3_600_000, track: false });
    a.runner.register(kind('x'), () => new Promise<never>(() => undefined));
    const job = a.runner.enqueue(kind('x'), null);
    await a.runner.tick();
    a.db.close();

    // A core that does not run jobs (the CLI with no instance) cancels the orphaned job.
    const b = setup({ dir, clock });
    let runs = 0;
    b.runner.register(kind('x'), async () => {
      runs++;
    });
    b.runner.cancel(job.id);
    b.runner.recoverOrphans();
    await b.runner.tick();
    await b.runner.idle();
    expect(runs).toBe(0);
    expect(b.runner.get(job.id).state).toBe('cancelled');
  });

  it('never starts a second run of a job it is still running when its lease runs out', async () => {
    // The laptop slept: the clock jumped past the lease before the heartbeat could renew it.
    const { runner, clock } = setup({ leaseMs: 60_000 });
    let starts = 0;
    const release = deferred();
    // Room for more than one at a time, so only the lease stands between the job and a rerun.
    runner.register(
      kind('upload'),
      async () => {
        starts++;
        await release.promise;
      },
      { concurrency: 3 },
    );
    const job = runner.enqueue(kind('upload'), null);
    try {
      expect(await runner.tick()).toBe(1);
      clock.advance(10 * 60_000);
      expect(await runner.tick()).toBe(0);
      expect(starts).toBe(1);
    } finally {
      release.resolve();
    }
    await runner.idle();
    expect(runner.get(job.id)).toMatchObject({ state: 'succeeded', attempts: 1 });
  });

  it('stop() hands a running job back as queued without using an attempt', async () => {
    const { runner, clock } = setup();
    const started = deferred();
    let sawAbort = false;
    runner.register(kind<null, { at: number }>('render'), async (ctx) => {
      ctx.saveCheckpoint({ at: 42 });
      started.resolve();
      try {
        await untilAborted(ctx.signal);
      } finally {
        sawAbort = ctx.signal.aborted;
      }
    });
    const job = runner.enqueue(kind('render'), null);
    await runner.tick();
    await started.promise;
    expect(runner.get(job.id)).toMatchObject({ state: 'running', attempts: 1 });

    await runner.stop();
    expect(sawAbort).toBe(true);
    const after = runner.get(job.id);
    expect(after).toMatchObject({ state: 'queued', attempts: 0, lastError: null });
    expect(runAfter(after)).toBeLessThanOrEqual(clock.now());

    // The next runner resumes it from its checkpoint as a first attempt.
    const next = new JobRunner({ db: openDbs[openDbs.length - 1]!, clock, bus: new EventBus() });
    runners.push(next);
    const resumed: unknown[] = [];
    next.register(kind('render'), async (ctx) => {
      resumed.push({ attempt: ctx.attempt, checkpoint: ctx.checkpoint });
    });
    await next.tick();
    await next.idle();
    expect(resumed).toEqual([{ attempt: 1, checkpoint: { at: 42 } }]);
  });

  it('stop() cannot hang on a handler that ignores its abort signal; the job resumes on the next start', async () => {
    const { runner, db, clock } = setup({ stopGraceMs: 50 });
    const started = deferred();
    runner.register(kind('stubborn'), async () => {
      started.resolve();
      await new Promise(() => undefined); // never settles, ignores the signal
    });
    const job = runner.enqueue(kind('stubborn'), null);
    await runner.tick();
    await started.promise;
    const t0 = Date.now();
    await runner.stop();
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(runner.get(job.id).state).toBe('running');

    const next = new JobRunner({ db, clock, bus: new EventBus() });
    runners.push(next);
    const ran: string[] = [];
    next.register(kind('stubborn'), async (ctx) => {
      ran.push(ctx.id);
    });
    expect(next.recoverOrphans()).toBe(1);
    await next.tick();
    await next.idle();
    expect(ran).toEqual([job.id]);
  });

  it('reports a failing timer tick instead of leaving an unhandled rejection', async () => {
    const errors: unknown[] = [];
    const { runner, db } = setup({ pollMs: 10, onError: (err) => errors.push(err) });
    runner.register(kind('x'), async () => undefined);
    runner.start();
    db.close(); // every query from now on throws
    await new Promise((r) => setTimeout(r, 60));
    await runner.stop();
    expect(errors.length).toBeGreaterThan(0);
    expect(String(errors[0])).toMatch(/database/i);
  });

  it('leaves no tick behind after stop(), so closing the database right after is safe', async () => {
    const { runner, db } = setup();
    let runs = 0;
    runner.register(kind('x'), async () => {
      runs++;
    });
    runner.start();
    runner.enqueue(kind('x'), null);
    await new Promise((resolve) => setImmediate(resolve));
    await runner.idle(); // the finished job nudged another tick
    expect(runs).toBe(1);
    await runner.stop();
    db.close();
    // Were a tick still pending it would run now, on the closed handle, as an unhandled rejection.
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
  });

  it('respects the concurrency of each kind', async () => {
    const { runner } = setup();
    const active: Record<string, number> = { render: 0, send: 0 };
    const peak: Record<string, number> = { render: 0, send: 0 };
    const gates: Deferred[] = [];
    const handler = (kind: string) => async () => {
      active[kind]!++;
      peak[kind] = Math.max(peak[kind]!, active[kind]!);
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
      active[kind]!--;
    };
    runner.register(kind('render'), handler('render'), { concurrency: 2 });
    runner.register(kind('send'), handler('send'), { concurrency: 1 });
    const ids = [
      ...Array.from({ length: 5 }, () => runner.enqueue(kind('render'), null).id),
      ...Array.from({ length: 3 }, () => runner.enqueue(kind('send'), null).id),
    ];

    expect(await runner.tick()).toBe(3);
    expect(await runner.tick()).toBe(0); // full: nothing more starts
    expect(active).toEqual({ render: 2, send: 1 });

    let rounds = 0;
    while (ids.some((id) => runner.get(id).state !== 'succeeded')) {
      if (++rounds > 20) throw new Error('jobs did not drain');
      for (const g of gates.splice(0)) g.resolve();
      await runner.idle();
      await runner.tick();
    }
    expect(peak).toEqual({ render: 2, send: 1 });
  });

  it('takes a changed concurrency (the parallel renders setting) at once', async () => {
    const { runner } = setup();
    const gates: Deferred[] = [];
    runner.register(kind('render'), async () => {
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
    }, { concurrency: 1 });
    for (let i = 0; i < 4; i++) runner.enqueue(kind('render'), null);
    expect(await runner.tick()).toBe(1);
    runner.setConcurrency(kind('render'), 3);
    expect(await runner.tick()).toBe(2);
    expect(runner.list(['running'])).toHaveLength(3);
    runner.setConcurrency(kind('render'), 1);
    for (const g of gates.splice(0)) g.resolve();
    await runner.idle();
    expect(await runner.tick()).toBe(1); // lowered: one at a time again
    expect(() => runner.setConcurrency(kind('nope'), 2)).toThrow();
    for (const g of gates.splice(0)) g.resolve();
    await runner.idle();
  });

  it('emits jobs.changed for every change a job goes through', async () => {
    const { runner, bus, clock } = setup();
    const events: { id: string; state: string }[] = [];
    bus.subscribe((name, payload) => {
      if (name === 'jobs.changed') events.push({ id: (payload as JobSummary).id, state: (payload as JobSummary).state });
    });
    runner.register(kind('x'), async () => undefined);
    const job = runner.enqueue(kind('x'), null);
    await runner.tick();
    await runner.idle();
    const other = runner.enqueue(kind('x'), null, { runAt: clock.now() + 1e9 });
    runner.cancel(other.id);
    runner.retry(other.id);

    expect(events).toEqual([
      { id: job.id, state: 'queued' },
      { id: job.id, state: 'running' },
      { id: job.id, state: 'succeeded' },
      { id: other.id, state: 'queued' },
      { id: other.id, state: 'cancelled' },
      { id: other.id, state: 'queued' },
    ]);
  });

  it('lists jobs, optionally by state, and reports unknown ids as NOT_FOUND', async () => {
    const { runner, clock } = setup();
    runner.register(kind('x'), async () => undefined);
    const a = runner.enqueue(kind('x'), null);
    await runner.tick();
    await runner.idle();
    const b = runner.enqueue(kind('x'), null, { runAt: clock.now() + 1e9 });
    expect(runner.list().map((j) => j.id).sort()).toEqual([a.id, b.id].sort());
    expect(runner.list(['queued']).map((j) => j.id)).toEqual([b.id]);
    expect(runner.list(['succeeded', 'failed']).map((j) => j.id)).toEqual([a.id]);
    expect(() => runner.get('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => runner.cancel('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
