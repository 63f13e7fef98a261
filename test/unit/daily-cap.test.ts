// TikTok's daily cap, counted once (src-shared/schedule/daily-cap.ts): the publisher holds a due
// post by this rule and the slot planner skips a slot by the same one, so a spread never plans a
// post the publisher would only hold.
import { describe, expect, it } from 'vitest';
import { DAILY_CAP_WINDOW_MS, DAILY_POST_CAP, dailyCapFreesAt, overDailyCap } from '../../src-shared/schedule/daily-cap';
import { planSlots } from '../../src-shared/schedule/slot-plan';

const H = 3600_000;
const at = Date.parse('2026-11-25T12:00:00Z');

describe('the daily cap', () => {
  it('is TikTok’s 15 posts in any 24 hours', () => {
    expect(DAILY_POST_CAP).toBe(15);
    expect(DAILY_CAP_WINDOW_MS).toBe(24 * H);
  });

  it('lets a 15th post go and holds a 16th until the oldest of the day leaves the window', () => {
    const fourteen = Array.from({ length: 14 }, (_, i) => at - 20 * H + i * H);
    expect(overDailyCap(fourteen, at)).toBe(false);
    expect(dailyCapFreesAt(fourteen, at)).toBe(at);
    const fifteen = [...fourteen, at - 30 * 60_000];
    expect(overDailyCap(fifteen, at)).toBe(true);
    expect(dailyCapFreesAt(fifteen, at)).toBe(at - 20 * H + 24 * H);
    // Posts older than a day do not count.
    expect(overDailyCap([...fourteen, at - 25 * H], at)).toBe(false);
  });

  it('frees as many as needed: two over the cap wait for the second oldest to leave', () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => at - 16 * H + i * H);
    expect(dailyCapFreesAt(sixteen, at)).toBe(at - 15 * H + 24 * H);
    expect(overDailyCap(sixteen, dailyCapFreesAt(sixteen, at))).toBe(false);
  });

  it('is the rule the slot planner follows: it plans no slot the publisher would hold', () => {
    // Fifteen on the evening before: 12:00 would be the 16th within 24 hours, 18:00 is clear of most.
    const published = Array.from({ length: 15 }, (_, i) => at - 20 * H + i * 10 * 60_000);
    const plan = planSlots({ slots: ['12:00', '18:00'], count: 2, notBefore: at - 1, timeZone: 'UTC', dailyCap: DAILY_POST_CAP, taken: published });
    for (const t of plan.times) expect(overDailyCap(published, t), new Date(t).toISOString()).toBe(false);
    for (const t of plan.cappedSlots) expect(overDailyCap(published, t), new Date(t).toISOString()).toBe(true);
    expect(plan.cappedSlots.length).toBeGreaterThan(0);
  });
});
