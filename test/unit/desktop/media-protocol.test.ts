// media:// as the window's <video> uses it: Range answers on real files, only registered
// files, nothing for other schemes or paths.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMediaProtocolHandler } from '../../../src-main/desktop/media-protocol';
import type { MediaFile } from '../../../src-main/core/transport/media-files';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs('clipdesk-media-protocol-');
const ID = '0b9c3e4a-1d2e-4f60-8a7b-9c0d1e2f3a4b';

function setup(): { handler: (r: Request) => Promise<Response>; bytes: Buffer; asked: string[] } {
  const dir = tempDir();
  const file = path.join(dir, 'clip "ü" 😀.mp4');
  const bytes = Buffer.from(Array.from({ length: 700_000 }, (_, i) => i % 251));
  fs.writeFileSync(file, bytes);
  const asked: string[] = [];
  const handler = createMediaProtocolHandler((kind, id): MediaFile | null => {
    asked.push(`${kind}/${id}`);
    return kind === 'clip' && id === ID ? { path: file, size: bytes.length, contentType: 'video/mp4' } : null;
  });
  return { handler, bytes, asked };
}

describe('media:// protocol', () => {
  it('serves the whole file with Accept-Ranges when no range is asked', async () => {
    const { handler, bytes } = setup();
    const res = await handler(new Request(`media://clip/${ID}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers a range with 206 and exactly those bytes, so the player can seek', async () => {
    const { handler, bytes } = setup();
    const res = await handler(new Request(`media://clip/${ID}`, { headers: { Range: 'bytes=300000-300099' } }));
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 300000-300099/${bytes.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(300000, 300100))).toBe(true);
    const tail = await handler(new Request(`media://clip/${ID}`, { headers: { Range: 'bytes=-10' } }));
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);
  });

  it('answers 416 past the end, and a cancelled stream releases the file', async () => {
    const { handler, bytes } = setup();
    const res = await handler(new Request(`media://clip/${ID}`, { headers: { Range: `bytes=${bytes.length}-` } }));
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    const open = await handler(new Request(`media://clip/${ID}`));
    const reader = open.body!.getReader();
    await reader.read();
    await reader.cancel();
  });

  it('serves nothing it has not registered, and never a path from the URL', async () => {
    const { handler, asked } = setup();
    for (const url of ['media://clip/unknown-id-0000', 'media://etc/passwd', `media://clip/..%2F..%2F${ID}`, `app://clip/${ID}`, `media://other/${ID}`]) {
      expect((await handler(new Request(url))).status, url).toBe(404);
    }
    expect(asked).toEqual([]);
    expect((await handler(new Request(`media://clip/${ID}`, { method: 'POST' }))).status).toBe(405);
  });
});
