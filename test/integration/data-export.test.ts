// The creator's own data: the export (everything, documented, no secret, never half-written)
// and deleting a post (refused while TikTok may be publishing it; its files only when nothing
// else uses them; never a file outside the data folder). Real SQLite, real ffmpeg, publishing
// against the TikTok emulator.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { insightsDocument } from '../../src-shared/insights/insights-document';
import { HOLD_REASONS, type PostSummary } from '../../src-shared/posts/post';
import { PUBLISH_JOB } from '../../src-main/core/post-store/publish-queue';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { renderSmall, useCores, waitFor, type Harness } from '../support/core-harness';
import { IN_BROWSER, IN_WINDOW } from '../support/callers';
import { useTempDirs } from '../support/temp-dir';
import { CLIENT_KEY, CLIENT_SECRET, connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const tiktok = useTikTokEmulator();
const newCore = useCores('clipdesk-export-');
const tempDir = useTempDirs('clipdesk-export-out-');

/** Beyond 2^53: through a JS number it would come out as 7234567890123456000. */
const BIG_ID = '7234567890123456789';
const BOT_TOKEN = '7654321098:AAH-export-test-bot-token-xyz0123456789';

async function setup(options: { appInSettings?: boolean } = {}) {
  const tt = tiktok();
  tt.addUser({ displayName: 'Maria Bakes', username: 'maria' });
  // The developer app saved in Clipdesk (a secret) rather than given in the environment.
  const env = options.appInSettings ? tiktokEnv(tt, { CLIPDESK_TIKTOK_CLIENT_KEY: '', CLIPDESK_TIKTOK_CLIENT_SECRET: '' }) : tiktokEnv(tt);
  const h = newCore({ env, openExternal: createOpenBrowser(env), uploadRetryDelayMs: () => 50 });
  if (options.appInSettings) await h.core.handlers['tiktok.setup.set']({ clientKey: CLIENT_KEY, clientSecret: CLIENT_SECRET });
  const account = await connectAccount(h.core);
  const source = readyVideo(tempDir(), undefined, 'my holiday.mp4');
  const clipId = await importReady(h.core, source);
  return { tt, h, account, clipId, source };
}

const finalState = (h: Harness, id: string): Promise<PostSummary> =>
  waitFor(() => {
    const p = h.core.posts.get(id);
    return p.state === 'published' || p.state === 'failed' ? p : undefined;
  }, 60_000, 'the post to be published');

async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
        stream.on('error', reject);
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

const json = <T,>(files: Map<string, Buffer>, name: string): T => JSON.parse(files.get(name)?.toString('utf8') ?? 'null') as T;
const sha = (buf: Buffer): string => crypto.createHash('sha256').update(buf).digest('hex');

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; rows end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

interface ManifestEntry {
  kind: string;
  path: string;
  inDataFolder: boolean;
  exists: boolean;
  sizeBytes: number | null;
  sha256: string | null;
  included: boolean;
  archivePath: string | null;
}

describe('data.export', () => {
  it('contains every post, the whole activity log and a media manifest whose sizes and hashes match; media only when asked', async () => {
    const { h, account, clipId, source } = await setup();
    const published = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'Out now #clipdesk', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    expect((await finalState(h, published.id)).state).toBe('published');
    const renderId = await renderSmall(h.core, clipId);
    const later = await h.core.handlers['posts.create']({ renderId, accountId: account.id, caption: 'Tomorrow', tiktok: DIRECT_SELF_ONLY, publishAt: new Date(Date.now() + 86_400_000).toISOString() });
    const renderFile = h.core.renders.get(renderId).outputPath as string;
    // Held at TikTok's daily cap until a slot frees: the export says so, typed as the app reads it.
    const capUntil = Date.now() + 2 * 86_400_000;
    h.core.posts.hold(later.id, 'daily_cap', 'TikTok allows about 15 posts a day per account, and Maria has reached it.', capUntil);
    const laterHold = h.core.posts.get(later.id).hold!;

    const outDir = path.join(tempDir(), 'new folder', 'deeper');
    fs.mkdirSync(outDir, { recursive: true });
    const lean = await h.core.handlers['data.export']({ outPath: path.join(outDir, 'export.zip'), includeMedia: false });
    expect(lean.path).toBe(fs.realpathSync(path.join(outDir, 'export.zip')));
    expect(lean.bytes).toBe(fs.statSync(lean.path).size);
    expect(fs.readdirSync(outDir)).toEqual(['export.zip']); // no temporary file left
    const files = await readZip(lean.path);
    expect(files.size).toBe(lean.entries);
    expect([...files.keys()].sort()).toEqual(
      ['README.txt', 'manifest.json', 'posts.json', 'history.json', 'activity.json', 'settings.json', 'accounts.json', 'approvers.json', 'clips.json', 'renders.json', 'insights.json', 'insights-posts.csv', 'media-manifest.json'].sort(),
    );
    const manifest = json<{ format: string; version: number; exportedAt: string; app: { version: string }; counts: Record<string, number> }>(files, 'manifest.json');
    expect(manifest).toMatchObject({ format: 'clipdesk-export', version: 1, app: { version: '9.9.9-test' } });
    const readme = files.get('README.txt')?.toString('utf8') ?? '';
    expect(readme).toContain('version 1');
    expect(readme).toContain(manifest.exportedAt);
    expect(readme).toMatch(/Secrets are NOT included/);
    // Every hold reason is told, by its value.
    for (const reason of HOLD_REASONS) expect(readme).toMatch(new RegExp(`^ +"${reason}" +\\S`, 'm'));

    const posts = json<Array<{ id: string; state: string; caption: string; tiktok: unknown; publishAttempts: Array<{ phase: string }> }>>(files, 'posts.json');
    const allPosts = h.core.posts.list();
    expect(posts.map((p) => p.id).sort()).toEqual(allPosts.map((p) => p.id).sort());
    expect(posts.find((p) => p.id === published.id)).toMatchObject({ state: 'published', caption: 'Out now #clipdesk', tiktok: DIRECT_SELF_ONLY, publishAttempts: [{ phase: 'published' }] });
    expect(posts.find((p) => p.id === later.id)).toMatchObject({
      state: 'scheduled',
      hold: { reason: 'daily_cap', since: laterHold.since, until: new Date(capUntil).toISOString() },
      holdReason: laterHold.detail,
    });
    expect(posts.find((p) => p.id === published.id)).toMatchObject({ hold: null, holdReason: null });

    const history = json<Array<{ postId: string; timeline: Array<{ step: string }> }>>(files, 'history.json');
    expect(history.map((x) => x.postId)).toEqual([published.id]);
    expect(history[0]?.timeline.map((t) => t.step)).toEqual(expect.arrayContaining(['created', 'scheduled', 'uploading', 'uploaded; TikTok processing', 'published']));

    // Every entry up to the export, and nothing else (the export's own entry comes after it).
    const activity = json<Array<{ id: number }>>(files, 'activity.json');
    const total = (h.core.db.prepare('SELECT COUNT(*) AS n FROM audit_entries').get() as { n: number }).n;
    expect(activity.length).toBe(total - 1);
    expect(manifest.counts.activity).toBe(activity.length);
    expect(json<{ mediaRetentionDays: number }>(files, 'settings.json').mediaRetentionDays).toBe(30);
    expect(json<Array<{ displayName: string; username: string }>>(files, 'accounts.json')).toMatchObject([{ displayName: 'Maria Bakes', username: 'maria' }]);
    expect(json<Array<{ id: string; probe: unknown }>>(files, 'clips.json')).toMatchObject([{ id: clipId, probe: expect.objectContaining({ durationSec: expect.any(Number) }) }]);

    const media = json<ManifestEntry[]>(files, 'media-manifest.json');
    expect(media.every((m) => !m.included)).toBe(true);
    const src = media.find((m) => m.kind === 'source');
    expect(src).toMatchObject({ path: source, inDataFolder: false, exists: true, sizeBytes: fs.statSync(source).size, sha256: null });
    const rendered = media.find((m) => m.kind === 'render');
    expect(rendered).toMatchObject({ path: renderFile, inDataFolder: true, sizeBytes: fs.statSync(renderFile).size, sha256: sha(fs.readFileSync(renderFile)) });
    expect(media.some((m) => m.kind === 'thumbnail' && m.sha256 !== null)).toBe(true);

    // With media: the files themselves, byte for byte, and a file gone is listed as missing.
    const cover = h.core.db.prepare('SELECT cover_path FROM render_jobs WHERE id = ?').get(renderId) as { cover_path: string | null };
    if (cover.cover_path) fs.rmSync(cover.cover_path);
    const full = await h.core.handlers['data.export']({ outPath: path.join(outDir, 'full.zip'), includeMedia: true });
    const withMedia = await readZip(full.path);
    expect(withMedia.size).toBe(full.entries);
    const mediaList = json<ManifestEntry[]>(withMedia, 'media-manifest.json');
    const included = mediaList.filter((m) => m.included);
    expect(included.map((m) => m.kind).sort()).toEqual(expect.arrayContaining(['render', 'source', 'thumbnail']));
    for (const m of included) {
      const buf = withMedia.get(m.archivePath as string);
      expect(buf, m.archivePath as string).toBeDefined();
      expect(buf?.length).toBe(m.sizeBytes);
      expect(sha(buf as Buffer)).toBe(m.sha256);
      expect(sha(fs.readFileSync(m.path))).toBe(m.sha256);
    }
    expect(withMedia.get(included.find((m) => m.kind === 'source')?.archivePath as string)?.equals(fs.readFileSync(source))).toBe(true);
    if (cover.cover_path) expect(mediaList.find((m) => m.kind === 'render-cover')).toMatchObject({ exists: false, included: false, sizeBytes: null });
    expect(withMedia.get('README.txt')?.toString('utf8')).toMatch(/imported by path/);
  }, 180_000);

  it('holds Insights: the series as clipdesk insights --json has them, and a CSV of the posts with int64 ids exact', async () => {
    const { tt, h, account, clipId } = await setup();
    const maria = tt.state.users.find((u) => u.username === 'maria')!;
    // Made in the TikTok app, its caption one a spreadsheet would run, and commas and quotes.
    tt.addVideo({ openId: maria.openId, id: BIG_ID, title: '=HYPERLINK("x"), "quoted", too', createdAt: Date.now() - 3 * 86_400_000, viewCount: 1000, likeCount: 40, commentCount: 6, shareCount: 4 });
    const published = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'Out now, public', tiktok: { ...DIRECT_SELF_ONLY, privacy: 'PUBLIC_TO_EVERYONE' }, publishAt: 'now' });
    const onlyMe = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'Just me', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    for (const p of [published, onlyMe]) expect((await finalState(h, p.id)).state).toBe('published');
    expect((await h.core.handlers['insights.refresh']({})).accounts[0]).toMatchObject({ ok: true, videos: 2 });
    const live = await h.core.handlers['insights.get']({ series: true });

    const out = await h.core.handlers['data.export']({ outPath: path.join(tempDir(), 'export.zip'), includeMedia: false });
    const files = await readZip(out.path);
    const text = files.get('insights.json')!.toString('utf8');
    expect(text).toContain(`"tiktokId": "${BIG_ID}"`);
    const doc = JSON.parse(text) as { accounts: Array<Record<string, unknown>>; posts: Array<Record<string, unknown>> };
    // The very document the CLI prints, read in the export's snapshot.
    expect(doc).toEqual(insightsDocument(live));
    expect(doc.accounts).toEqual([expect.objectContaining({ id: account.id, username: 'maria', series: expect.arrayContaining([expect.objectContaining({ at: expect.any(String) })]) })]);
    expect(Object.keys((doc.accounts[0]!.series as object[])[0]!)).toEqual(['at', 'followers', 'likes', 'videos']);
    const outside = doc.posts.find((p) => p.tiktokId === BIG_ID)!;
    expect(outside).toMatchObject({ id: null, source: 'outside', views: 1000 });
    expect((outside.series as Array<{ views: number }>).at(-1)).toMatchObject({ at: outside.at, views: 1000 });
    expect(doc.posts.find((p) => p.id === onlyMe.id)).toMatchObject({ availability: 'private', views: null, series: [] });

    const manifest = json<{ counts: Record<string, number> }>(files, 'manifest.json');
    const snapshots = (h.core.db.prepare('SELECT (SELECT COUNT(*) FROM insight_video_points) + (SELECT COUNT(*) FROM insight_account_points) AS n').get() as { n: number }).n;
    expect(manifest.counts).toMatchObject({ insightsAccounts: 1, insightsPosts: 3, insightsSnapshots: snapshots });
    const readme = files.get('README.txt')!.toString('utf8');
    expect(readme).toMatch(/insights\.json {8}Insights/);
    expect(readme).toMatch(/insights-posts\.csv {3}The posts of insights\.json/);
    expect(readme).toContain('clipdesk insights --json');

    const csv = parseCsv(files.get('insights-posts.csv')!.toString('utf8'));
    expect(csv[0]).toEqual(['key', 'post_id', 'tiktok_id', 'account_id', 'caption', 'published_at', 'views', 'likes', 'comments', 'shares', 'views_1h', 'views_24h', 'views_7d', 'engagement_rate', 'availability', 'reason', 'at']);
    const rows = csv.slice(1).map((r) => Object.fromEntries(csv[0]!.map((c, i) => [c, r[i]])));
    // Newest first, one row per post, as insights.json.
    expect(rows.map((r) => r.key)).toEqual(doc.posts.map((p) => p.key));
    expect(rows.find((r) => r.tiktok_id === BIG_ID)).toEqual({
      key: `video:${BIG_ID}`,
      post_id: '',
      tiktok_id: BIG_ID,
      account_id: account.id,
      caption: `'=HYPERLINK("x"), "quoted", too`,
      published_at: outside.publishedAt,
      views: '1000',
      likes: '40',
      comments: '6',
      shares: '4',
      views_1h: '',
      views_24h: '',
      views_7d: '',
      engagement_rate: '0.05',
      availability: 'public',
      reason: '',
      at: outside.at,
    });
    expect(rows.find((r) => r.post_id === onlyMe.id)).toMatchObject({ caption: 'Just me', tiktok_id: '', views: '', engagement_rate: '', availability: 'private', reason: expect.stringMatching(/Only me/), at: '' });
    expect(rows.find((r) => r.post_id === published.id)).toMatchObject({ caption: 'Out now, public', tiktok_id: expect.stringMatching(/^\d{19}$/), views: '0', availability: 'public' });
  }, 120_000);

  it('contains no secret: no client secret, token or bot token, anywhere in the archive', async () => {
    const { h, account, clipId } = await setup({ appInSettings: true });
    await h.core.secrets.set('telegram.botToken', BOT_TOKEN);
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'secret-free', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    await finalState(h, post.id);
    const names = (h.core.db.prepare('SELECT name FROM secrets').all() as { name: string }[]).map((r) => r.name);
    const values: string[] = [];
    for (const name of names) {
      const v = await h.core.secrets.get(name as never);
      if (v) values.push(v);
    }
    expect(values).toEqual(expect.arrayContaining([CLIENT_SECRET, BOT_TOKEN]));
    expect(values.some((v) => v.startsWith('act.'))).toBe(true);
    expect(values.some((v) => v.startsWith('rft.'))).toBe(true);

    const out = await h.core.handlers['data.export']({ outPath: path.join(tempDir(), 'export.zip'), includeMedia: true });
    const raw = fs.readFileSync(out.path);
    const needles = [...values, 'act.', 'rft.'];
    for (const needle of needles) expect(raw.includes(Buffer.from(needle)), `raw zip contains ${needle.slice(0, 6)}…`).toBe(false);
    const files = await readZip(out.path);
    for (const [name, buf] of files) {
      for (const needle of needles) expect(buf.includes(Buffer.from(needle)), `${name} contains ${needle.slice(0, 6)}…`).toBe(false);
    }
  }, 120_000);

  it('refuses, in words, a path inside the data folder or one it cannot write, and leaves no file behind', async () => {
    const h = newCore();
    await expect(h.core.handlers['data.export']({ outPath: path.join(h.dataDir, 'renders', 'export.zip'), includeMedia: false })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/cannot go inside Clipdesk's data folder/),
    });
    expect(fs.existsSync(path.join(h.dataDir, 'renders', 'export.zip'))).toBe(false);

    // A folder the export cannot be written to (part of the path is a file; tests may run as root, where permissions do not stop a write).
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'not-a-folder'), 'x');
    await expect(h.core.handlers['data.export']({ outPath: path.join(dir, 'not-a-folder', 'export.zip'), includeMedia: false })).rejects.toMatchObject({
      message: expect.stringMatching(/is not a folder|not a folder Clipdesk can write to|may not write/),
    });
    if (process.getuid?.() !== 0) {
      const ro = path.join(dir, 'read-only');
      fs.mkdirSync(ro);
      fs.chmodSync(ro, 0o555);
      await expect(h.core.handlers['data.export']({ outPath: path.join(ro, 'export.zip'), includeMedia: false })).rejects.toMatchObject({ message: expect.stringMatching(/may not write/) });
      expect(fs.readdirSync(ro)).toEqual([]);
      fs.chmodSync(ro, 0o755);
    }
    // A write that fails midway (the target is taken by a folder at rename) leaves nothing half-written.
    const taken = path.join(dir, 'taken.zip');
    fs.mkdirSync(taken);
    await expect(h.core.handlers['data.export']({ outPath: taken, includeMedia: false })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/is a folder/) });
    expect(fs.readdirSync(dir).sort()).toEqual(['not-a-folder', 'taken.zip']);
    expect(fs.readdirSync(taken)).toEqual([]);
  });

  // Issue 13, finding 1: an export could replace any file and create any folder (an
  // authorized_keys written through the API). Only the person at the machine names the path;
  // an existing file is replaced only when asked; no folder is made for it.
  it('never replaces an existing file unasked, makes no folder, and refuses system folders at once', async () => {
    const h = newCore();
    const dir = tempDir();
    const keys = path.join(dir, 'authorized_keys');
    fs.writeFileSync(keys, 'ssh-ed25519 AAAA the creator’s own key\n');
    await expect(h.core.handlers['data.export']({ outPath: keys, includeMedia: false })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already exists.*--force/),
    });
    expect(fs.readFileSync(keys, 'utf8')).toBe('ssh-ed25519 AAAA the creator’s own key\n');
    expect(fs.readdirSync(dir)).toEqual(['authorized_keys']);

    const replaced = await h.core.handlers['data.export']({ outPath: keys, includeMedia: false, replace: true });
    expect(replaced.path).toBe(fs.realpathSync(keys));
    expect(fs.readFileSync(keys).subarray(0, 2).toString('latin1')).toBe('PK');

    const missing = path.join(dir, 'no such folder', 'x.zip');
    await expect(h.core.handlers['data.export']({ outPath: missing, includeMedia: false })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/does not exist/) });
    expect(fs.existsSync(path.dirname(missing))).toBe(false);

    await expect(h.core.handlers['data.export']({ outPath: 'export.zip', includeMedia: false })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/relative/) });
    if (process.platform === 'linux') {
      const started = Date.now();
      for (const target of ['/proc/self/status', '/proc/export.zip', '/dev/null', '/sys/export.zip']) {
        await expect(h.core.handlers['data.export']({ outPath: target, includeMedia: false, replace: true })).rejects.toMatchObject({ code: 'BAD_INPUT' });
      }
      expect(Date.now() - started).toBeLessThan(5_000); // answered, not spinning
    }
  });

  it('is refused to a browser session (which downloads instead); the window asks its save dialog', async () => {
    const dialogs: string[] = [];
    let answer: string | null = null;
    const h = newCore({ dialogs: { chooseSavePath: async ({ defaultName }) => (dialogs.push(defaultName), answer) } });
    const dir = tempDir();
    await expect(h.core.handlers['data.export']({ outPath: path.join(dir, 'x.zip'), includeMedia: false }, IN_BROWSER)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/A browser cannot export by a path.*Download export/),
    });
    // The window names no path: the main process's dialog does, and closing it writes nothing.
    await expect(h.core.handlers['data.export']({ outPath: path.join(dir, 'x.zip'), includeMedia: false }, IN_WINDOW)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(h.core.handlers['data.export']({ includeMedia: false }, IN_WINDOW)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(dialogs).toEqual([expect.stringMatching(/^clipdesk-export-\d{4}-\d{2}-\d{2}\.zip$/)]);
    answer = path.join(dir, 'chosen.zip');
    fs.writeFileSync(answer, 'old'); // the dialog asked "Replace?" already
    const saved = await h.core.handlers['data.export']({ includeMedia: false }, IN_WINDOW);
    expect(saved.path).toBe(fs.realpathSync(answer));
    expect(fs.readFileSync(answer).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(fs.readdirSync(dir)).toEqual(['chosen.zip']);
    expect(h.core.audit.list({ actions: ['data.exported'] })[0]).toMatchObject({ actor: 'app', subject: saved.path });
  });
});

