// `media://<kind>/<id>` streams clips, thumbnails and renders to the window's <video> and
// <img>, answering Range requests itself: net.fetch('file://…') ignores Range, and a video
// served without it cannot seek (docs/platforms.md, Electron §5.2). Only files the core
// registered are served (core/transport/media-files.ts). A plain Request → Response function,
// tested under Node without Electron.
import fs from 'node:fs';
import type { MediaKind } from '../../src-shared/media/library';
import { parseRange, rangeHeaders } from '../core/transport/byte-range';
import { parseMediaPath, type MediaFile } from '../core/transport/media-files';
import { MEDIA_SCHEME } from './app-origin';

const BASE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-site',
};

export function createMediaProtocolHandler(resolve: (kind: MediaKind, id: string) => MediaFile | null): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { ...BASE_HEADERS, Allow: 'GET, HEAD' } });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return new Response(null, { status: 404, headers: BASE_HEADERS });
    }
    // A standard scheme: media://clip/<id> parses with host "clip" and path "/<id>".
    const target = url.protocol === `${MEDIA_SCHEME}:` ? parseMediaPath(`${url.host}${url.pathname}`) : null;
    const file = target ? resolve(target.kind, target.id) : null;
    if (!file) return new Response(null, { status: 404, headers: BASE_HEADERS });
    const answer = parseRange(request.headers.get('range'), file.size);
    const { status, headers } = rangeHeaders(answer, file.size, file.contentType);
    const body = request.method === 'HEAD' || answer.kind === 'unsatisfiable' ? null : fileStream(file.path, answer.kind === 'partial' ? answer : null);
    return new Response(body, { status, headers: { ...BASE_HEADERS, ...headers } });
  };
}

/**
 * A web stream over a byte range of a file. Written by hand rather than Readable.toWeb,
 * which can close twice when the consumer cancels (nodejs/node#54205) — and a <video>
 * cancels constantly while seeking.
 */
export function fileStream(file: string, range: { start: number; end: number } | null): ReadableStream<Uint8Array> {
  const chunk = 256 * 1024;
  let handle: fs.promises.FileHandle | null = null;
  let pos = range?.start ?? 0;
  const end = range ? range.end + 1 : Infinity;
  const close = async (): Promise<void> => {
    const h = handle;
    handle = null;
    await h?.close().catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>({
    async start() {
      handle = await fs.promises.open(file, 'r');
    },
    async pull(controller) {
      if (!handle) return;
      const want = Math.min(chunk, end - pos);
      if (want <= 0) {
        await close();
        controller.close();
        return;
      }
      const buf = new Uint8Array(want);
      const { bytesRead } = await handle.read(buf, 0, want, pos);
      if (bytesRead === 0) {
        await close();
        controller.close();
        return;
      }
      pos += bytesRead;
      controller.enqueue(bytesRead === want ? buf : buf.subarray(0, bytesRead));
    },
    async cancel() {
      await close();
    },
  });
}
