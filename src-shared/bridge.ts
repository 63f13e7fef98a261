// What the Electron preload exposes to the renderer as `window.clipdesk`: a narrow bridge,
// never raw ipcRenderer (docs/platforms.md, Electron §2.1 #20). Replies are envelopes rather
// than thrown errors because Electron forwards only an error's message across IPC, losing its
// code.
export const IPC_CALL_CHANNEL = 'clipdesk:call';
export const IPC_EVENT_CHANNEL = 'clipdesk:event';

export type BridgeReply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

export interface DesktopBridge {
  call(name: string, input: unknown): Promise<BridgeReply>;
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
