// Files Clipdesk may delete on the creator's behalf (deleting a post, the retention rule):
// only files inside the data folder, never the creator's own videos imported by path.
import fs from 'node:fs';
import path from 'node:path';

/** The real path of `p`, following links of its nearest existing ancestor (`p` itself may not exist). */
export function realish(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let dir = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync(dir), ...rest.reverse());
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return abs;
      rest.push(path.basename(dir));
      dir = parent;
    }
  }
}

/** Whether `child` is `parent` or inside it (links resolved). */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(realish(parent), realish(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Deletes `file` when it is a file inside `dataDir` (and strictly inside, never the folder
 * itself). True when a file was deleted; false when it was absent or outside.
 */
export function deleteDataFile(dataDir: string, file: string | null | undefined): boolean {
  if (!file) return false;
  if (!isInside(file, dataDir) || realish(file) === realish(dataDir)) return false;
  try {
    if (!fs.lstatSync(file).isFile()) return false;
    fs.rmSync(file, { force: true });
    return true;
  } catch {
    return false;
  }
}

export interface EmptiedFolder {
  filesDeleted: number;
  notDeleted: Array<{ path: string; reason: string }>;
}

function whyNot(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'this user may not delete it';
  if (code === 'EBUSY') return 'another program has it open';
  return err instanceof Error ? err.message : String(err);
}

/**
 * Deletes every entry inside `dir` (files, folders, links — a link is removed, never followed,
 * so nothing outside is touched) and leaves `dir` itself, empty. Goes on past what it cannot
 * delete and names each such entry, with why.
 */
export function emptyFolder(dir: string): EmptiedFolder {
  const result: EmptiedFolder = { filesDeleted: 0, notDeleted: [] };
  const failed = (p: string, err: unknown): void => {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') result.notDeleted.push({ path: p, reason: whyNot(err) });
  };
  /** True when `d` is empty afterwards. */
  const empty = (d: string): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (err) {
      failed(d, err);
      return (err as NodeJS.ErrnoException).code === 'ENOENT';
    }
    let left = 0;
    for (const e of entries) {
      const p = path.join(d, e.name);
      try {
        if (e.isDirectory()) {
          if (empty(p)) fs.rmdirSync(p);
          else left++;
        } else {
          fs.unlinkSync(p);
          result.filesDeleted++;
        }
      } catch (err) {
        failed(p, err);
        left++;
      }
    }
    return left === 0;
  };
  empty(dir);
  return result;
}
