// What the Electron preload exposes to the renderer as `window.clipdesk`: a narrow bridge,
// never raw ipcRenderer (docs/platforms.md, Electron §2.1 #20). Replies are envelopes rather
// than thrown errors because Electron forwards only an error's message across IPC, losing its
// code.
export const IPC_CALL_CHANNEL = 'clipdesk:call';
export const IPC_EVENT_CHANNEL = 'clipdesk:event';
/** Renderer → main, (callId): the page gave that call up; the core aborts its signal. */
export const IPC_CANCEL_CHANNEL = 'clipdesk:cancel';
/** Main → the calling page only, (callId, payload): how that long call is going. */
export const IPC_PROGRESS_CHANNEL = 'clipdesk:progress';

export type BridgeReply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

export interface DesktopBridge {
  /**
   * Run a command. `callId` (chosen by the page, unique among its calls under way) is what
   * `cancel` and progress name; a call without one can be neither cancelled nor told progress.
   */
  call(name: string, input: unknown, callId?: number): Promise<BridgeReply>;
  /** Give up the call with this id (docs/architecture.md §1, "Cancellable calls"). */
  cancel(callId: number): void;
  /** Progress of this page's own calls; returns the unsubscribe function. */
  onProgress(listener: (callId: number, payload: unknown) => void): () => void;
  /** Subscribe to every contract event; returns the unsubscribe function. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  /**
   * The path on disk of a dropped or picked file (Electron's webUtils.getPathForFile, which
   * only the preload may call since File.path was removed); '' for a file not on disk.
   */
  getPathForFile(file: File): string;
}

declare global {
  interface Window {
    clipdesk?: DesktopBridge;
  }
}
