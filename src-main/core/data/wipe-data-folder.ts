// "Delete everything" on disk. The data folder may hold more than Clipdesk's files (the creator
// keeps videos beside them, or `--data` named the wrong folder), so only the entries data-layout
// names as Clipdesk's are deleted; anything else is left exactly as it was and reported. Inside
// Clipdesk's own folders everything goes, except a video the creator imported by path from there:
// Clipdesk only pointed at it. A link is removed, never followed, so nothing outside is touched.
import fs from 'node:fs';
import path from 'node:path';
import { KEPT_REASON, type KeptEntry } from '../../../src-shared/data/delete-everything';
import { fileIdentity, isInside } from '../instance/data-files';
import { BROWSER_PROFILE_ENTRIES, isClipdeskEntry } from '../instance/data-layout';

export interface WipedFolder {
  filesDeleted: number;
  /** What should have gone but could not be deleted, with why. */
  notDeleted: Array<{ path: string; reason: string }>;
  kept: KeptEntry[];
}

/**
 * What a wipe of `dataDir` leaves, with why: each top-level entry that is not Clipdesk's, and
 * each of `ownVideos` (sources of clips imported by path) that lies in the folder. The
 * confirmation shows this list before the wipe, and the wipe reports it after.
 */
export function keptByWipe(dataDir: string, ownVideos: readonly string[]): KeptEntry[] {
  const videos = ownVideos.filter((v) => exists(v) && isInside(v, dataDir)).map((v) => path.resolve(v));
  const others = topLevel(dataDir)
    .filter((e) => !isClipdeskEntry(e.name))
    .map((e) => path.join(dataDir, e.name))
    .filter((p) => !videos.includes(path.resolve(p)));
  return [
    ...others.map((p) => ({ path: p, reason: BROWSER_PROFILE_ENTRIES.has(path.basename(p)) ? KEPT_REASON.browserData : KEPT_REASON.notClipdesks })),
    ...videos.map((p) => ({ path: p, reason: KEPT_REASON.ownVideo })),
  ].sort((a, b) => (a.path < b.path ? -1 : 1)); // the same order whatever the locale
}

/** Deletes Clipdesk's entries of `dataDir` (not the folder itself); goes on past what it cannot delete and names it. */
export function wipeDataFolder(dataDir: string, ownVideos: readonly string[]): WipedFolder {
  const result: WipedFolder = { filesDeleted: 0, notDeleted: [], kept: keptByWipe(dataDir, ownVideos) };
  // The creator's videos are recognised by the file itself (device and inode), not by its name:
  // a path typed as …\Renders\… on a disk that does not tell case apart is still the same file.
  const spared = new Set(ownVideos.map(fileIdentity).filter((id): id is string => id !== null));
  const failed = (p: string, err: unknown): void => {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') result.notDeleted.push({ path: p, reason: whyNot(err) });
  };
  /** Deletes `p`; true when it is gone. */
  const remove = (p: string, isDirectory: boolean): boolean => {
    try {
      if (!isDirectory) {
        const st = fs.lstatSync(p, { bigint: true });
        if (spared.has(`${st.dev}:${st.ino}`)) return false;
        // A link goes, never followed; what it pointed to is named, so "deleted" claims no more than it did.
        if (st.isSymbolicLink()) result.kept.push({ path: path.resolve(path.dirname(p), fs.readlinkSync(p)), reason: KEPT_REASON.linkTarget });
        fs.unlinkSync(p);
        result.filesDeleted++;
        return true;
      }
      let left = 0;
      for (const e of fs.readdirSync(p, { withFileTypes: true })) if (!remove(path.join(p, e.name), e.isDirectory())) left++;
      if (left === 0) fs.rmdirSync(p);
      return left === 0;
    } catch (err) {
      failed(p, err);
      return (err as NodeJS.ErrnoException).code === 'ENOENT';
    }
  };
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dataDir, { withFileTypes: true });
  } catch (err) {
    failed(dataDir, err);
    return result;
  }
  for (const e of entries) if (isClipdeskEntry(e.name)) remove(path.join(dataDir, e.name), e.isDirectory());
  return result;
}

/**
 * What a wipe of `dataDir` would delete, counted without deleting: the files in Clipdesk's
 * entries (links counted as the links they are) and their size, and which entries are there —
 * so the confirmation can name them, in case `dataDir` is not the folder the creator thinks.
 */
export function wipeSize(dataDir: string, ownVideos: readonly string[]): { files: number; bytes: number; entries: string[] } {
  const spared = new Set(ownVideos.map(fileIdentity).filter((id): id is string => id !== null));
  const size = { files: 0, bytes: 0, entries: [] as string[] };
  const walk = (p: string): void => {
    let st: fs.BigIntStats;
    try {
      st = fs.lstatSync(p, { bigint: true });
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of topLevel(p).map((e) => e.name)) walk(path.join(p, name));
    } else if (!spared.has(`${st.dev}:${st.ino}`)) {
      size.files++;
      size.bytes += Number(st.size);
    }
  };
  for (const e of topLevel(dataDir)) {
    if (!isClipdeskEntry(e.name)) continue;
    size.entries.push(e.name);
    walk(path.join(dataDir, e.name));
  }
  size.entries.sort();
  return size;
}

function topLevel(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function whyNot(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'this user may not delete it';
  if (code === 'EBUSY') return 'another program has it open';
  return err instanceof Error ? err.message : String(err);
}
