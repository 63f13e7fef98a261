// A loopback Telegram Bot API that is strict about Telegram's rules, for tests and the demo.
// Real grammY talks to it over HTTP (`new Bot(token, { client: { apiRoot: emu.url } })`):
// long polling, multipart uploads, faults. README.md says what it does and does not emulate.
import { releasePolls, resetContext } from './context';
import type { TelegramFault } from './faults';
import { addBot, addGroup, addUser, botOf, openStartLink, pressButton, sendText, setBlocked, setWebhookOf, type BotInput } from './people';
import { listen } from './server';
import type { BotMessageRecord, EmulatedBot, EmulatedChat, EmulatedUser, EmulatorKnobs, TelegramRequestRecord } from './state';
import type { Message, Update } from './types';
import { botMessages, callbackAnswers } from './views';

export type { TelegramFault } from './faults';
export type { BotInput, PressInput, SendTextInput } from './people';
export type { BotMessageRecord, EmulatedBot, EmulatedChat, EmulatedUser, EmulatorKnobs, TelegramRequestRecord, VideoRecord } from './state';
export type {
  BotUser, CallbackQuery, Chat, ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, PhotoSize, Update, UpdateKind, User, Video,
} from './types';
export type { ChatView, ChatViewMessage } from './views';
export { DEFAULT_KNOBS } from './state';
export { WORDS } from './answers';
export { BANNER } from './phone';
export { METHODS } from './methods-list';

export interface TelegramEmulatorOptions {
  /** 0 (the default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface TelegramEmulator {
  /** http://127.0.0.1:PORT — the app's CLIPDESK_TELEGRAM_API_ROOT (no trailing slash). */
  readonly url: string;
  addBot(b: BotInput): EmulatedBot;
  addUser(u: { id: number; firstName: string; lastName?: string; username?: string; languageCode?: string }): EmulatedUser;
  addGroup(g: { id: number; title: string; memberIds: number[] }): EmulatedChat;
  /**
   * A user types text in a chat (private chat = the user's id). Text starting with '/' gets a
   * bot_command entity at offset 0 covering the command word (and an @botname suffix).
   * replyToMessageId: a message in that chat it replies to. Marks a private chat "started".
   */
  sendText(token: string, p: { from: number; chatId?: number; text: string; replyToMessageId?: number }): Message;
  /** The person opens t.me/<bot>?start=PAYLOAD and presses START: "/start PAYLOAD" in their private chat. */
  openStartLink(token: string, p: { from: number; payload: string }): Message;
  /** A user presses an inline button; refuses a button that is not there unless `forge`. Returns the callback_query id. */
  pressButton(token: string, p: { from: number; chatId: number; messageId: number; data: string; forge?: boolean }): string;
  /** Set a webhook as another program would (getUpdates then gets 409). */
  setWebhook(token: string, url: string | null): void;
  /** The user blocks / unblocks the bot (sends then get 403 "bot was blocked by the user"). */
  setBlocked(token: string, userId: number, blocked: boolean): void;
  /** One-shot (or `times` times) faults on a method, fired on the next matching requests. */
  fault(f: TelegramFault): void;
  pendingFaults(): TelegramFault[];
  /** The chat's current view of each bot message (after edits), in send order. */
  messages(token: string, chatId?: number): BotMessageRecord[];
  /** Answers given to callback queries, by callback id. */
  callbackAnswers(token: string): Map<string, { text?: string; showAlert?: boolean; at: number }>;
  /** Every Bot API request seen (not the control API). */
  readonly requests: TelegramRequestRecord[];
  /** Updates queued and not yet confirmed by a getUpdates offset. */
  pendingUpdates(token: string): Update[];
  /** Knobs to turn; the same object for the emulator's whole life. */
  readonly knobs: EmulatorKnobs;
  /** Back to a fresh emulator: no bots, users, groups, files, faults or requests; default knobs. */
  reset(): void;
  /** Ends held long polls (answered with no updates) and closes every connection. */
  close(): Promise<void>;
}

export async function startTelegramEmulator(options: TelegramEmulatorOptions = {}): Promise<TelegramEmulator> {
  const { server, ctx } = await listen(options.host ?? '127.0.0.1', options.port ?? 0);
  return {
    url: ctx.url,
    addBot: (b) => addBot(ctx, b),
    addUser: (u) => addUser(ctx, u),
    addGroup: (g) => addGroup(ctx, g),
    sendText: (token, p) => sendText(ctx, token, p),
    openStartLink: (token, p) => openStartLink(ctx, token, p),
    pressButton: (token, p) => pressButton(ctx, token, p),
    setWebhook: (token, url) => setWebhookOf(ctx, token, url),
    setBlocked: (token, userId, blocked) => setBlocked(ctx, token, userId, blocked),
    fault: (f) => ctx.faults.add(f),
    pendingFaults: () => ctx.faults.pending(),
    messages: (token, chatId) => botMessages(ctx, token, chatId),
    callbackAnswers: (token) => callbackAnswers(ctx, token),
    requests: ctx.requests,
    pendingUpdates: (token) => structuredClone(botOf(ctx, token).queue),
    knobs: ctx.knobs,
    reset: () => resetContext(ctx),
    close: () =>
      new Promise<void>((resolve, reject) => {
        releasePolls(ctx);
        // Let the released polls' answers go out, then cut whatever is left.
        setImmediate(() => {
          server.close((e) => (e ? reject(e) : resolve()));
          server.closeAllConnections();
        });
      }),
  };
}
