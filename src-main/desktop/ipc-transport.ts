// The contract over Electron IPC: one invoke channel for commands, one send channel for
// events. Every call goes through the same `dispatch` as the WebSocket host, so input is
// parsed by the contract's schema and failures reach the page as { code, message }.
//
// The sender is checked before anything else (docs/platforms.md, Electron §2.1 #17):
// `event.senderFrame` is read synchronously at the top of the handler — after an await it can
// be null once the frame navigates — and must be the main frame of a trusted origin. Electron
// is reached only through the small interfaces below, so this file is unit-tested with fakes.
import type { EventBus } from '../core/event-bus';
import { callContext } from '../core/caller';
import { dispatch, type Routes } from '../core/transport/routes';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type BridgeReply } from '../../src-shared/bridge';
import { isTrustedOrigin } from './app-origin';

/** The part of Electron's WebFrameMain the check needs. */
export interface SenderFrameLike {
  readonly url: string;
  /** null for a main frame; a subframe has its parent. */
  readonly parent: unknown;
}

/** The part of Electron's IpcMainInvokeEvent the transport reads. */
export interface InvokeEventLike {
  readonly senderFrame: SenderFrameLike | null;
}

/** The part of Electron's ipcMain the transport uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Where events go: the window's webContents. */
export interface EventTargetLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export type SenderVerdict = { ok: true } | { ok: false; why: string };

/**
 * Whether an IPC message comes from our own page: a live main frame whose origin is trusted.
 * Pure, so every case (subframes, foreign and lookalike origins, a vanished frame) is tested.
 */
export function checkSender(frame: SenderFrameLike | null | undefined, trustedOrigins: readonly string[]): SenderVerdict {
  if (!frame) return { ok: false, why: 'the sending frame is gone' };
  if (frame.parent !== null) return { ok: false, why: 'sent from a subframe' };
  if (!isTrustedOrigin(frame.url, trustedOrigins)) return { ok: false, why: 'sent from a foreign origin' };
  return { ok: true };
}

export function isTrustedSender(frame: SenderFrameLike | null | undefined, trustedOrigins: readonly string[]): boolean {
  return checkSender(frame, trustedOrigins).ok;
}

export interface IpcTransportOptions {
  ipcMain: IpcMainLike;
  routes: Routes;
  bus: EventBus;
  trustedOrigins: readonly string[];
  /** The webContents events go to now (the window may be re-created on macOS). */
  eventTarget: () => EventTargetLike | null;
  /** Told about each refused call; the frame URL is left out, it may carry anything. */
  onRefused?: (why: string) => void;
}

export const REFUSED_REPLY: BridgeReply = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'Clipdesk refused this request because it did not come from the Clipdesk window.' },
};

/** Registers the call channel and the event forwarding; returns what undoes both. */
export function registerIpcTransport(options: IpcTransportOptions): () => void {
  const { ipcMain, routes, trustedOrigins } = options;

  // Deliberately not `async`: the sender is read and judged before any await can happen.
  ipcMain.handle(IPC_CALL_CHANNEL, (event, name, input) => {
    const verdict = checkSender(event.senderFrame, trustedOrigins);
    if (!verdict.ok) {
      options.onRefused?.(verdict.why);
      return Promise.resolve(REFUSED_REPLY);
    }
    // The window is the person at the machine: its host paths come from a drop or a dialog.
    return dispatch(routes, name, input, callContext({ kind: 'window' }));
  });

  const unsubscribe = options.bus.subscribe((name, payload) => {
    const target = options.eventTarget();
    if (target && !target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, name, payload);
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
  };
}
