// The Telegram emulator for a test file (reset before each test, with one bot and two people),
// the environment that points Clipdesk at it, and pairing through the real flow: the app makes
// a link, the person opens it on their "phone" (the emulator), the bot pairs them.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator } from '../emulators/telegram/index';
import type { Approver } from '../../src-shared/telegram/telegram';
import type { Core } from '../../src-main/core/create-core';
import { waitFor } from './core-harness';

export const BOT_TOKEN = '7000000001:AAH-test-token-abcdefghijklmnopqrstuv';
export const BOT_USERNAME = 'clipdesk_test_bot';
export const ANN = { id: 501, firstName: 'Ann', username: 'ann' };
export const BOB = { id: 502, firstName: 'Bob', username: 'bob' };
export const STRANGER = { id: 666, firstName: 'Mallory', username: 'mallory' };

export function useTelegramEmulator(): () => TelegramEmulator {
  let emu: TelegramEmulator | undefined;
  beforeAll(async () => {
    emu = await startTelegramEmulator();
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(() => {
    const e = emu as TelegramEmulator;
    e.reset();
    e.addBot({ token: BOT_TOKEN, username: BOT_USERNAME, firstName: 'Clipdesk Test' });
    for (const u of [ANN, BOB, STRANGER]) e.addUser(u);
  });
  return () => emu as TelegramEmulator;
}

export function telegramEnv(emu: TelegramEmulator, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { CLIPDESK_TELEGRAM_API_ROOT: emu.url, ...extra };
}

/** Fast pacing for tests: the poller's backoff and failed sends' retries. */
export const FAST_TELEGRAM = { telegramBackoffMs: () => 50, telegramRetryDelayMs: () => 100 } as const;

/** Save the bot token and wait until the bot listens. */
export async function setUpBot(core: Core): Promise<void> {
  await core.handlers['telegram.setup']({ token: BOT_TOKEN });
  await waitFor(() => core.telegram.status().state === 'running', 10_000, 'the bot to listen');
}

/** Pair a person's private chat through the deep link, as they would. */
export async function pair(core: Core, emu: TelegramEmulator, person: { id: number }): Promise<Approver> {
  const start = await core.handlers['telegram.pair.start']({});
  const code = new URL(start.link).searchParams.get('start') ?? '';
  const waiting = core.handlers['telegram.pair.wait']({ pairingId: start.pairingId });
  emu.openStartLink(BOT_TOKEN, { from: person.id, payload: code });
  return waiting;
}

/** The bot's messages in a chat, newest last. */
export function chat(emu: TelegramEmulator, chatId: number) {
  return emu.messages(BOT_TOKEN, chatId);
}

/** Waits for the bot to have sent a message matching `match` in a chat. */
export function botSaid(emu: TelegramEmulator, chatId: number, match: (m: ReturnType<TelegramEmulator['messages']>[number]) => boolean, what = 'a bot message') {
  return waitFor(() => chat(emu, chatId).find(match), 20_000, what);
}
