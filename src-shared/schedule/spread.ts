// Spreading several finished videos over posting slots ("every day at 12:00 and 18:00") for one
// account: what the composer sends, what the core answers (a preview first, then the posts),
// and the slot list as the creator types it. The placing itself is planSlots (slot-plan.ts).
import { z } from 'zod';
import { TikTokPostSettingsSchema } from '../tiktok/post-settings';
import { PostSummarySchema } from '../posts/post';
import { ClockTimeSchema, TimeZoneSchema } from '../time/time-schemas';

/** More than this at once is a job for several batches: the preview must stay readable. */
export const MAX_SPREAD_ITEMS = 100;

export const SpreadItemSchema = z
  .object({
    renderId: z.string().min(1).max(64).optional(),
    clipId: z.string().min(1).max(64).optional(),
    caption: z.string().max(4000),
    /** This video's own cover frame (each render has its own); the shared setting otherwise. */
    coverTimestampMs: z.number().int().min(0).nullable().optional(),
  })
  .strict()
  .refine((i) => (i.renderId === undefined) !== (i.clipId === undefined), { message: 'Give each video as either renderId or clipId.' });

export const SpreadInputSchema = z
  .object({
    /** In the order they should go out. */
    items: z.array(SpreadItemSchema).min(1).max(MAX_SPREAD_ITEMS),
    accountId: z.string().min(1).max(64),
    /** Chosen once for all of them, under TikTok's rules as for one post; a preview needs none yet. */
    tiktok: TikTokPostSettingsSchema.optional(),
    slots: z.array(ClockTimeSchema).min(1).max(24),
    /** The slots are wall-clock times in this zone (the creator's). */
    timeZone: TimeZoneSchema,
    /** Nothing before this instant; now when omitted (or when it has passed). */
    from: z.iso.datetime({ offset: true }).optional(),
    /** True: only say where each video would go; nothing is created. */
    preview: z.boolean(),
    /** The times the preview showed: if the plan differs now, nothing is created (CONFLICT). */
    expectTimes: z.array(z.iso.datetime()).max(MAX_SPREAD_ITEMS).optional(),
  })
  .strict()
  .refine((s) => new Set(s.items.map((i) => i.renderId ?? `clip:${i.clipId}`)).size === s.items.length, {
    message: 'The same video is in the batch twice; each video is posted once.',
    path: ['items'],
  })
  .refine((s) => s.preview || s.tiktok !== undefined, { message: 'Choose the post settings before scheduling.', path: ['tiktok'] });
export type SpreadInput = z.infer<typeof SpreadInputSchema>;

export const SpreadResultSchema = z.object({
  /** One ISO instant per item, in the items' order. */
  times: z.array(z.string()),
  /** Days ("2026-11-27", in the zone) skipped because the account's posts there already fill TikTok's cap for every slot (slot-plan.ts). */
  fullDays: z.array(z.string()),
  /** Slots skipped because another post of this account is already at that time. */
  busySlots: z.array(z.string()),
  /** Slots skipped because the account would have more than `dailyCap` posts within 24 hours. */
  cappedSlots: z.array(z.string()),
  dailyCap: z.number().int(),
  /** The posts made (empty for a preview), in the items' order. */
  posts: z.array(PostSummarySchema),
});
export type SpreadResult = z.infer<typeof SpreadResultSchema>;

/** "12:00, 18:00" / "9:30 18" → ["09:30", "18:00"], sorted and without repeats; or what is wrong. */
export function parseSlotList(text: string): { ok: true; slots: string[] } | { ok: false; problem: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) return { ok: false, problem: 'Give at least one time of day, e.g. 12:00, 18:00.' };
  const slots = new Set<string>();
  for (const part of parts) {
    const m = /^(\d{1,2})(?:[:.h](\d{2}))?$/.exec(part);
    const hour = m ? Number(m[1]) : NaN;
    const minute = m?.[2] ? Number(m[2]) : 0;
    if (!m || hour > 23 || minute > 59) return { ok: false, problem: `"${part}" is not a time of day; use HH:MM on a 24-hour clock, e.g. 18:00.` };
    slots.add(`${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
  }
  if (slots.size > 24) return { ok: false, problem: 'At most 24 posting times a day.' };
  return { ok: true, slots: [...slots].sort() };
}
