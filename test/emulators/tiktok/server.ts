// The HTTP server: routes, the request log, and faults applied in one place so every
// endpoint can be made slow, failing or silent the same way.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { bearerOf } from './access';
import { apiError, BodyTooLarge, codeForStatus, DROPPED, html, json, sleep, statusForCode, type Answer, type Outcome } from './answers';
import { cancel, creatorInfo, fetchStatus, initVideo } from './content-posting';
import { createContext, type EmulatorContext } from './context';
import { cover, videoList, videoQuery } from './display-api';
import { control } from './control';
import type { Fault, FaultEndpoint } from './faults';
import { loginErrorPage, messagePage } from './html';
import { logId } from './ids';
import { authorize, consent, oauthError, revoke, token } from './oauth';
import { now } from './state';
import { upload } from './upload';
import { userInfo } from './user-info';
import { listenThenBuild } from '../loopback-listen';

/** How an endpoint reports errors: an HTML page, a flat OAuth error, or the data-API envelope. */
type ErrorStyle = 'page' | 'oauth' | 'api';

interface Route {
  endpoint: FaultEndpoint;
  style: ErrorStyle;
  handle(ctx: EmulatorContext, req: IncomingMessage, url: URL): Outcome | Promise<Outcome>;
}

const ROUTES: Record<string, Route> = {
  'GET /v2/auth/authorize/': { endpoint: 'authorize', style: 'page', handle: (ctx, _req, url) => authorize(ctx, url) },
  'POST /v2/auth/authorize/consent': { endpoint: 'authorize', style: 'page', handle: (ctx, req) => consent(ctx, req) },
  'POST /v2/oauth/token/': { endpoint: 'token', style: 'oauth', handle: (ctx, req) => token(ctx, req) },
  'POST /v2/oauth/revoke/': { endpoint: 'revoke', style: 'oauth', handle: (ctx, req) => revoke(ctx, req) },
  'GET /v2/user/info/': { endpoint: 'userinfo', style: 'api', handle: (ctx, req, url) => userInfo(ctx, req, url) },
  'POST /v2/post/publish/creator_info/query/': { endpoint: 'creator_info', style: 'api', handle: (ctx, req) => creatorInfo(ctx, req) },
  'POST /v2/post/publish/video/init/': { endpoint: 'init', style: 'api', handle: (ctx, req) => initVideo(ctx, req, 'direct') },
  'POST /v2/post/publish/inbox/video/init/': { endpoint: 'inbox_init', style: 'api', handle: (ctx, req) => initVideo(ctx, req, 'inbox') },
  'POST /v2/post/publish/status/fetch/': { endpoint: 'status', style: 'api', handle: (ctx, req) => fetchStatus(ctx, req) },
  'POST /v2/post/publish/cancel/': { endpoint: 'cancel', style: 'api', handle: (ctx, req) => cancel(ctx, req) },
  'POST /v2/video/list/': { endpoint: 'video_list', style: 'api', handle: (ctx, req, url) => videoList(ctx, req, url) },
  'POST /v2/video/query/': { endpoint: 'video_query', style: 'api', handle: (ctx, req, url) => videoQuery(ctx, req, url) },
};

/** A 1×1 PNG: enough for an <img> to load the avatar. */
const AVATAR_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function faultAnswer(ctx: EmulatorContext, style: ErrorStyle, fault: Extract<Fault, { kind: 'status' | 'error' }>): Answer {
  const headers: Record<string, string> = fault.kind === 'status' && fault.retryAfterSec ? { 'Retry-After': String(fault.retryAfterSec) } : {};
  const status = fault.kind === 'status' ? fault.status : (fault.httpStatus ?? (style === 'api' ? statusForCode(fault.code) : undefined));
  const code = fault.code ?? (style === 'oauth' ? (fault.kind === 'status' && fault.status === 503 ? 'temporarily_unavailable' : 'server_error') : codeForStatus(status!));
  const message = fault.message ?? `Emulated ${code}.`;
  let answer: Answer;
  if (style === 'page') answer = html(status ?? 400, fault.kind === 'error' ? loginErrorPage([code], message) : messagePage(`HTTP ${status}`, message));
  else if (style === 'oauth') answer = oauthError(ctx, code, message, status);
  else answer = apiError(status!, code, message);
  return { ...answer, headers: { ...answer.headers, ...headers } };
}

