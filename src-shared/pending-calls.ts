// The client's half of the call protocol, for every client of the contract (the renderer over
// IPC or the host's WebSocket, the CLI through a running instance): each call gets an id, its
// reply and progress find it by that id, and aborting its signal sends the transport's cancel
// message and rejects the call at once with CANCELLED — the way VS Code's ChannelClient does with
// its CancellationToken (docs/architecture.md §1, "Cancellable calls"). A reply or progress for a
// call already settled is dropped, so a cancelled flow hears nothing more.
import { AppError, cancelledError, isWireError } from './errors';

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  onProgress?: (payload: unknown) => void;
  /** Stops listening to the call's signal. */
  release(): void;
}

export interface CallWire {
  /** Send the request with this id. */
  send(id: number): void;
  /** Tell the other side the caller gave up the call with this id. */
  cancel(id: number): void;
}

export interface StartOptions {
  signal?: AbortSignal;
  onProgress?: (payload: unknown) => void;
}

/** The error a failed reply stands for: a typed AppError, or a plain one for a malformed reply. */
export function replyError(error: unknown): Error {
  return isWireError(error) ? new AppError(error.code, error.message) : new Error('Malformed reply from Clipdesk');
}

export class PendingCalls {
  private nextId = 1;
  private readonly calls = new Map<number, Pending>();

  /** How many calls are under way (for tests and for a client deciding to close). */
  get size(): number {
    return this.calls.size;
  }

  start(options: StartOptions, wire: CallWire): Promise<unknown> {
    const { signal, onProgress } = options;
    // A signal aborted before the call starts sends nothing at all.
    if (signal?.aborted) return Promise.reject(cancelledError());
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.calls.delete(id)) return;
        signal?.removeEventListener('abort', onAbort);
        wire.cancel(id);
        reject(cancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.calls.set(id, { resolve, reject, onProgress, release: () => signal?.removeEventListener('abort', onAbort) });
      wire.send(id);
    });
  }

  /** The reply to call `id`: ok with its result, or its error. */
  settle(id: number, reply: { ok: true; result: unknown } | { ok: false; error: unknown }): void {
    const call = this.take(id);
    if (!call) return;
    if (reply.ok) call.resolve(reply.result);
    else call.reject(replyError(reply.error));
  }

  /** Progress of call `id`, passed to its listener while it is under way. */
  progress(id: number, payload: unknown): void {
    this.calls.get(id)?.onProgress?.(payload);
  }

  /** The connection is gone: every call under way fails with this error. */
  failAll(err: () => Error): void {
    const calls = [...this.calls.values()];
    this.calls.clear();
    for (const call of calls) {
      call.release();
      call.reject(err());
    }
  }

  private take(id: number): Pending | undefined {
    const call = this.calls.get(id);
    if (!call) return undefined;
    this.calls.delete(id);
    call.release();
    return call;
  }
}
