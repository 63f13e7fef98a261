// No request can take the host down. Node's HTTP server calls our handlers outside any try: a
// throw there (a bad cookie, a URL the parser accepts but URL does not) is an uncaught exception
// that ends `clipdesk serve`, and with it the creator's schedules. Every handler runs inside
// this guard, which answers what it can (400 for a request we cannot read, 500 for our own
// fault), logs why, and goes on serving.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** Where the host says what went wrong (stderr for `clipdesk serve`). */
export type HostLog = (line: string) => void;

/** The request's target as a URL, or null when it is not an origin-form path this host serves. */
export function requestUrl(req: IncomingMessage): URL | null {
  const target = req.url ?? '';
  // Origin-form only ("/path?query"): "//evil:99/x" would be read as another authority, "*" and
  // absolute-form are for proxies.
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://host.invalid');
  } catch {
    return null;
  }
}

/** A log that says at most one line a second, so a flood of bad requests cannot fill the disk. */
export function throttledLog(log: HostLog, intervalMs = 1_000): HostLog {
  let last = 0;
  let skipped = 0;
  return (line) => {
    const now = Date.now();
    if (now - last < intervalMs) {
      skipped++;
      return;
    }
    last = now;
    log(skipped ? `${line} (and ${skipped} more since)` : line);
    skipped = 0;
  };
}

function describe(req: IncomingMessage, err: unknown): string {
  const what = err instanceof Error ? err.message : String(err);
  return `Clipdesk host: could not answer ${req.method ?? '?'} ${JSON.stringify((req.url ?? '').slice(0, 100))}: ${what.slice(0, 200)}`;
}

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export function guardRequests(handler: RequestHandler, log: HostLog): (req: IncomingMessage, res: ServerResponse) => void {
  const failed = (req: IncomingMessage, res: ServerResponse, err: unknown): void => {
    log(describe(req, err));
    if (res.headersSent) {
      res.destroy(); // half an answer: cut it rather than let it pass as whole
      return;
    }
    try {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end('Clipdesk could not answer this request.');
    } catch {
      res.destroy();
    }
  };
  return (req, res) => {
    try {
      const done = handler(req, res);
      if (done) done.catch((err: unknown) => failed(req, res, err));
    } catch (err) {
      failed(req, res, err);
    }
  };
}

export function guardUpgrades(handler: UpgradeHandler, log: HostLog): UpgradeHandler {
  return (req, socket, head) => {
    // A raw socket with no 'error' listener turns a reset by the peer into an uncaught exception.
    socket.on('error', () => socket.destroy());
    try {
      handler(req, socket, head);
    } catch (err) {
      log(describe(req, err));
      if (socket.writable) socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    }
  };
}
