// The creator's settings as the core holds them. Controls show the core's value, not a guess:
// a toggle flips when the core has saved the change, and a change made elsewhere (the CLI,
// another window) arrives through `settings.changed`.
import { create } from 'zustand';
import type { Settings, SettingsPatch } from '../../../src-shared/settings';
import { api } from '../api';
import { errorMessage } from '../lib/error-message';

type SettingKey = keyof Settings;

interface SettingsState {
  settings: Settings | null;
  error: string | null;
  /** Keys with an update in flight, so their controls can show it and not double-submit. */
  saving: ReadonlySet<SettingKey>;
  load(): Promise<void>;
  update(patch: SettingsPatch): Promise<void>;
  received(settings: Settings): void;
  dismissError(): void;
}

export const useSettings = create<SettingsState>((set, get) => ({
  settings: null,
  error: null,
  saving: new Set(),
  async load() {
    try {
      set({ settings: await api.call('settings.get', {}), error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  async update(patch) {
    const keys = Object.keys(patch) as SettingKey[];
    set({ saving: new Set([...get().saving, ...keys]), error: null });
    try {
      set({ settings: await api.call('settings.update', patch) });
    } catch (err) {
      set({ error: errorMessage(err) });
    } finally {
      const saving = new Set(get().saving);
      for (const k of keys) saving.delete(k);
      set({ saving });
    }
  },
  received(settings) {
    set({ settings });
  },
  dismissError() {
    set({ error: null });
  },
}));
