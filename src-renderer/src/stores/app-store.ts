// What the UI knows about the app it is talking to: version and mode, the capabilities this
// build has (so sections can say honestly what is not built), the connection state, and
// whether everything was deleted (then the window shows only that, and what is left to do).
import { create } from 'zustand';
import type { DeleteEverythingResult } from '../../../src-shared/data/delete-everything';
import type { AppInfo, Capability, CapabilityId } from '../../../src-shared/domain';
import { api, onConnection, transport } from '../api';
import { errorMessage } from '../lib/error-message';

/** 'connecting' until the first connection, so the first load shows no alarming banner. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

interface AppState {
  info: AppInfo | null;
  capabilities: Capability[] | null;
  connection: ConnectionState;
  error: string | null;
  /** Set once everything was deleted: the core behind this window has stopped. */
  deleted: DeleteEverythingResult | null;
  load(): Promise<void>;
  everythingDeleted(result: DeleteEverythingResult): void;
  /** Ask the core to delete everything (`confirm` is the typed phrase); throws the core's refusal. */
  deleteEverything(confirm: string): Promise<void>;
}

export const useApp = create<AppState>((set) => ({
  info: null,
  capabilities: null,
  connection: transport === 'ipc' ? 'connected' : 'connecting',
  error: null,
  deleted: null,
  everythingDeleted(result) {
    set({ deleted: result });
  },
  async deleteEverything(confirm) {
    // The event usually got here first; either way the window now shows the result.
    set({ deleted: await api.call('data.deleteEverything', { confirm }) });
  },
  async load() {
    try {
      const [info, capabilities] = await Promise.all([api.call('app.info', {}), api.call('app.capabilities', {})]);
      set({ info, capabilities, error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
}));

export function capabilityById(capabilities: readonly Capability[] | null, id: CapabilityId): Capability | undefined {
  return capabilities?.find((c) => c.id === id);
}

/**
 * Tracks the transport. After a reconnect the core may have changed while we were away
 * (events are not replayed), so `onReconnect` listeners reload what they show.
 */
export function startConnectionTracking(onReconnect: () => void): void {
  let everConnected = false;
  onConnection((connected) => {
    if (connected) {
      const wasAway = everConnected && useApp.getState().connection === 'reconnecting';
      everConnected = true;
      useApp.setState({ connection: 'connected' });
      if (wasAway) onReconnect();
    } else {
      useApp.setState({ connection: everConnected ? 'reconnecting' : 'connecting' });
    }
  });
}
