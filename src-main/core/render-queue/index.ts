// The render queue feature: TikTok-ready vertical videos rendered from clips, one durable job
// each, with progress, cancel and retry. A clip's renders go with the clip (library.onRemoving).
import { callerName } from '../caller';
import type { Infra } from '../infra';
import { feature } from '../feature';
import type { LibraryApi } from '../library';
import { RenderQueue, type RenderTools } from './render-queue';
import { createRenderTools } from './render-tools';

export type RenderCommands = 'render.start' | 'render.list' | 'render.cancel' | 'render.retry';

export interface RenderQueueApi {
  readonly renders: RenderQueue;
}

export function createRenderQueueFeature(infra: Infra, deps: { library: LibraryApi; tools?: RenderTools }) {
  const renders = new RenderQueue({
    db: infra.db,
    clock: infra.clock,
    bus: infra.bus,
    audit: infra.audit,
    jobs: infra.jobs,
    library: deps.library.library,
    settings: () => infra.settings.get(),
    tools: deps.tools ?? createRenderTools(infra.env, infra.dataDir),
    notify: infra.notify,
  });
  deps.library.onRemoving((clipId) => renders.removeForClip(clipId));
  return feature<RenderCommands, RenderQueueApi>({
    handlers: {
      'render.start': async ({ clipId, recipe }, ctx) => renders.start(clipId, recipe, callerName(ctx)),
      'render.list': async (input) => renders.list(input),
      'render.cancel': async ({ id }, ctx) => renders.cancel(id, callerName(ctx)),
      'render.retry': async ({ id }, ctx) => renders.retry(id, callerName(ctx)),
    },
    jobs: [renders.renderJob],
    // We hold the data-folder lock: nothing else renders here, so any half-written output is a
    // leftover of a crash, swept before any render starts.
    start: () => void renders.sweepPartialOutputs(),
    api: { renders },
  });
}
