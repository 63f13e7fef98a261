// Insights end to end in the core, over real HTTP to the TikTok emulator: the snapshot job on a
// clock the test moves (hourly for 48 h, daily after, the account daily, one catch-up run after
// a sleep), 429/5xx backoff and TikTok's rate limit, a reconnect pause, Clipdesk's posts tied to
// their videos (by TikTok's id, or by time and caption when TikTok gave none, which History then
// links), reasons instead of zeros, Refresh with progress, and int64 ids exact throughout.
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_JOB } from '../../src-main/core/insights';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import type { EmulatedUser } from '../emulators/tiktok';
import { startHandler, AT_TERMINAL } from '../support/callers';
import { useCores, waitFor, type Harness } from '../support/core-harness';
import { fakeClock, type FakeClock } from '../support/fake-clock';
import { useTempDirs } from '../support/temp-dir';
import { connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const emulator = useTikTokEmulator();
const newCore = useCores('clipdesk-insights-');
const tempDir = useTempDirs('clipdesk-insights-media-');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Beyond 2^53: as a JS number this is 7234567890123456000. */
const BIG_ID = '7234567890123456789';

interface World {
  emu: ReturnType<typeof emulator>;
  h: Harness;
  clock: FakeClock | null;
  creator: EmulatedUser;
  accountId: string;
}

async function setup(options: { clock?: boolean; user?: Partial<EmulatedUser> } = {}): Promise<World> {
  const emu = emulator();
  const creator = emu.addUser({ displayName: 'Ada', username: 'ada.films', followerCount: 100, ...options.user });
  const env = tiktokEnv(emu);
  const clock = options.clock ? fakeClock(Date.now()) : null;
  const h = newCore({ env, openExternal: createOpenBrowser(env), uploadRetryDelayMs: () => 50, ...(clock ? { clock } : {}) });
  const account = await connectAccount(h.core);
  return { emu, h, clock, creator, accountId: account.id };
}

/** Moves Clipdesk's clock and TikTok's together, and lets the due jobs run to their end. */
async function step(w: World, ms: number): Promise<void> {
  w.clock!.advance(ms);
  w.emu.state.clockOffsetMs += ms;
  await runDue(w);
}

async function runDue(w: World): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await w.h.core.jobs.tick();
    await w.h.core.jobs.idle();
  }
}

const pointsOf = (w: World, videoId: string): number[] => w.h.core.insights.repo.points(w.accountId, videoId).map((p) => p.at);
const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => t - times[i]!);

type Privacy = 'PUBLIC_TO_EVERYONE' | 'SELF_ONLY';

/** Publishes posts of one clip now and waits until each is published (or failed). */
async function publish(w: World, posts: Array<{ caption: string; privacy?: Privacy; mode?: 'direct' | 'inbox' }>) {
  const clipId = await importReady(w.h.core, readyVideo(tempDir()));
  const created = [];
  for (const p of posts) {
    const mode = p.mode ?? 'direct';
    created.push(
      await w.h.core.handlers['posts.create']({
        clipId,
        accountId: w.accountId,
        caption: p.caption,
        tiktok: { ...DIRECT_SELF_ONLY, mode, privacy: mode === 'inbox' ? null : (p.privacy ?? 'PUBLIC_TO_EVERYONE') },
        publishAt: 'now',
      }),
    );
  }
  return Promise.all(
    created.map((post) =>
      waitFor(() => {
        const p = w.h.core.posts.get(post.id);
        return ['published', 'failed'].includes(p.state) ? p : undefined;
      }, 60_000, 'the post to publish'),
    ),
  );
}

