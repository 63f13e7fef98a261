// `app://bundle/…` serves the built renderer (out/renderer) to the window, instead of file://
// which would give an XSS the run of the disk (docs/platforms.md, Electron §2.1 #18, §5.2
// rule 4). Requests map strictly inside the renderer folder (the host's `resolveInside`, one
// rule for both transports); each answer carries its MIME type, nosniff and the CSP. The
// handler is a plain Request → Response function, so it is tested under Node without Electron.
import fs from 'node:fs';
import path from 'node:path';
import { rendererCsp } from '../core/transport/csp';
import { mimeTypeOf } from '../core/transport/mime-types';
import { resolveInside } from '../host/static-files';
import { APP_HOST, APP_SCHEME, MEDIA_SCHEME } from './app-origin';

/** The renderer's policy as a header (src-main/core/transport/csp.ts), with video from media:. */
export const APP_CSP = rendererCsp([`${MEDIA_SCHEME}:`]);


/**
 * The file an app:// URL names inside the renderer folder, or null: another scheme or host,
 * a path escaping the folder (plain or percent-encoded), a NUL, or an unparsable URL.
 */
export function resolveAppPath(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  return resolveInside(rendererDir, url.pathname);
}

const BASE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra } });
}

/** The handler given to `protocol.handle('app', …)`. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const file = resolveAppPath(rendererDir, request.url);
    if (!file) return plain(404, 'Not found');
    let body: Buffer;
    try {
      // Whole-file reads: renderer assets are small, and fs here also reads inside app.asar.
      const stat = await fs.promises.stat(file);
      if (!stat.isFile()) return plain(404, 'Not found');
      body = await fs.promises.readFile(file);
    } catch {
      return plain(404, 'Not found');
    }
    const html = path.extname(file).toLowerCase() === '.html';
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        ...BASE_HEADERS,
        'Content-Type': mimeTypeOf(file),
        'Content-Length': String(body.length),
        // index.html names the hashed assets: always re-read it so an update is picked up.
        'Cache-Control': html ? 'no-store' : 'private, max-age=31536000, immutable',
      },
    });
  };
}
