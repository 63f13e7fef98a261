// The one `api` object the UI talks to: Electron IPC inside the desktop app, the host's
// WebSocket in a browser. Components never touch window.clipdesk or sockets themselves.
import type { Api } from '../../../src-shared/contract';
import { createIpcApi } from './ipc-api';
import { createWsApi } from './ws-api';

export type Transport = 'ipc' | 'websocket';

function make(): { api: Api; transport: Transport; onConnection: (l: (connected: boolean) => void) => () => void } {
  if (window.clipdesk) {
    return { api: createIpcApi(window.clipdesk), transport: 'ipc', onConnection: (l) => (l(true), () => undefined) };
  }
  const ws = createWsApi();
  return { api: ws, transport: 'websocket', onConnection: (l) => ws.onConnection(l) };
}

const made = make();
export const api: Api = made.api;
export const transport: Transport = made.transport;
export const onConnection = made.onConnection;
