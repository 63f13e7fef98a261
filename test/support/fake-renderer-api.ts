// A fake of the renderer's `api` (src-renderer/src/api): commands answered by handlers a test
// sets, events the test emits as the core would. The stores under test cannot tell it from the
// WebSocket or IPC client.
import type { Api, CommandInput, CommandName, CommandResult, EventName, EventPayload } from '../../src-shared/contract';

type Handler<K extends CommandName> = (input: CommandInput<K>) => CommandResult<K> | Promise<CommandResult<K>>;

export interface FakeApi extends Api {
  /** Answer `name` with `handler` from now on. */
  handle<K extends CommandName>(name: K, handler: Handler<K>): void;
  /** What the stores asked, in order. */
  calls: { name: CommandName; input: unknown }[];
  /** The core sends an event. */
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
}

export function createFakeApi(): FakeApi {
  const handlers = new Map<CommandName, (input: unknown) => unknown>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: FakeApi['calls'] = [];
  return {
    calls,
    handle(name, handler) {
      handlers.set(name, handler as (input: unknown) => unknown);
    },
    async call(name, input) {
      calls.push({ name, input });
      const handler = handlers.get(name);
      if (!handler) throw new Error(`The fake api has no answer for ${name}`);
      return (await handler(input)) as never;
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    emit(name, payload) {
      for (const l of listeners.get(name) ?? []) l(payload);
    },
  };
}
