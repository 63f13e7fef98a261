// The missed-post rule (docs/architecture.md §2): a post whose time passed while Clipdesk could
// not publish — closed, asleep, offline — goes out late when it is within the creator's grace
// window, and otherwise waits and asks. Pure: the publisher decides with it, the UI explains it.
import type { HoldReason } from './post';

/** Up to this late counts as on time (the scheduler's own tick and a busy machine). */
export const ON_TIME_MS = 60_000;

export type Lateness = { kind: 'on_time' } | { kind: 'late'; lateMs: number } | { kind: 'missed'; lateMs: number };

export function judgeLateness(dueMs: number, nowMs: number, graceMinutes: number): Lateness {
  const lateMs = nowMs - dueMs;
  if (lateMs <= ON_TIME_MS) return { kind: 'on_time' };
  return lateMs <= graceMinutes * 60_000 ? { kind: 'late', lateMs } : { kind: 'missed', lateMs };
}

/** "2 h 5 min", "40 min", "3 days" — how late, in words. */
export function lateWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${Math.max(1, minutes)} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** How the publisher's sentence for a post held for missing its time begins (words only: the hold's reason is `missed`). */
export const MISSED_DETAIL_PREFIX = 'It missed its time';

/** A scheduled post held because it missed its time beyond the grace window: it waits for the creator. */
export function isHeldMissed(post: { state: string; hold: { reason: HoldReason } | null }): boolean {
  return post.state === 'scheduled' && post.hold?.reason === 'missed';
}

/**
 * A post still waiting for its go-ahead that nobody approved by its time: held until someone
 * does (approving it then publishes it at once). Its hold is the one record of that: the
 * approval keeps no flag of its own.
 */
export function isApprovalHeld(post: { state: string; hold: { reason: HoldReason } | null }): boolean {
  return post.state === 'awaiting_approval' && post.hold?.reason === 'no_answer';
}

/** When the no-answer rule held the post (isApprovalHeld), or null when it is not held so. */
export function approvalHeldSince(post: { state: string; hold: { reason: HoldReason; since: string } | null }): string | null {
  return isApprovalHeld(post) ? post.hold!.since : null;
}
