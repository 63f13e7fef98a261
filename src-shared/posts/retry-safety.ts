// Whether a post may be sent to TikTok again: the one rule (docs/architecture.md §2, exactly
// once), read from plain facts of its publish record. The publisher marks a failure retryable
// by it and posts.retry refuses by it (through src-main/core/post-store/publish-attempts.ts,
// which reads the facts from the record's row); settling a post on the creator's word
// (settle.ts) is allowed exactly where it says a retry is not safe. Pure.

/** What the publish record says of the upload. */
export interface UploadFacts {
  /** TikTok confirmed it has every byte. */
  uploadComplete: boolean;
  /** The last chunk went out (TikTok may have every byte, whether or not it said so). */
  lastChunkSent: boolean;
}

/** TikTok has, or may have, the whole video: the last chunk went out (or it confirmed it all). */
export function videoAtTikTok(f: UploadFacts): boolean {
  return f.uploadComplete || f.lastChunkSent;
}

/** What the rule reads: whether TikTok may have the whole video, and its last status word. */
export interface RetryFacts {
  videoAtTikTok: boolean;
  /** TikTok's status word from status/fetch (e.g. PROCESSING_UPLOAD, FAILED), or null. */
  tiktokStatus: string | null;
}

/**
 * Why sending again is safe, or null when it is not:
 * - `not_at_tiktok`: TikTok cannot have the whole video, so nothing of it can be on the profile;
 * - `tiktok_failed`: TikTok had it, and said itself that it failed.
 */
export type RetrySafeWhy = 'not_at_tiktok' | 'tiktok_failed';

export function retrySafeWhy(f: RetryFacts): RetrySafeWhy | null {
  if (!f.videoAtTikTok) return 'not_at_tiktok';
  if (f.tiktokStatus === 'FAILED') return 'tiktok_failed';
  return null;
}

export type RetrySafety = { safe: true } | { safe: false; reason: string };

export const RETRY_UNSAFE_REASON =
  'TikTok already received this video and never said it failed, so it may be on your profile. Check TikTok first; Clipdesk will not send it twice.';

/** Safe while TikTok cannot have the whole video, and after that only once TikTok itself said FAILED. */
export function retrySafety(f: RetryFacts): RetrySafety {
  return retrySafeWhy(f) !== null ? { safe: true } : { safe: false, reason: RETRY_UNSAFE_REASON };
}
