// The Telegram bot as the core holds it (kept live by telegram.changed), and the one pairing in
// progress: one cancellable telegram.pair call, whose progress is the one-time t.me link and its
// QR code, and which answers when a phone opened it (or the link expired). Cancelling gives the
// call up, and the core withdraws the link.
import { create } from 'zustand';
import { AppError } from '../../../src-shared/errors';
import type { Approver, PairingStart, TelegramStatus } from '../../../src-shared/telegram/telegram';
import { errorMessage } from '../lib/error-message';
import { startCall, type RunningCall } from '../../../src-shared/running-call';
import { api } from '../api';
import { toast } from './toast-store';

export type PairingFlow =
  | { phase: 'starting' }
  | { phase: 'waiting'; start: PairingStart }
  | { phase: 'expired' }
  | { phase: 'failed'; message: string };

interface TelegramState {
  status: TelegramStatus | null;
  state: 'idle' | 'loading' | 'ready';
  error: string | null;
  /** A token save, webhook take-over or removal in flight. */
  working: 'setup' | 'takeover' | 'remove' | null;
  pairing: PairingFlow | null;
  /** Approver ids with a change or removal in flight. */
  busy: ReadonlySet<string>;
  load(): Promise<void>;
  received(status: TelegramStatus): void;
  /** Resolves with the core's sentence when it failed, null when saved. */
  setup(token: string): Promise<string | null>;
  takeOverWebhook(): Promise<void>;
  /** Resolves true when removed. */
  remove(): Promise<boolean>;
  startPairing(): Promise<void>;
  cancelPairing(): Promise<void>;
  dismissPairing(): void;
  updateApprover(id: string, patch: { canApprove?: boolean; timeZone?: string }): Promise<void>;
  removeApprover(id: string): Promise<boolean>;
}

function withApprover(status: TelegramStatus, approver: Approver): TelegramStatus {
  const others = status.approvers.filter((a) => a.id !== approver.id);
  return { ...status, approvers: [...others, approver].sort((a, b) => a.pairedAt.localeCompare(b.pairedAt) || a.id.localeCompare(b.id)) };
}

// The pairing call in progress: a new one, or Cancel, gives it up (and ignores what it still says).
let pairingCall: RunningCall<Approver> | null = null;

export const useTelegram = create<TelegramState>((set, get) => {
  const setBusy = (id: string, on: boolean): void => {
    const busy = new Set(get().busy);
    if (on) busy.add(id);
    else busy.delete(id);
    set({ busy });
  };
  return {
    status: null,
    state: 'idle',
    error: null,
    working: null,
    pairing: null,
    busy: new Set(),

    async load() {
      if (get().state === 'idle') set({ state: 'loading' });
      try {
        set({ status: await api.call('telegram.status', {}), state: 'ready', error: null });
      } catch (err) {
        set({ state: 'ready', error: errorMessage(err) });
      }
    },

    received(status) {
      set({ status, state: 'ready', error: null });
    },

    async setup(token) {
      set({ working: 'setup' });
      try {
        get().received(await api.call('telegram.setup', { token }));
        return null;
      } catch (err) {
        return errorMessage(err);
      } finally {
        set({ working: null });
      }
    },

    async takeOverWebhook() {
      set({ working: 'takeover' });
      try {
        get().received(await api.call('telegram.takeOverWebhook', {}));
        toast({ tone: 'success', title: 'Clipdesk has taken the bot over', body: 'Approval requests now come through Clipdesk.' });
      } catch (err) {
        toast({ tone: 'danger', title: 'Could not take the bot over', body: errorMessage(err) });
      } finally {
        set({ working: null });
      }
    },

    async remove() {
      set({ working: 'remove' });
      try {
        get().received(await api.call('telegram.remove', {}));
        void get().cancelPairing();
        return true;
      } catch (err) {
        toast({ tone: 'danger', title: 'Could not remove the bot', body: errorMessage(err) });
        return false;
      } finally {
        set({ working: null });
      }
    },

    async startPairing() {
      pairingCall?.cancel();
      const run = startCall(api, 'telegram.pair', {}, (start) => set({ pairing: { phase: 'waiting', start } }));
      pairingCall = run;
      set({ pairing: { phase: 'starting' } });
      try {
        const approver = await run.result;
        if (run.cancelled) return;
        const status = get().status;
        if (status) set({ status: withApprover(status, approver) });
        set({ pairing: null });
        toast({ tone: 'success', title: `Paired ${approver.name}`, body: approver.canApprove ? 'Approval requests now go to them on Telegram.' : 'They get results only. To let them approve, tick “May approve” next to their name.' });
      } catch (err) {
        if (run.cancelled) return;
        set({ pairing: err instanceof AppError && err.code === 'TIMEOUT' ? { phase: 'expired' } : { phase: 'failed', message: errorMessage(err) } });
      } finally {
        if (pairingCall === run) pairingCall = null;
      }
    },

    async cancelPairing() {
      pairingCall?.cancel();
      pairingCall = null;
      set({ pairing: null });
    },

    dismissPairing() {
      const phase = get().pairing?.phase;
      if (phase === 'failed' || phase === 'expired') set({ pairing: null });
    },

    async updateApprover(id, patch) {
      setBusy(id, true);
      try {
        const approver = await api.call('telegram.approvers.update', { id, ...patch });
        const status = get().status;
        if (status) set({ status: withApprover(status, approver) });
      } catch (err) {
        const who = get().status?.approvers.find((a) => a.id === id)?.name;
        toast({ tone: 'danger', title: `Could not change ${who ?? 'the approver'}`, body: errorMessage(err) });
      } finally {
        setBusy(id, false);
      }
    },

    async removeApprover(id) {
      setBusy(id, true);
      const who = get().status?.approvers.find((a) => a.id === id)?.name;
      try {
        await api.call('telegram.approvers.remove', { id });
        const status = get().status;
        if (status) set({ status: { ...status, approvers: status.approvers.filter((a) => a.id !== id) } });
        return true;
      } catch (err) {
        toast({ tone: 'danger', title: `Could not unpair ${who ?? 'the approver'}`, body: errorMessage(err) });
        return false;
      } finally {
        setBusy(id, false);
      }
    },
  };
});
