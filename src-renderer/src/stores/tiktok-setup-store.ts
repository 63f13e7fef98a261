// The creator's TikTok developer app as the core holds it: the client key, whether a secret is
// saved (never the secret itself), the redirect URI and scopes to register, and whether an
// emulator stands in. Shared by Settings → TikTok and the Accounts section's connect button.
import { create } from 'zustand';
import type { TikTokSetup } from '../../../src-shared/tiktok/accounts';
import { api } from '../api';
import { errorMessage } from '../lib/error-message';

interface TikTokSetupState {
  setup: TikTokSetup | null;
  status: 'idle' | 'loading' | 'ready';
  error: string | null;
  saving: boolean;
  load(): Promise<void>;
  /** Omit the secret to keep the saved one. Resolves with an error sentence, or null when saved. */
  save(input: { clientKey: string; clientSecret?: string }): Promise<string | null>;
}

export const useTikTokSetup = create<TikTokSetupState>((set, get) => ({
  setup: null,
  status: 'idle',
  error: null,
  saving: false,
  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      set({ setup: await api.call('tiktok.setup.get', {}), status: 'ready', error: null });
    } catch (err) {
      set({ status: 'ready', error: errorMessage(err) });
    }
  },
  async save(input) {
    set({ saving: true });
    try {
      set({ setup: await api.call('tiktok.setup.set', input), error: null });
      return null;
    } catch (err) {
      return errorMessage(err);
    } finally {
      set({ saving: false });
    }
  },
}));

/** Whether a TikTok app is set up, so connecting can work; null while not known yet. */
export function isSetUp(setup: TikTokSetup | null): boolean | null {
  if (!setup) return null;
  return setup.source !== 'none';
}
