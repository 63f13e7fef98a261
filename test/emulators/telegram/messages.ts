// The bot writes: sendMessage and sendVideo, with Telegram's limits counted on the text after
// entity parsing (reference §2), and the answer a chat would show — a Message with the
// keyboard, the reply and the video as Telegram describes them.
import { badRequest, success, WORDS, type Success } from './answers';
import { chatParam, checkBotMayWrite, liveMessage, shallow, storeMessage } from './chats';
import type { EmulatorContext } from './context';
import { readMarkup, type Markup } from './markup';
import { optBool, optInt, optObject, optString, type Params } from './params';
import type { Payload } from './payload';
import { botUserObject, unixNow, type BotMessageRecord, type BotState, type Conversation, type StoredMessage, type VideoRecord } from './state';
import { formatText, textLength, type Formatted } from './text-format';
import type { Message, MessageEntity, Video } from './types';
import { resolveVideo } from './video';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

/** Message text: 1–4096 after parsing. */
export function checkedText(raw: string | undefined, parseMode: string | undefined): Formatted {
  if (raw === undefined) throw badRequest(WORDS.textEmpty);
  const f = formatText(raw, parseMode);
  if (!f.text.trim()) throw badRequest(WORDS.textEmpty);
  if (textLength(f.text) > MAX_TEXT) throw badRequest(WORDS.textTooLong);
  return f;
}

/** Captions: 0–1024 after parsing. */
export function checkedCaption(raw: string | undefined, parseMode: string | undefined): Formatted | undefined {
  if (raw === undefined) return undefined;
  const f = formatText(raw, parseMode);
  if (textLength(f.text) > MAX_CAPTION) throw badRequest(WORDS.captionTooLong);
  return f.text ? f : undefined;
}

/** reply_parameters (Bot API 7+) or the older reply_to_message_id. */
function replyTarget(conv: Conversation, params: Params): StoredMessage | undefined {
  const rp = optObject(params, 'reply_parameters', "can't parse reply parameters JSON object");
  const id = rp ? optInt(rp, 'message_id') : optInt(params, 'reply_to_message_id');
  if (id === undefined) return undefined;
  const target = liveMessage(conv, id);
  const allowWithout = (rp ? optBool(rp, 'allow_sending_without_reply') : undefined) ?? optBool(params, 'allow_sending_without_reply') ?? false;
  if (!target && !allowWithout) throw badRequest(WORDS.replyNotFound);
  return target;
}

const withEntities = (key: 'entities' | 'caption_entities', e: MessageEntity[]): Partial<Message> => (e.length ? { [key]: e } : {});

interface Content {
  kind: 'text' | 'video';
  text?: Formatted;
  caption?: Formatted;
  video?: Video;
  videoRecord?: VideoRecord;
}

function post(bot: BotState, conv: Conversation, params: Params, content: Content, markup: Markup, replyTo: StoredMessage | undefined): Message {
  const messageId = conv.nextMessageId++;
  const date = unixNow();
  const parseMode = optString(params, 'parse_mode');
  const message: Message = {
    message_id: messageId,
    from: botUserObject(bot.info),
    chat: conv.chat,
    date,
    ...(replyTo ? { reply_to_message: shallow(replyTo.message) } : {}),
    ...(content.text ? { text: content.text.text, ...withEntities('entities', content.text.entities) } : {}),
    ...(content.video ? { video: content.video } : {}),
    ...(content.caption ? { caption: content.caption.text, ...withEntities('caption_entities', content.caption.entities) } : {}),
    ...(markup.inlineKeyboard ? { reply_markup: { inline_keyboard: markup.inlineKeyboard } } : {}),
  };
  const record: BotMessageRecord = {
    chatId: conv.chat.id,
    messageId,
    date,
    kind: content.kind,
    ...(content.text ? { text: content.text.text } : {}),
    ...(content.kind === 'video' && content.caption ? { caption: content.caption.text } : {}),
    ...(parseMode ? { parseMode } : {}),
    inlineKeyboard: markup.inlineKeyboard,
    forceReply: markup.forceReply,
    ...(replyTo ? { replyToMessageId: replyTo.message.message_id } : {}),
    disableNotification: optBool(params, 'disable_notification') ?? false,
    ...(content.videoRecord ? { video: content.videoRecord } : {}),
    edits: 0,
  };
  const stored: StoredMessage = { message, record, deleted: false };
  storeMessage(conv, stored);
  bot.sent.push(stored);
  return structuredClone(message);
}

export function sendMessage(ctx: EmulatorContext, bot: BotState, params: Params): Success {
  const conv = chatParam(ctx, bot, params);
  const text = checkedText(optString(params, 'text'), optString(params, 'parse_mode'));
  const markup = readMarkup(params);
  const replyTo = replyTarget(conv, params);
  checkBotMayWrite(conv);
  return success(post(bot, conv, params, { kind: 'text', text }, markup, replyTo));
}

export function sendVideo(ctx: EmulatorContext, bot: BotState, payload: Payload): Success {
  const { params } = payload;
  const conv = chatParam(ctx, bot, params);
  const caption = checkedCaption(optString(params, 'caption'), optString(params, 'parse_mode'));
  const markup = readMarkup(params);
  const replyTo = replyTarget(conv, params);
  const { video, record } = resolveVideo(ctx, bot, payload);
  checkBotMayWrite(conv);
  return success(post(bot, conv, params, { kind: 'video', video, videoRecord: record, ...(caption ? { caption } : {}) }, markup, replyTo));
}
