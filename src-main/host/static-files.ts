// Serves the built renderer (out/renderer) to the browser. Paths are resolved strictly inside
// the folder; anything else is 404. index.html is never cached so an update is picked up.
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { mimeTypeOf } from '../core/transport/mime-types';

export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, rel);
  const rootWithSep = path.resolve(root) + path.sep;
  return full.startsWith(rootWithSep) ? full : null;
}

export function serveStatic(root: string, urlPath: string, res: ServerResponse, headers: Record<string, string>): void {
  const file = resolveInside(root, urlPath);
  let stat: fs.Stats | null = null;
  if (file) {
    try {
      stat = fs.statSync(file);
    } catch {
      stat = null;
    }
  }
  if (!file || !stat || !stat.isFile()) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found');
    return;
  }
  const ext = path.extname(file);
  res.writeHead(200, {
    ...headers,
    'Content-Type': mimeTypeOf(file),
    'Content-Length': String(stat.size),
    'Cache-Control': ext === '.html' ? 'no-store' : 'private, max-age=31536000, immutable',
  });
  fs.createReadStream(file).pipe(res);
}
