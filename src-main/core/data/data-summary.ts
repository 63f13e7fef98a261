// Settings → My data: what Clipdesk stores on this computer and where, in plain words, with
// counts and sizes read from the database and the data folder. Never a secret's value.
import fs from 'node:fs';
import path from 'node:path';
import type { DataItem, DataSummary } from '../../../src-shared/data/data-summary';
import { libraryPaths } from '../instance/library-paths';
import { DATABASE_FILE, type Db } from '../store/database';
import { AVATARS_FOLDER, TELEGRAM_MEDIA_FOLDER } from '../instance/data-layout';

/** Total size and number of files under `dir` (0/0 when it does not exist). */
export function folderSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files += 1;
        try {
          bytes += fs.statSync(p).size;
        } catch {
          // gone meanwhile
        }
      }
    }
  };
  walk(dir);
  return { bytes, files };
}

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

export function dataSummary(dataDir: string, db: Db, secretBackend: string): DataSummary {
  const lib = libraryPaths(dataDir);
  const dbBytes = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`].reduce((n, f) => {
    try {
      return n + fs.statSync(path.join(dataDir, f)).size;
    } catch {
      return n;
    }
  }, 0);
  const folder = (id: string, label: string, description: string, dir: string, n: number | null = null): DataItem => {
    const size = folderSize(dir);
    return { id, label, description, path: dir, count: n ?? size.files, bytes: size.bytes };
  };
  const items: DataItem[] = [
    {
      id: 'database',
      label: 'Database',
      description: `Your library (${count(db, 'SELECT COUNT(*) AS n FROM clips')} clips), posts (${count(db, 'SELECT COUNT(*) AS n FROM posts')}), approvals, settings, the activity log (${count(db, 'SELECT COUNT(*) AS n FROM audit_entries')} entries) and encrypted secrets.`,
      path: path.join(dataDir, DATABASE_FILE),
      count: null,
      bytes: dbBytes,
    },
    folder('renders', 'Rendered videos', 'TikTok-ready videos Clipdesk rendered from your clips.', lib.renders),
    folder('thumbnails', 'Thumbnails', 'A picture of each clip, for the library.', lib.thumbnails),
    folder('uploads', 'Uploaded clips', 'Clips a browser uploaded to Clipdesk running headless (clips you imported by path stay where they are and are not copied).', lib.uploads),
    folder('assets', 'Your images', 'Images you uploaded for watermarks.', lib.assets),
    folder('avatars', 'Account pictures', 'The profile pictures of your connected TikTok accounts.', path.join(dataDir, AVATARS_FOLDER)),
    folder('telegram-media', 'Telegram previews', 'Smaller copies and thumbnails of videos sent to Telegram for approval.', path.join(dataDir, TELEGRAM_MEDIA_FOLDER)),
  ];
  const names = (db.prepare('SELECT name FROM secrets ORDER BY name').all() as { name: string }[]).map((r) => r.name.replace(/^tiktok\.upload\..*/, 'tiktok.upload (a pending upload link)'));
  return { dataDir, items, secrets: { backend: secretBackend, names: [...new Set(names)] } };
}
