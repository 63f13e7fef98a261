// What a post's state allows, derived from the lifecycle's transition table (lifecycle.ts,
// docs/architecture.md §2) rather than written out again: the renderer's buttons and lists, the
// CLI's words and the schedule's conflict rule all ask here, so none can disagree with the
// machine the core enforces. Pure: no I/O, no clock. (Whether a particular post's publish has
// already reached TikTok, or settle is on offer, is decided beside this: settle.ts, the
// publish record.)
import { AT_TIKTOK_STATES, POST_STATES, allowedEvents, transition, type PostEvent, type PostState } from './lifecycle';

/** The lifecycle allows `event` from `state`. */
function allows(state: PostState, event: PostEvent): boolean {
  return transition(state, event).ok;
}

// Going back (retry → ready) is the creator starting over, not the post still
// waiting; a failed post can reach publish_start only that way, and so is not waiting.
const STARTING_OVER: ReadonlySet<PostEvent> = new Set<PostEvent>(['retry']);

/** The table reaches publish_start from `start` without starting over. */
function reachesPublish(start: PostState): boolean {
  const seen = new Set<PostState>([start]);
  const queue: PostState[] = [start];
  for (let from = queue.shift(); from !== undefined; from = queue.shift()) {
    if (allows(from, 'publish_start')) return true;
    for (const event of allowedEvents(from)) {
      const r = transition(from, event);
      if (!r.ok || STARTING_OVER.has(event) || seen.has(r.to)) continue;
      seen.add(r.to);
      queue.push(r.to);
    }
  }
  return false;
}

const WAITING: ReadonlySet<PostState> = new Set(POST_STATES.filter(reachesPublish));

/** Still to go out at its time: the scheduler (or an approval, then the scheduler) has it next. */
export function isWaiting(state: PostState): boolean {
  return WAITING.has(state);
}

/** TikTok has it (initialised, uploading, processing): nothing may withdraw it. */
export function isAtTikTok(state: PostState): boolean {
  return AT_TIKTOK_STATES.includes(state);
}

/** Done with, for now: neither waiting nor at TikTok (published, rejected, cancelled, failed). */
export function isFinished(state: PostState): boolean {
  return !isWaiting(state) && !isAtTikTok(state);
}

export function canCancel(state: PostState): boolean {
  return allows(state, 'cancel');
}

export function canRetry(state: PostState): boolean {
  return allows(state, 'retry');
}

/** Waiting for a go-ahead: approving or rejecting is the next step. */
export function awaitsApproval(state: PostState): boolean {
  return allows(state, 'approve');
}

/**
 * Its time can be moved (reschedule, publish now): it is waiting, and its next forward step is
 * the scheduler's (publish_start) or the approver's, which hands it to the scheduler.
 */
export function canMove(state: PostState): boolean {
  if (!isWaiting(state)) return false;
  if (allows(state, 'publish_start')) return true;
  const approved = transition(state, 'approve');
  return approved.ok && allows(approved.to, 'publish_start');
}

/** The states for which a predicate holds, in lifecycle order (for a list request). */
export function statesWhere(predicate: (state: PostState) => boolean): PostState[] {
  return POST_STATES.filter(predicate);
}
