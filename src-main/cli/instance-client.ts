// Hands a command to the Clipdesk instance that holds the data folder (desktop app or
// `clipdesk serve`), the way `code` hands work to a running VS Code: its lock file says
// where its local API listens and which token it takes.
import WebSocket from 'ws';
import type { CommandInput, CommandName, CommandResult } from '../../src-shared/contract';
import { AppError, isWireError } from '../../src-shared/errors';
import type { LockInfo } from '../core/instance/data-lock';

export interface InstanceClient {
  readonly holder: LockInfo;
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandResult<K>>;
  /** Receive pushed events (for --wait style commands). */
  onEvent(listener: (event: string, payload: unknown) => void): void;
  close(): void;
}

export async function connectToInstance(holder: LockInfo, timeoutMs = 5_000): Promise<InstanceClient> {
  if (!holder.api) {
    throw new AppError('UNAVAILABLE', `Clipdesk (process ${holder.pid}) is still starting; try again in a moment.`);
  }
  const ws = new WebSocket(holder.api.url, { headers: { Authorization: `Bearer ${holder.api.token}` } });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new AppError('UNAVAILABLE', `Clipdesk (process ${holder.pid}) did not answer at ${holder.api?.url}. If it is stuck, stop it and try again.`));
    }, timeoutMs);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(new AppError('UNAVAILABLE', `Could not reach the running Clipdesk (process ${holder.pid}): ${err.message}`));
    });
  });

  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners: ((event: string, payload: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { id?: number; ok?: boolean; result?: unknown; error?: unknown; event?: string; payload?: unknown };
    if (typeof msg.event === 'string') {
      for (const l of listeners) l(msg.event, msg.payload);
      return;
    }
    const p = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
    if (!p) return;
    pending.delete(msg.id as number);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(isWireError(msg.error) ? new AppError(msg.error.code, msg.error.message) : new Error('Malformed reply'));
  });
  ws.on('close', () => {
    for (const p of pending.values()) p.reject(new AppError('UNAVAILABLE', 'The running Clipdesk closed the connection.'));
    pending.clear();
  });

  return {
    holder,
    call(name, input) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ id, cmd: name, input }));
      });
    },
    onEvent(listener) {
      listeners.push(listener);
    },
    close() {
      ws.close();
    },
  };
}
