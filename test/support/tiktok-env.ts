// How a Clipdesk (a core, or a `clipdesk serve` child) is pointed at the TikTok emulator: the test
// app's credentials, the API base, and the fake browser that follows the consent page. No
// vitest here: Playwright specs and the crash campaign (test/chaos) use it too.
import path from 'node:path';
import type { TikTokEmulator } from '../emulators/tiktok';

export const CLIENT_KEY = 'clipdesk-test-app';
export const CLIENT_SECRET = 'test-client-secret-0123456789';
export const FAKE_BROWSER = path.resolve(import.meta.dirname, 'fake-browser.mjs');

export function tiktokEnv(emu: TikTokEmulator, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CLIPDESK_TIKTOK_AUTH_URL: emu.authorizeUrl,
    CLIPDESK_TIKTOK_API_BASE: emu.apiBase,
    CLIPDESK_TIKTOK_CLIENT_KEY: CLIENT_KEY,
    CLIPDESK_TIKTOK_CLIENT_SECRET: CLIENT_SECRET,
    // The emulator's test app has every product, Display API included.
    CLIPDESK_TIKTOK_DISPLAY_API: '1',
    BROWSER: `${process.execPath} ${FAKE_BROWSER}`,
    ...extra,
  };
}

export const DIRECT_SELF_ONLY = {
  mode: 'direct' as const,
  privacy: 'SELF_ONLY' as const,
  allowComment: false,
  allowDuet: false,
  allowStitch: false,
  brandOrganic: false,
  brandContent: false,
  coverTimestampMs: null,
};
