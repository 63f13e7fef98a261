// What the emulator knows: bots, people, chats as each bot sees them, and the records tests
// read. A private chat's id is the user's id (as on Telegram), so chats are kept per bot:
// Ann's chat with bot A and with bot B share an id but not their messages.
import type { BotApiError } from './answers';
import type { Chat, InlineKeyboardButton, Message, Update, UpdateKind, User } from './types';

export interface EmulatedBot {
  token: string;
  id: number;
  username: string;
  firstName: string;
}

export interface EmulatedUser {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

export interface EmulatedChat {
  id: number;
  type: 'private' | 'group';
  title: string;
  /** Group members (user ids); for a private chat, the user. */
  memberIds: number[];
}

export interface EmulatorKnobs {
  /** A callback query older than this can no longer be answered (Telegram gives no number; §1.9). */
  callbackAnswerWindowMs: number;
  /** A file part over this many bytes → 413 (Telegram: 50 MB, §2). */
  maxUploadBytes: number;
  /** A getUpdates `timeout` is capped to this. */
  maxLongPollSeconds: number;
}

export const DEFAULT_KNOBS: Readonly<EmulatorKnobs> = Object.freeze({
  callbackAnswerWindowMs: 60_000,
  maxUploadBytes: 50 * 1024 * 1024,
  maxLongPollSeconds: 50,
});

export interface VideoRecord {
  bytes: number;
  filename: string;
  width?: number;
  height?: number;
  duration?: number;
  supportsStreaming?: boolean;
  thumbnail?: { bytes: number; filename: string };
  fileId: string;
}

/** A bot message as the chat shows it now (after edits). */
export interface BotMessageRecord {
  chatId: number;
  messageId: number;
  date: number;
  kind: 'text' | 'video';
  text?: string;
  caption?: string;
  parseMode?: string;
  /** The current inline keyboard (after edits), or null when removed. */
  inlineKeyboard: InlineKeyboardButton[][] | null;
  forceReply: boolean;
  replyToMessageId?: number;
  disableNotification: boolean;
  video?: VideoRecord;
  /** How many successful edits. */
  edits: number;
}

export interface TelegramRequestRecord {
  /** As Telegram canonicalises it (sendVideo for /SENDVIDEO); as sent when unknown. */
  method: string;
  /** The bot's username, or null for an unknown token. */
  bot: string | null;
  httpMethod: string;
  /** HTTP status answered; 0 = dropped (a drop fault, or the client went away). */
  status: number;
  /** Parameters as parsed, with uploaded files replaced by {filename, bytes}. */
  payload: Record<string, unknown>;
  at: number;
}

export interface StoredMessage {
  /** The wire Message as it stands now. */
  message: Message;
  /** Set for the bot's own messages. */
  record?: BotMessageRecord;
  deleted: boolean;
}

/** One chat as one bot sees it. */
export interface Conversation {
  chat: Chat;
  /** By message_id, in send order. */
  messages: Map<number, StoredMessage>;
  nextMessageId: number;
  /** Private chats: the user has written to the bot, so the bot may write back. */
  started: boolean;
  /** Private chats: the user blocked the bot. */
  blocked: boolean;
}

export interface CallbackRecord {
  id: string;
  from: User;
  chatId: number;
  messageId: number;
  data: string;
  at: number;
  answer?: { text?: string; showAlert?: boolean; at: number };
}

export interface StoredFile {
  fileId: string;
  uniqueId: string;
  botId: number;
  kind: 'video' | 'thumbnail';
  filename: string;
  data: Buffer;
  width: number;
  height: number;
  duration: number;
  /** A video's thumbnail, shown again when the video is resent by file_id. */
  thumbFileId?: string;
}

export interface BotState {
  info: EmulatedBot;
  /** '' = no webhook. */
  webhookUrl: string;
  /** From the last getUpdates that sent allowed_updates; null = the default (everything we make). */
  allowedUpdates: UpdateKind[] | null;
  nextUpdateId: number;
  /** Queued and not yet confirmed by an offset. */
  queue: Update[];
  /** By chat id. */
  conversations: Map<number, Conversation>;
  /** By callback query id. */
  callbacks: Map<string, CallbackRecord>;
  /** The bot's own messages in send order, across chats (messages() reads them in this order). */
  sent: StoredMessage[];
  /** The getUpdates request being held open, if any (one per bot: a second one ends it with 409). */
  heldPoll: HeldPoll | null;
}

export interface HeldPoll {
  /** Answer now with whatever is queued (possibly nothing). */
  answer(): void;
  /** Answer with this error instead. */
  fail(e: BotApiError): void;
}

export const unixNow = (): number => Math.floor(Date.now() / 1000);

export const userObject = (u: EmulatedUser): User => ({
  id: u.id,
  is_bot: false,
  first_name: u.firstName,
  ...(u.lastName ? { last_name: u.lastName } : {}),
  ...(u.username ? { username: u.username } : {}),
  ...(u.languageCode ? { language_code: u.languageCode } : {}),
});

export const botUserObject = (b: EmulatedBot): User => ({ id: b.id, is_bot: true, first_name: b.firstName, username: b.username });
