// The host's deliberate limits on connections. Node's defaults suit neither side of this host:
// its requestTimeout (5 minutes for a whole request) cuts a large upload on a slow link, while
// nothing stops a client that opens connections and sends nothing. So: headers must arrive
// quickly; a request body may take as long as it needs while bytes keep coming (uploads), and is
// cut when none come for a while; idle keep-alive connections close; and past a cap new
// connections are refused with an answer rather than left hanging.
import type { Server as HttpServer, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';

export interface ServerLimits {
  /** The request line and headers must be in within this (slow-headers attacks). */
  headersTimeoutMs: number;
  /** An upload with no bytes for this long is cut (a slow but moving one goes on). */
  uploadIdleMs: number;
  /** A kept-alive connection with no request for this long is closed. */
  keepAliveTimeoutMs: number;
  /** Connections open at once (sockets included); more are refused with 503. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  headersTimeoutMs: 20_000,
  uploadIdleMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
};

/** The options for http(s).createServer that carry these limits. */
export function serverOptions(limits: ServerLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    // Off: a whole-request deadline cannot tell a slow upload from a stuck one; the upload
    // route's idle timeout (uploadIdleMs) does, and bodiless requests are whole once their
    // headers are in (headersTimeout).
    requestTimeout: 0,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the header deadline on this beat (30 s by default, which would let a slow
    // client keep its connection far past headersTimeout).
    connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(limits.headersTimeoutMs / 2))),
  };
}

const REFUSED = 'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 46\r\n\r\nClipdesk has too many connections; try again.\n';

/**
 * Counts connections and refuses those past the cap. server.maxConnections would drop them
 * without a word; here plain HTTP gets a 503 it can show. Over TLS nothing readable can be said
 * before the handshake, so the connection is closed.
 */
export function capConnections(server: HttpServer, limits: ServerLimits, tls: boolean): void {
  let open = 0;
  server.on('connection', (socket: Socket) => {
    open++;
    socket.once('close', () => open--);
    if (open <= limits.maxConnections) return;
    socket.on('error', () => socket.destroy());
    if (tls) socket.destroy();
    else socket.end(REFUSED, () => socket.destroy());
  });
}
