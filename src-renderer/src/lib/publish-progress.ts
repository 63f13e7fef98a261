// Where a post is on its way to TikTok, in words for the Queue and History: the phase the
// publisher reports, the upload's percentage, and what to do when it failed. Pure.
import type { PostSummary, PublishProgress } from '../../../src-shared/posts/post';
import { canCancel as stateCanCancel, canRetry as stateCanRetry, isWaiting } from '../../../src-shared/posts/post-actions';
import { canSettle, settleFacts, tiktokProfileUrl } from '../../../src-shared/posts/settle';
import { formatBytes, formatPercent } from './format-media';

/** 0..1 from the bytes TikTok has; null while the size is not known yet. */
export function uploadFraction(progress: Pick<PublishProgress, 'uploadedBytes' | 'totalBytes'>): number | null {
  if (!(progress.totalBytes > 0) || !Number.isFinite(progress.uploadedBytes)) return null;
  return Math.max(0, Math.min(1, progress.uploadedBytes / progress.totalBytes));
}

export type ProgressTone = 'neutral' | 'accent' | 'success' | 'danger';

export interface ProgressLine {
  tone: ProgressTone;
  /** The one sentence for the row. */
  text: string;
  /** Shown under it, smaller: the publisher's own detail, or what happens next. */
  note: string | null;
  /** A bar: the fraction (null for an indeterminate one), or undefined for no bar. */
  bar?: { fraction: number | null; label: string; valueText: string };
  /** The public video, when TikTok reported it. */
  postUrl: string | null;
}

const INBOX_TEXT = 'Sent to your TikTok inbox — open the TikTok app to finish';
const PROCESSING_NOTE = 'It may take a few minutes to process and appear on your profile.';

/** The sentence for a post's publish progress; null when there is nothing to add to its state and time. */
export function progressLine(post: Pick<PostSummary, 'publish' | 'fileName' | 'tiktok' | 'state'>): ProgressLine | null {
  const p = post.publish;
  if (!p) return null;
  const name = post.fileName ?? 'the video';
  const detail = p.detail?.trim() || null;
  switch (p.phase) {
    case 'waiting':
      // A scheduled post waits by design; its row already says when. Only a reason is news.
      return detail ? { tone: 'neutral', text: detail, note: null, postUrl: null } : null;
    case 'initialising':
      return {
        tone: 'accent',
        text: detail ?? 'Getting TikTok ready for the upload…',
        note: null,
        bar: { fraction: null, label: `Uploading ${name} to TikTok`, valueText: 'Starting' },
        postUrl: null,
      };
    case 'uploading': {
      const fraction = uploadFraction(p);
      const bytes = p.totalBytes > 0 ? `${formatBytes(p.uploadedBytes)} of ${formatBytes(p.totalBytes)}` : null;
      const percent = fraction === null ? null : formatPercent(fraction);
      return {
        tone: 'accent',
        text: ['Uploading to TikTok', percent, bytes].filter(Boolean).join(' · '),
        // The publisher's sentence repeats the percentage while all goes well; only say it when it adds something.
        note: detail && !/^uploading/i.test(detail) ? detail : null,
        bar: { fraction, label: `Uploading ${name} to TikTok`, valueText: percent ?? 'Uploading' },
        postUrl: null,
      };
    }
    case 'processing':
      return {
        tone: 'accent',
        text: detail ?? 'TikTok is processing the video',
        note: detail ? null : PROCESSING_NOTE,
        bar: { fraction: null, label: `TikTok is processing ${name}`, valueText: 'Processing' },
        postUrl: null,
      };
    case 'published':
      return {
        tone: 'success',
        text: 'Published on TikTok',
        note: p.postUrl
          ? null
          : post.tiktok?.privacy === 'SELF_ONLY'
            ? 'Only you can see it: find it on your profile in the TikTok app.'
            : 'TikTok shows the link here once the video has passed its checks; it is on your profile in the TikTok app.',
        postUrl: p.postUrl,
      };
    case 'inbox':
      return { tone: 'success', text: INBOX_TEXT, note: detail, postUrl: null };
    case 'failed':
      return {
        tone: 'danger',
        text: p.failure?.message ?? detail ?? 'Publishing failed, and TikTok did not say why.',
        note: p.failure && !p.failure.retryable && p.failure.action === 'none' ? 'Trying again would fail the same way.' : null,
        postUrl: null,
      };
  }
}

// The state's rule is the lifecycle's (post-actions.ts); on top of it, a publish that has reached
// TikTok cannot be withdrawn, whatever state the post still shows.
const STARTED = new Set<PublishProgress['phase']>(['initialising', 'uploading', 'processing', 'published', 'inbox']);

export function canCancel(post: Pick<PostSummary, 'state' | 'publish'>): boolean {
  return stateCanCancel(post.state) && !(post.publish && STARTED.has(post.publish.phase));
}

/** Retry only when the publisher says trying again can help (never when TikTok may already have it). */
export function canRetry(post: Pick<PostSummary, 'state' | 'publish'>): boolean {
  return stateCanRetry(post.state) && post.publish?.failure?.retryable === true;
}

/** A publishing post waiting for its account to be reconnected (it carries on by itself once it is). */
export function waitsForAccount(post: Pick<PostSummary, 'hold'>): boolean {
  return post.hold?.reason === 'account';
}

export interface SettleOffer {
  /** Why Clipdesk cannot tell, and what to do. */
  words: string;
  /** The creator's TikTok profile, where they check; null when the handle is unknown. */
  profileUrl: string | null;
}

/**
 * TikTok has the post but Clipdesk cannot learn how it went: the creator may mark it published
 * or failed (the shared rule, src-shared/posts/settle.ts). Null when that is not for them to say.
 */
export function settleOffer(post: Pick<PostSummary, 'state' | 'publish' | 'accountState' | 'accountUsername'>, nowMs: number): SettleOffer | null {
  const check = canSettle(settleFacts(post), nowMs);
  return check.ok ? { words: check.words, profileUrl: tiktokProfileUrl(post.accountUsername) } : null;
}

/** What a post is called in buttons and messages: its file, else its caption's start. */
export function postName(post: Pick<PostSummary, 'fileName' | 'caption'>): string {
  return post.fileName ?? (post.caption ? captionExcerpt(post.caption, 40) : 'this post');
}

/** A caption cut to one line's worth at a word boundary, for a list. */
export function captionExcerpt(caption: string, max = 120): string {
  const flat = caption.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = flat.slice(0, max);
  // Never half an emoji.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The time a post's row shows: when it goes out while it waits, else when it last moved. */
export function rowTime(post: Pick<PostSummary, 'state' | 'scheduledAt' | 'updatedAt'>): { words: string; iso: string; withDate: boolean } {
  if (isWaiting(post.state) && post.scheduledAt) return { words: 'Scheduled for', iso: post.scheduledAt, withDate: true };
  if (post.state === 'published') return { words: 'Published', iso: post.updatedAt, withDate: true };
  if (post.state === 'failed') return { words: 'Failed', iso: post.updatedAt, withDate: true };
  if (post.state === 'cancelled') return { words: 'Cancelled', iso: post.updatedAt, withDate: true };
  return { words: 'Updated', iso: post.updatedAt, withDate: false };
}
