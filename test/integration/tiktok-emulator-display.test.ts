// The emulator's Display API (docs/platforms.md, TikTok §5) driven with plain fetch, no app
// code: each rule it enforces, the raw int64 ids a naive JSON.parse corrupts, its rate windows
// and faults, Direct Posts becoming listable videos whose id status/fetch may hold back, and
// organic growth (state.growth): counts that rise by themselves with the emulator's clock.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { organicCounts, startTikTokEmulator, VIEWS_PER_FOLLOWER, type EmulatedUser, type TikTokEmulator } from '../emulators/tiktok';

const running: TikTokEmulator[] = [];
afterEach(async () => {
  for (const emu of running.splice(0)) await emu.close();
});

const APP = { clientKey: 'display-test', clientSecret: 'display-secret' };
const REDIRECT = 'http://127.0.0.1:48124/callback/';
const ALL = 'user.info.basic,user.info.profile,user.info.stats,video.list,video.publish,video.upload';
const FIELDS = 'id,create_time,title,video_description,view_count,like_count,comment_count,share_count,cover_image_url,share_url,duration';
const MIN = 60_000;

async function start(): Promise<TikTokEmulator> {
  const emu = await startTikTokEmulator();
  running.push(emu);
  emu.addApp({ ...APP, audited: true });
  return emu;
}

