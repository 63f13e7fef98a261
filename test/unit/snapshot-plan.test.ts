import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, LOOK_FOR_MS, MIN_STEP_MS, nextCheckAt, nextLookAt, nextRunAt, planRun, TRACK_FOR_MS } from '../../src-main/core/insights/snapshot-plan';

const T = Date.UTC(2026, 11, 1, 9);

describe('when a video is read again', () => {
  it('hourly for its first 48 hours, daily to 90 days, then never', () => {
    expect(nextCheckAt(T, null)).toBe(T);
    expect(nextCheckAt(T, T + 5 * HOUR_MS)).toBe(T + 6 * HOUR_MS);
    expect(nextCheckAt(T, T + 47.5 * HOUR_MS)).toBe(T + 48.5 * HOUR_MS);
    expect(nextCheckAt(T, T + 48.5 * HOUR_MS)).toBe(T + 72.5 * HOUR_MS);
    expect(nextCheckAt(T, T + 89.5 * DAY_MS)).toBe(T + TRACK_FOR_MS);
    expect(nextCheckAt(T, T + TRACK_FOR_MS)).toBeNull();
  });

  it('a post TikTok does not list yet is looked for hourly, then daily, for a week', () => {
    expect(nextLookAt(T, null)).toBe(T);
    expect(nextLookAt(T, T + HOUR_MS)).toBe(T + 2 * HOUR_MS);
    expect(nextLookAt(T, T + 3 * DAY_MS)).toBe(T + 4 * DAY_MS);
    expect(nextLookAt(T, T + LOOK_FOR_MS)).toBeNull();
  });
});

describe('one run', () => {
  const video = (id: string, ageMs: number, sinceCheckMs: number | null) => ({ id, createdAt: T - ageMs, checkedAt: sinceCheckMs === null ? null : T - sinceCheckMs });

  it('reads only what is due, and lists back to the oldest of it and to the newest known video', () => {
    const plan = planRun({
      now: T,
      accountCheckedAt: T - 2 * HOUR_MS,
      videos: [video('young-due', 5 * HOUR_MS, HOUR_MS), video('young-fresh', 6 * HOUR_MS, 10 * 60_000), video('old-due', 10 * DAY_MS, DAY_MS), video('old-fresh', 11 * DAY_MS, 3 * HOUR_MS)],
      unmatched: [],
    });
    expect([...plan.dueVideos].sort()).toEqual(['old-due', 'young-due']);
    expect(plan.accountDue).toBe(false);
    expect(plan.listSince).toBe(T - 10 * DAY_MS);
  });

  it('with nothing due makes no request at all', () => {
    const plan = planRun({ now: T, accountCheckedAt: T - HOUR_MS, videos: [video('v', 3 * DAY_MS, HOUR_MS)], unmatched: [] });
    expect(plan).toMatchObject({ accountDue: false, listSince: null });
    expect(plan.dueVideos.size).toBe(0);
  });

  it('the account daily; a first run lists the last 90 days to find what was posted before Clipdesk', () => {
    const first = planRun({ now: T, accountCheckedAt: null, videos: [], unmatched: [] });
    expect(first).toMatchObject({ accountDue: true, listSince: T - TRACK_FOR_MS });
    expect(planRun({ now: T, accountCheckedAt: T - DAY_MS + 60_000, videos: [], unmatched: [] }).accountDue).toBe(true);
  });

  it('looks for a published post from a little before it was sent', () => {
    const post = { postId: 'p', sentAt: T - 30 * 60_000, lookedAt: null };
    const plan = planRun({ now: T, accountCheckedAt: T, videos: [video('newer', 10 * 60_000, 60_000)], unmatched: [post] });
    expect([...plan.duePosts]).toEqual(['p']);
    expect(plan.listSince).toBe(T - 35 * 60_000);
    // Any video newer than the newest known one is unknown (made outside Clipdesk): the list
    // reaches back to that one too, so it is found in the same pages.
    expect(planRun({ now: T, accountCheckedAt: T, videos: [video('v', 20 * DAY_MS, HOUR_MS)], unmatched: [post] }).listSince).toBe(T - 20 * DAY_MS);
  });

  it('a Refresh reads every tracked video and the account, whatever is due', () => {
    const plan = planRun({ now: T, accountCheckedAt: T, videos: [video('fresh', DAY_MS * 3, 60_000), video('ancient', 200 * DAY_MS, DAY_MS)], unmatched: [], force: true });
    expect([...plan.dueVideos]).toEqual(['fresh']);
    expect(plan.accountDue).toBe(true);
  });

  it('the next run is the soonest due time, never sooner than a minute', () => {
    expect(nextRunAt({ now: T, accountCheckedAt: T, videos: [video('v', 5 * HOUR_MS, 0)], unmatched: [] })).toBe(T + HOUR_MS);
    expect(nextRunAt({ now: T, accountCheckedAt: T, videos: [video('v', 5 * DAY_MS, 0)], unmatched: [] })).toBe(T + DAY_MS);
    expect(nextRunAt({ now: T, accountCheckedAt: T - 3 * DAY_MS, videos: [], unmatched: [] })).toBe(T + MIN_STEP_MS);
  });
});
