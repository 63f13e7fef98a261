// The data folder holds the database, the key file that decrypts every saved secret and the
// creator's videos: only the creator's own account may list or read it. Every folder Clipdesk
// makes for data is created 0700 (rwx for the owner only) whatever the umask, and the data
// folder itself is tightened to 0700 when it already exists with looser permissions (an older
// Clipdesk created it with the default umask, usually 0755). On Windows, POSIX modes do not
// apply (Node ignores them); the folder inherits the ACL of the user's profile (docs/security.md).
import fs from 'node:fs';

/** rwx for the owner, nothing for the group or others. */
export const PRIVATE_DIR_MODE = 0o700;

/** mkdir options for a folder of Clipdesk's data: created (with any missing parents) 0700. */
export const PRIVATE_MKDIR = { recursive: true, mode: PRIVATE_DIR_MODE } as const;

export function createPrivateDir(dir: string): void {
  fs.mkdirSync(dir, PRIVATE_MKDIR);
}

export interface TightenResult {
  /** The permissions it had (e.g. 0o755) when they were looser than 0700 and were tightened; else null. */
  tightenedFrom: number | null;
}

/**
 * Makes the data folder (0700 when new) and takes group and other permissions off one that
 * exists with them. Clipdesk tightens rather than only warns: a folder that others can read
 * exposes the key file beside the database, and the data folder is Clipdesk's own.
 */
export function ensurePrivateDataDir(dir: string, platform: NodeJS.Platform = process.platform): TightenResult {
  createPrivateDir(dir);
  if (platform === 'win32') return { tightenedFrom: null };
  const mode = fs.statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return { tightenedFrom: null };
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
  return { tightenedFrom: mode };
}

/** "0755" */
export const octal = (mode: number): string => mode.toString(8).padStart(4, '0');
