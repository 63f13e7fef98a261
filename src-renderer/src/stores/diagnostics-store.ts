// Settings → Diagnostics: the core's checks of ffmpeg, secret storage, the data folder and
// connections. Run on request only, since some checks start ffmpeg.
import { create } from 'zustand';
import type { DoctorCheck } from '../../../src-shared/domain';
import { api } from '../api';
import { errorMessage } from '../lib/error-message';

interface DiagnosticsState {
  checks: DoctorCheck[] | null;
  running: boolean;
  ranAt: Date | null;
  error: string | null;
  run(): Promise<void>;
}

export const useDiagnostics = create<DiagnosticsState>((set, get) => ({
  checks: null,
  running: false,
  ranAt: null,
  error: null,
  async run() {
    if (get().running) return;
    set({ running: true, error: null });
    try {
      set({ checks: await api.call('app.doctor', {}), ranAt: new Date() });
    } catch (err) {
      set({ error: errorMessage(err) });
    } finally {
      set({ running: false });
    }
  },
}));
