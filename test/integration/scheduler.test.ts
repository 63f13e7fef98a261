// The schedule: posts go out at their time, never twice, and a post whose time passed while
// Clipdesk could not publish follows the creator's missed-post rule. Time is a controlled clock
// (no test sleeps for a schedule); publishing is real, against the TikTok emulator.
import { describe, expect, it } from 'vitest';
import type { PostSummary } from '../../src-shared/posts/post';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { runUntil, settle, useCores, waitFor, type Harness } from '../support/core-harness';
import { fakeClock } from '../support/fake-clock';
import { useTempDirs } from '../support/temp-dir';
import { connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const tiktok = useTikTokEmulator();
const newCore = useCores('clipdesk-scheduler-');
const tempDir = useTempDirs('clipdesk-scheduler-media-');
const MIN = 60_000;
const HOUR = 60 * MIN;

async function setup() {
  const tt = tiktok();
  tt.addUser({ displayName: 'Maria Bakes', username: 'maria' });
  // Real time for the TikTok emulator's tokens; the core's clock starts at the real now and then moves by hand.
  const clock = fakeClock(Date.now());
  const env = tiktokEnv(tt);
  const options = { env, openExternal: createOpenBrowser(env), clock, uploadRetryDelayMs: () => 50 };
  const h = newCore(options);
  const account = await connectAccount(h.core);
  const clipId = await importReady(h.core, readyVideo(tempDir()));
  return { tt, h, clock, account, clipId, reopen: () => newCore({ ...options, dataDir: h.dataDir }) };
}

function schedule(fx: { h: Harness; account: { id: string }; clipId: string }, at: number, caption = 'Scheduled #clipdesk') {
  return fx.h.core.handlers['posts.create']({ clipId: fx.clipId, accountId: fx.account.id, caption, tiktok: DIRECT_SELF_ONLY, publishAt: new Date(at).toISOString() });
}

/** Moves the clock in steps (status polls wait on it too) until `done`, or fails. */
const published = (h: Harness, id: string) => (): PostSummary | undefined => {
  const p = h.core.posts.get(id);
  return p.state === 'published' || p.state === 'failed' ? p : undefined;
};

/** Lets the job runner act on the current time without moving it. */
describe('the scheduler', () => {
  it('publishes at the post’s time — not a minute before — and once', async () => {
    const fx = await setup();
    const { tt, h, clock } = fx;
    const due = clock.now() + HOUR;
    const post = await schedule(fx, due);
    clock.set(due - MIN);
    await settle(h);
    expect(h.core.posts.get(post.id).state).toBe('scheduled');
    expect(tt.requests.filter((r) => r.path.includes('/post/publish/video/init/'))).toHaveLength(0);
    clock.set(due);
    const done = await runUntil(h, clock, published(h, post.id), 'published');
    expect(done.state).toBe('published');
    expect(tt.posts).toHaveLength(1);
    expect(h.core.audit.list({ actions: ['post.late', 'post.missed'] })).toHaveLength(0);
    // Its history, oldest first, as History shows it.
    const timeline = await h.core.handlers['posts.timeline']({ id: post.id });
    expect(timeline.map((s) => s.kind)).toEqual(['created', 'created', 'uploading', 'processing', 'published']);
    expect(timeline[1]?.title).toMatch(/^Scheduled for /);
    expect(timeline.at(-1)).toMatchObject({ title: 'Published', by: 'Clipdesk' });
  });

  it('after Clipdesk was closed past the time but within the grace window, publishes late and says so', async () => {
    const fx = await setup();
    const { tt, h, clock } = fx;
    const due = clock.now() + HOUR;
    const post = await schedule(fx, due);
    await h.core.close();
    clock.set(due + 30 * MIN); // closed (or asleep) through the post's time
    const h2 = fx.reopen();
    const done = await runUntil(h2, clock, published(h2, post.id), 'published late');
    expect(done.state).toBe('published');
    expect(tt.posts).toHaveLength(1);
    const late = h2.core.audit.list({ actions: ['post.late'] });
    expect(late).toHaveLength(1);
    expect(late[0]?.detail).toMatch(/^publishing 30 min late/);
  });

  it('past the grace window, holds the post and asks; Publish now sends it once', async () => {
    const fx = await setup();
    const { tt, h, clock } = fx;
    await h.core.handlers['settings.update']({ missedGraceMinutes: 60 });
    const due = clock.now() + HOUR;
    const post = await schedule(fx, due);
    await h.core.close();
    clock.set(due + 3 * HOUR);
    const h2 = fx.reopen();
    await waitFor(() => h2.core.audit.list({ actions: ['post.missed'] })[0], 10_000, 'the missed entry');
    await settle(h2);
    const held = h2.core.posts.get(post.id);
    expect(held.state).toBe('scheduled');
    expect(held.publish?.detail).toMatch(/missed its time .* by 3 h, more than your grace window/);
    expect(h2.notifications.map((n) => n.title)).toContain('A post missed its time');
    // Nothing goes out by itself, however long it waits.
    clock.advance(24 * HOUR);
    await settle(h2);
    expect(tt.posts).toHaveLength(0);

    await h2.core.handlers['posts.publishNow']({ id: post.id });
    const done = await runUntil(h2, clock, published(h2, post.id), 'published after Publish now');
    expect(done.state).toBe('published');
    expect(tt.posts).toHaveLength(1);
  });

  it('a rescheduled post goes at its new time only, once', async () => {
    const fx = await setup();
    const { tt, h, clock } = fx;
    const first = clock.now() + 2 * HOUR;
    const post = await schedule(fx, first);
    const sooner = clock.now() + 20 * MIN;
    const moved = await h.core.handlers['posts.reschedule']({ id: post.id, at: new Date(sooner).toISOString() });
    expect(moved.scheduledAt).toBe(new Date(sooner).toISOString());
    expect(h.core.jobs.list(['queued']).filter((j) => j.kind === 'tiktok.publish')).toHaveLength(1);
    clock.set(sooner - MIN);
    await settle(h);
    expect(tt.posts).toHaveLength(0);
    clock.set(sooner);
    await runUntil(h, clock, published(h, post.id), 'published at the new time');
    // The old time passes: nothing more.
    clock.set(first + HOUR);
    await settle(h);
    expect(tt.posts).toHaveLength(1);
    await expect(h.core.handlers['posts.reschedule']({ id: post.id, at: new Date(clock.now() + HOUR).toISOString() })).rejects.toThrow(/published/);
  });

  it('paused publishing holds due posts without calling them missed; resuming sends them', async () => {
    const fx = await setup();
    const { tt, h, clock } = fx;
    const due = clock.now() + HOUR;
    const post = await schedule(fx, due);
    await h.core.handlers['settings.update']({ publishingPaused: true });
    clock.set(due + 5 * HOUR); // longer than the grace window
    await settle(h);
    expect(h.core.posts.get(post.id).publish?.detail).toMatch(/Publishing is paused/);
    expect(tt.posts).toHaveLength(0);
    await h.core.handlers['settings.update']({ publishingPaused: false });
    const done = await runUntil(h, clock, published(h, post.id), 'published after resume');
    expect(done.state).toBe('published');
    expect(h.core.audit.list({ actions: ['post.missed'] })).toHaveLength(0);
  });

  it('two posts due at once for one account both go, each once', async () => {
    const fx = await setup();
    const { tt, h, clock } = fx;
    const due = clock.now() + HOUR;
    const a = await schedule(fx, due, 'First of two');
    const b = await schedule(fx, due, 'Second of two');
    clock.set(due);
    await runUntil(h, clock, () => published(h, a.id)() && published(h, b.id)(), 'both published');
    expect(tt.posts.map((p) => p.title).sort()).toEqual(['First of two', 'Second of two']);
  });
});

describe('the scheduler on the real clock', () => {
  it('starts publishing within 2 s of the due time (measured: due → TikTok init request)', async () => {
    const tt = tiktok();
    tt.addUser({ displayName: 'Maria Bakes', username: 'maria' });
    const env = tiktokEnv(tt);
    const h = newCore({ env, openExternal: createOpenBrowser(env), uploadRetryDelayMs: () => 50 });
    const account = await connectAccount(h.core);
    const clipId = await importReady(h.core, readyVideo(tempDir()));
    const dues: number[] = [];
    const ids: string[] = [];
    for (const offset of [2_500, 4_000, 5_500]) {
      const due = Date.now() + offset;
      dues.push(due);
      const p = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: `At +${offset} ms`, tiktok: DIRECT_SELF_ONLY, publishAt: new Date(due).toISOString() });
      ids.push(p.id);
    }
    await waitFor(() => ids.every((id) => h.core.posts.get(id).state === 'published'), 30_000, 'all published');
    const inits = tt.requests.filter((r) => r.path.includes('/post/publish/video/init/')).map((r) => r.at).sort((a, b) => a - b);
    expect(inits).toHaveLength(3);
    const delays = inits.map((at, i) => at - dues[i]!);
    console.log(`scheduling delay (due → init), ms: ${delays.join(', ')}`);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(0); // never early
      expect(d).toBeLessThan(2_000);
    }
  });
});

