// Two posts for one account at once: the rule the Queue's calendar warns by and the slot planner
// steps around.
import { describe, expect, it } from 'vitest';
import type { PostState } from '../../src-shared/posts/lifecycle';
import { CONFLICT_WINDOW_MS, findConflicts } from '../../src-shared/schedule/conflicts';
import { planSlots } from '../../src-shared/schedule/slot-plan';

const post = (id: string, scheduledAt: string | null, over: { accountId?: string | null; state?: PostState } = {}) => ({
  id,
  scheduledAt,
  accountId: over.accountId === undefined ? 'acct-lena' : over.accountId,
  state: over.state ?? 'scheduled',
});

const asObject = (m: Map<string, string[]>) => Object.fromEntries(m);

describe('conflicts: two posts for one account at once', () => {
  it('pairs posts of one account less than a minute apart, each naming the other', () => {
    const conflicts = findConflicts([
      post('a', '2026-11-24T17:00:00.000Z'),
      post('b', '2026-11-24T17:00:59.999Z'),
      post('c', '2026-11-24T17:02:00.000Z'),
    ]);
    expect(asObject(conflicts)).toEqual({ a: ['b'], b: ['a'] });
  });

  it('a full minute apart is not at once (the planner’s window, to the millisecond)', () => {
    expect(CONFLICT_WINDOW_MS).toBe(60_000);
    expect(findConflicts([post('a', '2026-11-24T17:00:00.000Z'), post('b', '2026-11-24T17:01:00.000Z')]).size).toBe(0);
  });

  it('lists every other post in a crowd, in time order, whatever order they came in', () => {
    const conflicts = findConflicts([
      post('late', '2026-11-24T17:00:30.000Z'),
      post('early', '2026-11-24T17:00:00.000Z'),
      post('mid', '2026-11-24T17:00:10.000Z'),
    ]);
    expect(asObject(conflicts)).toEqual({ early: ['mid', 'late'], mid: ['early', 'late'], late: ['early', 'mid'] });
  });

  it('does not chain: a and c, 80 s apart, both clash with b but not with each other', () => {
    const conflicts = findConflicts([post('a', '2026-11-24T17:00:00Z'), post('b', '2026-11-24T17:00:40Z'), post('c', '2026-11-24T17:01:20Z')]);
    expect(asObject(conflicts)).toEqual({ a: ['b'], b: ['a', 'c'], c: ['b'] });
  });

  it('two accounts at the same time are fine', () => {
    expect(findConflicts([post('a', '2026-11-24T17:00:00Z'), post('b', '2026-11-24T17:00:00Z', { accountId: 'acct-other' })]).size).toBe(0);
  });

  it('ignores posts with no account or no (readable) time', () => {
    const at = '2026-11-24T17:00:00Z';
    expect(findConflicts([post('a', at, { accountId: null }), post('b', at, { accountId: null })]).size).toBe(0);
    expect(findConflicts([post('a', null), post('b', null)]).size).toBe(0);
    expect(findConflicts([post('a', 'soon'), post('b', 'soon')]).size).toBe(0);
  });

  it('counts every state that still publishes at its time, and none that has left or ended', () => {
    const at = '2026-11-24T17:00:00Z';
    for (const state of ['ready', 'awaiting_approval', 'scheduled'] as const) {
      expect(findConflicts([post('a', at), post('b', at, { state })]).get('a'), state).toEqual(['b']);
    }
    for (const state of ['uploading', 'processing', 'published', 'failed', 'rejected', 'cancelled'] as const) {
      expect(findConflicts([post('a', at), post('b', at, { state })]).size, state).toBe(0);
    }
  });

  it('the slot planner skips a slot the same rule calls taken', () => {
    const slot = Date.parse('2026-11-24T17:00:00Z'); // 18:00 in Berlin
    const base = { slots: ['18:00'], count: 1, notBefore: slot - 3_600_000, timeZone: 'Europe/Berlin', dailyCap: 15 };
    expect(planSlots({ ...base, taken: [slot + CONFLICT_WINDOW_MS - 1] }).busySlots).toEqual([slot]);
    expect(planSlots({ ...base, taken: [slot + CONFLICT_WINDOW_MS] }).times).toEqual([slot]);
  });
});
