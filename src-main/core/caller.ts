// The caller of a command, on the core's side: what a call without one means, and the one rule
// that guards host paths (src-shared/caller.ts says who may name them).
import { actorLabel, mayUseHostPaths, type Actor, type CallContext } from '../../src-shared/caller';
import { AppError } from '../../src-shared/errors';

const NEVER_ABORTED = new AbortController().signal;

/**
 * A context for a caller; without a signal the call cannot be cancelled, and without `progress`
 * nobody hears how a long call is going.
 */
export function callContext(actor: Actor, signal: AbortSignal = NEVER_ABORTED, progress?: (payload: unknown) => void): CallContext {
  return progress ? { actor, signal, progress } : { actor, signal };
}

/**
 * The caller of a handler. Transports always pass one (routes.ts requires it); a handler called
 * directly by code in this same process — the CLI's own commands, tests — runs for the person at
 * the terminal that started the process.
 */
export function callerOf(ctx: CallContext | undefined): CallContext {
  return ctx ?? callContext({ kind: 'terminal' });
}

/** The name the activity log gives the caller of a handler: 'app', 'browser', 'cli', 'telegram:<id>', 'rule:<name>'. */
export function callerName(ctx: CallContext | undefined): string {
  return actorLabel(callerOf(ctx).actor);
}

/**
 * Refuses a host path from a caller who is not at the machine (a browser session of the host),
 * saying what to do instead. `instead` completes "In the browser, …".
 */
export function requireHostPaths(ctx: CallContext | undefined, what: string, instead: string): void {
  const { actor } = callerOf(ctx);
  if (mayUseHostPaths(actor)) return;
  throw new AppError('FORBIDDEN', `A browser cannot ${what} by a path on the computer Clipdesk runs on. In the browser, ${instead}`);
}
