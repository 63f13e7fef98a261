// The only door from Clipdesk to the system browser. `shell.openExternal` runs whatever
// protocol handler the OS has for a URL (docs/platforms.md, Electron §2.1 #15), so only https
// links to the services Clipdesk works with get through: TikTok (Login Kit, the developer
// portal), Telegram (chats, BotFather docs) and GitHub (the project). Everything else is
// refused.
import { AppError } from '../../src-shared/errors';
import { originOf } from './app-origin';

/** Exact host names; a subdomain is a different host and is not implied. */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'tiktok.com',
  'www.tiktok.com',
  'developers.tiktok.com',
  't.me',
  'telegram.org',
  'core.telegram.org',
  'github.com',
]);

/**
 * `extraOrigins`: exact origins allowed besides the list — the emulator's authorize page when
 * CLIPDESK_TIKTOK_AUTH_URL points at one (plain http on loopback), and nothing else.
 */
export function isAllowedExternal(url: unknown, extraOrigins: readonly string[] = []): boolean {
  if (typeof url !== 'string' || url.length > 8192) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (extraOrigins.includes(parsed.origin) && !parsed.username && !parsed.password) return true;
  if (parsed.protocol !== 'https:') return false;
  // Credentials in a link (https://github.com@evil.example) are a phishing shape; the URL
  // parser already puts the real host in `hostname`, but refuse them outright.
  if (parsed.username || parsed.password) return false;
  // A non-default port means some other server on that host.
  if (parsed.port !== '') return false;
  return EXTERNAL_HOSTS.has(parsed.hostname);
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

/**
 * The `openExternal` handed to the core and to the window policy. A refusal is reported by
 * origin only: the rest of a link (an OAuth query, a token) is not for the log.
 */
export function createOpenExternal(
  shell: ShellLike,
  onRefused?: (origin: string) => void,
  extraOrigins: readonly string[] = [],
): (url: string) => Promise<void> {
  return async (url) => {
    if (!isAllowedExternal(url, extraOrigins)) {
      onRefused?.(originOf(url) ?? 'an unreadable link');
      throw new AppError('FORBIDDEN', 'Clipdesk only opens https links to TikTok, Telegram and GitHub in your browser.');
    }
    await shell.openExternal(url);
  };
}
