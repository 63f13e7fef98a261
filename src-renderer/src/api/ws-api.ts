// The contract over the headless host's WebSocket. The session cookie the host set when the
// page was opened with its token authenticates the socket; reconnects with backoff when the
// connection drops, and fails pending calls instead of leaving them hanging. A session the host
// no longer knows (it restarted, or the session ended) reloads the page, which then says to open
// the access link again.
import type { Api, CommandName, EventName } from '../../../src-shared/contract';
import { AppError, isWireError } from '../../../src-shared/errors';

type Listener = (payload: unknown) => void;

export function createWsApi(url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`): Api & {
  onConnection(listener: (connected: boolean) => void): () => void;
} {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  let connected = false;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const connectionListeners = new Set<(connected: boolean) => void>();

  const setConnected = (value: boolean): void => {
    if (connected === value) return;
    connected = value;
    for (const l of connectionListeners) l(value);
  };

  const connect = (): void => {
    ws = new WebSocket(url);
    ws.onopen = () => {
      retryMs = 250;
      setConnected(true);
      while (queue.length) ws?.send(queue.shift() as string);
    };
    ws.onmessage = (e: MessageEvent<string>) => {
      const msg = JSON.parse(e.data) as { id?: number; ok?: boolean; result?: unknown; error?: unknown; event?: string; payload?: unknown };
      if (typeof msg.event === 'string') {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
        return;
      }
      if (typeof msg.id !== 'number') return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(isWireError(msg.error) ? new AppError(msg.error.code, msg.error.message) : new Error('Malformed reply from Clipdesk'));
    };
    ws.onclose = (e: CloseEvent) => {
      setConnected(false);
      for (const p of pending.values()) p.reject(new AppError('UNAVAILABLE', 'Lost the connection to Clipdesk. Reconnecting…'));
      pending.clear();
      // The session ended (unused too long, or too old): the host's page says to open the link again.
      if (e.code === 1008) return location.reload();
      setTimeout(() => void reconnect(), retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
  };
  const reconnect = async (): Promise<void> => {
    // A host that restarted knows no session from before: show its page rather than retry forever.
    try {
      if ((await fetch('/healthz', { cache: 'no-store' })).status === 401) return location.reload();
    } catch {
      // the host is down: keep trying
    }
    connect();
  };
  connect();

  return {
    call(name: CommandName, input: unknown) {
      const id = nextId++;
      const text = JSON.stringify({ id, cmd: name, input });
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
        else queue.push(text);
      });
    },
    on(name: EventName, listener: (payload: never) => void) {
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connected);
      return () => connectionListeners.delete(listener);
    },
  } as Api & { onConnection(listener: (connected: boolean) => void): () => void };
}
