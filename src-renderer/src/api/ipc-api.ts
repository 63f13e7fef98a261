// The contract over the Electron preload bridge (window.clipdesk). Each call is numbered, so
// its signal can cancel it (the bridge's cancel channel) and its progress finds it
// (docs/architecture.md §1, "Cancellable calls").
import type { Api, EventName } from '../../../src-shared/contract';
import type { DesktopBridge } from '../../../src-shared/bridge';
import { PendingCalls } from '../../../src-shared/pending-calls';

export function createIpcApi(bridge: DesktopBridge): Api {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending = new PendingCalls();
  bridge.onEvent((name, payload) => {
    for (const l of listeners.get(name) ?? []) l(payload);
  });
  bridge.onProgress((callId, payload) => pending.progress(callId, payload));
  return {
    call(name, input, options = {}) {
      return pending.start(
        { signal: options.signal, onProgress: options.onProgress as ((payload: unknown) => void) | undefined },
        {
          send: (id) =>
            void bridge.call(name, input, id).then(
              (reply) => pending.settle(id, reply),
              (err: unknown) => pending.settle(id, { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } }),
            ),
          cancel: (id) => bridge.cancel(id),
        },
      ) as never;
    },
    on(name: EventName, listener: (payload: never) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}
