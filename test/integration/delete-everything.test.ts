// "Delete everything" (Settings → My data): refused for a wrong phrase and while TikTok has a
// post, with nothing touched; otherwise every TikTok account is revoked at TikTok, Telegram is
// unpaired and everything Clipdesk kept in the data folder is gone — scanned recursively, not
// taken on trust — while what is not Clipdesk's there stays and is named. A failed revocation
// does not stop the wipe and says what to do. Real SQLite and ffmpeg, the TikTok and Telegram
// emulators over real HTTP, a real data-folder lock.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DELETE_EVERYTHING_PHRASE, KEPT_REASON, whatStays, whatWillBeLost } from '../../src-shared/data/delete-everything';
import { CACHE_FOLDER, CLIPDESK_DATA_ENTRIES } from '../../src-main/core/instance/data-layout';
import { wipeDataFolder } from '../../src-main/core/data/wipe-data-folder';
import { clearEncoderCache } from '../../src-main/core/media/encoders';
import { acquireLock, LOCK_FILE, type DataLock } from '../../src-main/core/instance/data-lock';
import { KEY_FILE } from '../../src-main/core/secrets/key-file-cipher';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { DATABASE_FILE } from '../../src-main/core/store/database';
import { startHost, type RunningHost } from '../../src-main/host/start-host';
import { renderSmall, useCores, waitFor } from '../support/core-harness';
import { useTempDirs } from '../support/temp-dir';
import { ANN, BOT_TOKEN, BOT_USERNAME, FAST_TELEGRAM, pair, requestsOf, setUpBot, telegramEnv, useTelegramEmulator } from '../support/telegram-harness';
import { CLIENT_KEY, CLIENT_SECRET, connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const tiktok = useTikTokEmulator();
const telegram = useTelegramEmulator();
const newCore = useCores('clipdesk-delete-');
const tempDir = useTempDirs('clipdesk-delete-media-');
const locks: DataLock[] = [];
const hosts: RunningHost[] = [];
afterEach(async () => {
  for (const lock of locks.splice(0)) lock.release();
  for (const host of hosts.splice(0)) await host.close();
});

/** Every file and folder below `dir`, as paths relative to it. */
const everythingIn = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' });

/** A data folder with everything a creator accumulates: clips, a render, posts, settings, secrets, an account, an approver. */
async function setup() {
  const tt = tiktok();
  const tg = telegram();
  tt.addUser({ displayName: 'Maria Bakes', username: 'maria' });
  // The developer app saved in Clipdesk (its secret encrypted in the data folder), not in the environment.
  const env = { ...tiktokEnv(tt, { CLIPDESK_TIKTOK_CLIENT_KEY: '', CLIPDESK_TIKTOK_CLIENT_SECRET: '' }), ...telegramEnv(tg) };
  const dataDir = tempDir();
  // As `clipdesk serve` and the desktop app hold it: its lock file is in the folder too.
  locks.push(acquireLock(dataDir, 'serve', '9.9.9-test'));
  const h = newCore({ dataDir, env, openExternal: createOpenBrowser(env), ...FAST_TELEGRAM, uploadRetryDelayMs: () => 50 });
  await h.core.handlers['tiktok.setup.set']({ clientKey: CLIENT_KEY, clientSecret: CLIENT_SECRET });
  const account = await connectAccount(h.core);
  await setUpBot(h.core);
  const ann = await pair(h.core, tg, ANN);
  await h.core.handlers['settings.update']({ requireApproval: false, missedGraceMinutes: 30 });
  const source = readyVideo(tempDir(), undefined, 'my holiday.mp4');
  const clipId = await importReady(h.core, source);
  return { tt, tg, h, account, ann, clipId, source };
}

const inAnHour = (): string => new Date(Date.now() + 3_600_000).toISOString();

describe('data.deleteEverything', () => {
  it('refuses a wrong phrase and touches nothing', async () => {
    const { tt, h } = await setup();
    const before = everythingIn(h.dataDir).sort();
    for (const confirm of ['', 'delete all', 'Delete Everything', 'delete everything!']) {
      await expect(h.core.handlers['data.deleteEverything']({ confirm })).rejects.toMatchObject({
        code: 'BAD_INPUT',
        message: expect.stringContaining(`type “${DELETE_EVERYTHING_PHRASE}” exactly. Nothing was deleted.`),
      });
    }
    expect(everythingIn(h.dataDir).sort()).toEqual(before);
    expect(tt.state.revocations).toEqual([]);
    expect(h.core.accounts.list()).toHaveLength(1);
    expect(h.core.telegram.status()).toMatchObject({ state: 'running', approvers: [expect.objectContaining({ name: 'Ann' })] });
    // Still open for business.
    await expect(h.core.handlers['posts.list']({})).resolves.toEqual([]);
  }, 120_000);

  it('refuses while TikTok has a post, naming it, and touches nothing', async () => {
    const { tt, h, account, clipId } = await setup();
    tt.state.processingPolls = 500; // TikTok keeps processing it
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'Beach day', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    await waitFor(() => ['uploading', 'processing'].includes(h.core.posts.get(post.id).state), 30_000, 'the upload to start');
    const preview = await h.core.handlers['data.deletePreview']({});
    expect(preview.atTikTok).toEqual([expect.objectContaining({ id: post.id, caption: 'Beach day' })]);

    await expect(h.core.handlers['data.deleteEverything']({ confirm: DELETE_EVERYTHING_PHRASE })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/“Beach day” is (uploading to|being processed by) TikTok\. TikTok cannot take a post back .* wait until it is published/),
    });
    expect(tt.state.revocations).toEqual([]);
    expect(h.core.accounts.list()).toHaveLength(1);
    expect(fs.existsSync(path.join(h.dataDir, KEY_FILE))).toBe(true);
    // The job runner was not left stopped: TikTok is still being asked how the post is doing.
    const polls = tt.requests.filter((r) => r.path.includes('/post/publish/status/fetch/')).length;
    await waitFor(() => tt.requests.filter((r) => r.path.includes('/post/publish/status/fetch/')).length > polls, 20_000, 'another status poll');
  }, 120_000);

  it('revokes every account, unpairs Telegram and leaves the data folder empty', async () => {
    const { tt, tg, h, account, clipId, source } = await setup();
    const renderId = await renderSmall(h.core, clipId);
    await h.core.handlers['posts.create']({ renderId, accountId: account.id, caption: 'Later', tiktok: DIRECT_SELF_ONLY, publishAt: inAnHour() });
    const dirs = everythingIn(h.dataDir);
    // Counted by the wipe: every file but the database's -wal and -shm (closing the database folds
    // them in and removes them) and the account's picture (disconnecting deletes it).
    const files = dirs.filter((d) => !/-(wal|shm)$/.test(d) && !d.startsWith(`avatars${path.sep}`) && !fs.lstatSync(path.join(h.dataDir, d)).isDirectory());
    // The content this test is about is really there first.
    for (const must of [DATABASE_FILE, KEY_FILE, LOCK_FILE, 'renders', 'thumbnails', 'avatars']) expect(dirs).toContain(must);
    expect(dirs.filter((d) => d.startsWith(`renders${path.sep}`)).length).toBeGreaterThan(0);

    const preview = await h.core.handlers['data.deletePreview']({});
    expect(preview).toMatchObject({
      posts: { total: 1, scheduled: 1 },
      clips: { total: 1, byPath: 1, uploaded: 0 },
      renders: 1,
      accounts: ['Maria Bakes'],
      telegram: { configured: true, bot: `@${BOT_USERNAME}`, approvers: ['Ann (@ann)'] },
      atTikTok: [],
    });
    expect(whatWillBeLost(preview).join('\n')).toMatch(/1 post .*1 scheduled.*Maria Bakes.*Ann \(@ann\)/s);
    expect(whatStays(preview)[0]).toMatch(/1 clip imported/);

    const result = await h.core.handlers['data.deleteEverything']({ confirm: ` ${DELETE_EVERYTHING_PHRASE} ` });

    expect(tt.state.revocations).toHaveLength(1);
    expect(result.tiktok).toEqual([{ account: 'Maria Bakes', revoked: true, message: expect.stringMatching(/revoked at TikTok/) }]);
    expect(result.telegram).toMatchObject({ bot: `@${BOT_USERNAME}`, stopped: true, approversUnpaired: ['Ann (@ann)'], message: expect.stringMatching(/\/revoke to @BotFather/) });
    expect(everythingIn(h.dataDir)).toEqual([]);
    expect(result.notDeleted).toEqual([]);
    expect(result.kept).toEqual([]);
    expect(result.filesDeleted).toBe(files.length);
    // The creator's own video, imported by path, is where it was.
    expect(fs.existsSync(source)).toBe(true);
    // Every window hears of it, and nothing of the creator's is named in the answer but names.
    expect(h.of('data.deletedEverything')).toEqual([result]);
    const json = JSON.stringify(result);
    for (const secret of [CLIENT_SECRET, BOT_TOKEN, ...tt.state.tokens.flatMap((t) => [t.accessToken, t.refreshToken])]) expect(json).not.toContain(secret);

    // The bot no longer polls Telegram.
    const polls = requestsOf(tg, 'getUpdates').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(requestsOf(tg, 'getUpdates').length).toBe(polls);
    // The core is closed for good: it refuses plainly rather than failing on a closed database.
    await expect(h.core.handlers['posts.list']({})).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/Everything was deleted/) });
    await expect(h.core.handlers['data.deleteEverything']({ confirm: DELETE_EVERYTHING_PHRASE })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  }, 180_000);

  it('deletes only what is Clipdesk\'s: the creator\'s files in the data folder stay, and are named', async () => {
    const { h, clipId } = await setup();
    await renderSmall(h.core, clipId);
    const notes = path.join(h.dataDir, 'my-notes.txt');
    fs.writeFileSync(notes, 'ideas for next week');
    const projects = path.join(h.dataDir, 'Projects');
    fs.mkdirSync(projects);
    fs.writeFileSync(path.join(projects, 'plan.txt'), 'the plan');
    // A video of the creator's own in the data folder (a byte longer than the other one, or it
    // would be recognised as the same video). Importing it from there is refused now; a library
    // from before that rule may still hold it by path, as this one does.
    const mine = readyVideo(h.dataDir, fs.statSync(readyVideo(tempDir())).size + 64, 'my clip.mp4');
    expect((await h.core.handlers['library.import']({ paths: [mine] })).skipped).toEqual([{ path: mine, reason: expect.stringMatching(/inside Clipdesk's data folder/) }]);
    h.core.library.repo.insert({ id: crypto.randomUUID(), sourcePath: mine, fileName: 'my clip.mp4', sizeBytes: fs.statSync(mine).size, contentHash: null, origin: 'path' });
    const clipdesks = fs.readdirSync(h.dataDir).filter((n) => CLIPDESK_DATA_ENTRIES.has(n));
    for (const must of [DATABASE_FILE, KEY_FILE, LOCK_FILE, 'renders', 'thumbnails', 'avatars']) expect(clipdesks).toContain(must);

    const kept = [
      { path: projects, reason: KEPT_REASON.notClipdesks },
      { path: mine, reason: KEPT_REASON.ownVideo },
      { path: notes, reason: KEPT_REASON.notClipdesks },
    ];
    // The confirmation names them before anything is deleted.
    const preview = await h.core.handlers['data.deletePreview']({});
    expect(preview.kept).toEqual(kept);
    expect(whatStays(preview)).toContain(`What is in ${h.dataDir} but not Clipdesk's: Projects, my clip.mp4 and my-notes.txt.`);

    const result = await h.core.handlers['data.deleteEverything']({ confirm: DELETE_EVERYTHING_PHRASE });
    expect(result.kept).toEqual(kept);
    expect(result.notDeleted).toEqual([]);
    expect(everythingIn(h.dataDir).sort()).toEqual(['Projects', path.join('Projects', 'plan.txt'), 'my clip.mp4', 'my-notes.txt']);
    expect(fs.readFileSync(notes, 'utf8')).toBe('ideas for next week');
    expect(fs.readFileSync(path.join(projects, 'plan.txt'), 'utf8')).toBe('the plan');
    expect(fs.statSync(mine).size).toBeGreaterThan(0);
  }, 180_000);

  it('waits for a command under way, so nothing it writes afterwards is left in the folder', async () => {
    const { h } = await setup();
    // The diagnostics detect the H.264 encoders afresh and save what they found in the data folder.
    clearEncoderCache();
    const doctor = h.core.handlers['app.doctor']({});
    await h.core.handlers['data.deleteEverything']({ confirm: DELETE_EVERYTHING_PHRASE });
    await doctor.catch(() => undefined);
    expect(everythingIn(h.dataDir)).toEqual([]);
  }, 120_000);

  it('refuses browser uploads while deleting and after, and waits for one under way', async () => {
    const h = newCore();
    const host = await startHost({ core: h.core });
    hosts.push(host);
    const url = `http://127.0.0.1:${host.port}/upload`;
    const auth = { Authorization: `Bearer ${host.token}` };
    const bytes = fs.readFileSync(readyVideo(tempDir()));
    const upload = (): Promise<Response> =>
      fetch(url, { method: 'POST', headers: { ...auth, 'X-File-Name': 'later.mp4' }, body: new Uint8Array(bytes) });
    // An upload under way: the browser has sent part of the file.
    const slow = http.request(url, { method: 'POST', headers: { ...auth, 'Content-Length': String(bytes.length), 'X-File-Name': 'slow.mp4' } });
    const slowStatus = new Promise<number>((resolve) => {
      slow.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      slow.on('error', () => resolve(-1));
    });
    slow.write(bytes.subarray(0, 1000));
    const uploads = path.join(h.dataDir, 'uploads');
    await waitFor(() => fs.existsSync(uploads) && fs.readdirSync(uploads).length > 0, 10_000, 'the upload to begin');

    const wipe = h.core.handlers['data.deleteEverything']({ confirm: DELETE_EVERYTHING_PHRASE });
    let wiped = false;
    void wipe.then(() => (wiped = true));
    const refused = await upload();
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: { code: 'CONFLICT', message: expect.stringMatching(/deleting everything/) } });
    // The wipe waits for the upload it found under way before it reads and closes anything; the
    // upload ends normally, and its file goes with everything else.
    await new Promise((r) => setTimeout(r, 300));
    expect(wiped).toBe(false);
    slow.end(bytes.subarray(1000));
    expect(await slowStatus).toBe(200);
    expect((await wipe).notDeleted).toEqual([]);
    expect(everythingIn(h.dataDir)).toEqual([]);
    const after = await upload();
    expect(after.status).toBe(503);
    expect(await after.json()).toEqual({ error: { code: 'UNAVAILABLE', message: expect.stringMatching(/Everything was deleted/) } });
    expect(everythingIn(h.dataDir)).toEqual([]);
  }, 60_000);

  it('wipes even when TikTok cannot be reached, and says what to do', async () => {
    const { tt, h } = await setup();
    tt.fault({ endpoint: 'revoke', kind: 'drop' });
    const result = await h.core.handlers['data.deleteEverything']({ confirm: DELETE_EVERYTHING_PHRASE });
    expect(tt.pendingFaults()).toEqual([]);
    expect(tt.state.revocations).toEqual([]);
    expect(result.tiktok).toEqual([
      {
        account: 'Maria Bakes',
        revoked: false,
        message: expect.stringMatching(/TikTok could not be told \(TikTok could not be reached\)\. .*Settings and privacy → Security and permissions → Apps and services/),
      },
    ]);
    expect(everythingIn(h.dataDir)).toEqual([]);
    expect(result.notDeleted).toEqual([]);
  }, 120_000);

  it('wipes when TikTok answers the revocation with an error', async () => {
    const { tt, h } = await setup();
    tt.fault({ endpoint: 'revoke', kind: 'status', status: 500 });
    const result = await h.core.handlers['data.deleteEverything']({ confirm: DELETE_EVERYTHING_PHRASE });
    expect(result.tiktok).toEqual([{ account: 'Maria Bakes', revoked: false, message: expect.stringMatching(/could not be told .*Apps and services/) }]);
    expect(everythingIn(h.dataDir)).toEqual([]);
  }, 120_000);
});

