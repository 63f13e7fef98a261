// The creator's own data: what is stored where, export, deleting a post. Export and deleting a
// post are being built (issue 6) and answer NOT_BUILT until then.
import { AppError } from '../../../src-shared/errors';
import type { Handlers } from '../../../src-shared/contract';
import type { Db } from '../store/database';
import { dataSummary } from './data-summary';

export type DataCommands = 'data.summary' | 'data.export' | 'posts.delete';

export interface DataDeps {
  dataDir: string;
  db: Db;
  secretBackend: string;
}

export function dataHandlers(deps: DataDeps): Pick<Handlers, DataCommands> {
  const notYet = async (): Promise<never> => {
    throw new AppError('NOT_BUILT', 'Exporting your data and deleting posts are not built yet.');
  };
  return {
    'data.summary': async () => dataSummary(deps.dataDir, deps.db, deps.secretBackend),
    'data.export': notYet,
    'posts.delete': notYet,
  };
}
