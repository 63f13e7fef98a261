// Telegram as the app's commands see it: set up the bot (token checked with getMe, stored
// encrypted), take it over from another program's webhook when the creator says so, pair and
// unpair approvers, and report where the bot is. The bot itself runs only in the process that
// holds the data folder (`runBot`); elsewhere the status says Clipdesk is not running it.
import { Api, GrammyError } from 'grammy';
import QRCode from 'qrcode';
import { AppError } from '../../../src-shared/errors';
import type { Approver, PairingStart, TelegramStatus } from '../../../src-shared/telegram/telegram';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { EventBus } from '../event-bus';
import type { SecretStore } from '../secrets/secret-store';
import { approverLabel, toApprover, type ApproverRepo } from '../approvals/approver-repo';
import type { Pairings } from './pairing';
import type { TelegramBot } from './telegram-bot';

const TOKEN_SECRET = 'telegram.botToken' as const;
const BACKLOG_WAIT_MS = 10 * 60_000;

export interface TelegramServiceDeps {
  bot: TelegramBot;
  runBot: boolean;
  apiRoot: string;
  emulated: boolean;
  secrets: SecretStore;
  approvers: ApproverRepo;
  pairings: Pairings;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
  /** An approver was unpaired or may no longer decide: their copies of waiting requests lose the buttons. */
  onApproverChanged?: (approverId: string) => void;
}

export class TelegramService {
  private token: string | null = null;
  private stopped = false;
  private startedAt: number | null = null;
  constructor(private readonly deps: TelegramServiceDeps) {}

  /** Start the bot with the saved token (in the process that runs it). */
  async start(): Promise<void> {
    if (!this.deps.runBot) return;
    this.startedAt = this.deps.clock.now();
    const token = await this.deps.secrets.get(TOKEN_SECRET).catch(() => null);
    // Closed while the secret was being read: starting now would outlive the database.
    if (this.stopped) return;
    this.token = token;
    if (token) await this.deps.bot.start(token);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.deps.bot.stop();
  }

  /** The client for sends; 'loading' while the saved token is still being read at start, null when none is saved. */
  api(): Api | 'loading' | null {
    if (this.token) return this.deps.bot.api(this.token);
    return this.deps.runBot && this.deps.secrets.has(TOKEN_SECRET) ? 'loading' : null;
  }

  /**
   * True while decisions made on Telegram during a closed app may still be unread: a bot is set
   * up here, Telegram is not refusing it, and it has not caught up since start. Ten minutes of
   * not reaching Telegram end the wait, so an offline laptop still applies the creator's rules.
   */
  backlogUnread(): boolean {
    if (!this.deps.runBot || !this.deps.secrets.has(TOKEN_SECRET) || this.deps.bot.caughtUp) return false;
    if (['off', 'unauthorized', 'webhook'].includes(this.deps.bot.state)) return false;
    return this.startedAt === null || this.deps.clock.now() - this.startedAt < BACKLOG_WAIT_MS;
  }

  status(): TelegramStatus {
    const { bot } = this.deps;
    const configured = this.deps.secrets.has(TOKEN_SECRET);
    const running = this.deps.runBot && configured;
    return {
      // Saved but the loop has not reported yet: it is starting, not off.
      state: !configured ? 'off' : running ? (bot.state === 'off' ? 'starting' : bot.state) : 'not_running',
      problem: !configured ? null : running ? bot.problem : 'Clipdesk is not running, so the bot does not answer. Start Clipdesk (or `clipdesk serve`) and it picks up what was pressed meanwhile.',
      bot: running ? bot.identity : null,
      webhookUrl: running ? bot.webhookUrl : null,
      approvers: this.deps.approvers.list().map(toApprover),
      emulated: this.deps.emulated,
    };
  }

  changed(): void {
    this.deps.bus.emit('telegram.changed', this.status());
  }

