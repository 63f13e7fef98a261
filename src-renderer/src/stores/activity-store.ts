// The activity log as shown in the Activity section: one page at a time, newest first,
// filtered (a search, action families, who, a date range) by the core, with new entries
// arriving live, and the same filtered log exported as CSV.
import { create } from 'zustand';
import type { ActivityEntry } from '../../../src-shared/domain';
import { api } from '../api';
import { errorMessage } from '../lib/error-message';
import { toast } from './toast-store';
import { activityRequest, entryPassesFilters, NO_FILTERS, type ActionFamily, type ActivityFilters, type ActorFilter } from '../lib/schedule-ui';

export const ACTIVITY_PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 200;

interface ActivityState {
  entries: ActivityEntry[];
  /** What the search box shows; the list catches up after a short pause in typing. */
  query: string;
  families: readonly ActionFamily[];
  actor: ActorFilter | null;
  /** Date inputs' values (YYYY-MM-DD, local), '' = open. */
  from: string;
  to: string;
  exporting: boolean;
  status: 'idle' | 'loading' | 'ready';
  loadingOlder: boolean;
  hasMore: boolean;
  error: string | null;
  setQuery(query: string): void;
  toggleFamily(family: ActionFamily): void;
  setActor(actor: ActorFilter | null): void;
  setRange(range: { from?: string; to?: string }): void;
  clearFilters(): void;
  /** Every entry about one thing (a post, a render): its id as the search, no other filter. */
  showSubject(id: string): void;
  /** The filtered log as CSV (oldest first), or null when it failed (a toast says why). */
  exportCsv(): Promise<{ csv: string; rows: number } | null>;
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

const filtersOf = (s: ActivityState): ActivityFilters => ({ query: s.query, families: s.families, actor: s.actor, from: s.from, to: s.to });

export const useActivity = create<ActivityState>((set, get) => ({
  entries: [],
  ...NO_FILTERS,
  exporting: false,
  status: 'idle',
  loadingOlder: false,
  hasMore: false,
  error: null,
  setQuery(query) {
    set({ query });
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void get().reload(), SEARCH_DELAY_MS);
  },
  toggleFamily(family) {
    const families = get().families;
    set({ families: families.includes(family) ? families.filter((f) => f !== family) : [...families, family] });
    void get().reload();
  },
  setActor(actor) {
    set({ actor });
    void get().reload();
  },
  setRange(range) {
    set(range);
    void get().reload();
  },
  clearFilters() {
    set({ ...NO_FILTERS });
    void get().reload();
  },
  showSubject(id) {
    clearTimeout(searchTimer);
    set({ ...NO_FILTERS, query: id });
    void get().reload();
  },
  async exportCsv() {
    set({ exporting: true });
    try {
      return await api.call('activity.exportCsv', activityRequest(filtersOf(get())));
    } catch (err) {
      toast({ tone: 'danger', title: 'Could not export the activity log', body: errorMessage(err) });
      return null;
    } finally {
      set({ exporting: false });
    }
  },
  async reload() {
    clearTimeout(searchTimer);
    const mine = ++generation;
    const filters = activityRequest(filtersOf(get()));
    set({ status: 'loading', error: null });
    try {
      const entries = await api.call('activity.list', { ...filters, limit: ACTIVITY_PAGE_SIZE });
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
    const filters = activityRequest(filtersOf(get()));
    set({ loadingOlder: true, error: null });
    try {
      const older = await api.call('activity.list', {
        ...filters,
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
    const state = get();
    const { entries, query, status } = state;
    // Before the first load there is nothing to prepend to; the load will include it.
    if (status === 'idle' || !entryMatches(entry, query) || !entryPassesFilters(entry, filtersOf(state))) return;
    if (entries.some((e) => e.id === entry.id)) return;
    set({ entries: [entry, ...entries] });
  },
}));
