// Sandboxed preload: exposes the narrow contract bridge and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_CALL_CHANNEL, IPC_CANCEL_CHANNEL, IPC_EVENT_CHANNEL, IPC_PROGRESS_CHANNEL, type BridgeReply, type DesktopBridge } from '../src-shared/bridge';

/** Listen on a main → page channel, stripping the IpcRendererEvent: it would leak `sender` to the page. */
function listen(channel: string, listener: (...args: unknown[]) => void): () => void {
  const wrapped = (_e: unknown, ...args: unknown[]): void => listener(...args);
  ipcRenderer.on(channel, wrapped);
  return () => ipcRenderer.removeListener(channel, wrapped);
}

const bridge: DesktopBridge = {
  call: (name, input, callId) => ipcRenderer.invoke(IPC_CALL_CHANNEL, String(name), input, callId) as Promise<BridgeReply>,
  cancel: (callId) => ipcRenderer.send(IPC_CANCEL_CHANNEL, callId),
  onEvent: (listener) => listen(IPC_EVENT_CHANNEL, (name, payload) => listener(name as string, payload)),
  onProgress: (listener) => listen(IPC_PROGRESS_CHANNEL, (callId, payload) => listener(callId as number, payload)),
  getPathForFile: (file) => {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return ''; // not a File (webUtils throws); the caller treats it as "not on disk"
    }
  },
};

contextBridge.exposeInMainWorld('clipdesk', bridge);
