// The activity log as shown in the Activity section: one page at a time, newest first,
// filtered by a search the core runs, with new entries arriving live.
import { create } from 'zustand';
import type { ActivityEntry } from '../../../src-shared/domain';
import { api } from '../api';
import { errorMessage } from '../lib/error-message';

export const ACTIVITY_PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 200;

interface ActivityState {
  entries: ActivityEntry[];
  /** What the search box shows; the list catches up after a short pause in typing. */
  query: string;
  status: 'idle' | 'loading' | 'ready';
  loadingOlder: boolean;
  hasMore: boolean;
  error: string | null;
  setQuery(query: string): void;
  reload(): Promise<void>;
  loadOlder(): Promise<void>;
  received(entry: ActivityEntry): void;
}

// Every fresh load bumps the generation; replies from an older one (a slower search for
// what the creator typed before) are dropped instead of overwriting newer results.
let generation = 0;
let searchTimer: ReturnType<typeof setTimeout> | undefined;

/** The same match the core makes (SQLite LIKE: case-insensitive substring of any field). */
export function entryMatches(entry: ActivityEntry, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [entry.actor, entry.action, entry.subject, entry.detail].some((f) => f?.toLowerCase().includes(q));
}

export const useActivity = create<ActivityState>((set, get) => ({
  entries: [],
  query: '',
  status: 'idle',
  loadingOlder: false,
  hasMore: false,
  error: null,
  setQuery(query) {
    set({ query });
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void get().reload(), SEARCH_DELAY_MS);
  },
  async reload() {
    clearTimeout(searchTimer);
    const mine = ++generation;
    const query = get().query.trim();
    set({ status: 'loading', error: null });
    try {
      const entries = await api.call('activity.list', { ...(query ? { query } : {}), limit: ACTIVITY_PAGE_SIZE });
      if (mine !== generation) return;
      set({ entries, status: 'ready', hasMore: entries.length === ACTIVITY_PAGE_SIZE });
    } catch (err) {
      if (mine !== generation) return;
      set({ status: 'ready', error: errorMessage(err) });
    }
  },
  async loadOlder() {
    const { entries, loadingOlder, hasMore } = get();
    const oldest = entries.at(-1);
    if (loadingOlder || !hasMore || !oldest) return;
    const mine = generation;
    const query = get().query.trim();
    set({ loadingOlder: true, error: null });
    try {
      const older = await api.call('activity.list', {
        ...(query ? { query } : {}),
        beforeId: oldest.id,
        limit: ACTIVITY_PAGE_SIZE,
      });
      if (mine !== generation) return;
      set({ entries: [...get().entries, ...older], hasMore: older.length === ACTIVITY_PAGE_SIZE });
    } catch (err) {
      if (mine === generation) set({ error: errorMessage(err) });
    } finally {
      if (mine === generation) set({ loadingOlder: false });
    }
  },
  received(entry) {
    const { entries, query, status } = get();
    // Before the first load there is nothing to prepend to; the load will include it.
    if (status === 'idle' || !entryMatches(entry, query)) return;
    if (entries.some((e) => e.id === entry.id)) return;
    set({ entries: [entry, ...entries] });
  },
}));
