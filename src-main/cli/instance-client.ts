// Hands a command to the Clipdesk instance that holds the data folder (desktop app or
// `clipdesk serve`), the way `code` hands work to a running VS Code: its lock file says
// where its local API listens and which token it takes.
import tls from 'node:tls';
import WebSocket from 'ws';
import type { Api } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import { PendingCalls } from '../../src-shared/pending-calls';
import type { LockInfo } from '../core/instance/data-lock';

export interface InstanceClient {
  readonly holder: LockInfo;
  /** A call over the socket; its signal sends `{ cancel: id }` (src-shared/protocol.ts). */
  call: Api['call'];
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

  const pending = new PendingCalls();
  const listeners: ((event: string, payload: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { id?: number; ok?: boolean; result?: unknown; error?: unknown; event?: string; payload?: unknown; progress?: unknown };
    if (typeof msg.event === 'string') {
      for (const l of listeners) l(msg.event, msg.payload);
      return;
    }
    if (typeof msg.id !== 'number') return;
    if ('progress' in msg) return pending.progress(msg.id, msg.progress);
    pending.settle(msg.id, msg.ok ? { ok: true, result: msg.result } : { ok: false, error: msg.error });
  });
  ws.on('close', () => pending.failAll(() => new AppError('UNAVAILABLE', 'The running Clipdesk closed the connection.')));

  return {
    holder,
    call(name, input, options = {}) {
      return pending.start(
        { signal: options.signal, onProgress: options.onProgress as ((payload: unknown) => void) | undefined },
        {
          send: (id) => ws.send(JSON.stringify({ id, cmd: name, input })),
          cancel: (id) => {
            if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ cancel: id }));
          },
        },
      ) as never;
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
