// The contract over the headless host's WebSocket. The session cookie the host set when the
// page was opened with its token authenticates the socket; reconnects with backoff when the
// connection drops, and fails pending calls instead of leaving them hanging. A session the host
// no longer knows (it restarted, or the session ended) reloads the page, which then says to open
// the access link again. A call's signal sends `{ cancel: id }` (src-shared/protocol.ts); a call
// still queued for a socket not yet open is just dropped.
import type { Api, CommandName, EventName } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import { PendingCalls } from '../../../src-shared/pending-calls';

type Listener = (payload: unknown) => void;

export function createWsApi(url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`): Api & {
  onConnection(listener: (connected: boolean) => void): () => void;
} {
  let ws: WebSocket | null = null;
  let retryMs = 250;
  let connected = false;
  const pending = new PendingCalls();
  /** Requests waiting for the socket to open, by call id. */
  const queue = new Map<number, string>();
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
      for (const text of queue.values()) ws?.send(text);
      queue.clear();
    };
    ws.onmessage = (e: MessageEvent<string>) => {
      const msg = JSON.parse(e.data) as { id?: number; ok?: boolean; result?: unknown; error?: unknown; event?: string; payload?: unknown; progress?: unknown };
      if (typeof msg.event === 'string') {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
        return;
      }
      if (typeof msg.id !== 'number') return;
      if ('progress' in msg) return pending.progress(msg.id, msg.progress);
      pending.settle(msg.id, msg.ok ? { ok: true, result: msg.result } : { ok: false, error: msg.error });
    };
    ws.onclose = (e: CloseEvent) => {
      setConnected(false);
      // The host aborted every call of the closed socket: they fail here too, none is re-sent.
      pending.failAll(() => new AppError('UNAVAILABLE', 'Lost the connection to Clipdesk. Reconnecting…'));
      queue.clear();
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
    call(name: CommandName, input: unknown, options: { signal?: AbortSignal; onProgress?: (payload: never) => void } = {}) {
      return pending.start(
        { signal: options.signal, onProgress: options.onProgress as ((payload: unknown) => void) | undefined },
        {
          send: (id) => {
            const text = JSON.stringify({ id, cmd: name, input });
            if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
            else queue.set(id, text);
          },
          cancel: (id) => {
            // Not sent yet: nothing to tell the host.
            if (queue.delete(id)) return;
            if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ cancel: id }));
          },
        },
      );
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
