// Settling a post (posts.settle): when TikTok has a post's whole upload but Clipdesk can no
// longer learn how it went, the creator checks their profile and marks it published or failed.
// Allowed only then (src-shared/posts/settle.ts), recorded in the activity log with who said so,
// and nothing is ever sent to TikTok again. Real core, TikTok emulator, fake clock.
import { describe, expect, it } from 'vitest';
import { callContext } from '../../src-main/core/caller';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { buildRoutes, dispatch } from '../../src-main/core/transport/routes';
import type { PostSummary } from '../../src-shared/posts/post';
import { SETTLE_AFTER_MS } from '../../src-shared/posts/settle';
import { useCores, type Harness } from '../support/core-harness';
import { fakeClock, type FakeClock } from '../support/fake-clock';
import { useTempDirs } from '../support/temp-dir';
import { connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const emulator = useTikTokEmulator();
const newCore = useCores('clipdesk-settle-');
const tempDir = useTempDirs('clipdesk-settle-media-');
const STATUS = '/v2/post/publish/status/fetch/';
const BROWSER = callContext({ kind: 'browser', session: 'test-session' });

async function setup() {
  const emu = emulator();
  emu.addUser({ displayName: 'Settler', username: 'settler' });
  const env = tiktokEnv(emu);
  const clock = fakeClock(Date.now());
  const h = newCore({ env, clock, openExternal: createOpenBrowser(env), uploadRetryDelayMs: () => 20 });
  const account = await connectAccount(h.core);
  const clipId = await importReady(h.core, readyVideo(tempDir(), 4_500_000));
  return { emu, h, clock, account, clipId };
}

async function until<T>(h: Harness, clock: FakeClock, done: () => T | undefined | false, what: string, stepMs = 1_000, rounds = 600): Promise<T> {
  for (let i = 0; i < rounds; i++) {
    const v = done();
    if (v !== undefined && v !== false) return v;
    clock.advance(stepMs);
    await h.core.jobs.tick();
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`never: ${what}`);
}

const at = (h: Harness, id: string): PostSummary => h.core.posts.get(id);

/** A post TikTok has whole and is still processing (it never finishes unless told). */
async function processingPost(s: Awaited<ReturnType<typeof setup>>, caption = 'settle me'): Promise<PostSummary> {
  s.emu.state.processingPolls = 1_000_000;
  const post = await s.h.core.handlers['posts.create']({ clipId: s.clipId, accountId: s.account.id, caption, tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
  return until(s.h, s.clock, () => (at(s.h, post.id).state === 'processing' ? at(s.h, post.id) : undefined), 'processing', 500);
}

describe('settling a post TikTok has but whose result Clipdesk cannot learn', () => {
  it('is refused while Clipdesk can still ask, allowed once the account is gone, and recorded with who said so', async () => {
    const s = await setup();
    const post = await processingPost(s);
    expect(post.publish).toMatchObject({ videoAtTikTok: true, publishId: expect.any(String) });
    expect(post.accountUsername).toBe('settler');
    await expect(s.h.core.handlers['posts.settle']({ id: post.id, outcome: 'published' }, BROWSER)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/still asking TikTok/) });

    // The account is disconnected: nobody can ask TikTok about this post any more.
    await s.h.core.handlers['accounts.disconnect']({ id: s.account.id });
    expect(at(s.h, post.id).accountState).toBe('gone');
    const statusChecks = () => s.emu.requests.filter((r) => r.path === STATUS).length;
    const settled = await s.h.core.handlers['posts.settle']({ id: post.id, outcome: 'published', note: 'It is on my profile' }, BROWSER);
    expect(settled.state).toBe('published');
    expect(settled.publish).toMatchObject({ phase: 'published', failure: null, nextCheckAt: null });

    const log = await s.h.core.handlers['activity.list']({ actions: ['post.settle'] });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actor: 'browser', action: 'post.settle_published', subject: post.id });
    expect(log[0]?.detail).toMatch(/account gone.*It is on my profile/);
    const timeline = await s.h.core.handlers['posts.timeline']({ id: post.id });
    expect(timeline.at(-1)).toMatchObject({ kind: 'published', title: 'Marked published after checking TikTok', by: 'you in the browser' });

    // Its status checks end; nothing goes to TikTok again, and it cannot be settled twice.
    const before = statusChecks();
    await until(s.h, s.clock, () => false, 'time to pass', 10 * 60_000, 20).catch(() => undefined);
    expect(statusChecks()).toBe(before);
    expect(s.emu.state.inits).toHaveLength(1);
    expect(s.h.core.jobs.list(['queued', 'running']).filter((j) => j.kind === 'tiktok.publish')).toEqual([]);
    await expect(s.h.core.handlers['posts.settle']({ id: post.id, outcome: 'failed' }, BROWSER)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already published/) });
  });

  it('lets the creator decide once TikTok has had the video an hour without an answer: marked failed, with the note, and not retried', async () => {
    const s = await setup();
    const post = await processingPost(s);
    // Not before the limit, however often it is asked.
    await until(s.h, s.clock, () => false, 'almost an hour', 5 * 60_000, 11).catch(() => undefined);
    const early = Date.parse(at(s.h, post.id).publish?.uploadCompletedAt as string) + SETTLE_AFTER_MS - s.clock.now();
    expect(early).toBeGreaterThan(0);
    await expect(s.h.core.handlers['posts.settle']({ id: post.id, outcome: 'failed' })).rejects.toMatchObject({ code: 'CONFLICT' });
    s.clock.advance(early);

    const settled = await s.h.core.handlers['posts.settle']({ id: post.id, outcome: 'failed', note: 'not on my profile' });
    expect(settled.state).toBe('failed');
    expect(settled.publish?.failure).toMatchObject({ code: 'marked_failed', retryable: false, action: 'none' });
    expect(settled.publish?.failure?.message).toMatch(/not on my profile/);
    const log = await s.h.core.handlers['activity.list']({ actions: ['post.settle'] });
    // Called in this process without a caller: the person at the terminal.
    expect(log[0]).toMatchObject({ actor: 'cli', action: 'post.settle_failed' });
    expect(log[0]?.detail).toMatch(/stuck/);
    await expect(s.h.core.handlers['posts.retry']({ id: post.id })).rejects.toThrow(/will not send it twice/);
    await expect(s.h.core.handlers['posts.settle']({ id: post.id, outcome: 'published' })).rejects.toThrow(/already marked failed/);
    expect(s.emu.state.inits).toHaveLength(1);
  });

  it('marks published a post that failed without TikTok\'s word (no answer for three days)', async () => {
    const s = await setup();
    const post = await processingPost(s);
    const failed = await until(s.h, s.clock, () => (at(s.h, post.id).state === 'failed' ? at(s.h, post.id) : undefined), 'the 72 h deadline', 30 * 60_000, 200);
    expect(failed.publish?.failure).toMatchObject({ code: 'status_timeout', retryable: false });
    const settled = await s.h.core.handlers['posts.settle']({ id: post.id, outcome: 'published' });
    expect(settled.state).toBe('published');
    expect((await s.h.core.handlers['activity.list']({ actions: ['post.settle'] }))[0]?.detail).toMatch(/gave up/);
  });

  it('is refused for a post TikTok never had whole, and for one TikTok itself said failed', async () => {
    const s = await setup();
    const later = await s.h.core.handlers['posts.create']({ clipId: s.clipId, accountId: s.account.id, caption: 'later', tiktok: DIRECT_SELF_ONLY, publishAt: new Date(s.clock.now() + 3600_000).toISOString() });
    await expect(s.h.core.handlers['posts.settle']({ id: later.id, outcome: 'published' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/not with TikTok/) });

    s.emu.state.failNext = 'frame_rate_check_failed';
    const post = await s.h.core.handlers['posts.create']({ clipId: s.clipId, accountId: s.account.id, caption: 'fails', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    await until(s.h, s.clock, () => at(s.h, post.id).state === 'failed', 'TikTok to say FAILED', 1_000);
    await expect(s.h.core.handlers['posts.settle']({ id: post.id, outcome: 'published' })).rejects.toThrow(/TikTok itself said/);
    expect(at(s.h, post.id).state).toBe('failed');
    expect(await s.h.core.handlers['activity.list']({ actions: ['post.settle'] })).toEqual([]);
  });

  it('checks its input through the contract: an outcome is published or failed', async () => {
    const s = await setup();
    const routes = buildRoutes(s.h.core.handlers);
    const answer = await dispatch(routes, 'posts.settle', { id: 'p1', outcome: 'maybe' }, BROWSER);
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const unknown = await dispatch(routes, 'posts.settle', { id: 'nope', outcome: 'failed' }, BROWSER);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
