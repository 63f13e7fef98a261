// Renders, one copy of each by id, kept live by renders.changed: the queue in the Library, each
// clip's own renders, the batch bar and the composer select from here, so a progress tick
// updates every place it shows.
import { create } from 'zustand';
import type { JobState } from '../../../src-shared/domain';
import type { Render } from '../../../src-shared/media/library';
import type { RenderRecipe } from '../../../src-shared/media/media-info';
import { api, transport } from '../api';
import { errorMessage } from '../lib/error-message';
import { navigateWithin } from './navigation-store';
import { toast } from './toast-store';

const LIMIT = 200;

export const RENDER_STATE_WORDS: Record<JobState, string> = {
  queued: 'Queued',
  running: 'Rendering',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function isActive(render: Render): boolean {
  return render.state === 'queued' || render.state === 'running';
}

interface RendersState {
  byId: Readonly<Record<string, Render>>;
  status: 'idle' | 'loading' | 'ready';
  error: string | null;
  /** Render ids with a cancel or retry in flight. */
  busy: ReadonlySet<string>;
  load(): Promise<void>;
  loadForClip(clipId: string): Promise<void>;
  /** Each clip's renders, asked of the core (the first list holds only the newest); resolves false when that failed. */
  loadForClips(clipIds: readonly string[]): Promise<boolean>;
  received(render: Render): void;
  start(clipIds: readonly string[], recipe: RenderRecipe): Promise<Render[]>;
  cancel(id: string): Promise<void>;
  retry(id: string): Promise<void>;
}

function byCreatedDesc(a: Render, b: Render): number {
  return b.createdAt.localeCompare(a.createdAt);
}

function merge(existing: Readonly<Record<string, Render>>, incoming: readonly Render[]): Record<string, Render> {
  const byId = { ...existing };
  for (const r of incoming) {
    const had = byId[r.id];
    // Events can overtake a list reply; the later update wins.
    if (!had || had.updatedAt <= r.updatedAt) byId[r.id] = r;
  }
  return byId;
}

export const useRenders = create<RendersState>((set, get) => {
  const withBusy = async (id: string, work: () => Promise<Render>, failTitle: string): Promise<void> => {
    set({ busy: new Set([...get().busy, id]) });
    try {
      get().received(await work());
    } catch (err) {
      toast({ tone: 'danger', title: failTitle, body: errorMessage(err) });
    } finally {
      const busy = new Set(get().busy);
      busy.delete(id);
      set({ busy });
    }
  };

  return {
    byId: {},
    status: 'idle',
    error: null,
    busy: new Set(),

    async load() {
      if (get().status === 'idle') set({ status: 'loading' });
      try {
        const renders = await api.call('render.list', { limit: LIMIT });
        set({ byId: merge(get().byId, renders), status: 'ready', error: null });
      } catch (err) {
        set({ status: 'ready', error: errorMessage(err) });
      }
    },

    async loadForClip(clipId) {
      try {
        const renders = await api.call('render.list', { clipId, limit: 50 });
        set({ byId: merge(get().byId, renders) });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },

    async loadForClips(clipIds) {
      try {
        const lists = await Promise.all(clipIds.map((clipId) => api.call('render.list', { clipId, limit: 50 })));
        set({ byId: merge(get().byId, lists.flat()) });
        return true;
      } catch (err) {
        toast({ tone: 'danger', title: 'Could not gather the videos', body: errorMessage(err) });
        return false;
      }
    },

    received(render) {
      const before = get().byId[render.id];
      if (before && before.updatedAt > render.updatedAt) return;
      set({ byId: merge(get().byId, [render]) });
      // The desktop app gets a system notification from the core; a browser tab gets this.
      const finished = render.state === 'succeeded' || render.state === 'failed';
      if (transport === 'websocket' && finished && before && before.state !== render.state) {
        toast({
          tone: render.state === 'succeeded' ? 'success' : 'danger',
          title: render.state === 'succeeded' ? `Render finished: ${render.clipFileName}` : `Render failed: ${render.clipFileName}`,
          ...(render.error ? { body: render.error } : {}),
          action: { label: 'Show renders', onClick: () => navigateWithin('library', 'renders') },
        });
      }
    },

    async start(clipIds, recipe) {
      const started: Render[] = [];
      const failures: string[] = [];
      for (const clipId of clipIds) {
        try {
          started.push(await api.call('render.start', { clipId, recipe }));
        } catch (err) {
          failures.push(errorMessage(err));
        }
      }
      if (started.length) set({ byId: merge(get().byId, started) });
      if (failures.length) {
        toast({
          tone: 'danger',
          title: clipIds.length === 1 ? 'Could not start the render' : `${failures.length} of ${clipIds.length} renders could not start`,
          body: failures[0],
        });
      }
      return started;
    },

    cancel(id) {
      return withBusy(id, () => api.call('render.cancel', { id }), 'Could not cancel the render');
    },

    retry(id) {
      return withBusy(id, () => api.call('render.retry', { id }), 'Could not retry the render');
    },
  };
});

// Every render newest first, derived from the one copy (memoized on it).
let sorted: { byId: RendersState['byId']; list: Render[] } | null = null;

export function selectRenders(state: Pick<RendersState, 'byId'>): Render[] {
  if (sorted?.byId !== state.byId) sorted = { byId: state.byId, list: Object.values(state.byId).sort(byCreatedDesc) };
  return sorted.list;
}

/** How many renders are queued or running (the Library's tab counts them). */
export function selectActiveCount(state: Pick<RendersState, 'byId'>): number {
  return selectRenders(state).filter(isActive).length;
}
