// GET/HEAD /media/<kind>/<id>: clips, thumbnails and renders for the browser UI, with HTTP
// Range so the player can seek. Only files the core registered are served (media-files.ts).
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseRange, rangeHeaders } from '../core/transport/byte-range';
import { parseMediaPath, resolveMediaFile } from '../core/transport/media-files';
import type { Core } from '../core/create-core';

export const MEDIA_PREFIX = '/media/';

export function serveMedia(core: Core, req: IncomingMessage, res: ServerResponse, pathname: string, headers: Record<string, string>): void {
  const target = parseMediaPath(pathname.slice(MEDIA_PREFIX.length));
  const file = target ? resolveMediaFile(core, target.kind, target.id) : null;
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found');
    return;
  }
  const answer = parseRange(req.headers.range, file.size);
  const { status, headers: rh } = rangeHeaders(answer, file.size, file.contentType);
  res.writeHead(status, { ...headers, ...rh });
  if (req.method === 'HEAD' || answer.kind === 'unsatisfiable') {
    res.end();
    return;
  }
  const stream = fs.createReadStream(file.path, answer.kind === 'partial' ? { start: answer.start, end: answer.end } : {});
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy()); // the player moved on: stop reading
  stream.pipe(res);
}
