// Chats as a bot sees them: which exist, who may write where, and the messages in them.
import { badRequest, forbidden, WORDS } from './answers';
import type { EmulatorContext } from './context';
import { optInt, type Params } from './params';
import type { BotState, Conversation, EmulatedBot, StoredMessage } from './state';
import type { Chat, Message } from './types';

/** The Chat object for an id, or undefined when no such user or group exists. */
export function chatObject(ctx: EmulatorContext, chatId: number): Chat | undefined {
  const user = ctx.users.get(chatId);
  if (user) {
    return {
      id: user.id,
      type: 'private',
      first_name: user.firstName,
      ...(user.lastName ? { last_name: user.lastName } : {}),
      ...(user.username ? { username: user.username } : {}),
    };
  }
  const group = ctx.groups.get(chatId);
  return group ? { id: group.id, type: 'group', title: group.title } : undefined;
}

/** The bot's view of a chat, made on first use; undefined when the chat does not exist. */
export function conversation(ctx: EmulatorContext, bot: BotState, chatId: number): Conversation | undefined {
  const known = bot.conversations.get(chatId);
  if (known) return known;
  const chat = chatObject(ctx, chatId);
  if (!chat) return undefined;
  const made: Conversation = { chat, messages: new Map(), nextMessageId: 1, started: false, blocked: false };
  bot.conversations.set(chatId, made);
  return made;
}

/** The chat named by chat_id, or Telegram's 400 (a @username that is not a known chat is "not found" too). */
export function chatParam(ctx: EmulatorContext, bot: BotState, params: Params): Conversation {
  const raw = params.chat_id;
  if (raw === undefined || raw === null || raw === '') throw badRequest(WORDS.chatIdEmpty);
  let id: number | undefined;
  try {
    id = optInt(params, 'chat_id');
  } catch {
    throw badRequest(WORDS.chatNotFound);
  }
  const conv = id === undefined ? undefined : conversation(ctx, bot, id);
  if (!conv) throw badRequest(WORDS.chatNotFound);
  return conv;
}

/** A private chat the user never started, or blocked, refuses the bot (reference §1.5, §3.1). */
export function checkBotMayWrite(conv: Conversation): void {
  if (conv.chat.type !== 'private') return;
  if (conv.blocked) throw forbidden(WORDS.blocked);
  if (!conv.started) throw forbidden(WORDS.cantInitiate);
}

export function storeMessage(conv: Conversation, stored: StoredMessage): void {
  conv.messages.set(stored.message.message_id, stored);
}

/** A live (not deleted) message of this chat. */
export function liveMessage(conv: Conversation, messageId: number | undefined): StoredMessage | undefined {
  if (messageId === undefined) return undefined;
  const m = conv.messages.get(messageId);
  return m && !m.deleted ? m : undefined;
}

/** A message as it appears inside another (reply_to_message, callback_query.message): one level deep. */
export const shallow = (m: Message): Message => {
  const { reply_to_message: _nested, ...rest } = m;
  return structuredClone(rest);
};

export const isFromBot = (m: StoredMessage, bot: EmulatedBot): boolean => m.message.from?.id === bot.id && m.record !== undefined;

/** Telegram's opaque chat_instance: stable per (bot, chat). */
export const chatInstance = (bot: EmulatedBot, chatId: number): string => String(BigInt(bot.id) * 1_000_003n + BigInt(chatId) * 7919n);
