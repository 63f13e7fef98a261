// getMe and the webhook methods. The emulator never delivers to a webhook: a webhook only
// matters here because it makes getUpdates refuse (409), as on Telegram (reference §1.2).
import { badRequest, success, type Success } from './answers';
import { optBool, optString, type Params } from './params';
import type { BotState } from './state';
import type { BotUser } from './types';
import { dropPending } from './updates';

export function getMe(bot: BotState): Success {
  const me: BotUser = {
    id: bot.info.id,
    is_bot: true,
    first_name: bot.info.firstName,
    username: bot.info.username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  };
  return success(me);
}

export function getWebhookInfo(bot: BotState): Success {
  return success({ url: bot.webhookUrl, has_custom_certificate: false, pending_update_count: bot.queue.length });
}

const WEBHOOK_PORTS = new Set(['', '443', '80', '88', '8443']);

export function setWebhook(bot: BotState, params: Params): Success {
  const url = optString(params, 'url') ?? '';
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
    }
    if (parsed.protocol !== 'https:') throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    if (!WEBHOOK_PORTS.has(parsed.port)) throw badRequest('bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443');
  }
  if (optBool(params, 'drop_pending_updates')) dropPending(bot);
  const was = bot.webhookUrl;
  bot.webhookUrl = url;
  if (url) bot.heldPoll?.answer();
  if (!url) return success(true, was ? 'Webhook was deleted' : 'Webhook is already deleted');
  return success(true, was === url ? 'Webhook is already set' : 'Webhook was set');
}

export function deleteWebhook(bot: BotState, params: Params): Success {
  if (optBool(params, 'drop_pending_updates')) dropPending(bot);
  const was = bot.webhookUrl;
  bot.webhookUrl = '';
  return success(true, was ? 'Webhook was deleted' : 'Webhook is already deleted');
}
