// "Two posts for one account at once": the one rule the calendar warns by and the slot planner
// steps around. TikTok would take both, but a creator almost never means to post twice in the
// same minute to one account, so it is shown rather than refused. Pure.
import type { PostState } from '../posts/lifecycle';

/** Posts of one account closer together than this are at the same time. */
export const CONFLICT_WINDOW_MS = 60_000;

/** States that still go out at their time. Uploading/processing ones have left; ends never go. */
const STILL_TO_PUBLISH: ReadonlySet<PostState> = new Set<PostState>(['ready', 'awaiting_approval', 'scheduled']);

export interface ConflictCandidate {
  id: string;
  accountId: string | null;
  /** ISO; null for a post with no time yet. */
  scheduledAt: string | null;
  state: PostState;
}

/** For each post in a conflict, the ids of the others it clashes with (in time order); posts in none are absent. */
export function findConflicts(posts: readonly ConflictCandidate[]): Map<string, string[]> {
  const byAccount = new Map<string, { id: string; at: number }[]>();
  for (const post of posts) {
    if (!post.accountId || !post.scheduledAt || !STILL_TO_PUBLISH.has(post.state)) continue;
    const at = Date.parse(post.scheduledAt);
    if (!Number.isFinite(at)) continue;
    const list = byAccount.get(post.accountId) ?? [];
    list.push({ id: post.id, at });
    byAccount.set(post.accountId, list);
  }
  const conflicts = new Map<string, string[]>();
  const add = (id: string, other: string): void => {
    const list = conflicts.get(id) ?? [];
    list.push(other);
    conflicts.set(id, list);
  };
  for (const list of byAccount.values()) {
    list.sort((a, b) => a.at - b.at);
    // Sorted, so each post only needs the ones right after it, until the window closes.
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length && list[j]!.at - list[i]!.at < CONFLICT_WINDOW_MS; j++) {
        add(list[i]!.id, list[j]!.id);
        add(list[j]!.id, list[i]!.id);
      }
    }
  }
  return conflicts;
}
