// Connected TikTok accounts, kept live by accounts.changed / accounts.removed, and the one
// connect flow in progress: one cancellable accounts.connect call, whose progress says TikTok's
// consent page is open (and its link), and which answers when the creator has agreed there (or
// not). Cancelling gives the call up, and the core closes its listener.
import { create } from 'zustand';
import type { Account, ConnectStart } from '../../../src-shared/tiktok/accounts';
import { startCall, type RunningCall } from '../../../src-shared/running-call';
import { api } from '../api';
import { errorMessage } from '../lib/error-message';
import { toast } from './toast-store';

export type ConnectFlow =
  | { phase: 'starting'; reconnect: string | null }
  | { phase: 'waiting'; reconnect: string | null; start: ConnectStart }
  | { phase: 'failed'; reconnect: string | null; message: string };

interface AccountsState {
  /** Each connected account once, by id: the Accounts section and the composer select from it. */
  byId: Readonly<Record<string, Account>>;
  status: 'idle' | 'loading' | 'ready';
  error: string | null;
  /** The connect (or reconnect) in progress; null when none. */
  connect: ConnectFlow | null;
  /** Account ids with a disconnect in flight. */
  busy: ReadonlySet<string>;
  load(): Promise<void>;
  received(account: Account): void;
  removed(removed: { id: string }): void;
  /** Connect a TikTok account; `reconnect` names the account being renewed, for the words only. */
  startConnect(reconnect?: string | null): Promise<void>;
  cancelConnect(): Promise<void>;
  dismissConnect(): void;
  /** Resolves with the core's message, or null when it failed (a toast says why). */
  disconnect(id: string): Promise<string | null>;
}

/** Oldest first, so the accounts keep their places as others are added. */
function byConnected(a: Account, b: Account): number {
  return a.connectedAt.localeCompare(b.connectedAt) || a.id.localeCompare(b.id);
}

function merge(existing: Readonly<Record<string, Account>>, incoming: readonly Account[]): Record<string, Account> {
  const byId = { ...existing };
  for (const a of incoming) {
    const had = byId[a.id];
    // Events can overtake a reply; the later update wins.
    if (!had || had.updatedAt <= a.updatedAt) byId[a.id] = a;
  }
  return byId;
}

// The connect call in progress: a new one, or Cancel, gives it up (and ignores what it still says).
let connecting: RunningCall<Account> | null = null;

export const useAccounts = create<AccountsState>((set, get) => ({
  byId: {},
  status: 'idle',
  error: null,
  connect: null,
  busy: new Set(),

  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      const accounts = await api.call('accounts.list', {});
      // A fresh list is the truth: accounts removed while we were away drop out.
      set({ byId: merge({}, accounts), status: 'ready', error: null });
    } catch (err) {
      set({ status: 'ready', error: errorMessage(err) });
    }
  },

  received(account) {
    set({ byId: merge(get().byId, [account]) });
  },

  removed({ id }) {
    if (!get().byId[id]) return;
    const byId = { ...get().byId };
    delete byId[id];
    set({ byId });
  },

  async startConnect(reconnect = null) {
    connecting?.cancel();
    const run = startCall(api, 'accounts.connect', {}, (start) => set({ connect: { phase: 'waiting', reconnect, start } }));
    connecting = run;
    set({ connect: { phase: 'starting', reconnect } });
    try {
      const account = await run.result;
      if (run.cancelled) return;
      get().received(account);
      set({ connect: null });
      toast({ tone: 'success', title: `${reconnect ? 'Reconnected' : 'Connected'} ${account.displayName}`, ...(account.missingScopes.length ? { body: 'Some permissions were left out: see the account for what that means.' } : {}) });
    } catch (err) {
      if (run.cancelled) return;
      set({ connect: { phase: 'failed', reconnect, message: errorMessage(err) } });
    } finally {
      if (connecting === run) connecting = null;
    }
  },

  async cancelConnect() {
    connecting?.cancel();
    connecting = null;
    set({ connect: null });
  },

  dismissConnect() {
    if (get().connect?.phase === 'failed') set({ connect: null });
  },

  async disconnect(id) {
    const account = get().byId[id];
    set({ busy: new Set([...get().busy, id]) });
    try {
      const result = await api.call('accounts.disconnect', { id });
      // accounts.removed does the same; whichever comes first, the second finds nothing.
      get().removed({ id });
      return result.message;
    } catch (err) {
      toast({ tone: 'danger', title: `Could not disconnect ${account?.displayName ?? 'the account'}`, body: errorMessage(err) });
      return null;
    } finally {
      const busy = new Set(get().busy);
      busy.delete(id);
      set({ busy });
    }
  },
}));

// The accounts oldest first (so they keep their places as others are added), from the one copy.
let sorted: { byId: AccountsState['byId']; list: Account[] } | null = null;

export function selectAccounts(state: Pick<AccountsState, 'byId'>): Account[] {
  if (sorted?.byId !== state.byId) sorted = { byId: state.byId, list: Object.values(state.byId).sort(byConnected) };
  return sorted.list;
}
