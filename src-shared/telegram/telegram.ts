// The Telegram bot as the UI and the CLI see it: which bot, whether it is listening, and who is
// paired. The bot token never appears here: it lives encrypted in core/secrets and never
// crosses a transport.
import { z } from 'zod';

/**
 * Where the bot is. Only the process that holds the data folder runs it (docs/architecture.md
 * §2).
 * - off: no bot token saved.
 * - starting: checking the token and looking for a webhook.
 * - running: listening for messages and button presses.
 * - webhook: the bot sends its updates to a webhook set by another program; Clipdesk waits
 *   for the creator's go-ahead before taking it over.
 * - conflict: another program polls this bot (Telegram's 409); Clipdesk keeps retrying.
 * - unauthorized: Telegram refused the token (revoked in @BotFather).
 * - offline: Telegram cannot be reached; Clipdesk retries by itself.
 * - not_running: this process does not run the bot (Clipdesk is not open).
 */
export const BOT_STATES = ['off', 'starting', 'running', 'webhook', 'conflict', 'unauthorized', 'offline', 'not_running'] as const;
export const BotStateSchema = z.enum(BOT_STATES);
export type BotState = z.infer<typeof BotStateSchema>;

export const ApproverSchema = z.object({
  id: z.string(),
  /** Telegram's numeric user id (who presses the buttons). */
  userId: z.number().int(),
  /** Where approval requests go: the person's private chat, or a group they paired from. */
  chatId: z.number().int(),
  chatTitle: z.string().nullable(),
  name: z.string(),
  username: z.string().nullable(),
  /** May decide (Approve/Reject/Reschedule/Edit caption); otherwise only told the results. */
  canApprove: z.boolean(),
  /** IANA zone the approver's messages show times in (Telegram does not tell bots a user's zone). */
  timeZone: z.string(),
  pairedAt: z.string(),
});
export type Approver = z.infer<typeof ApproverSchema>;

export const TelegramStatusSchema = z.object({
  state: BotStateSchema,
  /** A sentence on what is wrong and what to do; null when all is well. */
  problem: z.string().nullable(),
  bot: z.object({ id: z.number().int(), username: z.string(), name: z.string() }).nullable(),
  /** The webhook's origin when one is set elsewhere (state `webhook`). */
  webhookUrl: z.string().nullable(),
  approvers: z.array(ApproverSchema),
  /** Whether an emulator stands in for Telegram (CLIPDESK_TELEGRAM_API_ROOT). */
  emulated: z.boolean(),
});
export type TelegramStatus = z.infer<typeof TelegramStatusSchema>;

/** What `telegram.pair` tells its caller once the link is made (its progress). */
export const PairingStartSchema = z.object({
  /** https://t.me/<bot>?start=<one-time code>; opening it on the phone pairs that chat. */
  link: z.string(),
  /** https://t.me/<bot>?startgroup=<code>: adds the bot to a group the person picks and pairs that group instead. */
  groupLink: z.string(),
  /** The link as a QR code (SVG markup drawn by the core, no scripts). */
  qrSvg: z.string(),
  expiresAt: z.string(),
});
export type PairingStart = z.infer<typeof PairingStartSchema>;

