// A post as the UI and the CLI see it: what goes to TikTok, where it is on its way, and — when
// it failed — why, in words, and whether trying again makes sense.
import { z } from 'zod';
import { TikTokPostSettingsSchema } from '../tiktok/post-settings';
import { POST_STATES } from './lifecycle';

export const PostStateSchema = z.enum(POST_STATES);

export const PUBLISH_PHASES = ['waiting', 'initialising', 'uploading', 'processing', 'published', 'inbox', 'failed'] as const;
export const PublishPhaseSchema = z.enum(PUBLISH_PHASES);
export type PublishPhase = z.infer<typeof PublishPhaseSchema>;

export const PublishFailureSchema = z.object({
  /** TikTok's code or fail_reason, or Clipdesk's own (e.g. file_missing). */
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  action: z.enum(['retry', 'wait', 'reconnect', 'edit', 'settings', 'contact', 'none']),
});
export type PublishFailure = z.infer<typeof PublishFailureSchema>;

export const PublishProgressSchema = z.object({
  phase: PublishPhaseSchema,
  /** 1 for the first attempt; a re-initialised upload (expired URL) counts as a new attempt. */
  attempt: z.number().int(),
  uploadedBytes: z.number().int(),
  totalBytes: z.number().int(),
  /** TikTok's own status word from status/fetch, for the curious. */
  tiktokStatus: z.string().nullable(),
  publishId: z.string().nullable(),
  /** The public video, once TikTok reports it (public posts only). */
  postUrl: z.string().nullable(),
  failure: PublishFailureSchema.nullable(),
  /** When Clipdesk will next act (upload retry, status check, a rate-limit wait). */
  nextCheckAt: z.string().nullable(),
  /**
   * TikTok has, or may have, the whole video: the last chunk went out. From then on it is never
   * sent again, only asked about (and, when no answer can be had, settled: settle.ts).
   */
  videoAtTikTok: z.boolean(),
  /** When TikTok confirmed it had the whole video. */
  uploadCompletedAt: z.string().nullable(),
  /** A sentence for the UI: "Uploading 42 %", "Waiting: TikTok allows 6 uploads a minute" … */
  detail: z.string().nullable(),
});
export type PublishProgress = z.infer<typeof PublishProgressSchema>;

/**
 * Where the post's account stands: connected, needing a reconnect (Clipdesk cannot ask TikTok
 * anything for it), or gone (disconnected, or the post never had one).
 */
export const ACCOUNT_STATUSES = ['connected', 'reconnect_needed', 'gone'] as const;
export const AccountStatusSchema = z.enum(ACCOUNT_STATUSES);
export type AccountStatus = z.infer<typeof AccountStatusSchema>;

/**
 * Why a post that could go is held — a typed value the core stores with the post (posts.hold_kind,
 * docs/architecture.md §2), never recognised from the words of a sentence:
 * - `paused`: publishing is paused; it goes when the creator resumes.
 * - `daily_cap`: its account reached TikTok's daily cap (src-shared/schedule/daily-cap.ts); it
 *   goes when a slot frees up.
 * - `account`: its account must be reconnected; it carries on by itself the moment it is (a
 *   scheduled post goes, an upload or status check resumes from the publish record).
 * - `missed`: it missed its time by more than the grace window while Clipdesk could not publish;
 *   it waits for the creator (Publish now, or a new time).
 * - `no_answer`: nobody approved it by its time and the no-answer rule holds it until someone does.
 */
export const HOLD_REASONS = ['paused', 'daily_cap', 'account', 'missed', 'no_answer'] as const;
export const HoldReasonSchema = z.enum(HOLD_REASONS);
export type HoldReason = z.infer<typeof HoldReasonSchema>;

export const PostHoldSchema = z.object({
  reason: HoldReasonSchema,
  /** When it was first held for this reason. */
  since: z.string(),
  /** When Clipdesk looks again by itself (a pause, the cap, the account); null when only a person can release it (missed, no_answer). */
  until: z.string().nullable(),
  /** The sentence for people: why, and what happens next. Only for showing; nothing reads it back. */
  detail: z.string(),
});
export type PostHold = z.infer<typeof PostHoldSchema>;

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export const ApprovalStatusSchema = z.enum(APPROVAL_STATUSES);
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

export const PostSummarySchema = z.object({
  id: z.string(),
  state: PostStateSchema,
  caption: z.string(),
  accountId: z.string().nullable(),
  /** The account's display name, so a list needs no second lookup. */
  accountName: z.string().nullable(),
  /** The account's TikTok handle (without the @), when known: its profile is tiktok.com/@handle. */
  accountUsername: z.string().nullable(),
  accountState: AccountStatusSchema,
  clipId: z.string().nullable(),
  renderId: z.string().nullable(),
  /** The file that is posted (the render's output, or the clip when it was TikTok-ready as is). */
  fileName: z.string().nullable(),
  durationSec: z.number().nullable(),
  tiktok: TikTokPostSettingsSchema.nullable(),
  scheduledAt: z.string().nullable(),
  /** The latest approval of this post, when it needed one (the Approvals view has the whole record). */
  approval: z
    .object({
      id: z.string(),
      status: ApprovalStatusSchema,
      /** Who decided, for people; null while pending. */
      decidedBy: z.string().nullable(),
      decidedAt: z.string().nullable(),
      // Whether nobody answered by the post's time and the creator's rule holds it is the
      // post's hold (reason no_answer: isApprovalHeld), not a flag here.
    })
    .nullable(),
  publish: PublishProgressSchema.nullable(),
  /** Why the post waits although it could go, or null: the one place every view learns it from. */
  hold: PostHoldSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PostSummary = z.infer<typeof PostSummarySchema>;
