// The bot's life: long polling with grammY (docs/platforms.md, Telegram §1.2–§1.6, §6). One
// poller per token and per data folder (only the process holding the data lock runs it).
// Telegram's 409 (another program polls this bot) is reported and retried with capped backoff
// and jitter, never in a hot loop; 401 stops and says the token was refused; 429 waits
// `retry_after` (grammY does); network loss and 5xx back off and recover by themselves. A
// webhook set by another program is never deleted without the creator's go-ahead. Stopping
// cannot hang.
import { Api, Bot, GrammyError, HttpError, type Transformer } from 'grammy';
import type { BotState } from '../../../src-shared/telegram/telegram';

export interface BotIdentity {
  id: number;
  username: string;
  name: string;
}

export interface TelegramBotOptions {
  apiRoot: string;
  /** Installs the update handlers on a fresh Bot. */
  install: (bot: Bot) => void;
  /** Told whenever the state, problem or identity changes. */
  onChange: () => void;
  /** Where unexpected handler errors go (never with the token: grammY keeps it out of messages). */
  onError?: (err: unknown) => void;
  /** Delay before retry `n` (1-based) of a failed start or poll, before jitter. Tests shorten it. */
  backoffMs?: (n: number) => number;
  random?: () => number;
}

/** grammY types its signal with the abort-controller shim's class; Node's is what it gets at run time. */
export const tg = (signal: AbortSignal) => signal as unknown as Parameters<Api['getMe']>[0];

const defaultBackoff = (n: number): number => Math.min(60_000, 2_000 * 2 ** (n - 1));

/** The API root without a trailing slash (grammY refuses one). */
export function telegramApiRoot(env: NodeJS.ProcessEnv): string {
  return (env.CLIPDESK_TELEGRAM_API_ROOT || 'https://api.telegram.org').replace(/\/+$/, '');
}

export class TelegramBot {
  state: BotState = 'off';
  problem: string | null = null;
  identity: BotIdentity | null = null;
  webhookUrl: string | null = null;
  /**
   * Whether the presses and replies Telegram kept while Clipdesk was closed have been read
   * since this start. The no-answer rule waits for it: a Reject pressed at 17:30 must win
   * over a "publish anyway" deadline at 18:00 that Clipdesk, opened at 19:00, reaches first.
   */
  caughtUp = false;

  private bot: Bot | null = null;
  private sendApi: { token: string; api: Api } | null = null;
  private run: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private takeOver: (() => void) | null = null;

  constructor(private readonly options: TelegramBotOptions) {}

  /** Start polling with `token` (stops a previous run first). */
  async start(token: string): Promise<void> {
    await this.stop();
    this.caughtUp = false;
    const abort = new AbortController();
    this.abort = abort;
    this.run = this.loop(token, abort.signal).catch((err) => this.options.onError?.(err));
  }

  /** Stop polling; resolves within a few seconds whatever the network does. */
  async stop(): Promise<void> {
    const abort = this.abort;
    const run = this.run;
    const bot = this.bot;
    this.abort = null;
    this.run = null;
    this.bot = null;
    if (!abort) return;
    abort.abort();
    this.takeOver?.();
    // bot.stop() confirms the offset with one more getUpdates; offline it could wait for the
    // request timeout, so it gets two seconds (docs/platforms.md, Telegram §1.4).
    if (bot) await Promise.race([bot.stop().catch(() => undefined), delay(2_000)]);
    if (run) await Promise.race([run, delay(3_000)]);
  }

  /** Let polling delete the webhook another program set (asked of the creator first). */
  allowWebhookTakeOver(): boolean {
    if (this.state !== 'webhook' || !this.takeOver) return false;
    this.set('starting');
    this.takeOver();
    return true;
  }

  /** A client for sends, with a long timeout for uploads (the poller's is short). */
  api(token: string): Api {
    if (this.sendApi?.token !== token) this.sendApi = { token, api: new Api(token, { apiRoot: this.options.apiRoot, timeoutSeconds: 600 }) };
    return this.sendApi.api;
  }

  private set(state: BotState, problem: string | null = null): void {
    if (this.state === state && this.problem === problem) return;
    this.state = state;
    this.problem = problem;
    this.options.onChange();
  }

