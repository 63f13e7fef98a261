// One process per data folder runs the jobs, the scheduler and the Telegram poller. The lock
// is a file created atomically (hard link of a fully written temp file, which fails if the
// lock exists) that also says how to reach its holder: the CLI reads it to hand commands to
// the running instance. A lock whose process is gone is stale and taken over.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { createPrivateDir } from './private-dir';

export const LOCK_FILE = 'clipdesk.lock';

export interface LockInfo {
  pid: number;
  kind: 'desktop' | 'serve' | 'cli';
  startedAt: string;
  version: string;
  /** The local API (WebSocket) of the holder, once it listens; over wss, the certificate's SHA-256 fingerprint to pin. */
  api?: { url: string; token: string; fingerprint256?: string };
  /** The UI address a person opens (headless host only). */
  uiUrl?: string;
}

export interface DataLock {
  readonly file: string;
  readonly info: LockInfo;
  /** Record how to reach this instance (rewrites the lock file atomically). */
  publish(extra: Pick<LockInfo, 'api' | 'uiUrl'>): void;
  release(): void;
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, LOCK_FILE);
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The live holder of the lock, or null (no lock, or a stale one). */
export function readLock(dataDir: string): LockInfo | null {
  return liveHolder(readText(lockPath(dataDir)));
}

function liveHolder(text: string | null): LockInfo | null {
  if (text === null) return null;
  try {
    const info = JSON.parse(text) as LockInfo;
    if (typeof info.pid !== 'number') return null;
    return isProcessAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

function writeExclusive(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Remove the stale lock whose content was `seen` — and only that one. A plain rm here would
 * race: between our read and the rm, another starter may have taken the stale lock over and
 * written its own live one, which the rm would delete, leaving two instances (two schedulers
 * publishing the same posts). So move the file aside atomically, and if what was moved is not
 * what we judged stale, put it back for the next round to report as the holder.
 */
function removeStale(file: string, seen: string | null): void {
  const aside = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    if (readText(aside) !== seen) {
      try {
        fs.linkSync(aside, file);
      } catch {
        // A third starter created a lock in the instant the file was aside; it is the holder
        // now. (Closing even that window would take OS locks; three starters at once is rare.)
      }
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

function describeHolder(info: LockInfo, dataDir: string): string {
  const what = info.kind === 'desktop' ? 'the Clipdesk desktop app' : info.kind === 'cli' ? 'a `clipdesk` command (post, accounts or delete-everything)' : '`clipdesk serve`';
  const where = info.uiUrl ? ` at ${info.uiUrl.split('?')[0]}` : '';
  return `Clipdesk is already running for ${dataDir}: ${what} (process ${info.pid})${where}. Stop it first, or use another data folder with --data.`;
}

export function acquireLock(dataDir: string, kind: LockInfo['kind'], version: string): DataLock {
  createPrivateDir(dataDir);
  const file = lockPath(dataDir);
  let info: LockInfo = { pid: process.pid, kind, startedAt: new Date().toISOString(), version };

  for (let attempt = 0; attempt < 3; attempt++) {
    if (writeExclusive(file, JSON.stringify(info))) {
      let held = true;
      return {
        file,
        get info() {
          return info;
        },
        publish(extra) {
          info = { ...info, ...extra };
          const tmp = `${file}.${process.pid}.pub.tmp`;
          fs.writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
          fs.renameSync(tmp, file);
        },
        release() {
          if (!held) return;
          held = false;
          try {
            const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
            if (current.pid === process.pid) fs.rmSync(file, { force: true });
          } catch {
            // already gone
          }
        },
      };
    }
    const seen = readText(file);
    const holder = liveHolder(seen);
    if (holder) throw new AppError('LOCKED', describeHolder(holder, dataDir));
    // Stale: its process is gone. Remove it and try again (another starter may win the race,
    // in which case the next round reports it as the holder).
    removeStale(file, seen);
  }
  throw new AppError('LOCKED', `Could not take the lock ${file}; another Clipdesk keeps starting. Try again.`);
}
