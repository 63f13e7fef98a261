// The library feature: clips imported (from the machine's paths, or uploaded by the host),
// probed and judged against TikTok's rules, and the pictures used as watermarks.
// Features above it that keep something of a clip (renders) say so with `onRemoving`, so a clip
// is removed with what was made from it without the library knowing them.
import path from 'node:path';
import type { Infra } from '../infra';
import { callerName, requireHostPaths } from '../caller';
import { feature } from '../feature';
import { checkHostPath } from '../instance/host-paths';
import { createMediaTools, type MediaTools } from '../media/media-tools';
import { copyAssetIn } from './assets';
import { Library } from './library-service';

export type LibraryCommands = 'library.import' | 'library.list' | 'library.get' | 'library.remove' | 'assets.add';

export interface LibraryApi {
  readonly library: Library;
  /** Work to do before a clip is removed (a feature that keeps files made from it). */
  onRemoving(step: (clipId: string) => Promise<void>): void;
}

export function createLibraryFeature(infra: Infra, options: { tools?: MediaTools } = {}) {
  const { db, clock, bus, audit, jobs, dataDir } = infra;
  const library = new Library({ db, clock, bus, audit, jobs, dataDir, tools: options.tools ?? createMediaTools(infra.env) });
  const removing: ((clipId: string) => Promise<void>)[] = [];
  let stopped = false;
  return feature<LibraryCommands, LibraryApi>({
    handlers: {
      'library.import': async ({ paths }, ctx) => {
        requireHostPaths(ctx, 'import a video', 'drop the videos on the window or use Add videos: they are uploaded to Clipdesk.');
        return library.importPaths(paths, callerName(ctx));
      },
      'assets.add': async ({ path: file }, ctx) => {
        requireHostPaths(ctx, 'add an image', 'choose the image with Choose image: it is uploaded to Clipdesk.');
        const source = checkHostPath(file, dataDir, 'image');
        const asset = await copyAssetIn(library.paths.assets, source);
        audit.append({ actor: callerName(ctx), action: 'asset.add', subject: asset, detail: path.basename(source) });
        return { asset, fileName: path.basename(source) };
      },
      'library.list': async (input) => library.list(input),
      'library.get': async ({ id }) => library.get(id),
      'library.remove': async ({ id }, ctx) => {
        for (const step of removing) await step(id);
        await library.remove(id, callerName(ctx));
        return { removed: true as const };
      },
    },
    jobs: [library.importJob],
    start: () => {
      // Sources may have moved while Clipdesk was closed: one stat a clip, after start-up
      // rather than in it, so a large library on a slow disk does not delay the first request.
      setImmediate(() => {
        if (!stopped) library.verifySources();
      });
    },
    stop: () => {
      stopped = true;
    },
    api: { library, onRemoving: (step) => removing.push(step) },
  });
}
