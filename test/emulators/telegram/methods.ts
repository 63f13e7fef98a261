// Which handler answers which Bot API method.
import type { DROPPED, Success } from './answers';
import { deleteWebhook, getMe, getWebhookInfo, setWebhook } from './bot-info';
import { answerCallbackQuery } from './callbacks';
import type { EmulatorContext } from './context';
import { deleteMessage, editMessageCaption, editMessageReplyMarkup, editMessageText } from './edits';
import { sendMessage, sendVideo } from './messages';
import type { MethodName } from './methods-list';
import type { Payload } from './payload';
import type { BotState } from './state';
import { getUpdates } from './updates';

export type Handler = (ctx: EmulatorContext, bot: BotState, payload: Payload, signal: AbortSignal) => Success | typeof DROPPED | Promise<Success | typeof DROPPED>;

export const HANDLERS: Record<MethodName, Handler> = {
  getMe: (_ctx, bot) => getMe(bot),
  getUpdates: (ctx, bot, p, signal) => getUpdates(ctx, bot, p.params, signal),
  getWebhookInfo: (_ctx, bot) => getWebhookInfo(bot),
  setWebhook: (_ctx, bot, p) => setWebhook(bot, p.params),
  deleteWebhook: (_ctx, bot, p) => deleteWebhook(bot, p.params),
  sendMessage: (ctx, bot, p) => sendMessage(ctx, bot, p.params),
  sendVideo: (ctx, bot, p) => sendVideo(ctx, bot, p),
  answerCallbackQuery: (ctx, bot, p) => answerCallbackQuery(ctx, bot, p.params),
  editMessageText: (ctx, bot, p) => editMessageText(ctx, bot, p.params),
  editMessageCaption: (ctx, bot, p) => editMessageCaption(ctx, bot, p.params),
  editMessageReplyMarkup: (ctx, bot, p) => editMessageReplyMarkup(ctx, bot, p.params),
  deleteMessage: (ctx, bot, p) => deleteMessage(ctx, bot, p.params),
};
