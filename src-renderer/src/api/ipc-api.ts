// The contract over the Electron preload bridge (window.clipdesk).
import type { Api, EventName } from '../../../src-shared/contract';
import type { DesktopBridge } from '../../../src-shared/bridge';
import { AppError, isWireError } from '../../../src-shared/errors';

export function createIpcApi(bridge: DesktopBridge): Api {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  bridge.onEvent((name, payload) => {
    for (const l of listeners.get(name) ?? []) l(payload);
  });
  return {
    async call(name, input) {
      const reply = await bridge.call(name, input);
      if (reply.ok) return reply.result as never;
      throw isWireError(reply.error) ? new AppError(reply.error.code, reply.error.message) : new Error(reply.error.message);
    },
    on(name: EventName, listener: (payload: never) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}
