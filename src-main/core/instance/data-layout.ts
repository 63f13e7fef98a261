// What Clipdesk itself keeps in its data folder, by name. "Delete everything" empties these
// entries and nothing else (the folder may also hold the creator's own files, or be the wrong
// folder altogether), and the modules that write into the folder take their names from here or
// from the constants below it is built of, so a new entry cannot be left off the list.
import { LOCK_FILE } from './data-lock';
import { LIBRARY_FOLDERS } from './library-paths';
import { KEY_FILE } from '../secrets/key-file-cipher';
import { DATABASE_FILE } from '../store/database';

/** The profile pictures of connected TikTok accounts. */
export const AVATARS_FOLDER = 'avatars';
/**
 * What is worth keeping between runs, such as the H.264 encoders that work on this machine. Not
 * "cache": on the desktop the data folder is also Chromium's profile, which has a "Cache" folder,
 * and macOS and Windows do not tell the two names apart.
 */
export const CACHE_FOLDER = 'encoder-cache';
/** Smaller copies and thumbnails of videos sent to Telegram for approval. */
export const TELEGRAM_MEDIA_FOLDER = 'telegram-media';
/** The desktop app told the creator once that closing the window leaves it in the tray. */
export const TRAY_NOTICE_FILE = '.tray-notice-shown';

/** The top-level entries of a data folder that are Clipdesk's. */
export const CLIPDESK_DATA_ENTRIES: ReadonlySet<string> = new Set([
  DATABASE_FILE,
  // SQLite's companions: the write-ahead log and its index, and a rollback journal.
  ...['-wal', '-shm', '-journal'].map((suffix) => `${DATABASE_FILE}${suffix}`),
  KEY_FILE,
  LOCK_FILE,
  TRAY_NOTICE_FILE,
  ...Object.values(LIBRARY_FOLDERS),
  AVATARS_FOLDER,
  CACHE_FOLDER,
  TELEGRAM_MEDIA_FOLDER,
]);

/**
 * Whether the top-level entry `name` is Clipdesk's: one of the list, or a temporary or set-aside
 * copy of the lock (`clipdesk.lock.<pid>.<random>.tmp`) that a crash in the middle of taking it
 * can leave behind.
 */
export function isClipdeskEntry(name: string): boolean {
  return CLIPDESK_DATA_ENTRIES.has(name) || name.startsWith(`${LOCK_FILE}.`);
}

/**
 * What Chromium keeps in the desktop app's data folder, which is also the window's browser
 * profile: not Clipdesk's to delete while the window runs (the desktop app clears it before it
 * starts afresh), and named as what it is rather than as a stranger's file.
 */
export const BROWSER_PROFILE_ENTRIES: ReadonlySet<string> = new Set([
  'Cache',
  'Code Cache',
  'GPUCache',
  'DawnCache',
  'DawnGraphiteCache',
  'DawnWebGPUCache',
  'Local Storage',
  'Session Storage',
  'IndexedDB',
  'Service Worker',
  'WebStorage',
  'blob_storage',
  'databases',
  'Network',
  'Cookies',
  'Cookies-journal',
  'Preferences',
  'Local State',
  'Shared Dictionary',
  'SharedStorage',
  'Trust Tokens',
  'Trust Tokens-journal',
  'TransportSecurity',
  'Crashpad',
  'Dictionaries',
  'SingletonLock',
  'SingletonCookie',
  'SingletonSocket',
  'lockfile',
]);
