// answerCallbackQuery: one answer per query, and only while the query is fresh. Telegram gives
// no number for "fresh" (reference §1.9); the knob callbackAnswerWindowMs stands in for it.
import { badRequest, success, WORDS, type Success } from './answers';
import type { EmulatorContext } from './context';
import { optBool, optString, type Params } from './params';
import type { BotState } from './state';

const MAX_ANSWER_TEXT = 200;

export function answerCallbackQuery(ctx: EmulatorContext, bot: BotState, params: Params): Success {
  const id = optString(params, 'callback_query_id');
  const query = id === undefined ? undefined : bot.callbacks.get(id);
  const now = Date.now();
  if (!query || query.answer || now - query.at > ctx.knobs.callbackAnswerWindowMs) throw badRequest(WORDS.queryTooOld);
  const text = optString(params, 'text');
  if (text !== undefined && text.length > MAX_ANSWER_TEXT) throw badRequest(WORDS.answerTooLong);
  const showAlert = optBool(params, 'show_alert');
  query.answer = { ...(text !== undefined ? { text } : {}), ...(showAlert !== undefined ? { showAlert } : {}), at: now };
  return success(true);
}
