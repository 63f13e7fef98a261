// Callers for tests that drive the core the way a transport does (routes.ts requires one).
import type { Actor, CallContext } from '../../src-shared/caller';
import { callContext } from '../../src-main/core/caller';

/** The person at the terminal (the CLI): may name host paths. */
export const AT_TERMINAL = callContext({ kind: 'terminal' });
/** The desktop window: may name host paths it got from a drop or a dialog. */
export const IN_WINDOW = callContext({ kind: 'window' });
/** A browser session of the headless host: uploads and downloads, never names a host path. */
export const IN_BROWSER = callContext({ kind: 'browser', session: 'test' });

/** A long call started in-process, as a transport would: its first progress, its result, and a way to give it up. */
export interface RunningHandler<P, R> {
  /** What the call told first (the consent page, the pairing link); rejects if it ended without telling. */
  progress: Promise<P>;
  result: Promise<R>;
  /** Aborts the call's signal, as the protocol's cancel message does. */
  cancel(): void;
}

export function startHandler<P, R>(handler: (input: Record<string, never>, ctx: CallContext<P>) => Promise<R>, actor: Actor = { kind: 'terminal' }): RunningHandler<P, R> {
  const controller = new AbortController();
  let told!: (payload: P) => void;
  const first = new Promise<P>((resolve) => (told = resolve));
  const result = handler({}, { actor, signal: controller.signal, progress: (payload) => told(payload) });
  result.catch(() => undefined);
  const progress = Promise.race([first, result.then(() => Promise.reject(new Error('the call ended without telling its progress')))]);
  progress.catch(() => undefined);
  return { progress, result, cancel: () => controller.abort() };
}
