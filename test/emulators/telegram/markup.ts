// reply_markup as Telegram checks it: callback_data is 1–64 BYTES of UTF-8 (reference §1.11),
// URL buttons need a real URL, and a button must do something. Reply keyboards are accepted
// but not modelled (the app sends inline keyboards and force_reply only).
import { badRequest, WORDS } from './answers';
import { optObject, type Params } from './params';
import type { InlineKeyboardButton } from './types';

export interface Markup {
  /** Whether reply_markup was sent at all (an edit without it removes the keyboard). */
  given: boolean;
  /** null = no inline keyboard (also for `{inline_keyboard: []}`). */
  inlineKeyboard: InlineKeyboardButton[][] | null;
  forceReply: boolean;
}

/** Button fields that make a button do something (Bot API InlineKeyboardButton). */
const ACTIONS = ['callback_data', 'url', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'web_app', 'callback_game', 'pay'];

function checkButton(raw: unknown): InlineKeyboardButton {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badRequest(WORDS.markupJson);
  const b = raw as Record<string, unknown>;
  if (typeof b.text !== 'string') throw badRequest(WORDS.markupJson);
  const actions = ACTIONS.filter((a) => b[a] !== undefined);
  if (actions.length === 0) throw badRequest(WORDS.textButtonsUnallowed);
  if (b.callback_data !== undefined) {
    const bytes = typeof b.callback_data === 'string' ? Buffer.byteLength(b.callback_data, 'utf8') : 0;
    if (bytes < 1 || bytes > 64) throw badRequest(WORDS.buttonDataInvalid);
  }
  if (b.url !== undefined) {
    let ok = false;
    try {
      ok = typeof b.url === 'string' && ['http:', 'https:', 'tg:'].includes(new URL(b.url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw badRequest(WORDS.buttonUrlInvalid);
  }
  return b as InlineKeyboardButton;
}

export function readMarkup(params: Params): Markup {
  const m = optObject(params, 'reply_markup', WORDS.markupJson);
  if (!m) return { given: false, inlineKeyboard: null, forceReply: false };
  if (m.inline_keyboard !== undefined) {
    if (!Array.isArray(m.inline_keyboard) || m.inline_keyboard.some((row) => !Array.isArray(row))) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    const rows = (m.inline_keyboard as unknown[][]).map((row) => row.map(checkButton)).filter((row) => row.length);
    return { given: true, inlineKeyboard: rows.length ? rows : null, forceReply: false };
  }
  if (m.force_reply !== undefined) {
    if (m.force_reply !== true) throw badRequest(WORDS.markupJson);
    const placeholder = m.input_field_placeholder;
    if (placeholder !== undefined && (typeof placeholder !== 'string' || placeholder.length < 1 || placeholder.length > 64)) {
      throw badRequest('input field placeholder must be 1-64 characters long');
    }
    return { given: true, inlineKeyboard: null, forceReply: true };
  }
  if (m.keyboard !== undefined || m.remove_keyboard !== undefined) return { given: true, inlineKeyboard: null, forceReply: false };
  throw badRequest(WORDS.markupJson);
}

/** Same keyboard? Compared as JSON of what the chat shows. */
export const sameKeyboard = (a: InlineKeyboardButton[][] | null, b: InlineKeyboardButton[][] | null): boolean => JSON.stringify(a) === JSON.stringify(b);
