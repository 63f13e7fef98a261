// The per-bot update queue and getUpdates (reference §1.2, §1.3, §4.3): offset confirms
// (forgets) what lies below it, a timeout holds the request until an update arrives, and
// only one poller may hold a bot at a time — a newer getUpdates ends the held one with 409,
// exactly the failure two app instances on one token meet on Telegram.
import { BotApiError, DROPPED, success, WORDS, type Success } from './answers';
import type { EmulatorContext } from './context';
import { optInt, optStringArray, type Params } from './params';
import type { BotState } from './state';
import type { Update, UpdateKind } from './types';

/** What allowed_updates can let through of what the emulator makes. */
const KINDS: readonly UpdateKind[] = ['message', 'callback_query', 'my_chat_member'];

/**
 * Queues an update unless the bot's allowed_updates excludes its kind (Telegram filters when
 * the update is made, not when it is fetched) and wakes a held poll.
 */
export function enqueue<K extends UpdateKind>(bot: BotState, kind: K, body: NonNullable<Update[K]>): Update | null {
  if (bot.allowedUpdates && !bot.allowedUpdates.includes(kind)) return null;
  const update = { update_id: bot.nextUpdateId++, [kind]: body } as Update;
  bot.queue.push(update);
  bot.heldPoll?.answer();
  return update;
}

/** Forgets updates below offset; a negative offset keeps only the last -offset (Bot API). */
function confirm(bot: BotState, offset: number | undefined): void {
  if (offset === undefined || offset === 0) return;
  if (offset > 0) bot.queue = bot.queue.filter((u) => u.update_id >= offset);
  else bot.queue = bot.queue.slice(offset);
}

export function dropPending(bot: BotState): void {
  bot.queue = [];
}

export async function getUpdates(ctx: EmulatorContext, bot: BotState, params: Params, signal: AbortSignal): Promise<Success | typeof DROPPED> {
  if (bot.webhookUrl) throw new BotApiError(409, WORDS.webhookConflict);
  // The earlier poller loses, whatever this request turns out to be.
  bot.heldPoll?.fail(new BotApiError(409, WORDS.pollConflict));
  confirm(bot, optInt(params, 'offset'));
  const allowed = optStringArray(params, 'allowed_updates');
  if (allowed) bot.allowedUpdates = allowed.length ? KINDS.filter((k) => allowed.includes(k)) : null;
  const limit = Math.min(100, Math.max(1, optInt(params, 'limit') ?? 100));
  const timeoutSec = Math.min(ctx.knobs.maxLongPollSeconds, Math.max(0, optInt(params, 'timeout') ?? 0));
  const take = (): Success => success(bot.queue.slice(0, limit));
  if (bot.queue.length || timeoutSec === 0) return take();
  if (signal.aborted) return DROPPED;

  return new Promise((resolve, reject) => {
    const finish = (how: () => void): void => {
      if (bot.heldPoll !== held) return;
      bot.heldPoll = null;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      how();
    };
    const held = {
      answer: () => finish(() => resolve(take())),
      fail: (e: BotApiError) => finish(() => reject(e)),
    };
    // The client went away (grammY's stop() aborts its fetch): forget the poll quietly.
    const onAbort = (): void => finish(() => resolve(DROPPED));
    const timer = setTimeout(held.answer, timeoutSec * 1000);
    signal.addEventListener('abort', onAbort);
    bot.heldPoll = held;
  });
}
