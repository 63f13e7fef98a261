// The creator's settings: one schema, one set of defaults. Stored as JSON values in the
// `settings` table, one row a key; secrets never live here (see core/secrets).
import { z } from 'zod';
import { ClockTimeSchema } from './time/time-schemas';

export const NO_ANSWER_RULES = ['hold', 'publish'] as const;
export type NoAnswerRule = (typeof NO_ANSWER_RULES)[number];

export const SettingsSchema = z.object({
  /**
   * Linux without a keyring gives Electron's safeStorage only the `basic_text` backend, which
   * is obfuscation, not encryption. Clipdesk refuses it unless the creator accepts it here.
   */
  acceptBasicTextSecrets: z.boolean(),
  /** Pause all publishing (the scheduler keeps its queue but publishes nothing). */
  publishingPaused: z.boolean(),
  /** How many renders run at once. */
  renderParallel: z.number().int().min(1).max(4),
  /** H.264 encoder: 'auto' (a hardware encoder that works, else libx264) or an ffmpeg encoder name. */
  renderEncoder: z.string().regex(/^[a-z0-9_]+$/).max(40),
  /**
   * Posts wait for an approval before they publish. null = not chosen yet: on as soon as a
   * Telegram approver is paired, off before.
   */
  requireApproval: z.boolean().nullable(),
  /** What happens when nobody answered by the post's time: hold it, or publish anyway. */
  noAnswerRule: z.enum(NO_ANSWER_RULES),
  /**
   * Telegram messages sent in this window (the computer's time zone) arrive silently — no
   * sound or vibration; they are still there to act on. null = no quiet hours.
   */
  quietHours: z.object({ start: ClockTimeSchema, end: ClockTimeSchema }).strict().nullable(),
  /**
   * A post whose time passed while Clipdesk was closed, asleep or offline is published late
   * when it is at most this many minutes late; later than that it is held and the creator
   * asked (on Telegram too when paired). 0 = never publish late.
   */
  missedGraceMinutes: z.number().int().min(0).max(7 * 24 * 60),
  /** Imported and rendered media of a published post are deleted this many days after publishing (the record stays). null = keep. */
  mediaRetentionDays: z.number().int().min(1).max(3650).nullable(),
  /** Activity entries older than this many days are removed. null = keep. */
  logRetentionDays: z.number().int().min(7).max(3650).nullable(),
  /**
   * The creator's TikTok developer app has the Display API product, so Connect may ask for
   * Insights' scopes. Off by default: TikTok refuses the whole consent (invalid_scope) when an
   * app asks for a scope its products do not grant (docs/platforms.md, TikTok §5).
   * CLIPDESK_TIKTOK_DISPLAY_API=1|0 in the environment wins, as the app's key does.
   */
  tiktokDisplayApi: z.boolean(),
  /** Desktop: closing the window keeps Clipdesk running in the tray (schedules and approvals go on). */
  closeToTray: z.boolean(),
  /** Desktop: start Clipdesk (hidden, in the tray) when you log in. */
  launchAtLogin: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  acceptBasicTextSecrets: false,
  publishingPaused: false,
  renderParallel: 1,
  renderEncoder: 'auto',
  requireApproval: null,
  noAnswerRule: 'hold',
  quietHours: null,
  missedGraceMinutes: 120,
  mediaRetentionDays: 30,
  logRetentionDays: 365,
  tiktokDisplayApi: false,
  closeToTray: true,
  launchAtLogin: false,
};

export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
