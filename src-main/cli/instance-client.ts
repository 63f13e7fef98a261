// Hands a command to the Clipdesk instance that holds the data folder (desktop app or
// `clipdesk serve`), the way `code` hands work to a running VS Code: its lock file says
// where its local API listens and which token it takes.
import tls from 'node:tls';
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
  const api = holder.api;
  // Over HTTPS the certificate is usually self-signed: it is pinned by the fingerprint the lock
  // file gives, checked before the local key is sent.
  const socket = api.fingerprint256 ? await pinnedTls(new URL(api.url), api.fingerprint256, holder.pid, timeoutMs) : undefined;
  const ws = new WebSocket(api.url, { headers: { Authorization: `Bearer ${api.token}` }, ...(socket ? { createConnection: () => socket } : {}) });
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

/** A TLS connection to the running instance, once its certificate is the one the lock file names. */
function pinnedTls(url: URL, fingerprint256: string, pid: number, timeoutMs: number): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port), rejectUnauthorized: false });
    const timer = setTimeout(() => fail(`did not answer at ${url.origin}`), timeoutMs);
    const fail = (why: string): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(new AppError('UNAVAILABLE', `Clipdesk (process ${pid}) ${why}. If it is stuck, stop it and try again.`));
    };
    socket.once('secureConnect', () => {
      if (socket.getPeerCertificate().fingerprint256 !== fingerprint256) return fail(`at ${url.origin} is not the one its lock file names (its certificate differs)`);
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err) => fail(`could not be reached: ${err.message}`));
  });
}
