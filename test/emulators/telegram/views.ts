// Read-only views for tests and the phone page: what the bots sent, how callbacks were
// answered, and one chat as a person sees it.
import type { EmulatorContext } from './context';
import { botOf } from './people';
import type { BotMessageRecord } from './state';
import type { InlineKeyboardButton } from './types';

export function botMessages(ctx: EmulatorContext, token: string, chatId?: number): BotMessageRecord[] {
  const bot = botOf(ctx, token);
  return bot.sent.filter((m) => !m.deleted && (chatId === undefined || m.record!.chatId === chatId)).map((m) => structuredClone(m.record!));
}

export function callbackAnswers(ctx: EmulatorContext, token: string): Map<string, { text?: string; showAlert?: boolean; at: number }> {
  const bot = botOf(ctx, token);
  const out = new Map<string, { text?: string; showAlert?: boolean; at: number }>();
  for (const q of bot.callbacks.values()) if (q.answer) out.set(q.id, { ...q.answer });
  return out;
}

export interface ChatViewMessage {
  messageId: number;
  fromBot: boolean;
  date: number;
  text?: string;
  caption?: string;
  video?: { fileId: string; filename: string; bytes: number; width?: number; height?: number; duration?: number };
  inlineKeyboard: InlineKeyboardButton[][] | null;
  forceReply: boolean;
  replyToMessageId?: number;
  edits: number;
}

export interface ChatView {
  bot: { username: string; firstName: string };
  chatId: number;
  blocked: boolean;
  messages: ChatViewMessage[];
  /** Callback answers in this chat, by callback query id. */
  answers: Record<string, { text?: string; showAlert?: boolean }>;
}

/** One chat with a bot, both sides, for the phone page. */
export function chatView(ctx: EmulatorContext, token: string, chatId: number): ChatView {
  const bot = botOf(ctx, token);
  const conv = bot.conversations.get(chatId);
  const messages: ChatViewMessage[] = [];
  for (const m of conv?.messages.values() ?? []) {
    if (m.deleted) continue;
    const r = m.record;
    messages.push({
      messageId: m.message.message_id,
      fromBot: r !== undefined,
      date: m.message.date,
      ...(m.message.text !== undefined ? { text: m.message.text } : {}),
      ...(m.message.caption !== undefined ? { caption: m.message.caption } : {}),
      ...(r?.video ? { video: { fileId: r.video.fileId, filename: r.video.filename, bytes: r.video.bytes, width: r.video.width, height: r.video.height, duration: r.video.duration } } : {}),
      inlineKeyboard: r?.inlineKeyboard ?? null,
      forceReply: r?.forceReply ?? false,
      ...(m.message.reply_to_message ? { replyToMessageId: m.message.reply_to_message.message_id } : {}),
      edits: r?.edits ?? 0,
    });
  }
  const answers: ChatView['answers'] = {};
  for (const q of bot.callbacks.values()) {
    if (q.chatId === chatId && q.answer) answers[q.id] = { ...(q.answer.text !== undefined ? { text: q.answer.text } : {}), ...(q.answer.showAlert !== undefined ? { showAlert: q.answer.showAlert } : {}) };
  }
  return { bot: { username: bot.info.username, firstName: bot.info.firstName }, chatId, blocked: conv?.blocked ?? false, messages, answers };
}
