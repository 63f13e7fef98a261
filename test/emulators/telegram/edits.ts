// The bot changes its messages. Telegram's rules that bite approval bots (reference §1.10):
// a video has a caption, not text; an edit that changes nothing is refused ("not modified");
// and editing text or caption WITHOUT reply_markup drops the inline keyboard.
import { badRequest, success, WORDS, type Success } from './answers';
import { chatParam, isFromBot, liveMessage } from './chats';
import type { EmulatorContext } from './context';
import { readMarkup } from './markup';
import { checkedCaption, checkedText } from './messages';
import { optInt, optString, type Params } from './params';
import { unixNow, type BotState, type StoredMessage } from './state';
import type { Formatted } from './text-format';
import type { InlineKeyboardButton } from './types';

function target(ctx: EmulatorContext, bot: BotState, params: Params): StoredMessage {
  // Inline-mode messages (inline_message_id) are not emulated: nothing here can find one.
  if (optString(params, 'inline_message_id') !== undefined) throw badRequest(WORDS.editNotFound);
  const conv = chatParam(ctx, bot, params);
  const stored = liveMessage(conv, optInt(params, 'message_id'));
  if (!stored) throw badRequest(WORDS.editNotFound);
  if (!isFromBot(stored, bot.info)) throw badRequest(WORDS.cantEdit);
  return stored;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The keyboard an edit leaves: the one sent, or none when reply_markup is absent. */
function keyboardAfter(params: Params): InlineKeyboardButton[][] | null {
  const markup = readMarkup(params);
  return markup.given ? markup.inlineKeyboard : null;
}

function apply(stored: StoredMessage, keyboard: InlineKeyboardButton[][] | null, change: () => void): Success {
  change();
  const { message, record } = stored;
  if (keyboard) message.reply_markup = { inline_keyboard: keyboard };
  else delete message.reply_markup;
  message.edit_date = unixNow();
  record!.inlineKeyboard = keyboard;
  record!.edits++;
  return success(structuredClone(message));
}

function notModified(): never {
  throw badRequest(WORDS.notModified);
}

export function editMessageText(ctx: EmulatorContext, bot: BotState, params: Params): Success {
  const stored = target(ctx, bot, params);
  if (stored.record!.kind !== 'text') throw badRequest(WORDS.noTextToEdit);
  const parseMode = optString(params, 'parse_mode');
  const text = checkedText(optString(params, 'text'), parseMode);
  const keyboard = keyboardAfter(params);
  const { message, record } = stored;
  if (text.text === message.text && sameJson(text.entities.length ? text.entities : undefined, message.entities) && sameJson(keyboard, record!.inlineKeyboard)) notModified();
  return apply(stored, keyboard, () => {
    message.text = text.text;
    if (text.entities.length) message.entities = text.entities;
    else delete message.entities;
    record!.text = text.text;
    if (parseMode) record!.parseMode = parseMode;
    else delete record!.parseMode;
  });
}

export function editMessageCaption(ctx: EmulatorContext, bot: BotState, params: Params): Success {
  const stored = target(ctx, bot, params);
  if (stored.record!.kind !== 'video') throw badRequest(WORDS.noCaptionToEdit);
  const parseMode = optString(params, 'parse_mode');
  const caption: Formatted | undefined = checkedCaption(optString(params, 'caption'), parseMode);
  const keyboard = keyboardAfter(params);
  const { message, record } = stored;
  const entities = caption?.entities.length ? caption.entities : undefined;
  if (caption?.text === message.caption && sameJson(entities, message.caption_entities) && sameJson(keyboard, record!.inlineKeyboard)) notModified();
  return apply(stored, keyboard, () => {
    if (caption) message.caption = caption.text;
    else delete message.caption;
    if (entities) message.caption_entities = entities;
    else delete message.caption_entities;
    if (caption) record!.caption = caption.text;
    else delete record!.caption;
    if (parseMode) record!.parseMode = parseMode;
    else delete record!.parseMode;
  });
}

export function editMessageReplyMarkup(ctx: EmulatorContext, bot: BotState, params: Params): Success {
  const stored = target(ctx, bot, params);
  const keyboard = keyboardAfter(params);
  if (sameJson(keyboard, stored.record!.inlineKeyboard)) notModified();
  return apply(stored, keyboard, () => undefined);
}

export function deleteMessage(ctx: EmulatorContext, bot: BotState, params: Params): Success {
  const conv = chatParam(ctx, bot, params);
  const stored = liveMessage(conv, optInt(params, 'message_id'));
  if (!stored) throw badRequest(WORDS.deleteNotFound);
  stored.deleted = true;
  return success(true);
}
