// Spreading posts over daily slots in the creator's zone: wall-clock slots that survive DST in
// two hemispheres, TikTok's daily cap, and slots already taken.
import { describe, expect, it } from 'vitest';
import { overDailyCap } from '../../src-shared/schedule/daily-cap';
import { planSlots } from '../../src-shared/schedule/slot-plan';
import { wallClockAt } from '../../src-shared/time/zoned-time';

const iso = (ms: number) => new Date(ms).toISOString();
const wall = (ms: number, tz: string) => {
  const w = wallClockAt(ms, tz);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};

describe('spreading posts over slots', () => {
  it('fills today’s remaining slots, then the next days, in order', () => {
    const now = Date.parse('2026-11-24T12:30:00Z'); // 13:30 in Berlin
    const plan = planSlots({ slots: ['18:00', '12:00'], count: 5, notBefore: now, timeZone: 'Europe/Berlin', dailyCap: 15, taken: [] });
    expect(plan.times.map((t) => wall(t, 'Europe/Berlin'))).toEqual(['2026-11-24 18:00', '2026-11-25 12:00', '2026-11-25 18:00', '2026-11-26 12:00', '2026-11-26 18:00']);
    expect(plan.fullDays).toEqual([]);
  });

  it('keeps 12:00 at 12:00 across the autumn change in Berlin (the UTC time moves by an hour)', () => {
    const now = Date.parse('2026-10-23T00:00:00Z');
    const plan = planSlots({ slots: ['12:00'], count: 4, notBefore: now, timeZone: 'Europe/Berlin', dailyCap: 15, taken: [] });
    expect(plan.times.map((t) => wall(t, 'Europe/Berlin'))).toEqual(['2026-10-23 12:00', '2026-10-24 12:00', '2026-10-25 12:00', '2026-10-26 12:00']);
    expect(plan.times.map(iso)).toEqual(['2026-10-23T10:00:00.000Z', '2026-10-24T10:00:00.000Z', '2026-10-25T11:00:00.000Z', '2026-10-26T11:00:00.000Z']);
  });

  it('in Sydney’s spring change a 02:30 slot (which does not exist that night) moves just after the gap', () => {
    const now = Date.parse('2026-10-02T00:00:00Z');
    const plan = planSlots({ slots: ['02:30'], count: 3, notBefore: now, timeZone: 'Australia/Sydney', dailyCap: 15, taken: [] });
    expect(plan.times.map((t) => wall(t, 'Australia/Sydney'))).toEqual(['2026-10-03 02:30', '2026-10-04 03:30', '2026-10-05 02:30']);
  });

  it('skips days that hold TikTok’s daily cap for the account, and slots already taken, and says so', () => {
    const now = Date.parse('2026-11-24T00:00:00Z');
    const tz = 'UTC';
    const fullDay = Array.from({ length: 15 }, (_, i) => Date.parse('2026-11-24T00:00:00Z') + i * 60_000 * 30);
    const busy = Date.parse('2026-11-25T12:00:00Z');
    const plan = planSlots({ slots: ['12:00', '18:00'], count: 3, notBefore: now, timeZone: tz, dailyCap: 15, taken: [...fullDay, busy] });
    expect(plan.fullDays).toEqual(['2026-11-24']);
    expect(plan.busySlots.map(iso)).toEqual(['2026-11-25T12:00:00.000Z']);
    expect(plan.times.map(iso)).toEqual(['2026-11-25T18:00:00.000Z', '2026-11-26T12:00:00.000Z', '2026-11-26T18:00:00.000Z']);
  });

  it('counts the cap over any 24 hours as the publisher does, not only by the calendar day', () => {
    const tz = 'UTC';
    // 15 posts late on the 24th, every 10 minutes from 20:00: the 24th is at the cap, and the
    // 25th's 12:00 is within 24 hours of all of them.
    const lateDay = Array.from({ length: 15 }, (_, i) => Date.parse('2026-11-24T20:00:00Z') + i * 10 * 60_000);
    const plan = planSlots({ slots: ['12:00'], count: 1, notBefore: Date.parse('2026-11-25T00:00:00Z'), timeZone: tz, dailyCap: 15, taken: lateDay });
    expect(plan.cappedSlots.map(iso)).toEqual(['2026-11-25T12:00:00.000Z']);
    expect(plan.times.map(iso)).toEqual(['2026-11-26T12:00:00.000Z']);
    // A post that would push a later one over the cap is skipped too: 14 posts on the 25th from
    // 20:00 and one at 01:00 on the 26th. 09:00 on the 25th would make 16 in the 24 hours up to
    // that 01:00 post (and 09:00 on the 26th 16 in the 24 hours before it); the 27th is clear.
    const evening = Array.from({ length: 14 }, (_, i) => Date.parse('2026-11-25T20:00:00Z') + i * 5 * 60_000);
    const squeezed = planSlots({
      slots: ['09:00'],
      count: 1,
      notBefore: Date.parse('2026-11-25T00:00:00Z'),
      timeZone: tz,
      dailyCap: 15,
      taken: [...evening, Date.parse('2026-11-26T01:00:00Z')],
    });
    expect(squeezed.cappedSlots.map(iso)).toEqual(['2026-11-25T09:00:00.000Z', '2026-11-26T09:00:00.000Z']);
    expect(squeezed.times.map(iso)).toEqual(['2026-11-27T09:00:00.000Z']);
  });

  it('calls a day full by the publisher’s rule, not by counting the calendar day: the 25-hour autumn day has room late on', () => {
    // Berlin's clocks go back on 2026-10-25, a day of 25 hours. Fifteen posts in its first hour
    // (00:00–00:56 summer time) are more than 24 hours before 23:58 that evening (winter time):
    // the publisher would send a post then, so the planner places one.
    const tz = 'Europe/Berlin';
    const early = Array.from({ length: 15 }, (_, i) => Date.parse('2026-10-24T22:00:00Z') + i * 4 * 60_000);
    expect(early.map((t) => wall(t, tz))[14]).toBe('2026-10-25 00:56');
    const plan = planSlots({ slots: ['23:58'], count: 1, notBefore: Date.parse('2026-10-25T00:00:00Z'), timeZone: tz, dailyCap: 15, taken: early });
    expect(plan.times.map((t) => wall(t, tz))).toEqual(['2026-10-25 23:58']);
    expect(overDailyCap(early, plan.times[0]!, 15)).toBe(false);
    expect(plan.fullDays).toEqual([]);
    expect(plan.cappedSlots).toEqual([]);
    // A day with room for only some of its slots is not full: a slot its posts do fill is said as capped.
    const morning = planSlots({ slots: ['09:00', '23:58'], count: 1, notBefore: Date.parse('2026-10-25T00:00:00Z'), timeZone: tz, dailyCap: 15, taken: early });
    expect(morning.fullDays).toEqual([]);
    expect(morning.cappedSlots.map((t) => wall(t, tz))).toEqual(['2026-10-25 09:00']);
    expect(morning.times.map((t) => wall(t, tz))).toEqual(['2026-10-25 23:58']);
  });

  it('a day fills up with the posts it places: a cap of 1 puts one a day', () => {
    const now = Date.parse('2026-11-24T00:00:00Z');
    const plan = planSlots({ slots: ['09:00', '21:00'], count: 3, notBefore: now, timeZone: 'UTC', dailyCap: 1, taken: [] });
    expect(plan.times.map(iso)).toEqual(['2026-11-24T09:00:00.000Z', '2026-11-25T09:00:00.000Z', '2026-11-26T09:00:00.000Z']);
    // Days the plan itself filled are not reported as full: the creator is told only of days that already were.
    expect(plan.fullDays).toEqual([]);
  });

  it('a slot in the spring-forward gap does not overtake the next slot: times stay in order', () => {
    const now = Date.parse('2026-03-28T23:00:00Z');
    const plan = planSlots({ slots: ['02:30', '03:00'], count: 2, notBefore: now, timeZone: 'Europe/Berlin', dailyCap: 15, taken: [] });
    expect(plan.times.map((t) => wall(t, 'Europe/Berlin'))).toEqual(['2026-03-29 03:00', '2026-03-29 03:30']);
  });

  it('nothing to place, or no valid slot, places nothing', () => {
    const base = { notBefore: 0, timeZone: 'UTC', dailyCap: 15, taken: [] };
    expect(planSlots({ ...base, slots: ['12:00'], count: 0 }).times).toEqual([]);
    expect(planSlots({ ...base, slots: ['25:00', 'noon'], count: 2 }).times).toEqual([]);
  });
});
