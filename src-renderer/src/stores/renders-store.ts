// Renders, newest first, kept live by renders.changed: the queue in the Library and each
// clip's own renders read from here, so a progress tick updates every place it shows.
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
  renders: Render[];
  status: 'idle' | 'loading' | 'ready';
  error: string | null;
  /** Render ids with a cancel or retry in flight. */
  busy: ReadonlySet<string>;
  load(): Promise<void>;
  loadForClip(clipId: string): Promise<void>;
  received(render: Render): void;
  start(clipIds: readonly string[], recipe: RenderRecipe): Promise<Render[]>;
  cancel(id: string): Promise<void>;
  retry(id: string): Promise<void>;
}

function byCreatedDesc(a: Render, b: Render): number {
  return b.createdAt.localeCompare(a.createdAt);
}

function merge(existing: readonly Render[], incoming: readonly Render[]): Render[] {
  const map = new Map(existing.map((r) => [r.id, r]));
  for (const r of incoming) {
    const had = map.get(r.id);
    // Events can overtake a list reply; the later update wins.
    if (!had || had.updatedAt <= r.updatedAt) map.set(r.id, r);
  }
  return [...map.values()].sort(byCreatedDesc);
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
    renders: [],
    status: 'idle',
    error: null,
    busy: new Set(),

    async load() {
      if (get().status === 'idle') set({ status: 'loading' });
      try {
        const renders = await api.call('render.list', { limit: LIMIT });
        set({ renders: merge(get().renders, renders), status: 'ready', error: null });
      } catch (err) {
        set({ status: 'ready', error: errorMessage(err) });
      }
    },

    async loadForClip(clipId) {
      try {
        const renders = await api.call('render.list', { clipId, limit: 50 });
        set({ renders: merge(get().renders, renders) });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },

    received(render) {
      const before = get().renders.find((r) => r.id === render.id);
      if (before && before.updatedAt > render.updatedAt) return;
      set({ renders: merge(get().renders, [render]) });
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
      if (started.length) set({ renders: merge(get().renders, started) });
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
