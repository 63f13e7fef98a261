// The headless host's file routes, over real HTTP: uploads streamed in and imported (or
// recognised), the watermark upload, and media served with Range so a browser can seek.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clip } from '../../src-shared/media/library';
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
    const { base, auth } = await setup();
    const png = fs.readFileSync(makeImage(path.join(tempDir(), 'logo.png'), 200, 100));
    const ok = await upload(base, auth, png, 'logo.png', { 'X-Clipdesk-Purpose': 'watermark' });
    expect(ok.status).toBe(200);
    const { path: saved } = (await ok.json()) as { path: string };
    expect(saved).toMatch(/assets[\\/][0-9a-f]{32}\.png$/);
    expect(fs.readFileSync(saved).equals(png)).toBe(true);
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
});
