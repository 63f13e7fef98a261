// What a creator chooses for one TikTok post, in TikTok's own terms (docs/platforms.md, TikTok
// §3.2). Stored on the post; the composer produces it, the publisher sends it. One schema for
// both.
import { z } from 'zod';

/** TikTok's privacy levels; which ones a creator may use comes from creator_info. */
export const PRIVACY_LEVELS = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'] as const;
export const PrivacyLevelSchema = z.enum(PRIVACY_LEVELS);
export type PrivacyLevel = z.infer<typeof PrivacyLevelSchema>;

/** Direct Post (`video.publish`) publishes; inbox (`video.upload`) sends a draft the creator finishes in TikTok. */
export const POST_MODES = ['direct', 'inbox'] as const;
export const PostModeSchema = z.enum(POST_MODES);
export type PostMode = z.infer<typeof PostModeSchema>;

/** The caption limit: UTF-16 code units, i.e. JavaScript's `.length` (§3.2). */
export const CAPTION_MAX_UTF16 = 2200;

export const TikTokPostSettingsSchema = z
  .object({
    mode: PostModeSchema,
    /** Required for Direct Post, chosen by the creator (never defaulted); ignored for inbox. */
    privacy: PrivacyLevelSchema.nullable(),
    allowComment: z.boolean(),
    allowDuet: z.boolean(),
    allowStitch: z.boolean(),
    /** "Your brand": the creator promotes their own business → brand_organic_toggle. */
    brandOrganic: z.boolean(),
    /** "Branded content": a paid partnership with a third party → brand_content_toggle. */
    brandContent: z.boolean(),
    /** Frame TikTok uses as the cover; null → TikTok's default (the first frame). */
    coverTimestampMs: z.number().int().min(0).nullable(),
  })
  .strict()
  .refine((s) => s.mode === 'inbox' || s.privacy !== null, {
    message: 'Choose who can see the video: Direct Post needs a privacy level.',
    path: ['privacy'],
  })
  .refine((s) => !(s.brandContent && s.privacy === 'SELF_ONLY'), {
    message: 'Branded content visibility cannot be set to private.',
    path: ['privacy'],
  });
export type TikTokPostSettings = z.infer<typeof TikTokPostSettingsSchema>;

/** What the composer needs from creator_info (§3.1), in the app's names. */
export const CreatorInfoSchema = z.object({
  nickname: z.string(),
  username: z.string(),
  avatarUrl: z.string().nullable(),
  privacyLevelOptions: z.array(PrivacyLevelSchema),
  commentDisabled: z.boolean(),
  duetDisabled: z.boolean(),
  stitchDisabled: z.boolean(),
  maxVideoPostDurationSec: z.number().int().positive(),
});
export type CreatorInfo = z.infer<typeof CreatorInfoSchema>;

/**
 * creator_info fetched fresh when the composer opens: either what the creator may do, or why
 * they cannot post right now (TikTok's spam-risk and cap codes, a missing scope, a network
 * failure), in words, with TikTok's code kept for the record.
 */
export const CreatorStatusSchema = z.discriminatedUnion('canPost', [
  z.object({ canPost: z.literal(true), info: CreatorInfoSchema }),
  z.object({
    canPost: z.literal(false),
    code: z.string(),
    message: z.string(),
    /** Whether trying again later can help (a rate limit, a network failure) or not (a ban). */
    retryable: z.boolean(),
  }),
]);
export type CreatorStatus = z.infer<typeof CreatorStatusSchema>;
