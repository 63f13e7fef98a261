// The Display API client Insights builds on (src-main/core/tiktok/display.ts), over real HTTP
// to the emulator: account stats and profile, video pages and queries with 19-digit ids kept
// exact, a missing scope as a clear error that sends nothing, faults mapped like the rest of
// the client, the 600-a-minute windows on a fake clock, paging back to a time within a bound,
// and a post found by time and caption when TikTok never gives its id.
import { describe, expect, it } from 'vitest';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { TikTokDisplay, TikTokRateWait, TikTokScopeMissing } from '../../src-main/core/tiktok/display';
import { tiktokEndpoints } from '../../src-main/core/tiktok/endpoints';
import { RateLimiter } from '../../src-main/core/tiktok/rate-limits';
import { TikTokClient } from '../../src-main/core/tiktok/tiktok-client';
import type { TikTokApiError} from '../../src-main/core/tiktok/tiktok-http';
import { isTransient, TikTokNetworkError } from '../../src-main/core/tiktok/tiktok-http';
import type { AccountRepo, AccountRow } from '../../src-main/core/tiktok/account-repo';
import type { TokenKeeper } from '../../src-main/core/tiktok/token-keeper';
import type { EmulatedUser } from '../emulators/tiktok';
import { useCores, waitFor } from '../support/core-harness';
import { fakeClock } from '../support/fake-clock';
import { useTempDirs } from '../support/temp-dir';
import { connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const emulator = useTikTokEmulator();
const newCore = useCores('clipdesk-display-');
const tempDir = useTempDirs('clipdesk-display-media-');
const MIN = 60_000;
const POSTING = ['user.info.basic', 'video.publish', 'video.upload'];
/** Beyond 2^53: as a JS number this is 7234567890123456000. */
const BIG_ID = '7234567890123456789';

async function setup(user: Partial<EmulatedUser> = {}) {
  const emu = emulator();
  const creator = emu.addUser({ displayName: 'Ada', username: 'ada.films', ...user });
  const env = tiktokEnv(emu);
  const h = newCore({ env, openExternal: createOpenBrowser(env), uploadRetryDelayMs: () => 50 });
  const account = await connectAccount(h.core);
  // Connecting starts the account's Insights snapshots (src-main/core/insights): let the first
  // finish, so what these tests count and the faults they inject are theirs alone.
  if (account.scopes.some((s) => s === 'video.list' || s === 'user.info.stats')) {
    await waitFor(() => h.core.insights.repo.status(account.id).last_at !== null, 20_000, 'the first Insights snapshot');
  }
  return { emu, h, creator, account, display: h.core.tiktokDisplay };
}

describe('Display API: the account', () => {
  it('reads stats and profile, and follows the counts as TikTok moves them', async () => {
    const { emu, creator, account, display } = await setup({ bioDescription: 'Short films', isVerified: true, followerCount: 120, followingCount: 8, likesCount: 900 });
    expect(await display.userStats(account.id)).toEqual({ followerCount: 120, followingCount: 8, likesCount: 900, videoCount: 0 });
    expect(await display.userProfile(account.id)).toEqual({ username: 'ada.films', bioDescription: 'Short films', profileDeepLink: 'https://www.tiktok.com/@ada.films', isVerified: true });
    emu.growFollowers(creator.openId, 30);
    emu.addVideo({ openId: creator.openId });
    const both = await display.userDetails(account.id, { stats: true, profile: true });
    expect(both).toMatchObject({ openId: creator.openId, displayName: 'Ada', stats: { followerCount: 150, videoCount: 1 }, profile: { username: 'ada.films' } });
    // Connecting and the first snapshot read it once each; then one request for both parts.
    expect(emu.requests.filter((r) => r.path === '/v2/user/info/').length).toBe(2 + 3);
  });
});

describe('Display API: videos', () => {
  it('keeps a 19-digit id exact from the raw answer through video/list and video/query and back', async () => {
    const { emu, creator, account, display } = await setup();
    expect(String(Number(BIG_ID))).not.toBe(BIG_ID);
    emu.addVideo({ openId: creator.openId, id: BIG_ID, title: 'Exact', viewCount: 42, likeCount: 5, commentCount: 2, shareCount: 1 });
    const page = await display.listVideos(account.id);
    expect(page.videos.map((v) => v.id)).toEqual([BIG_ID]);
    expect(page.videos[0]).toMatchObject({ title: 'Exact', description: 'Exact', viewCount: 42, likeCount: 5, commentCount: 2, shareCount: 1, durationSec: 15 });
    expect(page.videos[0]!.shareUrl).toContain(`/video/${BIG_ID}`);
    // The id read from list goes back to TikTok as a string and is found: the round trip is exact.
    const again = await display.queryVideos(account.id, page.videos.map((v) => v.id));
    expect(again.map((v) => v.id)).toEqual([BIG_ID]);
    expect(again[0]!.coverImageUrl).toMatch(/x-expires=\d+/);
  });

  it('lists page by page, newest first, with the cursor TikTok gives', async () => {
    const { emu, creator, account, display } = await setup();
    const t0 = Date.UTC(2026, 10, 1);
    const made = Array.from({ length: 5 }, (_, i) => emu.addVideo({ openId: creator.openId, title: `v${i}`, createdAt: t0 + i * MIN }));
    const first = await display.listVideos(account.id, { maxCount: 3 });
    expect(first.videos.map((v) => v.title)).toEqual(['v4', 'v3', 'v2']);
    expect(first.hasMore).toBe(true);
    const second = await display.listVideos(account.id, { maxCount: 3, cursor: first.cursor });
    expect(second.videos.map((v) => v.id)).toEqual([made[1]!.id, made[0]!.id]);
    expect(second.hasMore).toBe(false);
    await expect(display.listVideos(account.id, { maxCount: 21 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(display.queryVideos(account.id, [])).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(display.queryVideos(account.id, [String(Number(BIG_ID)), '12e3'])).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('pages back to a given time through short pages, and stops at its request bound', async () => {
    const { emu, creator, account, display } = await setup();
    const t0 = Date.UTC(2026, 10, 1);
    for (let i = 0; i < 12; i++) emu.addVideo({ openId: creator.openId, title: `v${i}`, createdAt: t0 + i * MIN });
    emu.state.videoListPageSize = 2; // short pages while has_more
    const before = emu.requests.length;
    const since = await display.listVideosSince(account.id, t0 + 7 * MIN);
    expect(since.videos.map((v) => v.title)).toEqual(['v11', 'v10', 'v9', 'v8', 'v7']);
    expect(since).toMatchObject({ complete: true, requests: 3 });
    expect(emu.requests.length - before).toBe(3);
    const bounded = await display.listVideosSince(account.id, t0, { maxRequests: 2 });
    expect(bounded).toMatchObject({ complete: false, requests: 2 });
    expect(bounded.videos).toHaveLength(4);
    const everything = await display.listVideosSince(account.id, 0, { maxRequests: 10 });
    expect(everything).toMatchObject({ complete: true, requests: 6 });
    expect(everything.videos).toHaveLength(12);
  });
});

describe('Display API: permissions', () => {
  it('an account connected without the Insights permissions gets a clear, specific error, and nothing is sent to TikTok', async () => {
    const { emu, account, display } = await setup({ grantScopes: POSTING });
    expect(account.state).toBe('connected');
    expect(account.missingScopes.map((m) => [m.scope, m.feature])).toEqual([
      ['user.info.stats', 'insights'],
      ['user.info.profile', 'insights'],
      ['video.list', 'insights'],
    ]);
    const before = emu.requests.length;
    const refused = await display.listVideos(account.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TikTokScopeMissing);
    expect(refused).toMatchObject({ code: 'PERMISSION_MISSING', scope: 'video.list', accountId: account.id, tiktokCode: null });
    expect((refused as Error).message).toMatch(/^Ada did not give Clipdesk the TikTok permission “Read your public videos.*” \(video\.list\)\. .*Publishing is not affected\. Reconnect the account in Accounts/);
    await expect(display.queryVideos(account.id, [BIG_ID])).rejects.toMatchObject({ scope: 'video.list' });
    await expect(display.userStats(account.id)).rejects.toMatchObject({ code: 'PERMISSION_MISSING', scope: 'user.info.stats' });
    await expect(display.userProfile(account.id)).rejects.toMatchObject({ code: 'PERMISSION_MISSING', scope: 'user.info.profile' });
    expect(isTransient(refused)).toBe(false);
    expect(emu.requests.length).toBe(before);
  });

  it('says the same when TikTok itself refuses a scope Clipdesk thought granted', async () => {
    const { emu, h, account, display } = await setup();
    // TikTok's record of the grant no longer has the Display scopes (changed on TikTok's side).
    const token = emu.state.tokens.at(-1)!;
    token.scopes = POSTING;
    const list = await display.listVideos(account.id).catch((e: unknown) => e);
    expect(list).toMatchObject({ code: 'PERMISSION_MISSING', scope: 'video.list', tiktokCode: 'scope_not_authorized' });
    const stats = await display.userStats(account.id).catch((e: unknown) => e);
    expect(stats).toMatchObject({ code: 'PERMISSION_MISSING', scope: 'user.info.stats', tiktokCode: 'scope_permission_missed' });
    expect(h.core.accounts.get(account.id).state).toBe('connected');
  });

  it('an account without the Insights permissions publishes exactly as before', async () => {
    const { emu, h, account } = await setup({ grantScopes: POSTING });
    const clipId = await importReady(h.core, readyVideo(tempDir()));
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'still posting', tiktok: { ...DIRECT_SELF_ONLY, privacy: 'PUBLIC_TO_EVERYONE' }, publishAt: 'now' });
    const done = await waitFor(() => {
      const p = h.core.posts.get(post.id);
      return ['published', 'failed'].includes(p.state) ? p : undefined;
    }, 60_000, 'the post to publish');
    expect(done.state).toBe('published');
    expect(done.publish?.postUrl).toBe(`https://www.tiktok.com/@ada.films/video/${emu.posts[0]?.publicPostId}`);
    expect(emu.posts).toHaveLength(1);
  });
});

describe('Display API: finding a post TikTok gave no id for', () => {
  it('matches a published post by its time and caption while publicaly_available_post_id stays empty', async () => {
    const { emu, creator, h, account, display } = await setup();
    emu.state.postIdDelayPolls = null; // moderation never ends in this test
    const caption = `A long caption that TikTok may cut at 150 characters ${'— and then some more words '.repeat(6)}#clipdesk`;
    // Others around it: same caption earlier, another caption at the same time.
    emu.addVideo({ openId: creator.openId, title: caption, createdAt: Date.now() - 3 * 24 * 60 * MIN });
    emu.addVideo({ openId: creator.openId, title: 'Something else' });
    const clipId = await importReady(h.core, readyVideo(tempDir()));
    const sentAt = Date.now();
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption, tiktok: { ...DIRECT_SELF_ONLY, privacy: 'PUBLIC_TO_EVERYONE' }, publishAt: 'now' });
    const done = await waitFor(() => {
      const p = h.core.posts.get(post.id);
      return ['published', 'failed'].includes(p.state) ? p : undefined;
    }, 60_000, 'the post to publish');
    expect(done.state).toBe('published');
    const video = emu.videos.find((v) => v.publishId !== null)!;
    expect(video.title.length).toBe(150);

    const found = await display.findPostVideo(account.id, { caption, sentAt, doneBy: Date.now() });
    expect(found.video?.id).toBe(video.id);
    expect(found.candidates).toHaveLength(1);
    expect(found).toMatchObject({ complete: true, requests: 1 });
    // A caption that was not posted finds nothing.
    expect((await display.findPostVideo(account.id, { caption: 'never posted', sentAt, doneBy: Date.now() })).video).toBeNull();
  });
});

describe('Display API: faults and limits', () => {
  it('maps TikTok’s answers like the rest of the client: 5xx and 429 transient, bad params not, a refused token refreshed once', async () => {
    const { emu, creator, account, display } = await setup();
    emu.addVideo({ openId: creator.openId });
    emu.fault({ endpoint: 'video_list', kind: 'status', status: 503 });
    const down = await display.listVideos(account.id).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(TikTokNetworkError);
    expect(isTransient(down)).toBe(true);

    emu.fault({ endpoint: 'video_query', kind: 'status', status: 429 });
    const limited = await display.queryVideos(account.id, [BIG_ID]).catch((e: unknown) => e);
    expect(limited).toMatchObject({ tiktokCode: 'rate_limit_exceeded', httpStatus: 429 });
    expect((limited as TikTokApiError).message).toContain('600 requests a minute');
    expect(isTransient(limited)).toBe(true);

    emu.fault({ endpoint: 'video_list', kind: 'error', code: 'invalid_params' });
    const bad = await display.listVideos(account.id).catch((e: unknown) => e);
    expect(bad).toMatchObject({ tiktokCode: 'invalid_params', httpStatus: 400 });
    expect(isTransient(bad)).toBe(false);

    emu.fault({ endpoint: 'userinfo', kind: 'error', code: 'access_token_invalid' });
    expect((await display.userStats(account.id)).videoCount).toBe(1);
    expect(emu.state.refreshCounts[creator.openId]).toBe(1);

    emu.fault({ endpoint: 'video_list', kind: 'status', status: 200, code: 'internal_error' });
    expect(isTransient(await display.listVideos(account.id).catch((e: unknown) => e))).toBe(true);
    expect((await display.listVideos(account.id)).videos).toHaveLength(1);
  });

  it('keeps to 600 requests a minute per endpoint and account on its own clock, before TikTok is asked', async () => {
    const emu = emulator();
    const creator = emu.addUser({ displayName: 'Ada' });
    // A real client and limiter on a fake clock; the token straight from the emulator's grant.
    const env = tiktokEnv(emu);
    const h = newCore({ env, openExternal: createOpenBrowser(env) });
    const account = await connectAccount(h.core);
    const token = emu.state.tokens.at(-1)!.accessToken;
    const clock = fakeClock();
    const row = { id: account.id, external_id: creator.openId, display_name: 'Ada', scopes: emu.state.tokens.at(-1)!.scopes.join(',') } as AccountRow;
    const display = new TikTokDisplay({
      accounts: { find: () => row } as unknown as AccountRepo,
      tokens: { withToken: (_id: string, fn: (t: string) => Promise<unknown>) => fn(token) } as unknown as TokenKeeper,
      client: new TikTokClient(tiktokEndpoints(env)),
      limiter: new RateLimiter(clock),
    });
    emu.state.enforceRateLimits = false; // only Clipdesk's own count is under test
    for (let i = 0; i < 600; i += 50) await Promise.all(Array.from({ length: 50 }, () => display.listVideos(account.id, { maxCount: 1 })));
    const sent = emu.requests.length;
    const wait = await display.listVideos(account.id).catch((e: unknown) => e);
    expect(wait).toBeInstanceOf(TikTokRateWait);
    expect(wait).toMatchObject({ tiktokCode: 'rate_limit_exceeded', waitMs: MIN });
    expect(isTransient(wait)).toBe(true);
    expect(emu.requests.length).toBe(sent);
    // Each endpoint has its own window.
    expect(await display.queryVideos(account.id, [BIG_ID])).toEqual([]);
    expect((await display.userStats(account.id)).followerCount).toBe(0);
    clock.advance(30_000);
    expect(((await display.listVideos(account.id).catch((e: unknown) => e)) as TikTokRateWait).waitMs).toBe(30_000);
    clock.advance(30_000);
    expect((await display.listVideos(account.id)).videos).toEqual([]);
  });
});
