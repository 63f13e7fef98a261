// The creator's own data: what is stored where (data.summary), everything as one documented
// zip (data.export), and deleting a post with, if asked, its files (posts.delete).
import type { Handlers } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import { callerName, callerOf, requireHostPaths } from '../caller';
import type { Insights } from '../../../src-shared/insights/insights';
import type { Settings } from '../../../src-shared/settings';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { JobRunner } from '../jobs/job-runner';
import type { Db } from '../store/database';
import { dataSummary } from './data-summary';
import { exportData, exportToStream } from './export';
import { deletePost } from './post-delete';

export type DataCommands = 'data.summary' | 'data.export' | 'posts.delete';

export interface DataDeps {
  dataDir: string;
  db: Db;
  secretBackend: string;
  version: string;
  clock: Clock;
  audit: AuditLog;
  jobs: JobRunner;
  settings: () => Settings;
  /** Insights with every snapshot, for the export. */
  insights?: () => Insights;
  /** Told when a clip's uploaded source was deleted (the library marks it missing). */
  onSourcesChanged?: () => void;
  /** The desktop's own dialogs (the main process's): where the window's export goes. */
  dialogs?: Dialogs;
}

/** Dialogs of the machine's desktop, shown by the shell; absent in the headless host and the CLI. */
export interface Dialogs {
  /** The path the person chose to save to (the dialog itself asks before replacing a file), or null if they cancelled. */
  chooseSavePath(options: { title: string; defaultName: string }): Promise<string | null>;
}

/** The name an export suggests: clipdesk-export-2026-12-07.zip. */
export function exportFileName(now: number): string {
  return `clipdesk-export-${new Date(now).toISOString().slice(0, 10)}.zip`;
}

function auditExport(deps: DataDeps, actor: string, subject: string, sent: { entries: number; bytes: number }, includeMedia: boolean): void {
  deps.audit.append({ actor, action: 'data.exported', subject, detail: `${sent.entries} files, ${sent.bytes} bytes${includeMedia ? ', with media' : ''}` });
}

/** "Export everything" streamed to a download (a browser session of the host, which names no path). */
export async function exportDownload(deps: DataDeps, out: NodeJS.WritableStream, options: { includeMedia: boolean; actor: string }): Promise<{ bytes: number; entries: number }> {
  const sent = await exportToStream(deps, { includeMedia: options.includeMedia }, out);
  auditExport(deps, options.actor, 'download', sent, options.includeMedia);
  return sent;
}

export function dataHandlers(deps: DataDeps): Pick<Handlers, DataCommands> {
  return {
    'data.summary': async () => dataSummary(deps.dataDir, deps.db, deps.secretBackend),
    'data.export': async (input, ctx) => {
      const { actor } = callerOf(ctx);
      requireHostPaths(ctx, 'export', 'use Download export: the zip goes to your browser’s downloads.');
      let outPath = input.outPath;
      let replace = input.replace === true;
      if (actor.kind === 'window') {
        // The window's path comes from the main process's save dialog, never from the page.
        if (outPath !== undefined) throw new AppError('BAD_INPUT', 'The desktop app chooses where the export goes with its save dialog; send no path.');
        if (!deps.dialogs) throw new AppError('UNAVAILABLE', 'This Clipdesk has no save dialog to ask where the export goes.');
        const chosen = await deps.dialogs.chooseSavePath({ title: 'Export everything', defaultName: exportFileName(deps.clock.now()) });
        if (chosen === null) throw new AppError('CANCELLED', 'The export was cancelled; nothing was written.');
        outPath = chosen;
        replace = true; // the dialog asked before replacing
      }
      if (outPath === undefined) throw new AppError('BAD_INPUT', 'Give the full path of the zip file to write (clipdesk export OUT.zip).');
      const result = await exportData(deps, { outPath, includeMedia: input.includeMedia, replace });
      auditExport(deps, callerName(ctx), result.path, result, input.includeMedia);
      return result;
    },
    'posts.delete': async (input, ctx) => deletePost(deps, input, callerName(ctx)),
  };
}
