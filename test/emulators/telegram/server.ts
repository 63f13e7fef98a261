// The HTTP server: /bot<token>/<method> for the Bot API, /__emulator/* for the control API
// and the phone page. Every Bot API answer is the JSON envelope with HTTP status = error_code
// (grammY parses the body whatever the status; reference §1.1), and every Bot API request
// is logged with what was answered, faults included.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { BotApiError, DROPPED, errorAnswer, json, okAnswer, sleep, WORDS, type Answer, type Outcome } from './answers';
import { createContext, type EmulatorContext } from './context';
import { control } from './control';
import { faultError } from './faults';
import { HANDLERS } from './methods';
import { canonicalMethod } from './methods-list';
import { loggedPayload, readPayload, type Payload } from './payload';
import { indexPage } from './phone';
import { listenThenBuild } from '../loopback-listen';

const BOT_PATH = /^\/bot([^/]+)\/([^/]+)$/;

interface Logged {
  method: string;
  bot: string | null;
  payload: Record<string, unknown>;
}

async function botApi(ctx: EmulatorContext, req: IncomingMessage, url: URL, signal: AbortSignal, log: Logged): Promise<Outcome> {
  const [, token, rawMethod] = BOT_PATH.exec(url.pathname)!;
  const method = canonicalMethod(rawMethod!);
  log.method = method ?? rawMethod!;
  // Read the body even for requests about to be refused: answering before an upload has
  // been read leaves the client writing into a closed socket (an HttpError, not the error).
  let payload: Payload | undefined;
  let unreadable: unknown;
  try {
    payload = await readPayload(req, url, ctx.knobs.maxUploadBytes);
    log.payload = loggedPayload(payload);
  } catch (e) {
    unreadable = e;
  }
  const bot = ctx.bots.get(decodeURIComponent(token!));
  if (!bot) throw new BotApiError(401, WORDS.unauthorized);
  log.bot = bot.info.username;
  if (!method) throw new BotApiError(404, WORDS.notFound);
  const fault = ctx.faults.take(method);
  if (fault?.kind === 'drop') {
    req.socket.destroy();
    return DROPPED;
  }
  if (fault?.kind === 'error') throw faultError(fault);
  if (fault?.kind === 'delay') await sleep(fault.ms);
  if (unreadable !== undefined || !payload) throw unreadable;
  if (payload.tooLarge) throw new BotApiError(413, WORDS.tooLarge);
  const result = await HANDLERS[method](ctx, bot, payload, signal);
  return result === DROPPED ? DROPPED : okAnswer(result);
}

function send(res: ServerResponse, answer: Answer): void {
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : (answer.body ?? Buffer.alloc(0));
  res.writeHead(answer.status, { 'Content-Length': String(body.length), ...answer.headers });
  res.end(body);
}

const notFound = (): Answer => json(404, { ok: false, error_code: 404, description: WORDS.notFound });

export function createServer(ctx: () => EmulatorContext): http.Server {
  // No request timeout: held long polls and slow uploads must not be cut off by Node.
  return http.createServer({ requestTimeout: 0 }, (req, res) => {
    const c = ctx();
    const at = Date.now();
    const url = new URL(req.url ?? '/', c.url);
    // The client going away (grammY's stop() aborting a held getUpdates) ends the work quietly.
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const isBotApi = BOT_PATH.test(url.pathname);
    const log: Logged = { method: '', bot: null, payload: {} };
    const outcome: Promise<Outcome> = isBotApi
      ? botApi(c, req, url, abort.signal, log)
      : url.pathname.startsWith('/__emulator/')
        ? control(c, req, url)
        : Promise.resolve(url.pathname === '/' ? indexPage(c) : notFound());
    outcome
      .catch((e: unknown): Answer =>
        e instanceof BotApiError ? errorAnswer(e) : json(500, { ok: false, error_code: 500, description: `Internal Server Error: emulator bug: ${e instanceof Error ? e.stack : String(e)}` }),
      )
      .then((answer) => {
        const status = answer === DROPPED || res.destroyed ? 0 : answer.status;
        if (isBotApi) c.requests.push({ method: log.method, bot: log.bot, httpMethod: req.method ?? '', status, payload: log.payload, at });
        if (answer === DROPPED || res.destroyed) {
          res.destroy();
          return;
        }
        send(res, answer);
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
