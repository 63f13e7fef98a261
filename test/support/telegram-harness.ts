// The Telegram emulator for a test file (reset before each test, with one bot and two people),
// the environment that points Clipdesk at it, and pairing through the real flow: the app makes
// a link, the person opens it on their "phone" (the emulator), the bot pairs them.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator } from '../emulators/telegram/index';
import type { Approver } from '../../src-shared/telegram/telegram';
import type { Core } from '../../src-main/core/create-core';
import { useCores, waitFor, type Harness } from './core-harness';
import type { CoreOptions } from '../../src-main/core/create-core';
import type { Account } from '../../src-shared/tiktok/accounts';
import type { PostSummary } from '../../src-shared/posts/post';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import type { TikTokEmulator } from '../emulators/tiktok';
import { connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from './tiktok-harness';
import { useTempDirs } from './temp-dir';
import { startHandler } from './callers';

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
/**
 * Pairs `person` through a one-time link. A new pairing is results-only; unless told
 * `resultsOnly`, the creator then grants approval rights on the desk, as they would in Settings.
 */
export async function pair(core: Core, emu: TelegramEmulator, person: { id: number }, options: { resultsOnly?: boolean } = {}): Promise<Approver> {
  const pairing = startHandler(core.handlers['telegram.pair']);
  const code = new URL((await pairing.progress).link).searchParams.get('start') ?? '';
  emu.openStartLink(BOT_TOKEN, { from: person.id, payload: code });
  const paired = await pairing.result;
  if (options.resultsOnly || paired.canApprove) return paired;
  return core.handlers['telegram.approvers.update']({ id: paired.id, canApprove: true });
}

/** The bot's messages in a chat, newest last. */
export function chat(emu: TelegramEmulator, chatId: number) {
  return emu.messages(BOT_TOKEN, chatId);
}

/** Waits for the bot to have sent a message matching `match` in a chat. */
export function botSaid(emu: TelegramEmulator, chatId: number, match: (m: ReturnType<TelegramEmulator['messages']>[number]) => boolean, what = 'a bot message') {
  return waitFor(() => chat(emu, chatId).find(match), 20_000, what);
}

// ── Approval scenarios: a core with a TikTok account, a bot, paired approvers and a ready clip ──

export type BotMessage = ReturnType<TelegramEmulator['messages']>[number];

export interface ApprovalSetupOptions {
  pairAnn?: boolean;
  pairBob?: boolean;
  dataDir?: string;
  /** More core options (a fake clock, a small Telegram upload limit…). */
  core?: Partial<CoreOptions>;
  /** Size of the ready clip in bytes (default: the encoded 2 s clip). */
  bytes?: number;
}

export interface ApprovalFixture {
  tt: TikTokEmulator;
  tg: TelegramEmulator;
  h: Harness;
  env: NodeJS.ProcessEnv;
  account: Account;
  ann: Approver | null;
  bob: Approver | null;
  clipId: string;
  /** A second core on the same data folder (after `h.core.close()`), with the same options. */
  reopen(more?: Partial<CoreOptions>): Harness;
}

/** Registers the emulators, cores and temp folders of a test file; returns its setup(). */
export function useApprovalSetup(prefix = 'clipdesk-approvals-'): {
  setup: (o?: ApprovalSetupOptions) => Promise<ApprovalFixture>;
  tiktok: () => TikTokEmulator;
  telegram: () => TelegramEmulator;
  newCore: (options?: Partial<CoreOptions>) => Harness;
} {
  const tiktok = useTikTokEmulator();
  const telegram = useTelegramEmulator();
  const newCore = useCores(prefix);
  const tempDir = useTempDirs(`${prefix}media-`);
  async function setup(o: ApprovalSetupOptions = {}): Promise<ApprovalFixture> {
    const tt = tiktok();
    const tg = telegram();
    tt.addUser({ displayName: 'Maria Bakes', username: 'maria' });
    const env = { ...tiktokEnv(tt), ...telegramEnv(tg) };
    const base: Partial<CoreOptions> = { env, openExternal: createOpenBrowser(env), ...FAST_TELEGRAM, timeZone: 'Europe/Berlin', uploadRetryDelayMs: () => 50, ...o.core };
    const h = newCore({ ...base, ...(o.dataDir ? { dataDir: o.dataDir } : {}) });
    const account = await connectAccount(h.core);
    await setUpBot(h.core);
    const ann = o.pairAnn === false ? null : await pair(h.core, tg, ANN);
    const bob = o.pairBob ? await pair(h.core, tg, BOB) : null;
    const clipId = await importReady(h.core, readyVideo(tempDir(), o.bytes));
    return { tt, tg, h, env, account, ann, bob, clipId, reopen: (more = {}) => newCore({ ...base, ...more, dataDir: h.dataDir }) };
  }
  return { setup, tiktok, telegram, newCore };
}

/** Create a post of the fixture's clip (Only me, Direct Post) for `at` (ms) or now. */
export function createPost(fx: Pick<ApprovalFixture, 'h' | 'account' | 'clipId'>, o: { at: number | 'now'; caption?: string; privacy?: 'SELF_ONLY' | 'PUBLIC_TO_EVERYONE' }) {
  return fx.h.core.handlers['posts.create']({
    clipId: fx.clipId,
    accountId: fx.account.id,
    caption: o.caption ?? 'Sunset 🌅 #beach',
    tiktok: { ...DIRECT_SELF_ONLY, ...(o.privacy ? { privacy: o.privacy } : {}) },
    publishAt: o.at === 'now' ? 'now' : new Date(o.at).toISOString(),
  });
}

/** The approval request (a bot message with the Approve button) in a chat, once it arrived. `nth` counts from 0. */
export function requestIn(emu: TelegramEmulator, chatId: number, nth = 0, timeoutMs = 20_000): Promise<BotMessage> {
  return waitFor(() => chat(emu, chatId).filter(isRequest)[nth], timeoutMs, `approval request #${nth + 1} in chat ${chatId}`);
}

/** A message that is (or was) an approval request: its caption starts with the request header. */
export function isRequest(m: BotMessage): boolean {
  return /Approval (needed|request)/.test(m.caption ?? m.text ?? '');
}

/** The callback data of the button whose text contains `label`. */
export function buttonData(m: BotMessage, label: string): string {
  const b = (m.inlineKeyboard ?? []).flat().find((x) => x.text.includes(label));
  if (!b?.callback_data) throw new Error(`no button "${label}" on message ${m.messageId}: ${JSON.stringify(m.inlineKeyboard)}`);
  return b.callback_data;
}

/** `person` presses the button labelled `label` on `m` in `chatId` (default: their private chat); returns the callback id. */
export function press(emu: TelegramEmulator, person: { id: number }, m: BotMessage, label: string, chatId = person.id): string {
  return emu.pressButton(BOT_TOKEN, { from: person.id, chatId, messageId: m.messageId, data: buttonData(m, label) });
}

/** Waits for the bot's answer to a callback query. */
export function answerTo(emu: TelegramEmulator, callbackId: string): Promise<{ text?: string; showAlert?: boolean; at: number }> {
  return waitFor(() => emu.callbackAnswers(BOT_TOKEN).get(callbackId), 20_000, `the answer to callback ${callbackId}`);
}

/** The current view of one bot message. */
export function messageNow(emu: TelegramEmulator, chatId: number, messageId: number): BotMessage | undefined {
  return chat(emu, chatId).find((m) => m.messageId === messageId);
}

/** Waits until a post reaches one of `states`. */
export function postIn(h: Harness, id: string, states: string[], timeoutMs = 60_000): Promise<PostSummary> {
  return waitFor(() => {
    const p = h.core.posts.get(id);
    return states.includes(p.state) ? p : undefined;
  }, timeoutMs, `post to reach ${states.join(' or ')}`);
}

/** The Bot API requests of one method so far. */
export function requestsOf(emu: TelegramEmulator, method: string) {
  return emu.requests.filter((r) => r.method === method);
}