describe('posts.delete', () => {
  it('removes the record and, when asked, the render file — but not a render another post uses', async () => {
    const { h, account, clipId, source } = await setup();
    const renderA = await renderSmall(h.core, clipId);
    const renderB = await renderSmall(h.core, clipId);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const make = (renderId: string, caption: string) => h.core.handlers['posts.create']({ renderId, accountId: account.id, caption, tiktok: DIRECT_SELF_ONLY, publishAt: future });
    const solo = await make(renderA, 'alone');
    const shared1 = await make(renderB, 'shared one');
    const shared2 = await make(renderB, 'shared two');
    const fileA = h.core.renders.get(renderA).outputPath as string;
    const fileB = h.core.renders.get(renderB).outputPath as string;
    expect(h.core.jobs.queuedFor(PUBLISH_JOB, 'postId', solo.id)).toHaveLength(1);

    const a = await h.core.handlers['posts.delete']({ id: solo.id, deleteMedia: true });
    expect(a.deleted).toBe(true);
    expect(a.filesDeleted).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(fileA)).toBe(false);
    await expect(h.core.handlers['posts.get']({ id: solo.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(h.core.jobs.queuedFor(PUBLISH_JOB, 'postId', solo.id)).toHaveLength(0);
    expect(h.core.audit.list({ actions: ['post.deleted'] })[0]).toMatchObject({ subject: solo.id });

    const b = await h.core.handlers['posts.delete']({ id: shared1.id, deleteMedia: true });
    expect(b.filesDeleted).toBe(0);
    expect(fs.existsSync(fileB)).toBe(true);
    expect(h.core.posts.get(shared2.id).state).toBe('scheduled');
    // The source was imported by path: it is the creator's own file and always stays.
    expect(fs.existsSync(source)).toBe(true);
    // Without deleteMedia: the record goes, every file stays.
    const c = await h.core.handlers['posts.delete']({ id: shared2.id, deleteMedia: false });
    expect(c.filesDeleted).toBe(0);
    expect(fs.existsSync(fileB)).toBe(true);
  }, 180_000);

  it('never deletes a file outside the data folder, even one a post was made from', async () => {
    const { h, account, clipId, source } = await setup();
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'as is', tiktok: DIRECT_SELF_ONLY, publishAt: new Date(Date.now() + 86_400_000).toISOString() });
    const done = await h.core.handlers['posts.delete']({ id: post.id, deleteMedia: true });
    expect(done.filesDeleted).toBe(0);
    expect(fs.existsSync(source)).toBe(true);
  }, 120_000);

  it('deletes an uploaded source in the data folder when nothing else uses its clip', async () => {
    const { h, account, source } = await setup();
    // Other bytes than the clip already imported (the library would call it a duplicate).
    const file = readyVideo(tempDir(), fs.statSync(source).size + 4096, 'upload.mp4');
    const temp = path.join(tempDir(), 'incoming');
    fs.copyFileSync(file, temp);
    const { clip } = await h.core.library.importUpload({ tempFile: temp, fileName: 'upload.mp4', sizeBytes: fs.statSync(temp).size, contentHash: sha(fs.readFileSync(temp)) }, 'browser');
    await waitFor(() => h.core.library.get(clip.id).state === 'ready', 30_000, 'the upload to be probed');
    expect(clip.sourcePath, `${clip.sourcePath} in ${h.dataDir}`).toContain(`${path.sep}uploads${path.sep}`);
    const post = await h.core.handlers['posts.create']({ clipId: clip.id, accountId: account.id, caption: 'upload', tiktok: DIRECT_SELF_ONLY, publishAt: new Date(Date.now() + 86_400_000).toISOString() });
    const done = await h.core.handlers['posts.delete']({ id: post.id, deleteMedia: true });
    expect(done.filesDeleted).toBe(1);
    expect(fs.existsSync(clip.sourcePath)).toBe(false);
    await waitFor(() => h.core.library.get(clip.id).state === 'missing', 5_000, 'the clip to be marked missing');
  }, 120_000);

  it('refuses while the post is uploading, in words', async () => {
    const { tt, h, account, clipId } = await setup();
    tt.state.processingPolls = 50; // stays processing for a while
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'busy', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    await waitFor(() => ['uploading', 'processing'].includes(h.core.posts.get(post.id).state), 30_000, 'the upload to start');
    await expect(h.core.handlers['posts.delete']({ id: post.id, deleteMedia: true })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/TikTok may be publishing it right now/),
    });
    expect(h.core.posts.get(post.id).id).toBe(post.id);
  }, 120_000);
});
