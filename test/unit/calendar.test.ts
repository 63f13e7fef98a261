// The Queue's calendar: the days a week and a month show, where a post falls and where a drop
// puts it, in the creator's zone, across the spring-forward weeks of Berlin and New York.
import { describe, expect, it } from 'vitest';
import { findConflicts } from '../../src-shared/schedule/conflicts';
import type { PostSummary } from '../../src-shared/posts/post';
import {
  addDays,
  cardBadge,
  clockLabel,
  conflictGroups,
  conflictGroupWords,
  conflictLabel,
  dateAt,
  dateKey,
  dayCellEnd,
  dayLabel,
  firstHour,
  hourCellEnd,
  monthDropAt,
  monthGrid,
  placePosts,
  rangeLabel,
  shiftAnchor,
  slotOf,
  weekDropAt,
  weekOf,
} from '../../src-renderer/src/lib/calendar';

const utc = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString();
const date = (s: string) => {
  const [year, month, day] = s.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

describe('the days a calendar shows', () => {
  it('a week runs Monday to Sunday, across a month and a year end', () => {
    expect(weekOf(date('2026-11-26')).map(dateKey)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    // A Sunday belongs to the week before it, a Monday starts its own.
    expect(weekOf(date('2026-11-29'))[0]).toEqual(date('2026-11-23'));
    expect(weekOf(date('2026-11-30'))[0]).toEqual(date('2026-11-30'));
    expect(weekOf(date('2027-01-01')).map(dateKey)).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
  });

  it('a month is six weeks from the Monday on or before the 1st', () => {
    const nov = monthGrid(2026, 11); // 1 Nov 2026 is a Sunday
    expect(nov).toHaveLength(42);
    expect(dateKey(nov[0]!)).toBe('2026-10-26');
    expect(dateKey(nov[6]!)).toBe('2026-11-01');
    expect(dateKey(nov[41]!)).toBe('2026-12-06');
    const feb = monthGrid(2027, 2); // 1 Feb 2027 is a Monday: the grid starts on it
    expect(dateKey(feb[0]!)).toBe('2027-02-01');
    expect(dateKey(feb[41]!)).toBe('2027-03-14');
  });

  it('previous and next move a week, or to the 1st of the month before or after', () => {
    expect(shiftAnchor(date('2026-11-26'), 'week', 1)).toEqual(date('2026-12-03'));
    expect(shiftAnchor(date('2026-11-26'), 'week', -1)).toEqual(date('2026-11-19'));
    expect(shiftAnchor(date('2026-01-31'), 'month', 1)).toEqual(date('2026-02-01'));
    expect(shiftAnchor(date('2026-01-31'), 'month', -1)).toEqual(date('2025-12-01'));
  });

  it('says the range shown', () => {
    expect(rangeLabel(date('2026-11-26'), 'week')).toBe('23 – 29 Nov 2026');
    expect(rangeLabel(date('2026-12-01'), 'week')).toBe('30 Nov – 6 Dec 2026');
    expect(rangeLabel(date('2026-12-31'), 'week')).toBe('28 Dec 2026 – 3 Jan 2027');
    expect(rangeLabel(date('2026-11-26'), 'month')).toBe('November 2026');
    expect(dayLabel(date('2026-11-24'))).toBe('Tue 24 Nov');
  });

  it('today is the zone’s date, not UTC’s', () => {
    const t = utc('2026-11-24T23:30:00Z');
    expect(dateAt(t, BERLIN)).toEqual(date('2026-11-25'));
    expect(dateAt(t, NEW_YORK)).toEqual(date('2026-11-24'));
  });
});

describe('where a post falls and where a drop puts it, in Berlin’s spring-forward week (29 Mar 2026, 02:00 → 03:00)', () => {
  it('the change day is 23 hours long; its 02:00 hour has no length', () => {
    const sunday = date('2026-03-29');
    const start = utc('2026-03-28T23:00:00Z'); // midnight CET
    expect(dayCellEnd(sunday, BERLIN) - start).toBe(23 * 3_600_000);
    expect(hourCellEnd(sunday, 1, BERLIN)).toBe(utc('2026-03-29T01:00:00Z'));
    expect(hourCellEnd(sunday, 2, BERLIN)).toBe(utc('2026-03-29T01:00:00Z'));
    expect(hourCellEnd(sunday, 23, BERLIN)).toBe(utc('2026-03-29T22:00:00Z'));
  });

  it('a post shows at its wall-clock hour on either side of the change', () => {
    const sunday = date('2026-03-29');
    expect(slotOf(utc('2026-03-29T00:30:00Z'), BERLIN)).toEqual({ date: sunday, hour: 1, minute: 30 });
    expect(slotOf(utc('2026-03-29T01:30:00Z'), BERLIN)).toEqual({ date: sunday, hour: 3, minute: 30 });
    expect(clockLabel(utc('2026-03-29T16:05:00Z'), BERLIN)).toBe('18:05');
  });

  it('week view: a drop on day D, hour H keeps the post’s minute, in the offset D has', () => {
    const monday1015 = utc('2026-03-23T09:15:00Z'); // 10:15 CET
    expect(iso(weekDropAt(monday1015, { date: date('2026-03-24'), hour: 15 }, BERLIN))).toBe('2026-03-24T14:15:00.000Z');
    expect(iso(weekDropAt(monday1015, { date: date('2026-03-29'), hour: 10 }, BERLIN))).toBe('2026-03-29T08:15:00.000Z'); // 10:15 CEST
    // Into the gap: 02:15 does not exist that night; it lands just after, at 03:15 CEST.
    const gap = weekDropAt(monday1015, { date: date('2026-03-29'), hour: 2 }, BERLIN);
    expect(iso(gap)).toBe('2026-03-29T01:15:00.000Z');
    expect(clockLabel(gap, BERLIN)).toBe('03:15');
  });

  it('month view: a drop on another day keeps the time of day, 23 hours later across the change', () => {
    const saturday1800 = utc('2026-03-28T17:00:00Z'); // 18:00 CET
    const sunday1800 = monthDropAt(saturday1800, date('2026-03-29'), BERLIN);
    expect(iso(sunday1800)).toBe('2026-03-29T16:00:00.000Z');
    expect(sunday1800 - saturday1800).toBe(23 * 3_600_000);
    // And back: a drop on the day before is 23 hours earlier, not 24.
    expect(monthDropAt(sunday1800, date('2026-03-28'), BERLIN)).toBe(saturday1800);
  });

  it('in the autumn overlap both 02:30s show in the 02:00 hour of 25 Oct', () => {
    for (const t of ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z']) {
      expect(slotOf(utc(t), BERLIN)).toEqual({ date: date('2026-10-25'), hour: 2, minute: 30 });
    }
    expect(dayCellEnd(date('2026-10-25'), BERLIN) - utc('2026-10-24T22:00:00Z')).toBe(25 * 3_600_000);
  });
});

describe('where a drop puts a post, in New York’s spring-forward week (8 Mar 2026, 02:00 → 03:00)', () => {
  it('the week of the change runs Mon 2 – Sun 8 Mar', () => {
    expect(rangeLabel(date('2026-03-08'), 'week')).toBe('2 – 8 Mar 2026');
  });

  it('week view: the same hour on the change day is an hour less of UTC offset', () => {
    const friday0945 = utc('2026-03-06T14:45:00Z'); // 09:45 EST
    expect(iso(weekDropAt(friday0945, { date: date('2026-03-08'), hour: 9 }, NEW_YORK))).toBe('2026-03-08T13:45:00.000Z'); // 09:45 EDT
    const gap = weekDropAt(friday0945, { date: date('2026-03-08'), hour: 2 }, NEW_YORK);
    expect(clockLabel(gap, NEW_YORK)).toBe('03:45');
    expect(iso(gap)).toBe('2026-03-08T07:45:00.000Z');
  });

  it('month view: Saturday 18:00 EST to Sunday is 18:00 EDT', () => {
    expect(iso(monthDropAt(utc('2026-03-07T23:00:00Z'), date('2026-03-08'), NEW_YORK))).toBe('2026-03-08T22:00:00.000Z');
  });

  it('one instant, two zones: a different day and hour in each', () => {
    const t = utc('2026-03-08T04:30:00Z');
    expect(slotOf(t, NEW_YORK)).toEqual({ date: date('2026-03-07'), hour: 23, minute: 30 });
    expect(slotOf(t, BERLIN)).toEqual({ date: date('2026-03-08'), hour: 5, minute: 30 });
  });
});

describe('placing posts', () => {
  const post = (id: string, scheduledAt: string | null) => ({ id, scheduledAt, state: 'scheduled' as const, publish: null, approval: null, hold: null as PostSummary['hold'] });
  const posts = [
    post('late', '2026-11-24T17:30:00Z'),
    post('none', null),
    post('early', '2026-11-24T17:05:00Z'),
    post('next-day', '2026-11-24T23:30:00Z'),
    post('garbled', 'tomorrow'),
  ];

  it('week view: by day and hour, earliest first; posts with no time go to the strip', () => {
    const placed = placePosts(posts, 'week', BERLIN);
    expect(Object.fromEntries([...placed.cells].map(([k, v]) => [k, v.map((p) => p.id)]))).toEqual({
      '2026-11-24 18': ['early', 'late'],
      '2026-11-25 00': ['next-day'],
    });
    expect(placed.unscheduled.map((p) => p.id)).toEqual(['none', 'garbled']);
  });

  it('a post held after its time passed goes to the strip: it has no time ahead', () => {
    const old = '2026-11-20T08:00:00Z';
    const missed = { ...post('missed', old), publish: { phase: 'waiting' as const, detail: 'It missed its time (…) by 3 h…', nextCheckAt: null }, hold: { reason: 'missed' as const, since: '2026-05-04T12:00:00.000Z', until: null, detail: 'It missed its time (…) by 3 h…' } };
    const unapproved = { ...post('unapproved', old), state: 'awaiting_approval' as const, approval: { status: 'pending' as const }, hold: { reason: 'no_answer' as const, since: old, until: null, detail: 'Nobody approved it by its time.' } };
    const waiting = { ...post('waiting', old), state: 'awaiting_approval' as const, approval: { status: 'pending' as const } };
    const placed = placePosts([missed, unapproved, waiting], 'week', BERLIN);
    expect(placed.unscheduled.map((p) => p.id)).toEqual(['missed', 'unapproved']);
    expect([...placed.cells.values()].flat().map((p) => p.id)).toEqual(['waiting']);
  });

  it('month view: by day, in the zone given', () => {
    const placed = placePosts(posts, 'month', NEW_YORK);
    expect(Object.fromEntries([...placed.cells].map(([k, v]) => [k, v.map((p) => p.id)]))).toEqual({ '2026-11-24': ['early', 'late', 'next-day'] });
  });

  it('the week view scrolls to the earliest hour with a post that week, else to 08:00', () => {
    const week = weekOf(date('2026-11-24'));
    expect(firstHour(posts, week, BERLIN)).toBe(0); // next-day at 00:30 on Wednesday
    expect(firstHour(posts.slice(0, 3), week, BERLIN)).toBe(18);
    expect(firstHour(posts, weekOf(addDays(date('2026-11-24'), 7)), BERLIN)).toBe(8);
  });

  it('a conflict says how many posts, for whom, and when', () => {
    expect(conflictLabel(2, 'Lena Bakes', utc('2026-11-24T17:00:00Z'), BERLIN)).toBe('Conflict: 2 posts for Lena Bakes at 18:00');
  });
});

describe('a card in words', () => {
  const approval = (over: Partial<NonNullable<PostSummary['approval']>>): PostSummary['approval'] => ({ id: 'ap', status: 'pending', decidedBy: null, decidedAt: null, ...over });
  const waiting = { phase: 'waiting' as const, attempt: 0, uploadedBytes: 0, totalBytes: 0, tiktokStatus: null, publishId: null, postUrl: null, failure: null, nextCheckAt: null, detail: null, videoAtTikTok: false, uploadCompletedAt: null };

  it('says the render, approval or publish state in a word or two', () => {
    expect(cardBadge({ state: 'ready', approval: null, publish: null, hold: null }, BERLIN)).toEqual({ text: 'Ready', tone: 'neutral' });
    expect(cardBadge({ state: 'scheduled', approval: null, publish: waiting, hold: null }, BERLIN)).toEqual({ text: 'Scheduled', tone: 'accent' });
    expect(cardBadge({ state: 'awaiting_approval', approval: approval({}), publish: null, hold: null }, BERLIN)).toEqual({ text: 'Waiting for approval', tone: 'warning' });
  });

  it('says when a post is held: missed its time, or nobody approved in time', () => {
    const since = '2026-05-04T12:00:00.000Z';
    const missed = { reason: 'missed' as const, since, until: null, detail: 'It missed its time (2026-05-04T09:00:00.000Z) by 3 h…' };
    expect(cardBadge({ state: 'scheduled', approval: approval({ status: 'approved' }), publish: { ...waiting, detail: missed.detail }, hold: missed }, BERLIN)).toEqual({ text: 'Held — missed its time', tone: 'danger' });
    // The words alone do not make a hold: only the typed reason does.
    expect(cardBadge({ state: 'scheduled', approval: null, publish: { ...waiting, detail: missed.detail }, hold: null }, BERLIN).text).toBe('Scheduled');
    const noAnswer = { reason: 'no_answer' as const, since, until: null, detail: 'Nobody approved it by its time.' };
    expect(cardBadge({ state: 'awaiting_approval', approval: approval({}), publish: null, hold: noAnswer }, BERLIN).text).toBe('Held — nobody approved in time');
    // Due but held at TikTok's daily cap, or while publishing is paused: it goes later than its cell says.
    const capped = { reason: 'daily_cap' as const, since, until: '2026-11-25T09:00:00.000Z', detail: 'TikTok allows about 15 posts a day per account.' };
    expect(cardBadge({ state: 'scheduled', approval: null, publish: { ...waiting, detail: capped.detail, nextCheckAt: capped.until }, hold: capped }, BERLIN)).toEqual({ text: 'Waiting until 10:00', tone: 'warning' });
    const paused = { reason: 'paused' as const, since, until: null, detail: 'Publishing is paused.' };
    expect(cardBadge({ state: 'scheduled', approval: null, publish: { ...waiting, detail: paused.detail }, hold: paused }, BERLIN)).toEqual({ text: 'Waiting (paused)', tone: 'warning' });
  });
});

describe('the conflict summary', () => {
  const post = (id: string, scheduledAt: string, accountId = 'lena') => ({ id, scheduledAt, accountId, accountName: accountId === 'lena' ? 'Lena Bakes' : 'Other', state: 'scheduled' as const });

  it('names each clash once, for the days shown, earliest first', () => {
    const posts = [
      post('b1', '2026-11-26T17:00:00Z'),
      post('a1', '2026-11-24T17:00:00Z'),
      post('a2', '2026-11-24T17:00:30Z'),
      post('b2', '2026-11-26T17:00:00Z'),
      post('b3', '2026-11-26T17:00:10Z'),
      post('x', '2026-11-24T17:00:00Z', 'other'),
      post('next-week', '2026-12-01T17:00:00Z'),
      post('next-week-2', '2026-12-01T17:00:00Z'),
    ];
    const groups = conflictGroups(posts, findConflicts(posts), weekOf(date('2026-11-24')), BERLIN);
    expect(groups.map((g) => conflictGroupWords(g, BERLIN))).toEqual(['2 posts for Lena Bakes at 18:00 on Tue 24 Nov', '3 posts for Lena Bakes at 18:00 on Thu 26 Nov']);
  });
});
