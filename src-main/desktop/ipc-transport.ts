// The contract over Electron IPC: one invoke channel for commands, one send channel for
// events. Every call goes through the same `dispatch` as the WebSocket host, so input is
// parsed by the contract's schema and failures reach the page as { code, message }.
//
// Cancellation is the WebSocket's, over two more channels (docs/architecture.md §1,
// "Cancellable calls"): the page numbers its calls, sends the number on the cancel channel to
// give one up, and hears a long call's progress on the progress channel. The page going away —
// the window closed, the page reloaded or navigated, its renderer crashed — aborts every call it
// had under way.
//
// The sender is checked before anything else (docs/platforms.md, Electron §2.1 #17):
// `event.senderFrame` is read synchronously at the top of the handler — after an await it can
// be null once the frame navigates — and must be the main frame of a trusted origin. Electron
// is reached only through the small interfaces below, so this file is unit-tested with fakes.
import type { EventBus } from '../core/event-bus';
import { callContext } from '../core/caller';
import { dispatch, toWireError, type Routes } from '../core/transport/routes';
import { cancelledError } from '../../src-shared/errors';
import { IPC_CALL_CHANNEL, IPC_CANCEL_CHANNEL, IPC_EVENT_CHANNEL, IPC_PROGRESS_CHANNEL, type BridgeReply } from '../../src-shared/bridge';
import { CallIdSchema } from '../../src-shared/protocol';
import { isTrustedOrigin } from './app-origin';

/** The part of Electron's WebFrameMain the check needs. */
export interface SenderFrameLike {
  readonly url: string;
  /** null for a main frame; a subframe has its parent. */
  readonly parent: unknown;
}

/** What Electron says when a navigation starts (WebContentsDidStartNavigationEventParams). */
export interface NavigationLike {
  readonly isMainFrame: boolean;
  readonly isSameDocument: boolean;
}

/** The part of Electron's WebContents (the page that called) the transport uses. */
export interface CallerContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  on(event: 'destroyed' | 'render-process-gone', listener: () => void): unknown;
  on(event: 'did-start-navigation', listener: (details: NavigationLike) => void): unknown;
  removeListener(event: 'destroyed' | 'render-process-gone', listener: () => void): unknown;
  removeListener(event: 'did-start-navigation', listener: (details: NavigationLike) => void): unknown;
}

/** The part of Electron's IpcMainInvokeEvent (and IpcMainEvent) the transport reads. */
export interface InvokeEventLike {
  readonly senderFrame: SenderFrameLike | null;
  readonly sender: CallerContentsLike;
}

/** The part of Electron's ipcMain the transport uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => void): unknown;
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

/** The calls one page has under way: by the id the page gave them, and all of them. */
interface PageCalls {
  readonly byId: Map<number, AbortController>;
  readonly all: Set<AbortController>;
  /** Stops watching the page. */
  readonly unwatch: () => void;
}

/** Registers the call and cancel channels and the event forwarding; returns what undoes them. */
export function registerIpcTransport(options: IpcTransportOptions): () => void {
  const { ipcMain, routes, trustedOrigins } = options;
  const pages = new Map<number, PageCalls>();

  /** The page is gone, or is being replaced: whatever it asked for, nobody waits for now. */
  const abortPage = (id: number): void => {
    const page = pages.get(id);
    if (!page) return;
    pages.delete(id);
    page.unwatch();
    for (const call of page.all) call.abort();
  };

  const pageOf = (contents: CallerContentsLike): PageCalls => {
    const known = pages.get(contents.id);
    if (known) return known;
    const id = contents.id;
    const gone = (): void => abortPage(id);
    const navigating = (details: NavigationLike): void => {
      // A new document in the main frame (a reload too) is another page; a hash change is not.
      if (details.isMainFrame && !details.isSameDocument) abortPage(id);
    };
    contents.on('destroyed', gone);
    contents.on('render-process-gone', gone);
    contents.on('did-start-navigation', navigating);
    const page: PageCalls = {
      byId: new Map(),
      all: new Set(),
      unwatch: () => {
        contents.removeListener('destroyed', gone);
        contents.removeListener('render-process-gone', gone);
        contents.removeListener('did-start-navigation', navigating);
      },
    };
    pages.set(id, page);
    return page;
  };

  const answer = (error: { code: 'BAD_INPUT'; message: string }): Promise<BridgeReply> => Promise.resolve({ ok: false, error });

  // Deliberately not `async`: the sender is read and judged before any await can happen.
  ipcMain.handle(IPC_CALL_CHANNEL, (event, name, input, rawCallId) => {
    const verdict = checkSender(event.senderFrame, trustedOrigins);
    if (!verdict.ok) {
      options.onRefused?.(verdict.why);
      return Promise.resolve(REFUSED_REPLY);
    }
    const callId = rawCallId === undefined ? undefined : CallIdSchema.safeParse(rawCallId);
    if (callId && !callId.success) return answer({ code: 'BAD_INPUT', message: 'The request was not valid — its call id is not a whole number.' });
    const contents = event.sender;
    // A page already gone asks for nothing (routes.ts says the same for an aborted signal).
    if (contents.isDestroyed()) return Promise.resolve({ ok: false, error: toWireError(cancelledError()) });
    const page = pageOf(contents);
    const id = callId?.data;
    if (id !== undefined && page.byId.has(id)) {
      return answer({ code: 'BAD_INPUT', message: `A call with id ${id} is still under way in this window; give each call its own id.` });
    }
    const controller = new AbortController();
    page.all.add(controller);
    if (id !== undefined) page.byId.set(id, controller);
    // Progress goes to the page that called, and only while that page is the one that asked.
    const progress =
      id === undefined
        ? undefined
        : (payload: unknown): void => {
            if (!contents.isDestroyed()) contents.send(IPC_PROGRESS_CHANNEL, id, payload);
          };
    // The window is the person at the machine: its host paths come from a drop or a dialog.
    return dispatch(routes, name, input, callContext({ kind: 'window' }, controller.signal, progress)).finally(() => {
      page.all.delete(controller);
      if (id !== undefined && page.byId.get(id) === controller) page.byId.delete(id);
    });
  });

  const onCancel = (event: InvokeEventLike, rawCallId: unknown): void => {
    const verdict = checkSender(event.senderFrame, trustedOrigins);
    if (!verdict.ok) return options.onRefused?.(`cancel ${verdict.why}`);
    // A cancel is validated like any input; one that names no call under way changes nothing.
    const callId = CallIdSchema.safeParse(rawCallId);
    if (!callId.success) return;
    pages.get(event.sender.id)?.byId.get(callId.data)?.abort();
  };
  ipcMain.on(IPC_CANCEL_CHANNEL, onCancel);

  const unsubscribe = options.bus.subscribe((name, payload) => {
    const target = options.eventTarget();
    if (target && !target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, name, payload);
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    ipcMain.removeListener(IPC_CANCEL_CHANNEL, onCancel);
    for (const id of [...pages.keys()]) abortPage(id);
  };
}
