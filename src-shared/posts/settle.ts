// Settling a post on the creator's word. When TikTok has a post's whole upload but Clipdesk can
// no longer learn what became of it, only the creator can say: they look at their TikTok
// profile and mark the post published or failed. This is the one rule of when that is allowed
// — the UI offers it, the CLI asks it, the core enforces it — beside the lifecycle it moves
// through (settle_published, settle_failed). Pure: the caller passes the time.
//
// A post may be settled when all of these hold:
//   1. It is `processing` (Clipdesk is still asking TikTok) or `failed` (it stopped asking).
//   2. TikTok accepted its init (a publish id is stored), and the retry rule (retry-safety.ts)
//      says sending it again is not safe: TikTok has, or may have, the whole video (the last
//      chunk went out) and did not say itself that it failed. Before that nothing can be on
//      the profile, and after TikTok's FAILED nothing is: there is nothing to settle, and Retry
//      is the way on.
//   3. The creator has not settled it already.
//   4. Clipdesk cannot learn the result, for one of these reasons:
//      - `account_gone`: the post's account was disconnected (nobody can ask for it);
//      - `reconnect_needed`: the account needs reconnecting (reconnecting also resumes the
//        post by itself; settling is for a creator who cannot or will not);
//      - `gave_up`: the post failed without TikTok's word (errors after the upload, or no
//        answer for three days);
//      - `stuck`: TikTok has had the whole video for SETTLE_AFTER_MS without saying how it went.
// Either way Clipdesk never sends the video again: settling only records what the creator saw.
import type { AccountStatus, PostSummary } from './post';
import type { PostState } from './lifecycle';
import { retrySafeWhy } from './retry-safety';

export const SETTLE_OUTCOMES = ['published', 'failed'] as const;
export type SettleOutcome = (typeof SETTLE_OUTCOMES)[number];

/** TikTok has had the whole video this long without an answer: the creator may decide. */
export const SETTLE_AFTER_MS = 60 * 60_000;

/** The failure code of a post the creator marked failed; it is settled, not settled again. */
export const MARKED_FAILED_CODE = 'marked_failed';

/** What the rule reads: all of it is in a post's summary (settleFacts). */
export interface SettleFacts {
  state: PostState;
  publishId: string | null;
  videoAtTikTok: boolean;
  /** ISO time TikTok confirmed the whole video, or null. */
  uploadCompletedAt: string | null;
  tiktokStatus: string | null;
  failureCode: string | null;
  account: AccountStatus;
}

export type SettleWhy = 'account_gone' | 'reconnect_needed' | 'gave_up' | 'stuck';

export type SettleCheck =
  | { ok: true; why: SettleWhy; /** Why Clipdesk cannot tell, and what to do, in a sentence or two. */ words: string }
  | { ok: false; reason: string };

const CHECK = 'Check your TikTok profile, then mark it published or failed; Clipdesk will not send it again either way.';

const WHY_WORDS: Record<SettleWhy, string> = {
  account_gone: `TikTok has the video, but its account is no longer connected, so Clipdesk cannot ask TikTok how it went. ${CHECK}`,
  reconnect_needed: `TikTok has the video, but Clipdesk cannot ask how it went until the account is reconnected (reconnecting carries on by itself). ${CHECK}`,
  gave_up: `TikTok received the video but never said whether it was published, and Clipdesk stopped asking. ${CHECK}`,
  stuck: `TikTok has had the video for over ${Math.round(SETTLE_AFTER_MS / 60_000)} minutes without saying whether it was published. ${CHECK}`,
};

export function settleFacts(post: Pick<PostSummary, 'state' | 'publish' | 'accountState'>): SettleFacts {
  const p = post.publish;
  return {
    state: post.state,
    publishId: p?.publishId ?? null,
    videoAtTikTok: p?.videoAtTikTok ?? false,
    uploadCompletedAt: p?.uploadCompletedAt ?? null,
    tiktokStatus: p?.tiktokStatus ?? null,
    failureCode: p?.failure?.code ?? null,
    account: post.accountState,
  };
}

/** Whether the creator may settle the post now, and why (or why not), in words. */
export function canSettle(f: SettleFacts, nowMs: number): SettleCheck {
  if (f.state === 'published') return { ok: false, reason: 'This post is already published; there is nothing to settle.' };
  if (f.state !== 'processing' && f.state !== 'failed') {
    return { ok: false, reason: 'Only a post TikTok has received can be marked published or failed, and this one is not with TikTok.' };
  }
  if (f.failureCode === MARKED_FAILED_CODE) return { ok: false, reason: 'This post was already marked failed.' };
  // Settling is for exactly the posts the retry rule will not send again (retry-safety.ts).
  const retrySafe = f.publishId ? retrySafeWhy(f) : 'not_at_tiktok';
  if (retrySafe === 'not_at_tiktok') {
    return {
      ok: false,
      reason: 'TikTok never received the whole video, so it cannot be on your profile: there is nothing to settle. Retry it instead, if that is offered.',
    };
  }
  if (retrySafe === 'tiktok_failed') {
    return { ok: false, reason: 'TikTok itself said this post failed, so it is not on your profile; Retry it instead, if that is offered.' };
  }
  const settle = (why: SettleWhy): SettleCheck => ({ ok: true, why, words: WHY_WORDS[why] });
  if (f.state === 'failed') return settle('gave_up');
  if (f.account === 'gone') return settle('account_gone');
  if (f.account === 'reconnect_needed') return settle('reconnect_needed');
  const since = f.uploadCompletedAt ? Date.parse(f.uploadCompletedAt) : NaN;
  if (Number.isFinite(since) && nowMs - since >= SETTLE_AFTER_MS) return settle('stuck');
  const when = Number.isFinite(since) ? ` If TikTok has not answered by ${new Date(since + SETTLE_AFTER_MS).toISOString()}, you can settle it yourself.` : '';
  return { ok: false, reason: `Clipdesk is still asking TikTok how this post went; it will say as soon as TikTok does.${when}` };
}

/** The creator's TikTok profile, where a settled post is checked; null when the handle is unknown. */
export function tiktokProfileUrl(username: string | null): string | null {
  const handle = username?.trim().replace(/^@/, '');
  return handle ? `https://www.tiktok.com/@${encodeURIComponent(handle)}` : null;
}
