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

/**
 * A file's or folder's identity (device and inode, links followed), or null when it is not
 * there: the same thing however its path is spelled (letter case, links, short names).
 */
export function fileIdentity(file: string): string | null {
  try {
    const st = fs.statSync(file, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
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
