// The TikTok emulator and what tests need around it: the environment that points a core at
// it (credentials, API base, the fake browser), an account connected through the real
// consent flow, and TikTok-ready videos of any size.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Account } from '../../src-shared/tiktok/accounts';
import type { Core } from '../../src-main/core/create-core';
import { startTikTokEmulator, type TikTokEmulator } from '../emulators/tiktok';
import { makeClip } from './media-fixtures';
import { waitFor } from './core-harness';

export const CLIENT_KEY = 'clipdesk-test-app';
export const CLIENT_SECRET = 'test-client-secret-0123456789';
export const FAKE_BROWSER = path.resolve(import.meta.dirname, 'fake-browser.mjs');

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

export function tiktokEnv(emu: TikTokEmulator, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CLIPDESK_TIKTOK_AUTH_URL: emu.authorizeUrl,
    CLIPDESK_TIKTOK_API_BASE: emu.apiBase,
    CLIPDESK_TIKTOK_CLIENT_KEY: CLIENT_KEY,
    CLIPDESK_TIKTOK_CLIENT_SECRET: CLIENT_SECRET,
    BROWSER: `${process.execPath} ${FAKE_BROWSER}`,
    ...extra,
  };
}

/** Connect through the real flow: consent page in the (fake) browser, loopback callback, token exchange. */
export async function connectAccount(core: Core): Promise<Account> {
  const start = await core.handlers['accounts.connect']({});
  return core.handlers['accounts.connectWait']({ flowId: start.flowId });
}

/**
 * A TikTok-ready MP4 (1080×1920 H.264/AAC, faststart) of exactly `bytes` bytes (at least the
 * encoded clip's size): random bytes in trailing `free` boxes, which players and ffprobe skip
 * — a large upload without encoding a large video.
 */
export function readyVideo(dir: string, bytes?: number, name = 'ready.mp4'): string {
  const base = makeClip({ width: 1080, height: 1920, durationSec: 2, audio: true });
  const file = path.join(dir, name);
  fs.copyFileSync(base, file);
  const baseSize = fs.statSync(file).size;
  let missing = (bytes ?? baseSize) - baseSize;
  if (missing < 0) throw new Error(`readyVideo: the clip alone is ${baseSize} bytes`);
  const fd = fs.openSync(file, 'a');
  try {
    while (missing > 0) {
      const box = Math.min(missing, 256 * 1024 * 1024);
      if (box < 8) throw new Error('readyVideo: padding must be 0 or at least 8 bytes');
      const header = Buffer.alloc(8);
      header.writeUInt32BE(box, 0);
      header.write('free', 4, 'ascii');
      fs.writeSync(fd, header);
      let left = box - 8;
      while (left > 0) {
        const block = crypto.randomBytes(Math.min(left, 4 * 1024 * 1024));
        fs.writeSync(fd, block);
        left -= block.length;
      }
      missing -= box;
    }
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

export const sha256 = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

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