/** Runs a route with its queued fault, if any. */
async function runRoute(ctx: EmulatorContext, route: Route, req: IncomingMessage, url: URL): Promise<Outcome> {
  // (Uploads are not routed here: they take their faults per chunk, in upload.ts.)
  const fault = ctx.faults.take(route.endpoint);
  if (fault?.kind === 'drop' && fault.when !== 'after') {
    req.socket.destroy();
    return DROPPED;
  }
  if (fault?.kind === 'status' || fault?.kind === 'error') return faultAnswer(ctx, route.style, fault);
  const outcome = await route.handle(ctx, req, url);
  if (fault?.kind === 'slow') await sleep(fault.ms);
  if (fault?.kind === 'drop') {
    // The work is done (token issued, post initialised); only the answer is lost.
    req.socket.destroy();
    return DROPPED;
  }
  return outcome;
}

const indexPage = (ctx: EmulatorContext): Answer =>
  html(200, messagePage('TikTok emulator', `Login Kit, Content Posting API and Display API at ${ctx.url}, for tests. See test/emulators/tiktok/README.md.`, false));

async function dispatch(ctx: EmulatorContext, req: IncomingMessage, url: URL): Promise<Outcome> {
  const path = url.pathname;
  const route = ROUTES[`${req.method} ${path}`];
  if (route) return runRoute(ctx, route, req, url);
  if (path.startsWith('/upload/') && req.method === 'PUT') return upload(ctx, req, url, decodeURIComponent(path.slice('/upload/'.length)));
  if (path.startsWith('/__emulator/')) return control(ctx, req, path);
  const avatar = /^\/avatar\/(.+)\.png$/.exec(path);
  if (avatar && req.method === 'GET' && ctx.state.users.some((u) => u.openId === decodeURIComponent(avatar[1]!))) {
    return { status: 200, headers: { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' }, body: AVATAR_PNG };
  }
  const coverImage = /^\/cover\/(\d+)\.png$/.exec(path);
  if (coverImage && req.method === 'GET') return cover(ctx, url, coverImage[1]!, AVATAR_PNG);
  if (path === '/' && req.method === 'GET') return indexPage(ctx);
  return json(404, { data: {}, error: { code: 'not_found', message: `The emulator has no ${req.method} ${path}.`, log_id: logId() } });
}

function send(res: ServerResponse, answer: Answer): void {
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : (answer.body ?? Buffer.alloc(0));
  res.writeHead(answer.status, { 'Content-Length': String(body.length), ...answer.headers });
  res.end(body);
}

export function createServer(ctx: () => EmulatorContext): http.Server {
  // No request timeout: a slow fault or a 128 MB chunk on a slow machine must not be cut off.
  return http.createServer({ requestTimeout: 0 }, (req, res) => {
    const c = ctx();
    const at = now(c.state);
    const url = new URL(req.url ?? '/', c.url);
    const logged = !url.pathname.startsWith('/__emulator/');
    const record = (status: number): void => {
      if (!logged) return;
      const token = bearerOf(req);
      c.requests.push({ method: req.method ?? '', path: url.pathname, status, at, ...(token ? { token } : {}) });
    };
    dispatch(c, req, url)
      .catch((e: unknown): Answer =>
        e instanceof BodyTooLarge ? apiError(413, 'invalid_param', e.message) : apiError(500, 'internal_error', `Emulator bug: ${e instanceof Error ? e.stack : String(e)}`),
      )
      .then((outcome) => {
        if (outcome === DROPPED) {
          record(0);
          res.destroy();
          return;
        }
        record(outcome.status);
        send(res, outcome);
      })
      .catch(() => res.destroy());
  });
}

export interface Listening {
  server: http.Server;
  ctx: EmulatorContext;
}

/** Listens, then builds the context (which needs the URL, so the port, first). */
export function listen(host: string, port: number): Promise<Listening> {
  return listenThenBuild(host, port, createServer, createContext);
}
