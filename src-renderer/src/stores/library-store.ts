// The library as the grid shows it: a window onto `library.list` (newest first), fetched a
// page at a time as the creator scrolls, so ten thousand clips cost one page to show; the
// files being imported right now, as cards from the moment they are dropped; and selection.
// Each clip is kept once (`byId`); the list holds only ids, so clips.changed updates one copy
// and the grid, the detail view and the batch bar all see it.
import { create } from 'zustand';
import type { Clip, ClipRemoved, ClipState } from '../../../src-shared/media/library';
import { importFiles, type ImportEvent } from '../api/import-files';
import { api } from '../api';
import { errorMessage } from '../lib/error-message';
import { toast } from './toast-store';

export const CLIP_FILTERS = {
  all: { label: 'All', states: null },
  importing: { label: 'Importing', states: ['importing'] },
  ready: { label: 'Ready', states: ['ready'] },
  problems: { label: 'Problems', states: ['unusable', 'failed', 'missing'] },
} as const satisfies Record<string, { label: string; states: readonly ClipState[] | null }>;
export type ClipFilter = keyof typeof CLIP_FILTERS;

export const PAGE_SIZE = 100;
const SEARCH_DELAY_MS = 200;
const REFRESH_DELAY_MS = 250;

/** A file dropped or picked whose clip the core has not answered with yet. */
export interface PendingImport {
  key: string;
  fileName: string;
  sizeBytes: number | null;
  /** Upload progress 0..1 (browser), or null while it waits its turn or the core adds it. */
  fraction: number | null;
  error: string | null;
}

interface LibraryState {
  query: string;
  filter: ClipFilter;
  /** null until the first page answers. */
  total: number | null;
  /** Clip ids by position in the current list; a hole is a row not fetched yet. The clips are `byId`'s. */
  ids: (string | undefined)[];
  status: 'idle' | 'loading' | 'ready';
  error: string | null;
  pending: PendingImport[];
  /** Every clip seen, once, by id, kept current by clips.changed: the grid, the detail view and the batch bar read it. */
  byId: Record<string, Clip>;
  selected: ReadonlySet<string>;
  /** The clip a shift-click extends the selection from. */
  anchor: string | null;
  setQuery(query: string): void;
  setFilter(filter: ClipFilter): void;
  /** Clears the search and the filter (so files just imported are in view). */
  showAll(): void;
  reload(): Promise<void>;
  /** The grid asks for the rows it shows; missing pages are fetched once. */
  ensureRange(start: number, end: number): void;
  received(clip: Clip): void;
  /** clips.removed: removed (here, elsewhere, the CLI), or found to duplicate another clip. */
  removedByCore(removed: ClipRemoved): void;
  importItems(items: DataTransferItemList | FileList | File[]): Promise<void>;
  dismissPending(key: string): void;
  fetchClip(id: string): Promise<Clip | null>;
  remove(id: string): Promise<boolean>;
  toggleSelected(id: string, options?: { range?: boolean }): void;
  selectAll(): Promise<void>;
  clearSelection(): void;
}

// Each list change (search, filter, a clip arriving at the top) bumps the epoch: pages that
// were in flight for the earlier list are dropped rather than written at shifted positions.
let epoch = 0;
const loadedPages = new Set<number>();
const inflightPages = new Set<number>();
let lastRange: [number, number] = [0, PAGE_SIZE];
let searchTimer: ReturnType<typeof setTimeout> | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

function filterStates(filter: ClipFilter): ClipState[] | undefined {
  const states = CLIP_FILTERS[filter].states;
  return states ? [...states] : undefined;
}

/** The match the core makes for the list (a case-insensitive part of the file name). */
export function clipMatches(clip: Clip, query: string, filter: ClipFilter): boolean {
  const states = CLIP_FILTERS[filter].states as readonly ClipState[] | null;
  if (states && !states.includes(clip.state)) return false;
  const q = query.trim().toLowerCase();
  return !q || clip.fileName.toLowerCase().includes(q);
}

function listInput(query: string, filter: ClipFilter, offset: number, limit: number) {
  const q = query.trim();
  const states = filterStates(filter);
  return { ...(q ? { query: q } : {}), ...(states ? { states } : {}), offset, limit };
}

