// The headless host's file routes, over real HTTP: uploads streamed in and imported (or
// recognised), the watermark upload, and media served with Range so a browser can seek.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Clip } from '../../src-shared/media/library';
import { DEFAULT_RECIPE } from '../../src-shared/media/media-info';
import { startHost, type RunningHost } from '../../src-main/host/start-host';
import { useCores, waitFor, type Harness } from '../support/core-harness';
import { makeClip, makeImage } from '../support/media-fixtures';
import { useTempDirs } from '../support/temp-dir';

const newCore = useCores('clipdesk-host-media-');
const tempDir = useTempDirs('clipdesk-host-media-src-');
const hosts: RunningHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

async function setup(): Promise<{ h: Harness; host: RunningHost; base: string; auth: Record<string, string> }> {
  const h = newCore();
  const host = await startHost({ core: h.core });
  hosts.push(host);
  return { h, host, base: `http://127.0.0.1:${host.port}`, auth: { Authorization: `Bearer ${host.token}` } };
}

function upload(base: string, headers: Record<string, string>, body: Buffer, name: string, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/upload`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(name), ...extra },
    body: new Uint8Array(body),
  });
}

const uploadsLeft = (h: Harness): string[] => {
  const dir = path.join(h.dataDir, 'uploads');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith('.incoming')) : [];
};

describe('host uploads and media', () => {
  it('streams an upload into the library and recognises the same file again', async () => {
    const { h, base, auth } = await setup();
    const bytes = fs.readFileSync(makeClip({ durationSec: 1 }));
    const first = await upload(base, auth, bytes, 'фото "дня" 😀.mp4');
    expect(first.status).toBe(200);
    const { clip, duplicate } = (await first.json()) as { clip: Clip; duplicate: boolean };
    expect(duplicate).toBe(false);
    expect(clip).toMatchObject({ fileName: 'фото "дня" 😀.mp4', state: 'importing', sizeBytes: bytes.length });
    const ready = await waitFor(() => (h.core.library.clip(clip.id).state === 'ready' ? h.core.library.clip(clip.id) : undefined), 20_000);
    expect(ready.hasThumbnail).toBe(true);
    expect(ready.sourcePath.startsWith(path.join(h.dataDir, 'uploads'))).toBe(true);

    const again = (await (await upload(base, auth, bytes, 'other name.mp4')).json()) as { clip: Clip; duplicate: boolean };
    expect(again).toMatchObject({ duplicate: true, clip: { id: clip.id } });
    expect(fs.readdirSync(path.join(h.dataDir, 'uploads'))).toHaveLength(1);

    // Removing an uploaded clip deletes the copy the host kept.
    await h.core.handlers['library.remove']({ id: clip.id });
    expect(fs.readdirSync(path.join(h.dataDir, 'uploads'))).toEqual([]);
  });

  it('refuses uploads without the token, from another origin, empty, or cut short, keeping nothing', async () => {
    const { h, base, auth } = await setup();
    const bytes = Buffer.from('x'.repeat(1000));
    expect((await upload(base, {}, bytes, 'a.mp4')).status).toBe(401);
    expect((await upload(base, { ...auth, Origin: 'http://evil.example' }, bytes, 'a.mp4')).status).toBe(403);
    const empty = await upload(base, auth, Buffer.alloc(0), 'empty.mp4');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(/empty\.mp4 is empty/);
    const noName = await upload(base, auth, bytes, '');
    expect(noName.status).toBe(400);
    expect((await fetch(`${base}/upload`, { headers: auth })).status).toBe(405);

    // A connection that dies mid-body leaves no partial file.
    const { request } = await import('node:http');
    await new Promise<void>((resolve) => {
      const req = request(`${base}/upload`, { method: 'POST', headers: { ...auth, 'Content-Length': '100000', 'X-File-Name': 'cut.mp4' } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(1000));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await waitFor(() => uploadsLeft(h).length === 0, 5_000, 'partial upload to be deleted');
    expect((await h.core.handlers['library.list']({})).total).toBe(0);
  });

  it('takes the creator’s watermark image and refuses anything else', async () => {
    const { h, base, auth } = await setup();
    const png = fs.readFileSync(makeImage(path.join(tempDir(), 'logo.png'), 200, 100));
    const ok = await upload(base, auth, png, 'logo.png', { 'X-Clipdesk-Purpose': 'watermark' });
    expect(ok.status).toBe(200);
    // Answered with the asset's name, never a path of the host: a recipe names the asset.
    const body = (await ok.json()) as { asset: string; fileName: string; path?: string };
    expect(body).toEqual({ asset: expect.stringMatching(/^[0-9a-f]{32}\.png$/), fileName: 'logo.png' });
    expect(fs.readFileSync(path.join(h.dataDir, 'assets', body.asset)).equals(png)).toBe(true);
    const bad = await upload(base, auth, Buffer.from('not an image at all'), 'logo.png', { 'X-Clipdesk-Purpose': 'watermark' });
    expect(bad.status).toBe(415);
  });

  it('serves a clip with Range so the player can seek, and its thumbnail; nothing unregistered', async () => {
    const { h, base, auth } = await setup();
    const file = path.join(tempDir(), 'seek me.mp4');
    fs.copyFileSync(makeClip({ durationSec: 2 }), file);
    const { added } = await h.core.handlers['library.import']({ paths: [file] });
    const id = added[0]!.id;
    await waitFor(() => h.core.library.clip(id).hasThumbnail, 20_000);
    const size = fs.statSync(file).size;

    const whole = await fetch(`${base}/media/clip/${id}`, { headers: auth });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect((await whole.arrayBuffer()).byteLength).toBe(size);

    const part = await fetch(`${base}/media/clip/${id}`, { headers: { ...auth, Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(fs.readFileSync(file).subarray(100, 200))).toBe(true);
    expect((await fetch(`${base}/media/clip/${id}`, { headers: { ...auth, Range: `bytes=${size}-` } })).status).toBe(416);

    const thumb = await fetch(`${base}/media/thumbnail/${id}`, { headers: auth });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');

    expect((await fetch(`${base}/media/clip/${id}`)).status).toBe(401);
    expect((await fetch(`${base}/media/render/${id}`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${base}/media/clip/..%2F..%2Fetc%2Fpasswd`, { headers: auth })).status).toBe(404);
  });

  // Issue 13, finding 2: a file that failed to probe kept its row and /media/clip served its
  // bytes whatever they were (the key file beside the database among them).
  it('serves a clip only once it probed as a picture, with the type its probe says', async () => {
    const { h, base, auth } = await setup();
    const secret = path.join(tempDir(), 'id_ed25519.mp4');
    fs.writeFileSync(secret, '-----BEGIN OPENSSH PRIVATE KEY-----\nnot a video at all\n');
    const { added } = await h.core.handlers['library.import']({ paths: [secret] });
    const id = added[0]!.id;
    await waitFor(() => (h.core.library.clip(id).state !== 'importing' ? true : undefined), 20_000);
    expect(h.core.library.clip(id).state).not.toBe('ready');
    const refused = await fetch(`${base}/media/clip/${id}`, { headers: auth });
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain('PRIVATE KEY');

    const image = path.join(tempDir(), 'still.png');
    makeImage(image, 64, 64);
    const still = (await h.core.handlers['library.import']({ paths: [image] })).added[0]!.id;
    await waitFor(() => (h.core.library.clip(still).state !== 'importing' ? true : undefined), 20_000);
    const served = await fetch(`${base}/media/clip/${still}`, { headers: auth });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
  });

  it('lets a browser session import only by upload and export only by download', async () => {
    const { h, host, base } = await setup();
    const browser = { Authorization: `Bearer ${host.token}` }; // the access link: a browser session
    const cli = { Authorization: `Bearer ${host.localKey}` }; // the lock file's key: the terminal
    const file = path.join(tempDir(), 'mine.mp4');
    fs.copyFileSync(makeClip({ durationSec: 1 }), file);
    const out = path.join(tempDir(), 'export.zip');

    const asBrowser = await socket(host.port, browser);
    const imported = await asBrowser.call('library.import', { paths: [file] });
    expect(imported).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/A browser cannot import a video by a path.*uploaded/) } });
    expect(await asBrowser.call('data.export', { outPath: out, includeMedia: false })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await asBrowser.call('assets.add', { path: file })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    asBrowser.close();
    expect(fs.existsSync(out)).toBe(false);
    expect(h.core.library.list({}).total).toBe(0);

    // The CLI's key is the terminal's: it names paths (full ones, outside the data folder).
    const asCli = await socket(host.port, cli);
    expect(await asCli.call('library.import', { paths: [file] })).toMatchObject({ ok: true, result: { added: [{ fileName: 'mine.mp4' }] } });
    expect(await asCli.call('library.import', { paths: ['mine.mp4'] })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/relative/) } });
    const keyFile = fs.readdirSync(h.dataDir).map((n) => path.join(h.dataDir, n)).find((p) => fs.statSync(p).isFile()) as string;
    expect(await asCli.call('library.import', { paths: [keyFile] })).toMatchObject({ ok: true, result: { added: [], skipped: [{ reason: expect.stringMatching(/inside Clipdesk's data folder/) }] } });
    expect(await asCli.call('data.export', { outPath: out, includeMedia: false })).toMatchObject({ ok: true });
    asCli.close();
    expect(h.core.audit.list({ actions: ['library.import'] })[0]).toMatchObject({ actor: 'cli' });

    // The browser's export: a download of the same archive, from its own page only.
    const download = await fetch(`${base}/export?media=0`, { headers: { ...browser, 'Sec-Fetch-Site': 'same-origin' } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="clipdesk-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    const zip = Buffer.from(await download.arrayBuffer());
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(zip.includes(Buffer.from('manifest.json'))).toBe(true);
    expect((await fetch(`${base}/export`, { headers: { ...browser, 'Sec-Fetch-Site': 'same-site' } })).status).toBe(403);
    expect((await fetch(`${base}/export`)).status).toBe(401);
    expect(h.core.audit.list({ actions: ['data.exported'] })[0]).toMatchObject({ actor: 'browser', subject: 'download' });
  });

  it('keeps a watermark picked at the machine as an asset, and renders only assets', async () => {
    const { h } = await setup();
    const logo = makeImage(path.join(tempDir(), 'my logo.png'), 120, 60);
    const kept = await h.core.handlers['assets.add']({ path: logo });
    expect(kept).toEqual({ asset: expect.stringMatching(/^[0-9a-f]{32}\.png$/), fileName: 'my logo.png' });
    expect(fs.readFileSync(path.join(h.dataDir, 'assets', kept.asset)).equals(fs.readFileSync(logo))).toBe(true);
    await expect(h.core.handlers['assets.add']({ path: path.join(tempDir(), 'none.png') })).rejects.toMatchObject({ code: 'FILE_MISSING' });
    const notImage = path.join(tempDir(), 'notes.png');
    fs.writeFileSync(notImage, 'hello');
    await expect(h.core.handlers['assets.add']({ path: notImage })).rejects.toMatchObject({ code: 'MEDIA_UNSUPPORTED' });
    // A recipe naming something that is not a kept asset is refused before anything is queued.
    const clip = path.join(tempDir(), 'c.mp4');
    fs.copyFileSync(makeClip({ durationSec: 1 }), clip);
    const id = (await h.core.handlers['library.import']({ paths: [clip] })).added[0]!.id;
    await waitFor(() => (h.core.library.clip(id).state === 'ready' ? true : undefined), 20_000);
    const recipe = { ...DEFAULT_RECIPE, watermark: { asset: 'ffffffffffffffffffffffffffffffff.png', position: 'top-left' as const, opacity: 1 } };
    await expect(h.core.handlers['render.start']({ clipId: id, recipe })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/watermark image/) });
    await expect(h.core.handlers['render.start']({ clipId: id, recipe: { ...recipe, watermark: { ...recipe.watermark, asset: kept.asset } } })).resolves.toMatchObject({ clipId: id });
  });
});

/** A WebSocket to the host's API presenting a credential, answering each call with its raw reply. */
async function socket(port: number, headers: Record<string, string>): Promise<{ call(cmd: string, input: object): Promise<unknown>; close(): void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let next = 1;
  const waiting = new Map<number, (reply: unknown) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { id?: number };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg);
  });
  return {
    call: (cmd, input) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, cmd, input }));
      }),
    close: () => ws.close(),
  };
}
