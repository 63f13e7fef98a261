// `clipdesk insights` and `clipdesk insights refresh` as a person or a script uses them: the
// built CLI as a child process against the TikTok emulator (in this process), on a data folder a
// core set up — two accounts (one without the Insights permissions), a public post and an Only me
// post published from Clipdesk, and a video made in the TikTok app whose id is beyond 2^53.
// Refresh runs in the CLI's own process when no Clipdesk runs, and is handed to `clipdesk serve`
// when one does (its activity log names the terminal).
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ActivityEntry } from '../../src-shared/domain';
import type { Account } from '../../src-shared/tiktok/accounts';
import { readLock } from '../../src-main/core/instance/data-lock';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { apiClient } from '../support/api-client';
import { useCores, waitFor } from '../support/core-harness';
import { requireBuiltCli, runClipdesk, startServe } from '../support/serve-process';
import { useTempDirs } from '../support/temp-dir';
import { connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const emulator = useTikTokEmulator();
const newCore = useCores('clipdesk-cli-insights-');
const tempDir = useTempDirs('clipdesk-cli-insights-media-');
/** Beyond 2^53: through a JS number it would come out as 7234567890123456000. */
const BIG_ID = '7234567890123456789';
const POSTING = ['user.info.basic', 'video.publish', 'video.upload'];

beforeAll(() => {
  requireBuiltCli();
});

interface World {
  emu: ReturnType<typeof emulator>;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  ada: Account;
  bo: Account;
  posts: { public: string; onlyMe: string };
}

/** The data folder, set up by a core that is closed again before the CLI runs. */
async function world(): Promise<World> {
  const emu = emulator();
  const adaUser = emu.addUser({ displayName: 'Ada', username: 'ada.films', followerCount: 100 });
  const boUser = emu.addUser({ displayName: 'Bo', username: 'bo', grantScopes: POSTING });
  emu.addVideo({ openId: adaUser.openId, id: BIG_ID, title: 'Made in the TikTok app', createdAt: Date.now() - 3 * 24 * 3600_000, viewCount: 1234, likeCount: 56, commentCount: 7, shareCount: 3 });
  const env = tiktokEnv(emu, { TZ: 'UTC' });
  const h = newCore({ env, openExternal: createOpenBrowser(env), uploadRetryDelayMs: () => 50 });
  emu.state.nextUser = adaUser.openId;
  const ada = await connectAccount(h.core);
  emu.state.nextUser = boUser.openId;
  const bo = await connectAccount(h.core);
  const clipId = await importReady(h.core, readyVideo(tempDir()));
  const create = (caption: string, privacy: 'PUBLIC_TO_EVERYONE' | 'SELF_ONLY') =>
    h.core.handlers['posts.create']({ clipId, accountId: ada.id, caption, tiktok: { ...DIRECT_SELF_ONLY, privacy }, publishAt: 'now' });
  const pub = await create('Public one #cli', 'PUBLIC_TO_EVERYONE');
  const onlyMe = await create('Only me one', 'SELF_ONLY');
  for (const id of [pub.id, onlyMe.id]) await waitFor(() => h.core.posts.get(id).state === 'published', 60_000, 'the post to publish');
  await h.core.close();
  return { emu, dataDir: h.dataDir, env, ada, bo, posts: { public: pub.id, onlyMe: onlyMe.id } };
}

const ACCOUNT_KEYS = ['id', 'username', 'followers', 'likes', 'videos', 'at', 'series'];
const POST_KEYS = ['id', 'tiktokId', 'views', 'likes', 'comments', 'shares', 'at', 'series'];

describe('clipdesk insights', () => {
  it('refreshes in its own process with progress, then prints a table and the documented JSON with int64 ids exact', async () => {
    const w = await world();
    const cli = (args: string[]) => runClipdesk(args, w.dataDir, w.env);

    const refresh = await cli(['insights', 'refresh', '--account', '@ada.films']);
    expect(refresh.stderr).toContain("Reading Ada's numbers from TikTok (1 of 1)…");
    expect(refresh.code).toBe(0);
    // The outside video and the public post; the Only me post is not listed by TikTok.
    expect(refresh.stdout.trim()).toBe('Ada: 2 videos read.');

    const json = await cli(['insights', '--account', w.ada.id, '--json']);
    expect(json.code).toBe(0);
    // Exact in the text itself, as a string: no number that JSON.parse could round.
    expect(json.stdout).toContain(`"tiktokId": "${BIG_ID}"`);
    const doc = JSON.parse(json.stdout) as { accounts: Record<string, unknown>[]; posts: Record<string, unknown>[] };
    expect(doc.accounts).toHaveLength(1);
    const account = doc.accounts[0]!;
    expect(Object.keys(account).slice(0, ACCOUNT_KEYS.length)).toEqual(ACCOUNT_KEYS);
    expect(account).toMatchObject({ id: w.ada.id, username: 'ada.films', followers: 100, displayName: 'Ada', problem: null });
    expect(account.at).toEqual(expect.any(String));
    const accountSeries = account.series as Record<string, unknown>[];
    expect(accountSeries.length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(accountSeries[0]!)).toEqual(['at', 'followers', 'likes', 'videos']);
    expect(accountSeries.at(-1)!.at).toBe(account.at);

    expect(doc.posts).toHaveLength(3);
    for (const p of doc.posts) expect(Object.keys(p).slice(0, POST_KEYS.length)).toEqual(POST_KEYS);
    const outside = doc.posts.find((p) => p.tiktokId === BIG_ID)!;
    expect(outside).toMatchObject({ id: null, source: 'outside', views: 1234, likes: 56, comments: 7, shares: 3, availability: 'public', reason: null });
    const series = outside.series as Record<string, unknown>[];
    expect(Object.keys(series[0]!)).toEqual(['at', 'views', 'likes', 'comments', 'shares']);
    expect(series.at(-1)).toMatchObject({ at: outside.at, views: 1234 });
    const pub = doc.posts.find((p) => p.id === w.posts.public)!;
    expect(pub).toMatchObject({ source: 'clipdesk', tiktokId: expect.stringMatching(/^\d{19}$/), availability: 'public' });
    expect(w.emu.videos.map((v) => v.id)).toContain(pub.tiktokId);
    const onlyMe = doc.posts.find((p) => p.id === w.posts.onlyMe)!;
    expect(onlyMe).toMatchObject({ tiktokId: null, views: null, availability: 'private', reason: expect.stringMatching(/Only me/), series: [] });

    // The table: totals and when TikTok served them, posts with their numbers, reasons, Outside Clipdesk.
    const table = await cli(['insights', '--account', 'ada.films']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Ada \(@ada\.films\)/);
    expect(table.stdout).toMatch(/100 followers · 0 likes · 2 videos {3}\(TikTok served these at \d{4}-\d{2}-\d{2} \d{2}:\d{2} \+00:00\)/);
    expect(table.stdout).toMatch(/PUBLISHED\s+VIEWS\s+LIKES\s+COMMENTS\s+SHARES\s+24H VIEWS\s+ENGAGEMENT\s+POST\s+CAPTION/);
    // 1,234 views; (56 + 7 + 3) / 1,234 = 5.3 %.
    expect(table.stdout).toMatch(/1,234\s+56\s+7\s+3\s+—\s+5\.3 %\s+Outside Clipdesk\s+"Made in the TikTok app"/);
    expect(table.stdout).toContain(`${w.posts.onlyMe}  "Only me one"`);
    expect(table.stdout).toMatch(/"Only me one"\n\s+Posted for Only me/);
    expect(table.stdout).toContain(`${w.posts.public}  "Public one #cli"`);
  }, 120_000);

  it('says why an account without the Insights permissions cannot be read, and exits 1; an unknown account is an error', async () => {
    const w = await world();
    const cli = (args: string[]) => runClipdesk(args, w.dataDir, w.env);
    // (The core's own snapshot job read Ada while it ran: count from here.)
    const before = w.emu.requests.length;
    const bo = await cli(['insights', 'refresh', '--account', '@bo']);
    expect(bo.code).toBe(1);
    expect(bo.stdout).toContain('Bo: not read. Bo did not give Clipdesk the Insights permissions (publishing is not affected)');
    expect(bo.stdout).toContain('It did not grant user.info.stats, user.info.profile, video.list: connect the account again (clipdesk accounts connect tiktok)');
    expect(bo.stderr).toContain('1 of 1 account could not be read.');
    expect(w.emu.requests.slice(before).filter((r) => r.path.startsWith('/v2/'))).toHaveLength(0);

    // Every account: Ada is read, Bo is not, and the exit says so.
    const all = await cli(['insights', 'refresh']);
    expect(all.stderr).toContain("Reading Ada's numbers from TikTok (1 of 2)…");
    expect(all.stderr).toContain("Reading Bo's numbers from TikTok (2 of 2)…");
    expect(all.stdout).toContain('Ada: 2 videos read.');
    expect(all.code).toBe(1);

    // Printing them: Bo's block says why and what to do.
    const shown = await cli(['insights', '--account', w.bo.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('did not give Clipdesk the Insights permissions');
    expect(shown.stdout).toContain('Not granted: user.info.stats, user.info.profile, video.list');

    for (const args of [['insights', '--account', '@nobody'], ['insights', 'refresh', '--account', 'no-such-id']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/no connected account is (@nobody|"no-such-id") \(connected: @ada\.films, @bo; see clipdesk accounts list\)/);
    }
    const usage = await cli(['insights', 'frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('expected nothing (to print them) or refresh');
  }, 120_000);

  it('is carried out by a running clipdesk serve, whose activity log names the terminal', async () => {
    const w = await world();
    const host = await startServe({ dataDir: w.dataDir, env: w.env });
    // The instance's own socket: the event its refresh sends shows it was the one reading.
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers: { Authorization: `Bearer ${readLock(w.dataDir)!.api!.token}` } });
    const events: Array<{ event: string; payload: unknown }> = [];
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { event?: string; payload?: unknown };
      if (m.event) events.push({ event: m.event, payload: m.payload });
    });
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    try {
      const refresh = await runClipdesk(['insights', 'refresh', '--account', '@ada.films'], w.dataDir, w.env);
      expect(refresh.stderr).toContain("Reading Ada's numbers from TikTok (1 of 1)…");
      expect(refresh.stdout.trim()).toBe('Ada: 2 videos read.');
      expect(refresh.code).toBe(0);
      await waitFor(() => events.some((e) => e.event === 'insights.changed' && (e.payload as { accountId: string }).accountId === w.ada.id), 5_000, 'the instance to tell of new numbers');
      const json = await runClipdesk(['insights', '--json'], w.dataDir, w.env);
      expect(json.stdout).toContain(`"tiktokId": "${BIG_ID}"`);
      expect((JSON.parse(json.stdout) as { accounts: unknown[] }).accounts).toHaveLength(2);

      const api = await apiClient(host);
      const log = await api.call<ActivityEntry[]>('activity.list', { actions: ['insights.'] });
      api.close();
      expect(log.filter((e) => e.action === 'insights.refresh')).toEqual([expect.objectContaining({ actor: 'cli', subject: w.ada.id, detail: 'Ada: 2 videos read' })]);
    } finally {
      ws.close();
      await host.stop();
    }
  }, 120_000);
});