describe('the snapshot schedule', () => {
  it('reads a post hourly for its first 48 hours, then daily, the account daily, and catches up once after a sleep', async () => {
    const w = await setup({ clock: true });
    const video = w.emu.addVideo({ openId: w.creator.openId, id: BIG_ID, title: 'Made in the TikTok app', viewCount: 10 });
    await runDue(w);
    expect(pointsOf(w, BIG_ID)).toHaveLength(1);
    expect(w.h.core.insights.repo.accountPoints(w.accountId)).toHaveLength(1);

    // Two days in ten-minute steps: one snapshot an hour, not one a step.
    for (let t = 0; t < 48 * HOUR; t += 10 * MIN) {
      w.emu.setStats(video.id, { viewCount: 10 + Math.floor(t / MIN) });
      await step(w, 10 * MIN);
    }
    const hourly = pointsOf(w, BIG_ID);
    expect(hourly.length).toBeGreaterThanOrEqual(48);
    expect(hourly.length).toBeLessThanOrEqual(50);
    for (const g of gaps(hourly)) expect(Math.abs(g - HOUR)).toBeLessThanOrEqual(10 * MIN);
    expect(w.h.core.insights.repo.accountPoints(w.accountId)).toHaveLength(3);

    // Then daily: five days in hour steps add five snapshots.
    for (let i = 0; i < 5 * 24; i++) await step(w, HOUR);
    const daily = pointsOf(w, BIG_ID).slice(hourly.length);
    expect(daily.length).toBeGreaterThanOrEqual(4);
    expect(daily.length).toBeLessThanOrEqual(6);
    for (const g of gaps(daily)) expect(g).toBe(DAY);

    // Asleep for three days: one run on waking, not three, and the next a day after it.
    const before = pointsOf(w, BIG_ID).length;
    await step(w, 3 * DAY);
    expect(pointsOf(w, BIG_ID)).toHaveLength(before + 1);
    await step(w, DAY - HOUR);
    expect(pointsOf(w, BIG_ID)).toHaveLength(before + 1);
    await step(w, HOUR);
    expect(pointsOf(w, BIG_ID)).toHaveLength(before + 2);

    // The numbers as the CLI's JSON shows them: the id exact, `at` when TikTok served them.
    const insights = await w.h.core.handlers['insights.get']({ series: true });
    const post = insights.posts.find((p) => p.tiktokId === BIG_ID)!;
    expect(post).toMatchObject({ source: 'outside', matchedBy: null, availability: 'public', reason: null });
    expect(post.series!.length).toBe(before + 2);
    expect(post.at).toBe(post.series!.at(-1)!.at);
    // Views were set to 10 + minutes since posting, ten minutes behind: ~60 at 1 h, ~1,440 at 24 h.
    expect(Math.abs(post.viewsAt1h! - 60)).toBeLessThanOrEqual(2);
    expect(Math.abs(post.viewsAt24h! - 1440)).toBeLessThanOrEqual(2);
    expect(insights.accounts[0]).toMatchObject({ id: w.accountId, followers: 100, status: { problem: null, missingScopes: [] } });
    // Only one job per account, however often it was woken.
    expect(w.h.core.jobs.activeFor(SNAPSHOT_JOB, 'accountId', w.accountId)).toHaveLength(1);
  });

  it('backs off on 5xx and 429, keeps to TikTok’s limit, and says what happened', async () => {
    const w = await setup({ clock: true });
    w.emu.addVideo({ openId: w.creator.openId, title: 'one' });
    w.emu.fault({ endpoint: 'userinfo', kind: 'status', status: 503, times: 1 });
    await runDue(w);
    const status = (await w.h.core.handlers['insights.get']({})).accounts[0]!.status;
    expect(status.problem).toMatch(/TikTok/);
    expect(Date.parse(status.nextAt!) - w.clock!.now()).toBe(5 * MIN);
    // 429 next: the wait doubles.
    w.emu.fault({ endpoint: 'userinfo', kind: 'status', status: 429, times: 1 });
    await step(w, 5 * MIN);
    const second = (await w.h.core.handlers['insights.get']({})).accounts[0]!.status;
    expect(Date.parse(second.nextAt!) - w.clock!.now()).toBe(10 * MIN);
    expect(w.h.core.insights.repo.accountPoints(w.accountId)).toHaveLength(0);
    // TikTok answers again: the snapshot is taken and the problem goes.
    await step(w, 10 * MIN);
    const third = (await w.h.core.handlers['insights.get']({})).accounts[0]!;
    expect(third.status.problem).toBeNull();
    expect(third.followers).toBe(100);
  });

  it('pauses while the account needs reconnecting and carries on when it is reconnected', async () => {
    const w = await setup({ clock: true });
    await runDue(w);
    const before = w.h.core.insights.repo.accountPoints(w.accountId).length;
    w.h.core.db.prepare("UPDATE accounts SET state = 'reconnect_needed', problem = 'revoked' WHERE id = ?").run(w.accountId);
    await step(w, 2 * DAY);
    expect(w.h.core.insights.repo.accountPoints(w.accountId)).toHaveLength(before);
    expect((await w.h.core.handlers['insights.get']({})).accounts[0]!.status.problem).toMatch(/reconnect it in Accounts/);
    // Reconnecting (the same person again) wakes the job at once.
    w.emu.state.nextUser = w.creator.openId;
    await connectAccount(w.h.core);
    await runDue(w);
    expect(w.h.core.insights.repo.accountPoints(w.accountId)).toHaveLength(before + 1);
  });
});

