// The data-folder lock: one Clipdesk per folder, a lock that says how to reach its holder, and
// a stale lock (its process gone) taken over rather than blocking the creator forever.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { LOCK_FILE, acquireLock, isProcessAlive, lockPath, readLock, type LockInfo } from '../../src-main/core/instance/data-lock';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-lock-');

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  expect(child.status).toBe(0);
  expect(isProcessAlive(child.pid!)).toBe(false);
  return child.pid!;
}

function catchAppError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a throw');
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('data-folder lock', () => {
  it('is taken by the first starter and records who holds it', () => {
    const dir = tempDir();
    const lock = acquireLock(dir, 'serve', '1.2.3');
    try {
      expect(lock.file).toBe(lockPath(dir));
      expect(lock.info).toMatchObject({ pid: process.pid, kind: 'serve', version: '1.2.3' });
      expect(readLock(dir)).toEqual(lock.info);
      // Nothing but the lock is left behind (no temp files from the atomic create).
      expect(fs.readdirSync(dir)).toEqual([LOCK_FILE]);
    } finally {
      lock.release();
    }
  });

  it('writes the lock file readable only by its owner, before and after publish', () => {
    const dir = tempDir();
    const lock = acquireLock(dir, 'desktop', '1.0.0');
    try {
      expect(mode(lock.file)).toBe(0o600);
      lock.publish({ api: { url: 'ws://127.0.0.1:1234/api', token: 't0k3n' } });
      expect(mode(lock.file)).toBe(0o600);
    } finally {
      lock.release();
    }
  });

  it('refuses a second acquire with LOCKED and a message naming the holder', () => {
    const dir = tempDir();
    const lock = acquireLock(dir, 'serve', '1.0.0');
    try {
      lock.publish({ uiUrl: 'http://127.0.0.1:4321/?token=sekrit-token-value' });
      const before = fs.readFileSync(lock.file, 'utf8');
      const err = catchAppError(() => acquireLock(dir, 'desktop', '1.0.0'));
      expect(err.code).toBe('LOCKED');
      expect(err.message).toContain(`process ${process.pid}`);
      expect(err.message).toContain('clipdesk serve');
      expect(err.message).toContain('http://127.0.0.1:4321/');
      expect(err.message).toContain(dir);
      // The holder's access token is not handed to whoever tried to start.
      expect(err.message).not.toContain('sekrit-token-value');
      // The holder's lock is untouched.
      expect(fs.readFileSync(lock.file, 'utf8')).toBe(before);
    } finally {
      lock.release();
    }
  });

  it('names the desktop app when the desktop app holds it', () => {
    const dir = tempDir();
    const lock = acquireLock(dir, 'desktop', '1.0.0');
    try {
      expect(catchAppError(() => acquireLock(dir, 'serve', '1.0.0')).message).toMatch(/desktop app/);
    } finally {
      lock.release();
    }
  });

  it('takes over a stale lock whose process has exited', () => {
    const dir = tempDir();
    const stale: LockInfo = { pid: deadPid(), kind: 'serve', startedAt: '2024-01-01T00:00:00.000Z', version: '0.9.0', uiUrl: 'http://127.0.0.1:1/' };
    fs.writeFileSync(lockPath(dir), JSON.stringify(stale), { mode: 0o600 });
    expect(readLock(dir)).toBeNull();

    const lock = acquireLock(dir, 'desktop', '1.0.0');
    try {
      expect(lock.info.pid).toBe(process.pid);
      const onDisk = JSON.parse(fs.readFileSync(lockPath(dir), 'utf8')) as LockInfo;
      expect(onDisk).toMatchObject({ pid: process.pid, kind: 'desktop', version: '1.0.0' });
      expect(onDisk.uiUrl).toBeUndefined();
      expect(readLock(dir)).toEqual(lock.info);
    } finally {
      lock.release();
    }
  });

  it('does not delete the lock of a starter that took over the same stale lock a moment earlier', () => {
    const dir = tempDir();
    const file = lockPath(dir);
    fs.writeFileSync(file, JSON.stringify({ pid: deadPid(), kind: 'serve', startedAt: '2024-01-01T00:00:00.000Z', version: '0.9.0' }));
    // The other starter (a live process) wins the race right after we read the stale lock.
    const winner: LockInfo = { pid: process.ppid, kind: 'desktop', startedAt: new Date().toISOString(), version: '1.0.0' };
    const realRead = fs.readFileSync;
    let raced = false;
    const spy = vi.spyOn(fs, 'readFileSync').mockImplementation(((...args: Parameters<typeof fs.readFileSync>) => {
      const result = realRead(...args);
      if (!raced && args[0] === file) {
        raced = true;
        fs.writeFileSync(`${file}.winner`, JSON.stringify(winner));
        fs.renameSync(`${file}.winner`, file);
      }
      return result;
    }) as typeof fs.readFileSync);
    let err: AppError;
    try {
      err = catchAppError(() => acquireLock(dir, 'serve', '1.0.0'));
    } finally {
      spy.mockRestore();
    }
    expect(raced).toBe(true);
    expect(err.code).toBe('LOCKED');
    expect(err.message).toContain(`process ${process.ppid}`);
    expect(readLock(dir)).toEqual(winner);
    expect(fs.readdirSync(dir)).toEqual([LOCK_FILE]);
  });

  it('takes over a lock file that is not valid JSON (a crash mid-write of an older version)', () => {
    const dir = tempDir();
    fs.writeFileSync(lockPath(dir), '{"pid": 12');
    expect(readLock(dir)).toBeNull();
    const lock = acquireLock(dir, 'serve', '1.0.0');
    expect(readLock(dir)?.pid).toBe(process.pid);
    lock.release();
  });

  it('publishes how to reach the holder, readable by readLock', () => {
    const dir = tempDir();
    const lock = acquireLock(dir, 'serve', '2.0.0');
    try {
      const startedAt = lock.info.startedAt;
      lock.publish({ api: { url: 'ws://127.0.0.1:5555/api', token: 'abc' }, uiUrl: 'http://127.0.0.1:5555/?token=abc' });
      const read = readLock(dir);
      expect(read).toEqual({
        pid: process.pid,
        kind: 'serve',
        version: '2.0.0',
        startedAt,
        api: { url: 'ws://127.0.0.1:5555/api', token: 'abc' },
        uiUrl: 'http://127.0.0.1:5555/?token=abc',
      });
      expect(lock.info).toEqual(read);
      // Published twice: the latest wins, and no temp file is left behind.
      lock.publish({ uiUrl: 'http://127.0.0.1:6666/' });
      expect(readLock(dir)?.uiUrl).toBe('http://127.0.0.1:6666/');
      expect(readLock(dir)?.api?.url).toBe('ws://127.0.0.1:5555/api');
      expect(fs.readdirSync(dir)).toEqual([LOCK_FILE]);
    } finally {
      lock.release();
    }
  });

  it('releases its own lock so the next starter can take it', () => {
    const dir = tempDir();
    const lock = acquireLock(dir, 'serve', '1.0.0');
    lock.release();
    expect(fs.existsSync(lockPath(dir))).toBe(false);
    expect(readLock(dir)).toBeNull();
    lock.release(); // twice is harmless
    const next = acquireLock(dir, 'desktop', '1.0.0');
    expect(readLock(dir)?.kind).toBe('desktop');
    next.release();
  });

  it('never removes a lock that another process holds now', () => {
    const dir = tempDir();
    const lock = acquireLock(dir, 'serve', '1.0.0');
    // Meanwhile another (live) process took the folder over, e.g. after judging us stale.
    const theirs: LockInfo = { pid: process.ppid, kind: 'desktop', startedAt: new Date().toISOString(), version: '1.0.0' };
    fs.writeFileSync(lockPath(dir), JSON.stringify(theirs));
    lock.release();
    expect(fs.existsSync(lockPath(dir))).toBe(true);
    expect(readLock(dir)).toEqual(theirs);
  });

  it('reads no holder when there is no lock', () => {
    expect(readLock(tempDir())).toBeNull();
  });
});
