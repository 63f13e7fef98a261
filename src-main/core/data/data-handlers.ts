// The creator's own data: what is stored where (data.summary), everything as one documented
// zip (data.export), and deleting a post with, if asked, its files (posts.delete).
import type { Handlers } from '../../../src-shared/contract';
import type { Settings } from '../../../src-shared/settings';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { JobRunner } from '../jobs/job-runner';
import type { Db } from '../store/database';
import { dataSummary } from './data-summary';
import { exportData } from './export';
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
  /** Told when a clip's uploaded source was deleted (the library marks it missing). */
  onSourcesChanged?: () => void;
}

export function dataHandlers(deps: DataDeps): Pick<Handlers, DataCommands> {
  return {
    'data.summary': async () => dataSummary(deps.dataDir, deps.db, deps.secretBackend),
    'data.export': async (input) => {
      const result = await exportData(deps, input);
      deps.audit.append({ actor: 'app', action: 'data.exported', subject: result.path, detail: `${result.entries} files, ${result.bytes} bytes${input.includeMedia ? ', with media' : ''}` });
      return result;
    },
    'posts.delete': async (input) => deletePost(deps, input),
  };
}