  async setup(token: string, actor: string): Promise<TelegramStatus> {
    let me;
    try {
      me = await new Api(token, { apiRoot: this.deps.apiRoot, timeoutSeconds: 20 }).getMe();
    } catch (err) {
      if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
        throw new AppError('BAD_INPUT', 'Telegram does not know this bot token. Copy it again from @BotFather (/mybots → your bot → API Token).');
      }
      throw new AppError('NETWORK', 'Telegram cannot be reached to check the token. Check the network and try again.');
    }
    const previous = await this.deps.secrets.get(TOKEN_SECRET).catch(() => null);
    await this.deps.secrets.set(TOKEN_SECRET, token);
    // Another bot's chats are not this bot's: approvers of a different bot are unpaired.
    const botChanged = previous !== null && previous.split(':')[0] !== token.split(':')[0];
    if (botChanged) this.deps.approvers.removeAll();
    this.deps.audit.append({ actor, action: 'telegram.setup', subject: `@${me.username}`, detail: botChanged ? 'bot token saved (a different bot: approvers unpaired)' : 'bot token saved' });
    this.token = token;
    this.stopped = false;
    if (this.deps.runBot) {
      this.startedAt = this.deps.clock.now();
      await this.deps.bot.start(token);
    }
    this.changed();
    return this.status();
  }

  takeOverWebhook(actor: string): TelegramStatus {
    if (!this.deps.bot.allowWebhookTakeOver()) throw new AppError('CONFLICT', 'There is no webhook to take over.');
    this.deps.audit.append({ actor, action: 'telegram.webhook_taken_over', subject: this.deps.bot.webhookUrl, detail: 'the other program stops receiving this bot’s updates' });
    return this.status();
  }

  async remove(actor: string): Promise<TelegramStatus> {
    await this.deps.bot.stop();
    this.deps.secrets.delete(TOKEN_SECRET);
    this.token = null;
    const unpaired = this.deps.approvers.removeAll();
    this.deps.bot.state = 'off';
    this.deps.bot.problem = null;
    this.deps.bot.identity = null;
    this.deps.audit.append({ actor, action: 'telegram.removed', subject: null, detail: `bot token deleted; ${unpaired} approver(s) unpaired` });
    this.changed();
    return this.status();
  }

  /**
   * Pair a phone, as one cancellable call (docs/architecture.md §1, "Cancellable calls"): make a
   * one-time link, tell the caller (`onLink`: the link and its QR code to show), and wait until
   * it is used. The caller cancelling or going away (`signal`) withdraws the link, so a link
   * nobody is waiting on any more pairs nobody.
   */
  async pair(signal: AbortSignal, onLink: (start: PairingStart) => void): Promise<Approver> {
    const identity = this.deps.bot.identity;
    if (!this.deps.secrets.has(TOKEN_SECRET)) throw new AppError('NOT_CONFIGURED', 'Set up a Telegram bot first (paste its token from @BotFather).');
    if (!identity) throw new AppError('UNAVAILABLE', this.deps.bot.problem ?? 'The bot is still starting; try again in a moment.');
    const { pairingId, code, expiresAt } = this.deps.pairings.create();
    try {
      const link = `https://t.me/${identity.username}?start=${code}`;
      const qrSvg = await QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      // The same code in a startgroup link: Telegram adds the bot to a group the person picks and
      // sends "/start@<bot> <code>" there, from them.
      const groupLink = `https://t.me/${identity.username}?startgroup=${code}`;
      onLink({ link, groupLink, qrSvg, expiresAt: iso(expiresAt) });
      const approverId = await this.deps.pairings.wait(pairingId, signal);
      return toApprover(this.deps.approvers.get(approverId));
    } finally {
      // Used, expired or given up: the link pairs nobody from now on (withdrawing a used or
      // expired one changes nothing).
      this.deps.pairings.cancel(pairingId);
    }
  }

  updateApprover(id: string, patch: { canApprove?: boolean; timeZone?: string }, actor: string): Approver {
    const row = this.deps.approvers.update(id, patch);
    const what = [patch.canApprove === undefined ? null : patch.canApprove ? 'may approve' : 'results only', patch.timeZone ? `time zone ${patch.timeZone}` : null].filter(Boolean).join(', ');
    this.deps.audit.append({ actor, action: 'telegram.approver_updated', subject: id, detail: `${approverLabel(row)}: ${what}` });
    if (patch.canApprove !== undefined) this.deps.onApproverChanged?.(id);
    this.changed();
    return toApprover(row);
  }

  removeApprover(id: string, actor: string): { removed: true } {
    const row = this.deps.approvers.remove(id);
    this.deps.audit.append({ actor, action: 'telegram.unpaired', subject: id, detail: approverLabel(row) });
    this.deps.onApproverChanged?.(id);
    this.changed();
    return { removed: true };
  }
}