  private async loop(token: string, signal: AbortSignal): Promise<void> {
    // A 60 s request timeout (not grammY's 500 s): after sleep, a dead connection must not keep
    // the bot deaf for minutes (docs/platforms.md, Telegram §6).
    const bot = new Bot(token, { client: { apiRoot: this.options.apiRoot, timeoutSeconds: 60 } });
    this.bot = bot;
    let failures = 0;
    let conflicts = 0;
    // A poll that went through ends a 409 streak (see onStart below).
    bot.api.config.use(
      this.pollWatch(signal, () => {
        failures = 0;
        conflicts = 0;
      }),
    );
    this.options.install(bot);
    // The default handler stops polling on a handler error; one bad update must not.
    bot.catch((err) => this.options.onError?.(err.error));

    let checkWebhook = true;
    while (!signal.aborted) {
      try {
        if (!bot.isInited()) {
          this.set('starting');
          const me = await bot.api.getMe(tg(signal));
          bot.botInfo = me;
          this.identity = { id: me.id, username: me.username, name: [me.first_name, me.last_name].filter(Boolean).join(' ') };
          this.options.onChange();
        }
        if (checkWebhook) {
          // bot.start() deletes any webhook; another program's (n8n…) must not break silently.
          const hook = await bot.api.getWebhookInfo(tg(signal));
          if (!hook.url && hook.pending_update_count === 0) this.caughtUp = true;
          if (hook.url) {
            this.webhookUrl = originOf(hook.url);
            this.set('webhook', `This bot sends its updates to ${this.webhookUrl} (a webhook another program set). Clipdesk can take it over; that program then stops receiving them.`);
            await new Promise<void>((resolve) => {
              this.takeOver = resolve;
              signal.addEventListener('abort', () => resolve(), { once: true });
            });
            this.takeOver = null;
            if (signal.aborted) return;
            this.webhookUrl = null;
          }
          checkWebhook = false;
        }
        // Never drop_pending_updates: decisions made while Clipdesk was closed are exactly those.
        await bot.start({
          allowed_updates: ['message', 'callback_query'],
          timeout: 30,
          // grammY calls onStart on every retry after a 409, before the poll that may get the
          // next 409. Resetting here made the backoff never grow and the state flap between
          // 'conflict' and 'running' on each retry (found by telegram-approvals-faults.test.ts);
          // during a 409 streak only a poll that goes through (pollWatch) says 'running'.
          onStart: () => {
            if (conflicts > 0) return;
            failures = 0;
            this.set('running');
          },
        });
        if (signal.aborted) return;
        // start() returned without a stop: polling ended; go round again.
      } catch (err) {
        if (signal.aborted || (err instanceof Error && err.message === 'Aborted delay')) return;
        if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
          this.set('unauthorized', 'Telegram refused the bot token (it was revoked or regenerated in @BotFather). Paste the current token in Settings → Telegram.');
          return;
        }
        failures += 1;
        if (err instanceof GrammyError && err.error_code === 409 && /webhook/i.test(err.description)) {
          // Another program set a webhook while we polled. Going round to bot.start() would
          // delete it (start() always calls deleteWebhook) without the creator's go-ahead:
          // check it again instead, which shows the 'webhook' state and waits (found by
          // telegram-approvals-faults.test.ts).
          checkWebhook = true;
        } else if (err instanceof GrammyError && err.error_code === 409) {
          conflicts += 1;
          // One 409 right after a restart is Telegram still holding our previous poll; more is another program.
          if (conflicts >= 2) {
            this.set(
              'conflict',
              'This bot is being used by another program (or another copy of Clipdesk) at the same time. Telegram lets only one program receive its messages: stop the other one, or make a separate bot for Clipdesk with @BotFather. Clipdesk keeps trying.',
            );
          }
        } else {
          conflicts = 0;
          this.set('offline', offlineProblem(err));
        }
        await sleep(this.backoff(failures), signal);
      }
    }
  }

  private backoff(n: number): number {
    const base = (this.options.backoffMs ?? defaultBackoff)(n);
    return Math.max(1, Math.round(base * (0.75 + (this.options.random ?? Math.random)() / 2)));
  }

  /**
   * Watches getUpdates: a success means the bot hears again; a network failure or a 5xx
   * backs off (grammY alone retries every 3 s forever) and says Telegram cannot be reached.
   */
  private pollWatch(signal: AbortSignal, onOk: () => void): Transformer {
    let failures = 0;
    // The last batch was not full: Telegram had no more. grammY asks again only after it has
    // handled that batch, so the next ask means every kept update has been applied.
    let lastBatchPartial = false;
    return async (prev, method, payload, callSignal) => {
      if (method !== 'getUpdates') return prev(method, payload, callSignal);
      if (lastBatchPartial) this.caughtUp = true;
      try {
        const res = await prev(method, payload, callSignal);
        if (res.ok) {
          lastBatchPartial = Array.isArray(res.result) && res.result.length < 100;
          failures = 0;
          onOk();
          if (this.state !== 'running' && !signal.aborted) this.set('running');
        } else if (res.error_code >= 500) {
          failures += 1;
          this.set('offline', `Telegram answered with an error (${res.error_code}). Clipdesk keeps trying.`);
          await sleep(this.backoff(failures), signal);
        }
        return res;
      } catch (err) {
        if (!signal.aborted && err instanceof HttpError) {
          failures += 1;
          this.set('offline', offlineProblem(err));
          await sleep(this.backoff(failures), signal);
        }
        throw err;
      }
    };
  }
}

function offlineProblem(err: unknown): string {
  if (err instanceof GrammyError) return `Telegram answered with an error (${err.error_code}). Clipdesk keeps trying.`;
  return 'Telegram cannot be reached (no network?). Clipdesk keeps trying and picks up button presses made in the meantime.';
}

/** Only the origin of another program's webhook is shown: its path may hold that program's secret. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'another address';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
