// A small client of a running `clipdesk serve`'s API (the WebSocket the UI uses), for tests
// that drive a real host process and then kill it. It connects as the CLI does, with the local
// key from the data folder's lock file, so it is the terminal (and may import by path).
import WebSocket from 'ws';
import { readLock } from '../../src-main/core/instance/data-lock';
import type { ServeProcess } from './serve-process';

export interface ApiClient {
  call<T>(cmd: string, input: object): Promise<T>;
  close(): void;
}

export async function apiClient(host: ServeProcess): Promise<ApiClient> {
  const key = readLock(host.dataDir)?.api?.token;
  if (!key) throw new Error(`clipdesk serve on ${host.dataDir} has published no local API key in its lock file`);
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers: { Authorization: `Bearer ${key}` } });
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  let next = 1;
  const pending = new Map<number, (m: { ok: boolean; result?: unknown; error?: { message: string } }) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as { id?: number; ok: boolean; result?: unknown; error?: { message: string } };
    // Events have no id; a long call's progress (the consent page) is not its reply.
    if (m.id === undefined || 'progress' in m) return;
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  // A host killed mid-call answers nothing: what was asked fails instead of waiting for ever.
  ws.on('error', () => undefined);
  ws.on('close', () => {
    for (const answer of pending.values()) answer({ ok: false, error: { message: 'the API socket closed (did clipdesk serve stop?)' } });
    pending.clear();
  });
  return {
    call: <T>(cmd: string, input: object) =>
      new Promise<T>((resolve, reject) => {
        if (ws.readyState !== WebSocket.OPEN) return reject(new Error(`${cmd}: the API socket is closed`));
        const id = next++;
        pending.set(id, (m) => (m.ok ? resolve(m.result as T) : reject(new Error(m.error?.message))));
        ws.send(JSON.stringify({ id, cmd, input }));
      }),
    close: () => ws.close(),
  };
}
