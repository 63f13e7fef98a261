// Opens the creator's database: WAL, foreign keys, migrations applied forward in one
// transaction each. A database written by a newer Clipdesk, or one that is not a database,
// is refused with a clear error and left exactly as it was.
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../src-shared/errors';
import { foldText } from '../../../src-shared/posts/post-search';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';
import { createPrivateDir } from '../instance/private-dir';

export type Db = Database.Database;

export const DATABASE_FILE = 'clipdesk.sqlite';

export interface OpenOptions {
  /** Stop after this many migrations (tests build old databases with it). */
  upTo?: number;
  /** better-sqlite3 native binding to load (the Electron build, see scripts/native-for-electron.js). */
  nativeBinding?: string;
  migrations?: readonly Migration[];
}

export function openDatabase(dataDir: string, options: OpenOptions = {}): Db {
  const file = path.join(dataDir, DATABASE_FILE);
  const migrations = options.migrations ?? MIGRATIONS;
  const target = options.upTo ?? migrations.length;
  createPrivateDir(dataDir);

  let db: Db;
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (err) {
    throw corrupt(file, err);
  }
  try {
    // Reading the version is the first thing that touches the file's content: a file that is
    // not SQLite fails here, before any pragma could write to it.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > migrations.length) {
      throw new AppError(
        'STORE_NEWER',
        `The database in ${dataDir} was written by a newer version of Clipdesk (schema ${version}; this version knows up to ${migrations.length}). ` +
          'Install the newer Clipdesk again, or point Clipdesk at another data folder with --data or CLIPDESK_DATA_DIR. The file was not changed.',
      );
    }
    const integrity = db.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') throw corrupt(file, new Error(String(integrity)));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // Search compares folded text (Unicode case and normalisation; SQLite's LIKE folds ASCII only).
    db.function('clipdesk_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldText(text) : text));
    migrate(db, file, version, target, migrations);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    throw corrupt(file, err);
  }
}

function migrate(db: Db, file: string, from: number, to: number, migrations: readonly Migration[]): void {
  for (const m of migrations) {
    if (m.version <= from || m.version > to) continue;
    // Rebuilding a table others reference (SQLite cannot drop a constraint in place) needs
    // foreign keys off, or dropping the old table would cascade; the pragma has no effect inside
    // a transaction, so it is set around it, and every reference is checked before the commit.
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length) throw new Error(`${broken.length} rows would no longer match what they refer to`);
        }
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (err) {
      // Not corruption: the file is readable and earlier migrations may already have been
      // committed, so "left untouched, move it aside to start fresh" would be false and would
      // send the creator to throw away good data. Say what happened instead.
      const why = err instanceof Error ? err.message : String(err);
      const at = db.pragma('user_version', { simple: true }) as number;
      throw new AppError(
        'INTERNAL',
        `Clipdesk could not upgrade its database ${file} to schema ${m.version} (${m.name}): ${why}. ` +
          `That step was rolled back; the database is intact at schema ${at}. Keep it, and report this to the Clipdesk developers.`,
      );
    } finally {
      if (m.rebuildsTables) db.pragma('foreign_keys = ON');
    }
  }
}

function corrupt(file: string, err: unknown): AppError {
  const why = err instanceof Error ? err.message : String(err);
  return new AppError(
    'STORE_CORRUPT',
    `Clipdesk cannot read its database ${file} (${why}). It was left untouched: move it aside to start fresh, or restore it from a backup.`,
  );
}

export { SCHEMA_VERSION };