export const useLibrary = create<LibraryState>((set, get) => {
  /** Positions moved (a clip added at the top or dropped): refetch what is on screen, soon. */
  const shifted = (): void => {
    epoch++;
    loadedPages.clear();
    inflightPages.clear();
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => get().ensureRange(...lastRange), REFRESH_DELAY_MS);
  };

  const remember = (clips: readonly Clip[]): Record<string, Clip> => {
    const byId = { ...get().byId };
    for (const c of clips) byId[c.id] = c;
    return byId;
  };

  /** A clip the core just added: at the top of the list, if the list would show it. */
  const addAtTop = (clip: Clip): void => {
    const { ids, query, filter, total } = get();
    if (ids.includes(clip.id)) return;
    if (!clipMatches(clip, query, filter)) return;
    set({ ids: [clip.id, ...ids], total: (total ?? 0) + 1, byId: remember([clip]) });
    shifted();
  };

  const onImportEvent = (event: ImportEvent): void => {
    const pending = get().pending;
    switch (event.type) {
      case 'queued':
        set({ pending: [{ key: event.key, fileName: event.fileName, sizeBytes: event.sizeBytes, fraction: null, error: null }, ...pending] });
        break;
      case 'progress':
        set({ pending: pending.map((p) => (p.key === event.key ? { ...p, fraction: event.fraction } : p)) });
        break;
      case 'settled':
        set({ pending: pending.filter((p) => p.key !== event.key) });
        if (event.clip && !event.duplicate) {
          set({ byId: remember([event.clip]) });
          addAtTop(event.clip);
        }
        break;
      case 'failed':
        // The card stays, saying what happened, until the creator dismisses it.
        if (pending.some((p) => p.key === event.key)) {
          set({ pending: pending.map((p) => (p.key === event.key ? { ...p, error: event.message, fraction: null } : p)) });
        } else {
          set({ pending: [{ key: event.key, fileName: event.fileName, sizeBytes: null, fraction: null, error: event.message }, ...pending] });
        }
        break;
    }
  };

  return {
    query: '',
    filter: 'all',
    total: null,
    ids: [],
    status: 'idle',
    error: null,
    pending: [],
    byId: {},
    selected: new Set(),
    anchor: null,

    setQuery(query) {
      set({ query });
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => void get().reload(), SEARCH_DELAY_MS);
    },

    setFilter(filter) {
      if (filter === get().filter) return;
      set({ filter });
      void get().reload();
    },

    showAll() {
      if (get().filter === 'all' && get().query === '') return;
      set({ filter: 'all', query: '' });
      void get().reload();
    },

    async reload() {
      clearTimeout(searchTimer);
      clearTimeout(refreshTimer);
      const mine = ++epoch;
      loadedPages.clear();
      inflightPages.clear();
      const { query, filter } = get();
      set({ status: 'loading', error: null });
      try {
        const page = await api.call('library.list', listInput(query, filter, 0, PAGE_SIZE));
        if (mine !== epoch) return;
        loadedPages.add(0);
        const ids: (string | undefined)[] = new Array<string | undefined>(page.total);
        page.clips.forEach((c, i) => (ids[i] = c.id));
        set({ ids, total: page.total, status: 'ready', byId: remember(page.clips) });
        get().ensureRange(...lastRange);
      } catch (err) {
        if (mine !== epoch) return;
        set({ status: 'ready', error: errorMessage(err) });
      }
    },

    ensureRange(start, end) {
      lastRange = [start, end];
      const { total, status } = get();
      if (status === 'idle' || total === null) return;
      const last = Math.min(end, total - 1);
      for (let p = Math.floor(Math.max(0, start) / PAGE_SIZE); p * PAGE_SIZE <= last; p++) {
        if (loadedPages.has(p) || inflightPages.has(p)) continue;
        inflightPages.add(p);
        const mine = epoch;
        const { query, filter } = get();
        api
          .call('library.list', listInput(query, filter, p * PAGE_SIZE, PAGE_SIZE))
          .then((page) => {
            if (mine !== epoch) return;
            inflightPages.delete(p);
            loadedPages.add(p);
            const ids = get().ids.slice();
            ids.length = page.total;
            page.clips.forEach((c, i) => (ids[p * PAGE_SIZE + i] = c.id));
            set({ ids, total: page.total, byId: remember(page.clips), error: null });
          })
          .catch((err: unknown) => {
            if (mine !== epoch) return;
            inflightPages.delete(p);
            set({ error: errorMessage(err) });
          });
      }
    },

    received(clip) {
      // The one copy changes; every row and view showing the clip reads it from here.
      set({ byId: remember([clip]) });
      const { ids, query, filter, total, status, byId } = get();
      if (status === 'idle') return;
      const index = ids.indexOf(clip.id);
      if (index >= 0) {
        if (!clipMatches(clip, query, filter)) {
          // It no longer belongs here (say, it finished importing under "Importing").
          set({ ids: ids.filter((_, i) => i !== index), total: Math.max(0, (total ?? 1) - 1) });
          shifted();
        }
        return;
      }
      // Not in the rows fetched so far: new if it is at least as new as the newest shown
      // (an older clip that changed lives on a page not fetched yet, and will come with it).
      const newest = ids[0] === undefined ? undefined : byId[ids[0]];
      if (!newest || clip.createdAt >= newest.createdAt) addAtTop(clip);
    },

    removedByCore({ id, duplicateOf }) {
      const { ids, total, selected, byId } = get();
      const gone = byId[id];
      const nextById = { ...byId };
      delete nextById[id];
      const nextSelected = new Set(selected);
      nextSelected.delete(id);
      const kept = ids.filter((c) => c !== id);
      set({ byId: nextById, selected: nextSelected, ...(kept.length !== ids.length ? { ids: kept, total: Math.max(0, (total ?? 1) - 1) } : {}) });
      if (kept.length !== ids.length) shifted();
      // Hashing found it to be a file already imported under another name.
      if (duplicateOf) {
        const existing = byId[duplicateOf];
        toast({
          tone: 'info',
          title: `Already in your library: ${existing?.fileName ?? gone?.fileName ?? 'this file'}`,
          ...(existing && gone && existing.fileName !== gone.fileName ? { body: `${gone.fileName} has the same content.` } : {}),
        });
      }
    },

    async importItems(items) {
      const outcome = await importFiles(items, onImportEvent);
      for (const clip of outcome.clips) addAtTop(clip);
      set({ byId: remember([...outcome.clips, ...outcome.duplicates]) });
      for (const dup of outcome.duplicates) {
        toast({ tone: 'info', title: `Already in your library: ${dup.fileName}` });
      }
      if (outcome.failures.length > 0) {
        const [first] = outcome.failures;
        toast({
          tone: 'danger',
          title: outcome.failures.length === 1 ? `Could not import ${first?.fileName}` : `${outcome.failures.length} files could not be imported`,
          body: first?.message,
        });
      }
    },

    dismissPending(key) {
      set({ pending: get().pending.filter((p) => p.key !== key) });
    },

    async fetchClip(id) {
      try {
        const clip = await api.call('library.get', { id });
        set({ byId: remember([clip]) });
        return clip;
      } catch (err) {
        set({ error: errorMessage(err) });
        return null;
      }
    },

    async remove(id) {
      const clip = get().byId[id];
      try {
        await api.call('library.remove', { id });
      } catch (err) {
        toast({ tone: 'danger', title: `Could not remove ${clip?.fileName ?? 'the clip'}`, body: errorMessage(err) });
        return false;
      }
      // The core's clips.removed does the same; whichever comes first, the second finds nothing.
      get().removedByCore({ id, duplicateOf: null });
      toast({ tone: 'info', title: `Removed ${clip?.fileName ?? 'the clip'} from the library`, body: 'Your own file was not touched; import it again to bring it back.' });
      return true;
    },

    toggleSelected(id, options = {}) {
      const { selected, anchor, ids } = get();
      const next = new Set(selected);
      if (options.range && anchor) {
        const a = ids.indexOf(anchor);
        const b = ids.indexOf(id);
        if (a >= 0 && b >= 0) {
          for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
            const c = ids[i];
            if (c) next.add(c);
          }
          set({ selected: next });
          return;
        }
      }
      if (next.has(id)) next.delete(id);
      else next.add(id);
      set({ selected: next, anchor: id });
    },

    async selectAll() {
      const { ids, total, query, filter } = get();
      if (total === null) return;
      let all = ids;
      // Rows not fetched yet are fetched now, a thousand at a time, so "all" means all.
      // (A plain loop: the array is sparse, and some()/filter() skip its holes.)
      let loaded = 0;
      for (let i = 0; i < ids.length; i++) if (ids[i] !== undefined) loaded++;
      if (loaded < total) {
        const mine = epoch;
        const fetched: Clip[] = [];
        try {
          for (let offset = 0; offset < total; offset += 1000) {
            const page = await api.call('library.list', listInput(query, filter, offset, 1000));
            fetched.push(...page.clips);
            if (page.clips.length < 1000) break;
          }
        } catch (err) {
          set({ error: errorMessage(err) });
          return;
        }
        if (mine !== epoch) return;
        all = fetched.map((c) => c.id);
        set({ byId: remember(fetched) });
      }
      set({ selected: new Set(all.filter((c): c is string => c !== undefined)) });
    },

    clearSelection() {
      if (get().selected.size > 0) set({ selected: new Set(), anchor: null });
    },
  };
});

// The grid's rows: the list's ids, each as the one copy of its clip. Memoized on both, so the
// grid re-renders when a row's clip changed or the list moved, not on every store change.
let rows: { ids: LibraryState['ids']; byId: LibraryState['byId']; items: (Clip | undefined)[] } | null = null;

export function selectItems(state: Pick<LibraryState, 'ids' | 'byId'>): (Clip | undefined)[] {
  if (rows && rows.ids === state.ids && rows.byId === state.byId) return rows.items;
  const items = new Array<Clip | undefined>(state.ids.length);
  // A plain loop: the array is sparse (rows not fetched yet), and map() would keep its holes anyway.
  for (let i = 0; i < state.ids.length; i++) {
    const id = state.ids[i];
    if (id !== undefined) items[i] = state.byId[id];
  }
  rows = { ids: state.ids, byId: state.byId, items };
  return items;
}
