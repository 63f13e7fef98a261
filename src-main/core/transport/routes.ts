// The one path from a transport to the core: look the command up in the contract, parse its
// input with the contract's schema, run the handler, and map any failure to { code, message }.
// Both transports (Electron IPC and the WebSocket host) go through `dispatch`.
import { ZodError } from 'zod';
import { commands, isCommandName, type CommandName, type CommandResult, type Handlers } from '../../../src-shared/contract';
import type { CallContext } from '../../../src-shared/caller';
import { AppError, cancelledError, isCancelled, type WireError } from '../../../src-shared/errors';
import { redact } from '../audit/redact';

/** A transport's way in: the caller is not optional here, so no transport can forget it. */
export type Route<K extends CommandName> = (rawInput: unknown, ctx: CallContext) => Promise<CommandResult<K>>;
export type Routes = { [K in CommandName]: Route<K> };

export function buildRoutes(handlers: Handlers): Routes {
  const routes = {} as Record<CommandName, (raw: unknown, ctx: CallContext) => Promise<unknown>>;
  for (const name of Object.keys(commands) as CommandName[]) {
    const spec = commands[name];
    const handler = handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown>;
    routes[name] = async (raw, ctx) => {
      // A caller gone before its turn (a closed window, a dropped socket) starts nothing.
      if (ctx.signal.aborted) throw cancelledError();
      const input = spec.input.parse(raw ?? {});
      try {
        return await handler(input, withQuietProgress(ctx));
      } catch (err) {
        // Whatever a handler threw once its caller gave it up (an aborted fetch, a closed
        // listener) is that cancellation, and is answered as one (in the handler's own words
        // when it said so itself).
        throw ctx.signal.aborted && !isCancelled(err) ? cancelledError() : err;
      }
    };
  }
  return routes as Routes;
}

/** A cancelled call tells its caller nothing more, whatever its handler still reports. */
function withQuietProgress(ctx: CallContext): CallContext {
  const { progress } = ctx;
  if (!progress) return ctx;
  return {
    ...ctx,
    progress: (payload) => {
      if (!ctx.signal.aborted) progress(payload);
    },
  };
}

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: WireError };

export async function dispatch(routes: Routes, name: unknown, rawInput: unknown, ctx: CallContext): Promise<DispatchResult> {
  if (!isCommandName(name)) {
    return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `Clipdesk has no command called ${JSON.stringify(String(name)).slice(0, 80)}.` } };
  }
  try {
    const route = routes[name] as (raw: unknown, ctx: CallContext) => Promise<unknown>;
    return { ok: true, result: await route(rawInput, ctx) };
  } catch (err) {
    return { ok: false, error: toWireError(err) };
  }
}

export function toWireError(err: unknown): WireError {
  if (err instanceof AppError) return { code: err.code, message: redact(err.message) };
  if (err instanceof ZodError) {
    const parts = err.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`);
    return { code: 'BAD_INPUT', message: `The request was not valid — ${parts.join('; ')}.` };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `Something went wrong inside Clipdesk: ${redact(message)}` };
}
