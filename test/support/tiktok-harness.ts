// The TikTok emulator and what tests need around it: the environment that points a core at
// it (credentials, API base, the fake browser), an account connected through the real
// consent flow, and TikTok-ready videos of any size.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Account } from '../../src-shared/tiktok/accounts';
import type { Core } from '../../src-main/core/create-core';
import { startTikTokEmulator, type TikTokEmulator } from '../emulators/tiktok';
import { waitFor } from './core-harness';
import { CLIENT_KEY, CLIENT_SECRET } from './tiktok-env';

// Plain helpers without vitest, for Playwright specs and the crash campaign too.
export { CLIENT_KEY, CLIENT_SECRET, DIRECT_SELF_ONLY, FAKE_BROWSER, tiktokEnv } from './tiktok-env';
export { readyVideo, sha256 } from './ready-video';

/** One emulator for a test file, reset (with an audited app and autoConsent) before each test. */
export function useTikTokEmulator(): () => TikTokEmulator {
  let emu: TikTokEmulator | undefined;
  beforeAll(async () => {
    emu = await startTikTokEmulator();
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(() => {
    const e = emu as TikTokEmulator;
    e.reset();
    e.addApp({ clientKey: CLIENT_KEY, clientSecret: CLIENT_SECRET, audited: true });
    e.state.autoConsent = true;
    // Tests run against real time; status is ready after one check.
    e.state.processingPolls = 1;
  });
  return () => emu as TikTokEmulator;
}

/** Connect through the real flow: consent page in the (fake) browser, loopback callback, token exchange. */
export async function connectAccount(core: Core): Promise<Account> {
  return core.handlers['accounts.connect']({});
}

/** Import a file and wait until the library calls it TikTok-ready as it is. */
export async function importReady(core: Core, file: string): Promise<string> {
  const result = await core.handlers['library.import']({ paths: [file] });
  const id = (result.added[0] ?? result.duplicates[0])?.id;
  if (!id) throw new Error(`import skipped ${file}: ${JSON.stringify(result.skipped)}`);
  await waitFor(() => core.library.get(id).state === 'ready', 30_000, 'the clip to be probed');
  const clip = core.library.get(id);
  if (clip.readiness?.verdict !== 'fits') throw new Error(`clip is not TikTok-ready: ${JSON.stringify(clip.readiness)}`);
  return id;
}
