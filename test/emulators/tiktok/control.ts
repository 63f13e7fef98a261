// /__emulator/*: the same controls a test has in process, over HTTP, for tests that run the
// emulator in another process (Playwright, `npm run demo`). Loopback callers only.
import type { IncomingMessage } from 'node:http';
import { addApp, addUser, type AppInput } from './accounts';
import { json, readSmallBody, type Answer } from './answers';
import { advanceAll } from './content-posting';
import { resetContext, type EmulatorContext } from './context';
import type { Fault } from './faults';
import { DEFAULT_KNOBS, type EmulatedUser, type EmulatorKnobs, type UserStats, type VideoCounts } from './state';
import { addVideo, setUserStats, setVideoStats, type VideoInput } from './videos';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const refuse = (status: number, message: string): Answer => json(status, { error: message });

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readSmallBody(req);
  return text ? (JSON.parse(text) as unknown) : {};
}

/** Merges known knobs only: a misspelt knob is an error, not a silent no-op. */
export function setKnobs(ctx: EmulatorContext, patch: unknown): void {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new Error('State must be a JSON object');
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in DEFAULT_KNOBS)) throw new Error(`Unknown or read-only state field: ${key}`);
    (ctx.state as unknown as Record<string, unknown>)[key] = value;
  }
}

export const knobsOf = (ctx: EmulatorContext): EmulatorKnobs =>
  Object.fromEntries(Object.keys(DEFAULT_KNOBS).map((k) => [k, ctx.state[k as keyof EmulatorKnobs]])) as unknown as EmulatorKnobs;

export async function control(ctx: EmulatorContext, req: IncomingMessage, path: string): Promise<Answer> {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return refuse(403, 'The emulator control API answers loopback callers only.');
  const route = `${req.method} ${path}`;
  try {
    switch (route) {
      case 'GET /__emulator/state':
        advanceAll(ctx);
        return json(200, ctx.state);
      case 'POST /__emulator/state':
        setKnobs(ctx, await readJsonBody(req));
        return json(200, knobsOf(ctx));
      case 'POST /__emulator/fault': {
        const body = await readJsonBody(req);
        for (const f of Array.isArray(body) ? body : [body]) ctx.faults.add(f as Fault);
        return json(200, { pending: ctx.faults.pending() });
      }
      case 'POST /__emulator/users':
        return json(200, addUser(ctx, (await readJsonBody(req)) as Partial<EmulatedUser>));
      case 'POST /__emulator/apps':
        return json(200, addApp(ctx, (await readJsonBody(req)) as AppInput));
      case 'GET /__emulator/posts':
        advanceAll(ctx);
        return json(200, ctx.state.posts);
      case 'GET /__emulator/videos':
        advanceAll(ctx);
        return json(200, ctx.state.videos);
      case 'POST /__emulator/videos':
        return json(200, addVideo(ctx, (await readJsonBody(req)) as VideoInput));
      case 'POST /__emulator/video-stats': {
        const { videoId, ...counts } = (await readJsonBody(req)) as { videoId: string } & Partial<VideoCounts>;
        return json(200, setVideoStats(ctx, videoId, counts));
      }
      case 'POST /__emulator/user-stats': {
        const { openId, ...stats } = (await readJsonBody(req)) as { openId: string } & Partial<UserStats>;
        return json(200, setUserStats(ctx, openId, stats));
      }
      case 'GET /__emulator/inits':
        return json(200, ctx.state.inits);
      case 'GET /__emulator/requests':
        return json(200, ctx.requests);
      case 'POST /__emulator/reset':
        resetContext(ctx);
        return json(200, {});
      default:
        return refuse(404, `No control route ${route}`);
    }
  } catch (e) {
    return refuse(400, e instanceof Error ? e.message : String(e));
  }
}
