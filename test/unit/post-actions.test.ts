// The rules derived from the lifecycle (post-actions.ts), checked against the transition table:
// each answer follows from what `transition` allows, and the sets they make are the ones the
// Queue, History, the CLI and the calendar's conflict rule rely on (docs/architecture.md §2).
import { describe, expect, it } from 'vitest';
import { AT_TIKTOK_STATES, POST_STATES, TERMINAL_STATES, transition } from '../../src-shared/posts/lifecycle';
import { awaitsApproval, canCancel, canMove, canRetry, isAtTikTok, isFinished, isWaiting, statesWhere } from '../../src-shared/posts/post-actions';

describe('post actions follow the lifecycle', () => {
  it('offers cancel and retry exactly where the lifecycle allows those events', () => {
    for (const state of POST_STATES) {
      expect(canCancel(state), state).toBe(transition(state, 'cancel').ok);
      expect(canRetry(state), state).toBe(transition(state, 'retry').ok);
      expect(awaitsApproval(state), state).toBe(transition(state, 'approve').ok);
    }
    // The renderer once kept its own list and left out failed: these are the lifecycle's.
    expect(statesWhere(canCancel)).toEqual(['ready', 'awaiting_approval', 'scheduled', 'failed']);
    expect(statesWhere(canRetry)).toEqual(['failed']);
  });

  it('never offers to cancel a post TikTok has', () => {
    for (const state of AT_TIKTOK_STATES) expect(canCancel(state)).toBe(false);
  });

  it('counts as waiting the states that still reach publish_start without a retry', () => {
    expect(statesWhere(isWaiting)).toEqual(['ready', 'awaiting_approval', 'scheduled']);
    // A failed post goes again only when the creator retries it.
    expect(isWaiting('failed')).toBe(false);
    for (const state of TERMINAL_STATES) expect(isWaiting(state)).toBe(false);
  });

  it('splits every state into waiting, at TikTok or finished, once each', () => {
    for (const state of POST_STATES) {
      const kinds = [isWaiting(state), isAtTikTok(state), isFinished(state)].filter(Boolean);
      expect(kinds, state).toHaveLength(1);
    }
    expect(statesWhere(isAtTikTok)).toEqual(['uploading', 'processing']);
    expect(statesWhere(isFinished)).toEqual(['published', 'rejected', 'failed', 'cancelled']);
    for (const state of TERMINAL_STATES) expect(isFinished(state)).toBe(true);
  });

  it('moves the time only of a post the scheduler or an approver has next', () => {
    expect(statesWhere(canMove)).toEqual(['awaiting_approval', 'scheduled']);
    for (const state of statesWhere(canMove)) {
      const next = transition(state, 'publish_start');
      const approved = transition(state, 'approve');
      expect(next.ok || (approved.ok && transition(approved.to, 'publish_start').ok), state).toBe(true);
    }
  });
});