describe('wipeDataFolder', () => {
  it('removes links in Clipdesk\'s folders without following them, and never touches an entry that is not Clipdesk\'s', () => {
    const outside = tempDir();
    const mine = path.join(outside, 'my video.mp4');
    fs.writeFileSync(mine, 'the creator’s own file');
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'renders', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'renders', 'deep', 'a.mp4'), 'x');
    fs.symlinkSync(mine, path.join(dir, 'renders', 'link.mp4'));
    fs.symlinkSync(outside, path.join(dir, CACHE_FOLDER));
    fs.symlinkSync(outside, path.join(dir, 'folder-link'));
    // The lock's temporary copy, left by a crash while taking it.
    fs.writeFileSync(path.join(dir, `${LOCK_FILE}.123.ab12cd34.tmp`), '{}');

    const wiped = wipeDataFolder(dir, []);
    expect({ ...wiped, kept: [...wiped.kept].sort((a, b) => (a.path < b.path ? -1 : 1)) }).toEqual({
      filesDeleted: 4,
      notDeleted: [],
      // The links went; what they pointed to is named as left, so "deleted" claims no more than it did.
      kept: [
        { path: path.join(dir, 'folder-link'), reason: KEPT_REASON.notClipdesks },
        { path: outside, reason: KEPT_REASON.linkTarget },
        { path: mine, reason: KEPT_REASON.linkTarget },
      ].sort((a, b) => (a.path < b.path ? -1 : 1)),
    });
    expect(fs.readdirSync(dir)).toEqual(['folder-link']);
    expect(fs.readdirSync(outside)).toEqual(['my video.mp4']);
    expect(fs.readFileSync(mine, 'utf8')).toBe('the creator’s own file');
  });

  it('leaves a video imported by path from inside one of Clipdesk\'s folders, and the folders it is in', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'renders', 'mine'), { recursive: true });
    const mine = path.join(dir, 'renders', 'mine', 'keeper.mp4');
    fs.writeFileSync(mine, 'the creator’s own file');
    fs.writeFileSync(path.join(dir, 'renders', 'mine', 'render.mp4'), 'x');
    fs.writeFileSync(path.join(dir, 'renders', 'other.mp4'), 'x');

    expect(wipeDataFolder(dir, [mine, path.join(tempDir(), 'elsewhere.mp4')])).toEqual({ filesDeleted: 2, notDeleted: [], kept: [{ path: mine, reason: KEPT_REASON.ownVideo }] });
    expect(everythingIn(dir).sort()).toEqual(['renders', path.join('renders', 'mine'), path.join('renders', 'mine', 'keeper.mp4')]);
  });

  it('knows the video by the file, not by how its path was spelled when it was imported', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'renders'), { recursive: true });
    const mine = path.join(dir, 'renders', 'keeper.mp4');
    fs.writeFileSync(mine, 'the creator’s own file');
    // Imported through another name for the same folder (a link here; a different letter case on
    // macOS or Windows): the same file all the same.
    const alias = path.join(tempDir(), 'alias');
    fs.symlinkSync(dir, alias);
    const wiped = wipeDataFolder(dir, [path.join(alias, 'renders', 'keeper.mp4')]);
    expect(wiped.filesDeleted).toBe(0);
    expect(fs.readFileSync(mine, 'utf8')).toBe('the creator’s own file');
  });
});