describe('the scheduler: held posts come back', () => {
  it('a post held for missing its time, moved and missed again, still goes when given a time it had before', async () => {
    const fx = await setup();
    const { tt, h, clock } = fx;
    await h.core.handlers['settings.update']({ missedGraceMinutes: 30 });
    const t0 = clock.now();
    const post = await schedule(fx, t0 + HOUR);
    const queued = () => h.core.jobs.list(['queued']).filter((j) => j.kind === 'tiktok.publish');
    clock.set(t0 + 4 * HOUR); // asleep through it: held, its job ends
    await settle(h);
    await waitFor(() => h.core.audit.list({ actions: ['post.missed'] })[0], 10_000, 'missed');
    expect(queued()).toHaveLength(0);
    // Given a time (a new job), then moved (the same job), then missed again: that job ends too.
    const r = t0 + 10 * HOUR;
    await h.core.handlers['posts.reschedule']({ id: post.id, at: new Date(r).toISOString() });
    await h.core.handlers['posts.reschedule']({ id: post.id, at: new Date(t0 + 5 * HOUR).toISOString() });
    expect(queued()).toHaveLength(1);
    clock.set(t0 + 8.5 * HOUR);
    await settle(h);
    await waitFor(() => h.core.audit.list({ actions: ['post.missed'] }).length === 2 || undefined, 10_000, 'missed again');
    expect(queued()).toHaveLength(0);
    // The creator picks the time they had chosen before: a job must exist for it.
    await h.core.handlers['posts.reschedule']({ id: post.id, at: new Date(r).toISOString() });
    expect(queued()).toHaveLength(1);
    clock.set(r);
    const done = await runUntil(h, clock, published(h, post.id), 'published');
    expect(done.state).toBe('published');
    expect(tt.posts).toHaveLength(1);
    expect(h.core.audit.list({ actions: ['post.missed'] })).toHaveLength(2);
  });
});
