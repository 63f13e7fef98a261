// The data feature: the creator's own data — what is stored where, everything as one
// documented zip (saved by path, through the window's dialog, or downloaded by a browser),
// deleting a post with its files, retention of old media, and deleting everything. Deleting
// everything guards every other command while it runs (`guard`), so the root wraps the merged
// handlers with it.
import type { Handlers } from '../../../src-shared/contract';
import { callerName } from '../caller';
import type { Infra } from '../infra';
import { feature, job } from '../feature';
import type { InsightsApi } from '../insights';
import type { LibraryApi } from '../library';
import type { TelegramApi } from '../telegram';
import type { TikTokApi } from '../tiktok';
import { dataHandlers, exportDownload, type DataCommands, type DataDeps, type Dialogs } from './data-handlers';
import { DeleteEverything } from './delete-everything';
import { Retention, RETENTION_JOB } from './retention';

export interface DataApi {
  /** The handlers, refused while everything is being deleted. */
  guard(handlers: Handlers): Handlers;
  /** Work that does not come through the handlers (a browser upload), guarded as they are. */
  asCommand<T>(work: () => Promise<T>): Promise<T>;
  /** "Export everything" streamed to a download (a browser session of the host names no path). */
  exportTo(out: NodeJS.WritableStream, options: { includeMedia: boolean; actor: string }): Promise<{ bytes: number; entries: number }>;
}

export interface DataFeatureDeps {
  library: LibraryApi;
  tiktok: TikTokApi;
  telegram: TelegramApi;
  /** Insights' reader (the export's insights.json and CSV) and tables (retention thins their snapshots). */
  insights: InsightsApi;
  /** The desktop's own dialogs, where there is a desktop (where the window's export goes). */
  dialogs?: Dialogs;
  /** This process holds the data-folder lock; deleting everything needs it. */
  holdsDataFolder: boolean;
  /** Closes the whole core (deleting everything ends with it). */
  closeCore: () => Promise<void>;
}

export function createDataFeature(infra: Infra, deps: DataFeatureDeps) {
  const { dataDir, db, clock, audit, jobs } = infra;
  const onSourcesChanged = () => void deps.library.library.verifySources();
  const dataDeps: DataDeps = {
    dataDir,
    db,
    secretBackend: infra.secretBackend,
    version: infra.version,
    clock,
    audit,
    jobs,
    settings: () => infra.settings.get(),
    insights: () => deps.insights.reader.get({ series: true }),
    onSourcesChanged,
    dialogs: deps.dialogs,
  };
  const retention = new Retention({ dataDir, db, clock, audit, jobs, settings: () => infra.settings.get(), onSourcesChanged });
  const deleteEverything = new DeleteEverything({
    dataDir,
    db,
    holdsDataFolder: deps.holdsDataFolder,
    runsJobs: infra.runsJobs,
    jobs,
    accounts: deps.tiktok.accounts,
    telegram: deps.telegram.telegram,
    bus: infra.bus,
    closeCore: deps.closeCore,
  });
  return feature<DataCommands | 'data.deletePreview' | 'data.deleteEverything', DataApi>({
    handlers: {
      ...dataHandlers(dataDeps),
      'data.deletePreview': async () => deleteEverything.preview(),
      'data.deleteEverything': async ({ confirm }, ctx) => deleteEverything.run(confirm, callerName(ctx)),
    },
    jobs: [job(RETENTION_JOB, (ctx) => retention.run(ctx), { maxAttempts: 3 })],
    start: () => retention.enqueue(),
    api: {
      guard: (handlers) => deleteEverything.guard(handlers),
      asCommand: (work) => deleteEverything.asCommand(work),
      exportTo: (out, options) => deleteEverything.asCommand(() => exportDownload(dataDeps, out, options)),
    },
  });
}
