// The activity log as shown in the Activity section: paged in by cursor (activity.search) as
// the windowed list nears its end, newest first,
// filtered (a search, action families, who, a date range) by the core, with new entries
// arriving live, and the same filtered log exported as CSV.
import { create } from 'zustand';
import type { ActivityEntry } from '../../../src-shared/domain';
import { foldedQuery, foldText } from '../../../src-shared/posts/post-search';
import { api } from '../api';
import { errorMessage } from '../lib/error-message';
import { toast } from './toast-store';
import { activityRequest, entryPassesFilters, NO_FILTERS, type ActionFamily, type ActivityFilters, type ActorFilter } from '../lib/schedule-ui';

export const ACTIVITY_PAGE_SIZE = 100;
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
  /** How many entries match, as the core counted them (and one more for each matching one arriving). */
  total: number;
  /** The next page's cursor (activity.search); null at the end. */
  nextCursor: string | null;
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

/** The same match the core makes (a folded substring of any field: foldText, as post search). */
export function entryMatches(entry: ActivityEntry, query: string): boolean {
  const q = foldedQuery(query);
  if (!q) return true;
  return [entry.actor, entry.action, entry.subject, entry.detail].some((f) => f != null && foldText(f).includes(q));
}

const filtersOf = (s: ActivityState): ActivityFilters => ({ query: s.query, families: s.families, actor: s.actor, from: s.from, to: s.to });

export const useActivity = create<ActivityState>((set, get) => ({
  entries: [],
  ...NO_FILTERS,
  exporting: false,
  status: 'idle',
  loadingOlder: false,
  hasMore: false,
  total: 0,
  nextCursor: null,
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
      const page = await api.call('activity.search', { ...filters, limit: ACTIVITY_PAGE_SIZE });
      if (mine !== generation) return;
      set({ entries: page.entries, status: 'ready', hasMore: page.nextCursor !== null, nextCursor: page.nextCursor, total: page.total });
    } catch (err) {
      if (mine !== generation) return;
      set({ status: 'ready', error: errorMessage(err) });
    }
  },
  async loadOlder() {
    const { loadingOlder, nextCursor, status } = get();
    if (loadingOlder || nextCursor === null || status !== 'ready') return;
    const mine = generation;
    const filters = activityRequest(filtersOf(get()));
    set({ loadingOlder: true, error: null });
    try {
      const page = await api.call('activity.search', { ...filters, cursor: nextCursor, limit: ACTIVITY_PAGE_SIZE });
      if (mine !== generation) return;
      const have = new Set(get().entries.map((e) => e.id));
      set({
        entries: [...get().entries, ...page.entries.filter((e) => !have.has(e.id))],
        hasMore: page.nextCursor !== null,
        nextCursor: page.nextCursor,
        total: page.total,
      });
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
    set({ entries: [entry, ...entries], total: state.total + 1 });
  },
}));
