// Sandboxed preload: exposes the narrow contract bridge and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type BridgeReply, type DesktopBridge } from '../src-shared/bridge';

const bridge: DesktopBridge = {
  call: (name, input) => ipcRenderer.invoke(IPC_CALL_CHANNEL, String(name), input) as Promise<BridgeReply>,
  onEvent(listener) {
    // Strip the IpcRendererEvent: it would leak `sender` to the page.
    const wrapped = (_e: unknown, name: string, payload: unknown): void => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
  getPathForFile: (file) => {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return ''; // not a File (webUtils throws); the caller treats it as "not on disk"
    }
  },
};

contextBridge.exposeInMainWorld('clipdesk', bridge);