/** A token through authorize (autoConsent) and the code exchange, with `grant` ticked. */
async function tokenFor(emu: TikTokEmulator, user: EmulatedUser, grant?: string[]): Promise<string> {
  const verifier = crypto.randomBytes(48).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('hex');
  emu.state.autoConsent = true;
  emu.state.nextUser = user.openId;
  user.grantScopes = grant ?? null;
  const q = new URLSearchParams({ client_key: APP.clientKey, response_type: 'code', scope: ALL, redirect_uri: REDIRECT, state: 's', code_challenge: challenge, code_challenge_method: 'S256' });
  const res = await fetch(`${emu.authorizeUrl}?${q.toString()}`, { redirect: 'manual' });
  const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
  const form = new URLSearchParams({ client_key: APP.clientKey, client_secret: APP.clientSecret, grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
  const t = (await (await fetch(`${emu.apiBase}/v2/oauth/token/`, { method: 'POST', body: form })).json()) as { access_token: string };
  return t.access_token;
}

interface Raw {
  status: number;
  text: string;
  /** JSON.parse of the text: what a naive client sees. */
  naive: { data: Record<string, unknown>; error: { code: string; message: string } };
}

async function call(emu: TikTokEmulator, token: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Raw> {
  const res = await fetch(`${emu.apiBase}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, naive: JSON.parse(text) as Raw['naive'] };
}

const list = (emu: TikTokEmulator, token: string, body: unknown = {}, fields = FIELDS) => call(emu, token, `/v2/video/list/?fields=${fields}`, body);
const query = (emu: TikTokEmulator, token: string, ids: unknown) => call(emu, token, `/v2/video/query/?fields=${FIELDS}`, { filters: { video_ids: ids } });

/** The ids in a raw answer, read from the text itself (the digits as sent). */
const rawIds = (text: string): string[] => [...text.matchAll(/"id":(\d+)/g)].map((m) => m[1]!);

describe('TikTok emulator: user/info for Insights', () => {
  it('gives stats and profile fields, moves them when the test says, and refuses fields whose scope was not granted', async () => {
    const emu = await start();
    const ada = emu.addUser({ displayName: 'Ada', username: 'ada.films', bioDescription: 'Films', isVerified: true, followerCount: 10, followingCount: 3, likesCount: 50 });
    const token = await tokenFor(emu, ada);
    const get = (fields: string, t = token) => fetch(`${emu.apiBase}/v2/user/info/?fields=${fields}`, { headers: { Authorization: `Bearer ${t}` } });
    const body = (await (await get('follower_count,following_count,likes_count,video_count,username,bio_description,profile_deep_link,is_verified')).json()) as { data: { user: Record<string, unknown> } };
    expect(body.data.user).toEqual({
      follower_count: 10, following_count: 3, likes_count: 50, video_count: 0,
      username: 'ada.films', bio_description: 'Films', profile_deep_link: 'https://www.tiktok.com/@ada.films', is_verified: true,
    });
    emu.growFollowers(ada.openId, 5);
    emu.addVideo({ openId: ada.openId, title: 'outside' });
    emu.setUserStats(ada.openId, { likesCount: 70 });
    expect(((await (await get('follower_count,likes_count,video_count')).json()) as typeof body).data.user).toEqual({ follower_count: 15, likes_count: 70, video_count: 1 });

    const basicOnly = await tokenFor(emu, ada, ['user.info.basic', 'video.publish']);
    for (const [fields, scope] of [['open_id,follower_count', 'user.info.stats'], ['username', 'user.info.profile']] as const) {
      const res = await get(fields, basicOnly);
      expect(res.status).toBe(400);
      const refused = (await res.json()) as { data: unknown; error: { code: string; message: string; log_id: string } };
      expect(refused).toMatchObject({ data: {}, error: { code: 'scope_permission_missed', log_id: expect.stringMatching(/^\d{14}[0-9A-F]+$/) } });
      expect(refused.error.message).toContain(scope);
    }
  });
});

describe('TikTok emulator: video/list', () => {
  it('lists only public videos, newest first, a page at a time by a millisecond cursor, with raw 19-digit ids', async () => {
    const emu = await start();
    const ada = emu.addUser({ displayName: 'Ada' });
    const other = emu.addUser({ displayName: 'Other' });
    const t0 = Date.UTC(2026, 10, 1);
    const made = [0, 1, 2, 3, 4].map((i) => emu.addVideo({ openId: ada.openId, title: `v${i}`, createdAt: t0 + i * MIN, viewCount: i * 100 }));
    emu.addVideo({ openId: ada.openId, title: 'private', privacyLevel: 'SELF_ONLY', createdAt: t0 + 10 * MIN });
    emu.addVideo({ openId: other.openId, title: 'not hers', createdAt: t0 + 11 * MIN });
    const token = await tokenFor(emu, ada);

    const first = await list(emu, token, { max_count: 2 });
    expect(first.status).toBe(200);
    expect(first.naive.error.code).toBe('ok');
    expect(rawIds(first.text)).toEqual([made[4]!.id, made[3]!.id]);
    // Written as bare numbers beyond 2^53: JSON.parse hands a naive client other videos' ids.
    const naiveIds = (first.naive.data.videos as Array<{ id: number }>).map((v) => String(v.id));
    expect(naiveIds).not.toEqual([made[4]!.id, made[3]!.id]);
    expect(first.naive.data).toMatchObject({ has_more: true, cursor: made[3]!.createdAt });
    const v = (first.naive.data.videos as Array<Record<string, unknown>>)[0]!;
    expect(v).toMatchObject({ create_time: Math.floor(made[4]!.createdAt / 1000), title: 'v4', video_description: 'v4', view_count: 400, like_count: 0, duration: 15 });
    expect(v.share_url).toContain(`/video/${made[4]!.id}`);

    const second = await list(emu, token, { max_count: 2, cursor: first.naive.data.cursor });
    expect(rawIds(second.text)).toEqual([made[2]!.id, made[1]!.id]);
    const last = await list(emu, token, { max_count: 2, cursor: second.naive.data.cursor });
    expect(rawIds(last.text)).toEqual([made[0]!.id]);
    expect(last.naive.data.has_more).toBe(false);
    // A cursor of one's own: the videos made before that time; default max_count is 10.
    expect(rawIds((await list(emu, token, { cursor: t0 + 2 * MIN })).text)).toEqual([made[1]!.id, made[0]!.id]);
    expect(rawIds((await list(emu, token)).text)).toHaveLength(5);
  });

  it('may answer short pages while has_more, and refuses bad max_count, cursor, fields and bodies with invalid_params', async () => {
    const emu = await start();
    const ada = emu.addUser({ displayName: 'Ada' });
    for (let i = 0; i < 7; i++) emu.addVideo({ openId: ada.openId, createdAt: Date.UTC(2026, 0, 1) + i * MIN });
    const token = await tokenFor(emu, ada);
    emu.state.videoListPageSize = 3;
    const pages: number[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = await list(emu, token, { max_count: 20, ...(cursor === undefined ? {} : { cursor }) });
      pages.push(rawIds(page.text).length);
      if (!page.naive.data.has_more) break;
      cursor = page.naive.data.cursor as number;
    }
    expect(pages).toEqual([3, 3, 1]);

    for (const body of [{ max_count: 21 }, { max_count: 0 }, { max_count: 2.5 }, { max_count: '5' }, { cursor: -1 }, { cursor: '1700000000000' }, [1]]) {
      const res = await list(emu, token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.naive.error.code).toBe('invalid_params');
    }
    expect((await list(emu, token, {}, '')).naive.error.code).toBe('invalid_params');
    expect((await list(emu, token, {}, 'id,plays')).naive.error.message).toContain('plays');
    expect((await call(emu, token, `/v2/video/list/?fields=id`, '{"max_count":', 'application/json')).naive.error.code).toBe('invalid_params');
    expect((await call(emu, token, `/v2/video/list/?fields=id`, 'max_count=5', 'application/x-www-form-urlencoded')).naive.error.code).toBe('invalid_params');
  });

  it('needs video.list, and counts 600 requests a minute per endpoint over a sliding window', async () => {
    const emu = await start();
    const ada = emu.addUser({ displayName: 'Ada' });
    const noList = await tokenFor(emu, ada, ['user.info.basic', 'video.publish']);
    for (const res of [await list(emu, noList), await query(emu, noList, ['1'])]) {
      expect(res.status).toBe(401);
      expect(res.naive.error.code).toBe('scope_not_authorized');
    }

    const token = await tokenFor(emu, ada);
    for (let i = 0; i < 600; i += 50) await Promise.all(Array.from({ length: 50 }, () => list(emu, token, { max_count: 1 })));
    const over = await list(emu, token, { max_count: 1 });
    expect(over.status).toBe(429);
    expect(over.naive.error.code).toBe('rate_limit_exceeded');
    // Another endpoint has its own window.
    expect((await query(emu, token, ['1'])).status).toBe(200);
    emu.state.clockOffsetMs += MIN;
    expect((await list(emu, token, { max_count: 1 })).status).toBe(200);
  });

  it('takes faults like every endpoint: a 503, a 429, a dropped answer', async () => {
    const emu = await start();
    const ada = emu.addUser({ displayName: 'Ada' });
    const token = await tokenFor(emu, ada);
    emu.fault({ endpoint: 'video_list', kind: 'status', status: 503 });
    emu.fault({ endpoint: 'video_query', kind: 'status', status: 429, retryAfterSec: 30 });
    const failed = await list(emu, token);
    expect(failed.status).toBe(503);
    expect(failed.naive.error.code).toBe('internal_error');
    const limited = await query(emu, token, ['1']);
    expect(limited.status).toBe(429);
    expect(limited.naive.error.code).toBe('rate_limit_exceeded');
    emu.fault({ endpoint: 'video_list', kind: 'drop' });
    await expect(list(emu, token)).rejects.toThrow();
    expect(emu.pendingFaults()).toEqual([]);
    expect((await list(emu, token)).status).toBe(200);
  });
});

describe('TikTok emulator: video/query', () => {
  it('answers the caller’s own public videos among at most 20 ids given as strings', async () => {
    const emu = await start();
    const ada = emu.addUser({ displayName: 'Ada' });
    const other = emu.addUser({ displayName: 'Other' });
    const mine = emu.addVideo({ openId: ada.openId, title: 'mine', likeCount: 7 });
    const hidden = emu.addVideo({ openId: ada.openId, title: 'only me', privacyLevel: 'SELF_ONLY' });
    const theirs = emu.addVideo({ openId: other.openId, title: 'theirs' });
    const token = await tokenFor(emu, ada);

    const found = await query(emu, token, [mine.id, hidden.id, theirs.id, '7000000000000000001']);
    expect(found.status).toBe(200);
    expect(rawIds(found.text)).toEqual([mine.id]);
    expect((found.naive.data.videos as Array<Record<string, unknown>>)[0]).toMatchObject({ title: 'mine', like_count: 7 });
    emu.setStats(mine.id, { likeCount: 9, viewCount: 1000 });
    expect((await query(emu, token, [mine.id])).naive.data.videos).toMatchObject([{ like_count: 9, view_count: 1000 }]);

    for (const ids of [[], Array.from({ length: 21 }, (_, i) => String(7_000_000_000_000_000_000n + BigInt(i))), [Number(mine.id)], ['abc'], 'nope']) {
      const res = await query(emu, token, ids);
      expect(res.status).toBe(400);
      expect(res.naive.error.code).toBe('invalid_params');
    }
    expect((await query(emu, token, Array.from({ length: 20 }, () => mine.id))).status).toBe(200);
  });

  it('gives cover links that expire after about 6 hours', async () => {
    const emu = await start();
    const ada = emu.addUser({ displayName: 'Ada' });
    const v = emu.addVideo({ openId: ada.openId });
    const token = await tokenFor(emu, ada);
    const cover = ((await query(emu, token, [v.id])).naive.data.videos as Array<{ cover_image_url: string }>)[0]!.cover_image_url;
    expect((await fetch(cover)).status).toBe(200);
    emu.state.clockOffsetMs += 6 * 60 * MIN + 1_000;
    expect((await fetch(cover)).status).toBe(403);
  });
});

describe('TikTok emulator: posts published through Content Posting', () => {
  /** Direct Post of a tiny file: init, one PUT, status checks until PUBLISH_COMPLETE. */
  async function publish(emu: TikTokEmulator, token: string, title: string, privacy: string): Promise<string> {
    const bytes = crypto.randomBytes(1000);
    const init = await call(emu, token, '/v2/post/publish/video/init/', {
      post_info: { privacy_level: privacy, title, brand_content_toggle: false },
      source_info: { source: 'FILE_UPLOAD', video_size: bytes.length, chunk_size: bytes.length, total_chunk_count: 1 },
    });
    const { publish_id, upload_url } = init.naive.data as { publish_id: string; upload_url: string };
    const put = await fetch(upload_url, { method: 'PUT', headers: { 'Content-Type': 'video/mp4', 'Content-Range': `bytes 0-${bytes.length - 1}/${bytes.length}` }, body: bytes });
    expect(put.status).toBe(201);
    return publish_id;
  }
  const status = async (emu: TikTokEmulator, token: string, publishId: string) => call(emu, token, '/v2/post/publish/status/fetch/', { publish_id: publishId });

  it('become listable videos when public, and the post id can wait for moderation while the video is listed', async () => {
    const emu = await start();
    const ada = emu.addUser({ displayName: 'Ada', username: 'ada' });
    const token = await tokenFor(emu, ada);
    emu.state.processingPolls = 0;
    emu.state.postIdDelayPolls = 2;
    const publicId = await publish(emu, token, 'Public #one', 'PUBLIC_TO_EVERYONE');
    await publish(emu, token, 'Only me', 'SELF_ONLY');

    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await status(emu, token, publicId));
    expect(answers.map((a) => a.naive.data.status)).toEqual(['PUBLISH_COMPLETE', 'PUBLISH_COMPLETE', 'PUBLISH_COMPLETE', 'PUBLISH_COMPLETE']);
    const postIdOf = (a: Raw): string[] => [.../"publicaly_available_post_id":\[([\d,]*)\]/.exec(a.text)![1]!.split(',').filter(Boolean)];
    expect(answers.map(postIdOf)).toEqual([[], [], [emu.posts[0]!.publicPostId], [emu.posts[0]!.publicPostId]]);

    // Listed from PUBLISH_COMPLETE on, with the post's caption; the private one is not.
    const listed = await list(emu, token);
    expect(rawIds(listed.text)).toEqual([emu.posts[0]!.publicPostId]);
    expect(listed.naive.data.videos).toMatchObject([{ title: 'Public #one', video_description: 'Public #one' }]);
    expect(emu.videos.map((v) => [v.title, v.privacyLevel, v.publishId])).toEqual([
      ['Public #one', 'PUBLIC_TO_EVERYONE', publicId],
    ]);

    // null: the id never comes (the case a client finds the video by time and caption for).
    emu.state.postIdDelayPolls = null;
    const again = await publish(emu, token, 'Never an id', 'PUBLIC_TO_EVERYONE');
    for (let i = 0; i < 3; i++) expect(postIdOf(await status(emu, token, again))).toEqual([]);
    expect(rawIds((await list(emu, token)).text)).toHaveLength(2);
  });
});

describe('TikTok emulator: organic growth (state.growth)', () => {
  const HOUR = 60 * MIN;
  const DAY = 24 * HOUR;
  /** Long enough for one access token to outlive every clock jump below. */
  const YEAR_SEC = 365 * 86_400;
  /** Fixed ids: growth is seeded by the id, so these tests see the same numbers on every run. */
  const IDS = ['7300000000000000001', '7300000000000000002', '7300000000000000003', '7300000000000000004', '7300000000000000005', '7300000000000000006'];
  const ZERO = { view_count: 0, like_count: 0, comment_count: 0, share_count: 0 };
  type Counts = typeof ZERO;

  /** Each video's counts in an answer of video/list or video/query, by its exact id. */
  function countsOf(answer: Raw): Map<string, Counts> {
    const videos = answer.naive.data.videos as Counts[];
    return new Map(rawIds(answer.text).map((id, i) => {
      const { view_count, like_count, comment_count, share_count } = videos[i]!;
      return [id, { view_count, like_count, comment_count, share_count }];
    }));
  }
  const userStats = async (emu: TikTokEmulator, token: string): Promise<Record<string, number>> =>
    ((await (await fetch(`${emu.apiBase}/v2/user/info/?fields=follower_count,likes_count,video_count`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { data: { user: Record<string, number> } }).data.user;
  const emuNow = (emu: TikTokEmulator): number => Date.now() + emu.state.clockOffsetMs;
  /**
   * Moves the emulator's clock (forward, by under a minute) to 2 s past a whole minute. Growth
   * is read at whole emulator minutes, so the requests of the next ~58 s see the same counts;
   * the clock jumps below are whole minutes and keep that.
   */
  function pinToMinuteStart(emu: TikTokEmulator): void {
    emu.state.clockOffsetMs += (MIN + 2_000 - (emuNow(emu) % MIN)) % MIN;
  }
  const sum = (m: Map<string, Counts>, key: keyof Counts): number => [...m.values()].reduce((n, c) => n + c[key], 0);

  it('is off by default: counts stay as set however far the clock moves', async () => {
    const emu = await start();
    expect(emu.state.growth).toBe(false);
    emu.state.accessTtlSec = YEAR_SEC;
    const ada = emu.addUser({ displayName: 'Ada', followerCount: 10, likesCount: 50 });
    const v = emu.addVideo({ openId: ada.openId, id: IDS[0], createdAt: emuNow(emu) - 2 * DAY, viewCount: 300, likeCount: 20, commentCount: 4, shareCount: 1 });
    const token = await tokenFor(emu, ada);
    const set = new Map([[v.id, { view_count: 300, like_count: 20, comment_count: 4, share_count: 1 }]]);
    for (const step of [0, HOUR, 30 * DAY]) {
      emu.state.clockOffsetMs += step;
      expect(countsOf(await list(emu, token))).toEqual(set);
      expect(countsOf(await query(emu, token, [v.id]))).toEqual(set);
      expect(await userStats(emu, token)).toEqual({ follower_count: 10, likes_count: 50, video_count: 1 });
    }
  });

  it('when on, public videos gain views, likes, comments and shares with their age on the emulator clock, never fewer, alike in list and query, and the account follows', async () => {
    const emu = await start();
    // Over the control API, as the demo turns it on.
    const on = await fetch(`${emu.url}/__emulator/state`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ growth: true }) });
    expect(((await on.json()) as { growth: boolean }).growth).toBe(true);
    emu.state.accessTtlSec = YEAR_SEC;
    const ada = emu.addUser({ displayName: 'Ada' });
    const other = emu.addUser({ displayName: 'Other' });
    const token = await tokenFor(emu, ada);
    pinToMinuteStart(emu);
    const t = emuNow(emu);
    // Hers: just posted, an hour, a day and a month old; and one private, and one of someone else's.
    const mine = [0, HOUR, DAY, 30 * DAY].map((age, i) => emu.addVideo({ openId: ada.openId, id: IDS[i], createdAt: t - age }));
    emu.addVideo({ openId: ada.openId, id: IDS[4], createdAt: t - DAY, privacyLevel: 'SELF_ONLY' });
    emu.addVideo({ openId: other.openId, id: IDS[5], createdAt: t - DAY });
    const ids = mine.map((v) => v.id);

    let before = new Map<string, Counts>();
    for (const [n, step] of [0, HOUR, 6 * HOUR, DAY, 7 * DAY, 90 * DAY].entries()) {
      emu.state.clockOffsetMs += step;
      const listed = countsOf(await list(emu, token, { max_count: 20 }));
      const queried = countsOf(await query(emu, token, ids));
      const account = await userStats(emu, token);
      expect([...listed.keys()]).toEqual(ids);
      expect(queried).toEqual(listed);
      for (const [id, c] of listed) {
        for (const value of Object.values(c)) expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
        const was = before.get(id);
        if (was) for (const key of Object.keys(c) as Array<keyof Counts>) expect(c[key], `${id} ${key}`).toBeGreaterThanOrEqual(was[key]);
        if (c.view_count >= 1_000) {
          expect(c.like_count / c.view_count).toBeGreaterThan(0.055);
          expect(c.like_count / c.view_count).toBeLessThan(0.105);
          expect(c.comment_count / c.view_count).toBeGreaterThan(0.005);
          expect(c.comment_count / c.view_count).toBeLessThan(0.015);
          expect(c.share_count / c.view_count).toBeGreaterThan(0.002);
          expect(c.share_count / c.view_count).toBeLessThan(0.008);
        }
        // A pure function of the video and the emulator minute (exported for tests that predict numbers).
        const c0 = organicCounts(mine.find((v) => v.id === id)!, emuNow(emu));
        expect(c).toEqual({ view_count: c0.viewCount, like_count: c0.likeCount, comment_count: c0.commentCount, share_count: c0.shareCount });
      }
      if (n === 0) {
        expect(listed.get(IDS[0]!)).toEqual(ZERO);
        expect(listed.get(IDS[3]!)!.view_count).toBeGreaterThan(1_000);
      } else {
        expect(sum(listed, 'view_count')).toBeGreaterThan(sum(before, 'view_count'));
        expect(account.follower_count).toBeGreaterThan(0);
      }
      // The account: her public videos' likes, a follower per VIEWS_PER_FOLLOWER views; not the private one's, not Other's.
      expect(account).toEqual({ likes_count: sum(listed, 'like_count'), follower_count: Math.floor(sum(listed, 'view_count') / VIEWS_PER_FOLLOWER), video_count: 4 });
      before = listed;
    }
    // Seeded by id: videos of the same age grow differently.
    expect(new Set([...before.values()].map((c) => c.view_count)).size).toBe(4);
    // The records keep what the test set (nothing): growth is added when answering.
    expect(emu.videos.map((v) => v.viewCount + v.likeCount + v.commentCount + v.shareCount)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('adds to what the test set, which setStats and setUserStats still move, and answers the set numbers again when turned off', async () => {
    const emu = await start();
    emu.state.growth = true;
    emu.state.accessTtlSec = YEAR_SEC;
    const ada = emu.addUser({ displayName: 'Ada', followerCount: 40, likesCount: 300 });
    const token = await tokenFor(emu, ada);
    pinToMinuteStart(emu);
    const v = emu.addVideo({ openId: ada.openId, id: IDS[0], createdAt: emuNow(emu) - 2 * DAY, viewCount: 1_000, likeCount: 50, commentCount: 5, shareCount: 2 });
    const w = emu.addVideo({ openId: ada.openId, id: IDS[1], createdAt: emuNow(emu) - 3 * HOUR });
    const set = { view_count: 1_000, like_count: 50, comment_count: 5, share_count: 2 };

    const grown = countsOf(await query(emu, token, [v.id, w.id]));
    const a = grown.get(v.id)!;
    const b = grown.get(w.id)!;
    for (const key of Object.keys(set) as Array<keyof Counts>) expect(a[key], key).toBeGreaterThan(set[key]);
    expect(b.view_count).toBeGreaterThan(0);
    const extraViews = a.view_count - set.view_count + b.view_count;
    const extraLikes = a.like_count - set.like_count + b.like_count;
    expect(await userStats(emu, token)).toEqual({ follower_count: 40 + Math.floor(extraViews / VIEWS_PER_FOLLOWER), likes_count: 300 + extraLikes, video_count: 2 });

    // The test moves the recorded numbers: the growth stays on top of them.
    emu.setStats(v.id, { viewCount: 5_000, likeCount: 400 });
    expect(countsOf(await query(emu, token, [v.id])).get(v.id)).toEqual({ ...a, view_count: a.view_count + 4_000, like_count: a.like_count + 350 });
    emu.setUserStats(ada.openId, { likesCount: 1_000 });
    emu.growFollowers(ada.openId, 5);
    expect(await userStats(emu, token)).toEqual({ follower_count: 45 + Math.floor(extraViews / VIEWS_PER_FOLLOWER), likes_count: 1_000 + extraLikes, video_count: 2 });
    emu.state.clockOffsetMs += DAY;
    const later = countsOf(await list(emu, token)).get(v.id)!;
    expect(later.view_count).toBeGreaterThan(a.view_count + 4_000);

    // Off again (in process): exactly what the test set.
    emu.state.growth = false;
    expect(countsOf(await list(emu, token))).toEqual(new Map([[w.id, ZERO], [v.id, { ...set, view_count: 5_000, like_count: 400 }]]));
    expect(await userStats(emu, token)).toEqual({ follower_count: 45, likes_count: 1_000, video_count: 2 });
  });
});
