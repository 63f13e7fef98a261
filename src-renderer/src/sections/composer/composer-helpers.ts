// The composer's own small decisions that are not TikTok's rules (those are all in
// src-shared/tiktok/composer-rules.ts): which account to start with, how a failed creator_info
// call reads, and the words on the Post button. Pure.
import type { Account } from '../../../../src-shared/tiktok/accounts';
import type { CreatorStatus, PostMode } from '../../../../src-shared/tiktok/post-settings';
import { errorMessage } from '../../lib/error-message';

/** Error codes after which asking again later can help. */
const RETRYABLE_CODES = new Set(['NETWORK', 'TIMEOUT', 'UNAVAILABLE', 'INTERNAL']);

/**
 * creator_info could not even be asked (the core refused, TikTok was unreachable): the composer
 * shows it as a creator who cannot post, with the reason, so publishing stays blocked (§4 1b).
 */
export function creatorStatusFromError(err: unknown): CreatorStatus {
  const code = typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'INTERNAL';
  return { canPost: false, code, message: errorMessage(err), retryable: RETRYABLE_CODES.has(code) };
}

/** The account to start with: the last one used if it is still connected, else the first that works. */
export function pickAccount(accounts: readonly Account[], lastUsed: string | null): Account | null {
  const usable = accounts.filter((a) => a.state === 'connected');
  return usable.find((a) => a.id === lastUsed) ?? usable[0] ?? accounts.find((a) => a.id === lastUsed) ?? accounts[0] ?? null;
}

/** What the Post button says: what will happen when it is pressed. */
export function postButtonLabel(mode: PostMode, when: 'now' | 'schedule'): string {
  if (mode === 'inbox') return when === 'now' ? 'Send to inbox' : 'Schedule send';
  return when === 'now' ? 'Post' : 'Schedule post';
}

/**
 * Inbox drafts need the video.upload permission; without it the inbox choice is off, with the
 * reason. (Direct Post without video.publish is one of TikTok's rules: composer-rules says so.)
 */
export function inboxUnavailable(account: Account | null, without: string): string | null {
  if (!account || account.scopes.includes('video.upload')) return null;
  return without;
}
