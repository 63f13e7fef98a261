// The headless host: the same contract the desktop serves over IPC, here over a WebSocket,
// plus the built renderer over HTTP. Loopback by default; the access token guards every
// request and socket. The desktop app runs one too, without the UI, as the local API the
// CLI hands commands to.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { actorLabel, type Actor } from '../../src-shared/caller';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES, RequestSchema, type ServerMessage } from '../../src-shared/protocol';
import { callContext } from '../core/caller';
import type { Core } from '../core/create-core';
import { rendererCsp } from '../core/transport/csp';
import { buildRoutes, dispatch, type Routes } from '../core/transport/routes';
import {
  hostHeaderAllowed,
  isLoopbackHost,
  newToken,
  originAllowed,
  presentedToken,
  sameToken,
  sessionCookie,
  type AccessPolicy,
} from './access';
import { EXPORT_PATH, serveExport } from './export-route';
import { MEDIA_PREFIX, serveMedia } from './media-route';
import { serveStatic } from './static-files';
import { handleUpload, UPLOAD_PATH } from './upload-route';

export interface HostOptions {
  core: Core;
  port?: number;
  host?: string;
  /** Built renderer to serve; omit for an API-only host (the desktop app's local API). */
  rendererDir?: string;
  token?: string;
  /** The local API key (see RunningHost.localKey); random when omitted. */
  localKey?: string;
}

export interface RunningHost {
  readonly port: number;
  readonly token: string;
  /**
   * The key the CLI presents (Authorization: Bearer) to act as the person at this machine's
   * terminal. It is written only to the data folder's lock file (0600), never put in a link:
   * the access link makes a browser session, which may not name files of this machine.
   */
  readonly localKey: string;
  /** Address a person opens: with the token, to be traded for a cookie. */
  readonly uiUrl: string;
  /** WebSocket address of the API. */
  readonly apiUrl: string;
  readonly routes: Routes;
  close(): Promise<void>;
}

export const CSP = rendererCsp();

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const REFUSED_PAGE = `<!doctype html><meta charset="utf-8"><title>Clipdesk</title>
<p>This Clipdesk needs its access link. Open the address <code>clipdesk serve</code> printed (it ends in <code>?token=…</code>).</p>`;

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { core } = options;
  const bindHost = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const localKey = options.localKey ?? newToken();
  const routes = buildRoutes(core.handlers);
  const policy: AccessPolicy = { token, port: 0, bindHost };
  let lastRefusalLogged = 0;

  /** Who a presented credential makes the caller: the local key is the terminal, the link a browser. */
  const callerFor = (presented: ReturnType<typeof presentedToken>): Actor | null => {
    if (presented.via === 'header' && sameToken(presented.token, localKey)) return { kind: 'terminal' };
    if (sameToken(presented.token, token)) return { kind: 'browser', session: 'link' };
    return null;
  };

  const refuse = (req: IncomingMessage, why: string): void => {
    // Throttled: a page retrying in a loop must not flood the activity log.
    const now = Date.now();
    if (now - lastRefusalLogged < 10_000) return;
    lastRefusalLogged = now;
    core.audit.append({ actor: 'host', action: 'access.refused', subject: req.socket.remoteAddress ?? null, detail: why });
  };

  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (!hostHeaderAllowed(policy, req.headers.host)) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Misdirected request');
      refuse(req, `unexpected Host header ${JSON.stringify(req.headers.host ?? '')}`);
      return;
    }
    const presented = presentedToken(req, policy, url);
    const caller = callerFor(presented);
    if (!caller) {
      res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(REFUSED_PAGE);
      refuse(req, presented.token ? 'wrong access token' : 'no access token');
      return;
    }
    if (presented.via === 'query') {
      // Trade the token in the address bar for an HttpOnly cookie and drop it from the URL,
      // so it does not linger in history or get copied with the address.
      url.searchParams.delete('token');
      res.writeHead(303, { ...SECURITY_HEADERS, 'Set-Cookie': sessionCookie(policy), Location: url.pathname + url.search });
      res.end();
      return;
    }
    if (url.pathname === UPLOAD_PATH) {
      if (req.method !== 'POST') {
        res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'POST' });
        res.end();
        return;
      }
      // A state-changing request: a browser must send it from our own page (CSRF).
      if (!originAllowed(req.headers.origin, req.headers.host)) {
        res.writeHead(403, SECURITY_HEADERS);
        res.end();
        refuse(req, `upload from foreign origin ${JSON.stringify(req.headers.origin)}`);
        return;
      }
      void handleUpload(core, req, res, SECURITY_HEADERS);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    if (url.pathname === EXPORT_PATH) {
      serveExport(core, req, res, url, SECURITY_HEADERS, actorLabel(caller));
      return;
    }
    if (url.pathname.startsWith(MEDIA_PREFIX)) {
      serveMedia(core, req, res, url.pathname, SECURITY_HEADERS);
      return;
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
      return;
    }
    if (!options.rendererDir) {
      res.writeHead(404, SECURITY_HEADERS);
      res.end();
      return;
    }
    serveStatic(options.rendererDir, url.pathname, res, SECURITY_HEADERS);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const deny = (status: number, text: string, why: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      refuse(req, why);
    };
    if (url.pathname !== '/api') return deny(404, 'Not Found', `socket to ${url.pathname}`);
    if (!hostHeaderAllowed(policy, req.headers.host)) return deny(421, 'Misdirected Request', 'socket with unexpected Host');
    if (!originAllowed(req.headers.origin, req.headers.host)) {
      return deny(403, 'Forbidden', `socket from foreign origin ${JSON.stringify(req.headers.origin)}`);
    }
    const actor = callerFor(presentedToken(req, policy, url));
    if (!actor) return deny(401, 'Unauthorized', 'socket without a valid token');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, routes, core, actor));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  policy.port = port;
  const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const uiHost = isLoopbackHost(bindHost) || bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : shownHost;

  return {
    port,
    token,
    localKey,
    uiUrl: `http://${uiHost}:${port}/?token=${token}`,
    apiUrl: `ws://${uiHost}:${port}/api`,
    routes,
    async close() {
      await Promise.all([...wss.clients].map((client) => closeSocket(client)));
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A close frame goes out after whatever was sent before it, so a reply sent just now (the
 * answer to "delete everything", after which the host stops) still arrives. A client that does
 * not answer the close within a second is cut off.
 */
function closeSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), 1_000);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(1001, 'Clipdesk stopped');
  });
}

function serveSocket(ws: WebSocket, routes: Routes, core: Core, actor: Actor): void {
  // Calls under way learn that their caller went away when the socket closes.
  const gone = new AbortController();
  const ctx = callContext(actor, gone.signal);
  const send = (msg: ServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    // A client that stopped reading gets cut off rather than growing our memory.
    if (ws.bufferedAmount > 8 * MAX_MESSAGE_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(msg));
  };
  const unsubscribe = core.bus.subscribe((event, payload) => send({ event, payload }));
  const closed = (): void => {
    unsubscribe();
    gone.abort();
  };
  ws.on('close', closed);
  ws.on('error', closed);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return ws.close(1003, 'text only');
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return ws.close(1007, 'not JSON');
    }
    const req = RequestSchema.safeParse(parsed);
    if (!req.success) return ws.close(1007, 'bad request envelope');
    const { id, cmd, input } = req.data;
    void dispatch(routes, cmd, input, ctx).then((r) => send(r.ok ? { id, ok: true, result: r.result } : { id, ok: false, error: r.error }));
  });
}
