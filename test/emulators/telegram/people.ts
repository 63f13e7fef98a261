// The people side: bots and users are registered, users type, open t.me links and press
// buttons, and each action becomes the update Telegram would queue for the bot. These
// throw plain Errors: a test that asks for something impossible is wrong, not Telegram.
import { chatInstance, conversation, isFromBot, liveMessage, shallow, storeMessage } from './chats';
import type { EmulatorContext } from './context';
import { botUserObject, unixNow, userObject, type BotState, type Conversation, type EmulatedBot, type EmulatedChat, type EmulatedUser } from './state';
import type { Message, MessageEntity } from './types';
import { enqueue } from './updates';

export interface BotInput {
  token: string;
  username: string;
  firstName?: string;
  id?: number;
}

export function addBot(ctx: EmulatorContext, b: BotInput): EmulatedBot {
  if (!b.token || /[/\s]/.test(b.token)) throw new Error(`A bot token cannot be empty or contain "/" or spaces: ${JSON.stringify(b.token)}`);
  if (ctx.bots.has(b.token)) throw new Error('A bot with this token exists already');
  if (!/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(b.username) || !/bot$/i.test(b.username)) throw new Error(`Not a bot username (5–32 characters, ending in "bot"): ${b.username}`);
  // Telegram's token starts with the bot's id ("123456:AA…"); use it when there is one.
  const fromToken = /^(\d+):/.exec(b.token)?.[1];
  const id = b.id ?? (fromToken ? Number(fromToken) : 7_000_000_000 + ctx.bots.size + 1);
  const info: EmulatedBot = { token: b.token, id, username: b.username, firstName: b.firstName ?? b.username };
  ctx.bots.set(b.token, {
    info,
    webhookUrl: '',
    allowedUpdates: null,
    nextUpdateId: 1,
    queue: [],
    conversations: new Map(),
    callbacks: new Map(),
    sent: [],
    heldPoll: null,
  });
  return { ...info };
}

export function addUser(ctx: EmulatorContext, u: EmulatedUser): EmulatedUser {
  if (!Number.isSafeInteger(u.id) || u.id <= 0) throw new Error(`A user id is a positive integer: ${u.id}`);
  if (ctx.users.has(u.id)) throw new Error(`User ${u.id} exists already`);
  if (!u.firstName) throw new Error('A user needs a firstName');
  const user: EmulatedUser = { ...u };
  ctx.users.set(u.id, user);
  return { ...user };
}

export function addGroup(ctx: EmulatorContext, g: { id: number; title: string; memberIds: number[] }): EmulatedChat {
  if (!Number.isSafeInteger(g.id) || g.id >= 0) throw new Error(`A group id is a negative integer: ${g.id}`);
  if (ctx.groups.has(g.id)) throw new Error(`Group ${g.id} exists already`);
  for (const m of g.memberIds) if (!ctx.users.has(m)) throw new Error(`Unknown group member ${m}`);
  const group: EmulatedChat = { id: g.id, type: 'group', title: g.title, memberIds: [...g.memberIds] };
  ctx.groups.set(g.id, group);
  return { ...group, memberIds: [...group.memberIds] };
}

export function botOf(ctx: EmulatorContext, token: string): BotState {
  const bot = ctx.bots.get(token);
  if (!bot) throw new Error('No bot with this token');
  return bot;
}

function userOf(ctx: EmulatorContext, id: number): EmulatedUser {
  const user = ctx.users.get(id);
  if (!user) throw new Error(`No user ${id}`);
  return user;
}

/** The chat a user acts in; a user can only be in their own private chat or a group they belong to. */
function chatFor(ctx: EmulatorContext, bot: BotState, user: EmulatedUser, chatId: number): Conversation {
  if (chatId > 0 && chatId !== user.id) throw new Error(`User ${user.id} cannot write in the private chat of ${chatId}`);
  if (chatId < 0 && !ctx.groups.get(chatId)?.memberIds.includes(user.id)) throw new Error(`User ${user.id} is not a member of group ${chatId}`);
  const conv = conversation(ctx, bot, chatId);
  if (!conv) throw new Error(`No chat ${chatId}`);
  return conv;
}

/** "/cmd", "/cmd@somebot": the bot_command entity Telegram adds (grammY's bot.command needs it at offset 0). */
function commandEntity(text: string): MessageEntity[] {
  const m = /^\/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,32})?/.exec(text);
  return m ? [{ type: 'bot_command', offset: 0, length: m[0].length }] : [];
}

export interface SendTextInput {
  from: number;
  chatId?: number;
  text: string;
  replyToMessageId?: number;
}

/**
 * A user's message. In a private chat it "starts" the chat (the bot may now write) and, like
 * pressing Restart, lifts a block. In a group the bot is in privacy mode (Telegram's default):
 * it only receives commands, replies to its messages and mentions of it.
 */
