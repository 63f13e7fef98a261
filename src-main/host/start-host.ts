// The headless host: the same contract the desktop serves over IPC, here over a WebSocket,
// plus the built renderer over HTTP. Loopback by default, under a per-instance *.localhost
// name; beyond this machine only over HTTPS with a Host allowlist. The access token guards
// every request and socket, and a browser trades it at once for a session (session.ts). The
// desktop app runs one too, without the UI, as the local API the CLI hands commands to.
// docs/architecture.md ("The headless host's access model") explains the whole.
import crypto from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { actorLabel, type Actor } from '../../src-shared/caller';
import { MAX_MESSAGE_BYTES } from '../../src-shared/protocol';
import type { Core } from '../core/create-core';
import { rendererCsp } from '../core/transport/csp';
import { buildRoutes, type Routes } from '../core/transport/routes';
import { newToken, originAllowed, presented, sameToken, sessionCookie, type Presented } from './access';
import { EXPORT_PATH, serveExport } from './export-route';
import { hostHeaderAllowed, isLoopbackBind, type HostNames } from './host-names';
import { MEDIA_PREFIX, serveMedia } from './media-route';
import { guardRequests, guardUpgrades, requestUrl, throttledLog, type HostLog } from './request-guard';
import { capConnections, DEFAULT_LIMITS, serverOptions, type ServerLimits } from './server-limits';
import { createSessionStore, SESSION_MAX_AGE_MS, type Session, type SessionLimits } from './session';
import { serveSocket } from './socket-api';
import { serveStatic } from './static-files';
import type { TlsIdentity } from './tls';
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
  /** Serve HTTPS with this identity (required beyond loopback: see serve.ts). */
  tls?: TlsIdentity;
  /** Names besides loopback a Host header may give (--allowed-host, the machine's name). */
  allowedHosts?: readonly string[];
  /** Shorter limits for tests; the defaults are DEFAULT_LIMITS and session.ts's. */
  limits?: Partial<ServerLimits>;
  sessions?: SessionLimits;
  /** Where the host reports requests it could not answer; stderr by default. */
  log?: HostLog;
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
  /** Address a person opens: with the token, to be traded for a session. */
  readonly uiUrl: string;
  /** The same on 127.0.0.1, for a browser that does not resolve *.localhost names (loopback only). */
  readonly fallbackUiUrl: string | null;
  /** WebSocket address of the API, on this machine. */
  readonly apiUrl: string;
  /** SHA-256 fingerprint of the HTTPS certificate, when serving HTTPS. */
  readonly fingerprint256: string | null;
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
<p>This Clipdesk needs its access link. Open the address <code>clipdesk serve</code> printed (it ends in <code>?token=…</code>). A session ends when Clipdesk restarts or after a while unused; open the link again then.</p>`;

/** A per-instance name under .localhost: browsers resolve it to loopback themselves, and its cookies are its own. */
function instanceName(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz234567';
  return `clipdesk-${[...crypto.randomBytes(8)].map((b) => letters[b % 32]).join('')}.localhost`;
}

/** The Host header, or undefined when there is none or more than one (which Node would quietly reduce to the first). */
const hostOf = (req: IncomingMessage): string | undefined => {
  const all = req.headersDistinct.host;
  return all?.length === 1 ? all[0] : undefined;
};

const hasBody = (req: IncomingMessage): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { core } = options;
  const bindHost = options.host ?? '127.0.0.1';
  const loopback = isLoopbackBind(bindHost);
  if (!loopback && !options.tls) throw new Error(`The host serves HTTPS beyond this machine; ${bindHost} needs a certificate.`);
  const scheme = options.tls ? 'https' : 'http';
  const token = options.token ?? newToken();
  const localKey = options.localKey ?? newToken();
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const sessions = createSessionStore(options.sessions);
  const sessionMaxAge = options.sessions?.maxAgeMs ?? SESSION_MAX_AGE_MS;
  const log = throttledLog(options.log ?? ((line) => process.stderr.write(`${line}\n`)));
  const routes = buildRoutes(core.handlers);
  // Only a host that serves the UI on loopback needs a name of its own (see instanceName).
  const ownName = loopback && options.rendererDir ? instanceName() : null;
  let names: HostNames = { port: 0, defaultPort: 0, names: new Set() };
  let lastRefusalLogged = 0;

  /** Who a presented credential makes the caller: the local key is the terminal, the token or a session a browser. */
  const callerFor = (p: Presented): { actor: Actor; sessionId?: string; session?: Session } | null => {
    if (p.via === 'header') {
      if (sameToken(p.secret, localKey)) return { actor: { kind: 'terminal' } };
      if (sameToken(p.secret, token)) return { actor: { kind: 'browser', session: 'link' } };
      return null;
    }
    if (p.via === 'cookie') {
      for (const id of p.secrets) {
        const session = sessions.use(id);
        if (session) return { actor: { kind: 'browser', session: session.label }, sessionId: id, session };
      }
    }
    return null;
  };

  const refuse = (req: IncomingMessage, why: string): void => {
    // Throttled: a page retrying in a loop must not flood the activity log.
    const now = Date.now();
    if (now - lastRefusalLogged < 10_000) return;
    lastRefusalLogged = now;
    core.audit.append({ actor: 'host', action: 'access.refused', subject: req.socket.remoteAddress ?? null, detail: why });
  };

  const answer = (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    const url = requestUrl(req);
    // A body we do not read would keep the connection busy for as long as its sender likes.
    if (hasBody(req) && url?.pathname !== UPLOAD_PATH) res.setHeader('Connection', 'close');
    if (!url) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end('Bad request');
      return;
    }
    if (!hostHeaderAllowed(names, hostOf(req))) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Misdirected request');
      refuse(req, `unexpected Host header ${JSON.stringify(req.headers.host ?? '').slice(0, 120)}`);
      return;
    }
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    const credential = presented(req, names.port, url, isRead);
    if (credential.via === 'query') {
      if (!sameToken(credential.secret, token)) {
        res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
        res.end(REFUSED_PAGE);
        refuse(req, 'wrong access token');
        return;
      }
      // Trade the token in the address bar for a session of its own and drop it from the URL,
      // so the token does not linger in history, get copied with the address, or sit in a
      // cookie that other services on this machine receive.
      const { id, session } = sessions.create();
      core.audit.append({ actor: 'host', action: 'host.session', subject: session.label, detail: `browser session opened from ${req.socket.remoteAddress ?? 'unknown'}` });
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'Set-Cookie': sessionCookie(names.port, id, sessionMaxAge, scheme === 'https'),
        'Cache-Control': 'no-store',
        Location: url.pathname + url.search,
      });
      res.end();
      return;
    }
    const caller = callerFor(credential);
    if (!caller) {
      res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(REFUSED_PAGE);
      refuse(req, credential.via === null ? 'no access token' : credential.via === 'cookie' ? 'unknown or ended session' : 'wrong access token');
      return;
    }
    if (url.pathname === UPLOAD_PATH) {
      if (req.method !== 'POST') {
        res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'POST' });
        res.end();
        return;
      }
      // A state-changing request: a browser must send it from our own page (CSRF).
      if (!originAllowed(req.headers.origin, hostOf(req), scheme)) {
        res.writeHead(403, { ...SECURITY_HEADERS, Connection: 'close' });
        res.end();
        refuse(req, `upload from foreign origin ${JSON.stringify(req.headers.origin)}`);
        return;
      }
      // No deadline for the whole body (a large file on a slow link takes as long as it takes),
      // but one for silence: a sender that stops sending is cut and nothing is kept.
      req.socket.setTimeout(limits.uploadIdleMs);
      req.once('timeout', () => {
        if (!res.headersSent) {
          res.writeHead(408, { 'Content-Type': 'application/json', Connection: 'close' });
          res.end(JSON.stringify({ error: { code: 'TIMEOUT', message: 'The upload stopped sending; try again.' } }));
        }
        req.destroy();
      });
      req.once('end', () => req.socket.setTimeout(0));
      return handleUpload(core, req, res, SECURITY_HEADERS, actorLabel(caller.actor));
    }
    if (!isRead) {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    if (url.pathname === EXPORT_PATH) {
      serveExport(core, req, res, url, SECURITY_HEADERS, actorLabel(caller.actor));
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
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const deny = (status: number, text: string, why: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      refuse(req, why);
    };
    const url = requestUrl(req);
    if (!url) return deny(400, 'Bad Request', 'socket with an unreadable address');
    if (url.pathname !== '/api') return deny(404, 'Not Found', `socket to ${url.pathname.slice(0, 100)}`);
    if (!hostHeaderAllowed(names, hostOf(req))) return deny(421, 'Misdirected Request', 'socket with unexpected Host');
    if (!originAllowed(req.headers.origin, hostOf(req), scheme)) {
      return deny(403, 'Forbidden', `socket from foreign origin ${JSON.stringify(req.headers.origin).slice(0, 120)}`);
    }
    // The socket takes a session or a key, never ?token= (a browser has its session by now).
    const caller = callerFor(presented(req, names.port, url, false));
    if (!caller) return deny(401, 'Unauthorized', 'socket without a valid session or key');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const { sessionId, session } = caller;
      const release = session ? sessions.hold(session) : undefined;
      serveSocket(ws, routes, core, caller.actor, {
        stillValid: sessionId ? () => sessions.use(sessionId) !== null : undefined,
        onClose: release,
      });
    });
  };

  const handler = guardRequests(answer, log);
  const server = options.tls
    ? https.createServer({ ...serverOptions(limits), cert: options.tls.cert, key: options.tls.key }, handler)
    : http.createServer(serverOptions(limits), handler);
  server.on('upgrade', guardUpgrades(upgrade, log));
  capConnections(server, limits, Boolean(options.tls));
  // Unreadable requests (bad headers, too large, timed out) are answered by Node itself; this
  // only keeps a client that has already gone from raising an error.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::';
  const bare = (h: string): string => h.replace(/^\[|\]$/g, '').toLowerCase();
  names = {
    port,
    defaultPort: options.tls ? 443 : 80,
    names: new Set([...(ownName ? [ownName] : []), ...(options.allowedHosts ?? []).map(bare), ...(loopback || wildcard ? [] : [bare(bindHost)])]),
  };
  const shown = (h: string): string => (h.includes(':') ? `[${h}]` : h);
  const localHost = wildcard || loopback ? '127.0.0.1' : shown(bindHost);
  const uiHost = ownName ?? (wildcard ? (options.allowedHosts?.[0] ?? '127.0.0.1') : loopback ? '127.0.0.1' : shown(bindHost));

  return {
    port,
    token,
    localKey,
    uiUrl: `${scheme}://${uiHost}:${port}/?token=${token}`,
    fallbackUiUrl: ownName ? `${scheme}://127.0.0.1:${port}/?token=${token}` : null,
    apiUrl: `${scheme === 'https' ? 'wss' : 'ws'}://${localHost}:${port}/api`,
    fingerprint256: options.tls?.fingerprint256 ?? null,
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