describe('Clipdesk’s posts in Insights', () => {
  it('ties a post TikTok gave no id for to its video by time and caption, and History then links it', async () => {
    const w = await setup();
    w.emu.state.postIdDelayPolls = null; // moderation never ends: status/fetch never gives the id
    w.emu.addVideo({ openId: w.creator.openId, title: 'Same words', createdAt: Date.now() - 3 * DAY });
    const [post] = await publish(w, [{ caption: 'Same words' }]);
    expect(post!.state).toBe('published');

    const result = await w.h.core.handlers['insights.refresh']({});
    expect(result.accounts).toEqual([{ id: w.accountId, displayName: 'Ada', ok: true, videos: 2, problem: null }]);
    const video = w.emu.videos.find((v) => v.publishId !== null)!;
    const mine = (await w.h.core.handlers['insights.get']({})).posts.find((p) => p.postId === post!.id)!;
    // TikTok's status answers never carried the id: the match is by time and caption.
    expect(mine).toMatchObject({ tiktokId: video.id, source: 'clipdesk', matchedBy: 'time_caption', availability: 'public' });
    expect(w.h.core.posts.get(post!.id).publish?.postUrl).toContain(`/video/${video.id}`);
    // The older video with the same words stays a video of its own, from outside Clipdesk.
    expect((await w.h.core.handlers['insights.get']({})).posts.filter((p) => p.source === 'outside')).toHaveLength(1);
  });

  it('ties a post by the id TikTok gave; Only me and inbox posts say why they have no numbers', async () => {
    const w = await setup();
    const posted = await publish(w, [{ caption: 'Public one' }, { caption: 'Only me', privacy: 'SELF_ONLY' }, { caption: 'To the inbox', mode: 'inbox' }]);
    const [pub, only, inbox] = [posted[0]!, posted[1]!, posted[2]!];
    const refreshing = startHandler(w.h.core.handlers['insights.refresh'], { kind: 'window' });
    expect(await refreshing.progress).toMatchObject({ accountId: w.accountId, displayName: 'Ada', done: 0, total: 1 });
    await refreshing.result;
    const numbers = await w.h.core.handlers['insights.numbers']({ postIds: [pub.id, only.id, inbox.id] });
    expect(numbers[pub.id]).toMatchObject({ availability: 'public', views: 0, reason: null });
    expect((await w.h.core.handlers['insights.get']({})).posts.find((p) => p.postId === pub.id)?.matchedBy).toBe('post_id');
    expect(numbers[only.id]).toMatchObject({ availability: 'private', views: null, reason: expect.stringMatching(/Only me/) });
    expect(numbers[inbox.id]).toMatchObject({ availability: 'inbox', views: null, reason: expect.stringMatching(/inbox/) });
    // One post's series by its key; the activity log names who refreshed.
    const one = await w.h.core.handlers['insights.post']({ key: `post:${pub.id}` });
    // The job read it when it was published, the Refresh once more.
    expect(one.series!.length).toBeGreaterThanOrEqual(1);
    expect(one.series!.at(-1)!.at).toBe(one.at);
    await w.h.core.handlers['insights.refresh']({}, AT_TERMINAL);
    const log = await w.h.core.handlers['activity.list']({});
    const refreshes = log.filter((e) => e.action === 'insights.refresh');
    expect(refreshes).toHaveLength(2);
    // Newest first: the terminal's Refresh, then the window's.
    expect(refreshes.map((e) => e.actor)).toEqual(['cli', 'app']);
    expect(refreshes[0]).toMatchObject({ subject: 'all accounts', detail: 'Ada: 1 videos read' });
  });

  it('an account without the Insights permissions says so, publishing unaffected, and Refresh tells why', async () => {
    const w = await setup({ user: { grantScopes: ['user.info.basic', 'video.publish', 'video.upload'] } });
    const result = await w.h.core.handlers['insights.refresh']({});
    expect(result.accounts[0]).toMatchObject({ ok: false, problem: expect.stringMatching(/publishing is not affected/) });
    const account = (await w.h.core.handlers['insights.get']({})).accounts[0]!;
    expect(account.status.missingScopes).toEqual(['user.info.stats', 'user.info.profile', 'video.list']);
    expect(account.status.problem).toMatch(/Publishing is not affected/);
    expect(w.emu.requests.filter((r) => r.path.startsWith('/v2/video/'))).toHaveLength(0);
  });
});