export function sendText(ctx: EmulatorContext, token: string, p: SendTextInput): Message {
  const bot = botOf(ctx, token);
  const user = userOf(ctx, p.from);
  if (typeof p.text !== 'string' || !p.text.trim()) throw new Error('A message needs text');
  const conv = chatFor(ctx, bot, user, p.chatId ?? user.id);
  const replyTo = p.replyToMessageId === undefined ? undefined : liveMessage(conv, p.replyToMessageId);
  if (p.replyToMessageId !== undefined && !replyTo) throw new Error(`No message ${p.replyToMessageId} in chat ${conv.chat.id} to reply to`);
  const entities = commandEntity(p.text);
  const message: Message = {
    message_id: conv.nextMessageId++,
    from: userObject(user),
    chat: conv.chat,
    date: unixNow(),
    text: p.text,
    ...(entities.length ? { entities } : {}),
    ...(replyTo ? { reply_to_message: shallow(replyTo.message) } : {}),
  };
  storeMessage(conv, { message, deleted: false });
  if (conv.chat.type === 'private') {
    conv.started = true;
    if (conv.blocked) setBlocked(ctx, token, user.id, false);
  }
  const mentioned = p.text.toLowerCase().includes(`@${bot.info.username.toLowerCase()}`);
  const delivered = conv.chat.type === 'private' || entities.length > 0 || mentioned || (replyTo !== undefined && isFromBot(replyTo, bot.info));
  if (delivered) enqueue(bot, 'message', structuredClone(message));
  return structuredClone(message);
}

/** Deep-link payloads: ≤ 64 of A-Z a-z 0-9 _ - (reference §3.2). */
const START_PAYLOAD = /^[A-Za-z0-9_-]{0,64}$/;

export function openStartLink(ctx: EmulatorContext, token: string, p: { from: number; payload: string }): Message {
  if (!START_PAYLOAD.test(p.payload)) throw new Error(`Telegram does not pass this start payload on (≤ 64 of A-Z a-z 0-9 _ -): ${JSON.stringify(p.payload)}`);
  return sendText(ctx, token, { from: p.from, text: p.payload ? `/start ${p.payload}` : '/start' });
}

/** What a person pastes: https://t.me/<bot>?start=<payload> (also t.me/<bot>, tg://resolve?domain=…&start=…). */
export function parseStartLink(ctx: EmulatorContext, link: string): { token: string; payload: string } {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:/i.test(link.trim()) ? link.trim() : `https://${link.trim()}`);
  } catch {
    throw new Error(`Not a link: ${link}`);
  }
  const username = url.protocol === 'tg:' ? url.searchParams.get('domain') : /^(?:www\.)?t(?:elegram)?\.me$/i.test(url.hostname) ? url.pathname.slice(1).split('/')[0] : null;
  if (!username) throw new Error(`Not a t.me link to a bot: ${link}`);
  const bot = [...ctx.bots.values()].find((b) => b.info.username.toLowerCase() === username.toLowerCase());
  if (!bot) throw new Error(`No bot @${username} in this emulator`);
  return { token: bot.info.token, payload: url.searchParams.get('start') ?? '' };
}

export interface PressInput {
  from: number;
  chatId: number;
  messageId: number;
  data: string;
  forge?: boolean;
}

/** A button press; returns the callback_query id. */
export function pressButton(ctx: EmulatorContext, token: string, p: PressInput): string {
  const bot = botOf(ctx, token);
  const user = userOf(ctx, p.from);
  const conv = chatFor(ctx, bot, user, p.chatId);
  const stored = liveMessage(conv, p.messageId);
  if (!stored || !isFromBot(stored, bot.info)) throw new Error(`No message ${p.messageId} of @${bot.info.username} in chat ${p.chatId}`);
  const hasButton = stored.record!.inlineKeyboard?.some((row) => row.some((b) => b.callback_data === p.data)) ?? false;
  if (!hasButton && !p.forge) throw new Error(`Message ${p.messageId} has no button with data ${JSON.stringify(p.data)} (pass forge: true to send it anyway)`);
  const id = String(4_242_000_000_000_000 + ++ctx.seq.callback * 1_000 + (bot.info.id % 1_000));
  const from = userObject(user);
  bot.callbacks.set(id, { id, from, chatId: conv.chat.id, messageId: p.messageId, data: p.data, at: Date.now() });
  enqueue(bot, 'callback_query', { id, from, chat_instance: chatInstance(bot.info, conv.chat.id), data: p.data, message: shallow(stored.message) });
  return id;
}

/** Block or unblock: Telegram tells the bot with a my_chat_member update. */
export function setBlocked(ctx: EmulatorContext, token: string, userId: number, blocked: boolean): void {
  const bot = botOf(ctx, token);
  const user = userOf(ctx, userId);
  const conv = conversation(ctx, bot, userId)!;
  if (conv.blocked === blocked) return;
  conv.blocked = blocked;
  const status = (b: boolean) => (b ? ('kicked' as const) : ('member' as const));
  const botUser = botUserObject(bot.info);
  enqueue(bot, 'my_chat_member', {
    chat: conv.chat,
    from: userObject(user),
    date: unixNow(),
    old_chat_member: { status: status(!blocked), user: botUser, ...(!blocked ? { until_date: 0 } : {}) },
    new_chat_member: { status: status(blocked), user: botUser, ...(blocked ? { until_date: 0 } : {}) },
  });
}

export function setWebhookOf(ctx: EmulatorContext, token: string, url: string | null): void {
  const bot: BotState = botOf(ctx, token);
  bot.webhookUrl = url ?? '';
  if (bot.webhookUrl) bot.heldPoll?.answer();
}
