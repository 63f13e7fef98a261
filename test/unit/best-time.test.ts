// Best time to post (src-shared/insights/best-time.ts): a creator's 24-hour views by local
// weekday and hour, across the daylight-saving weeks of London, Berlin and New York, and the
// next posting times the batch composer starts from.
import { describe, expect, it } from 'vitest';
import { bestTimes, nextSlotTimes, slotLabel, type BestTimes, type PostOutcome } from '../../src-shared/insights/best-time';

const H = 3600_000;
const [MON, TUE, WED, THU, FRI, SAT, SUN] = [0, 1, 2, 3, 4, 5, 6];
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const LONDON = 'Europe/London';

const post = (publishedAt: string, views24h: number | null = 1000): PostOutcome => ({ publishedAt, views24h });
const cell = (b: BestTimes, weekday: number, hour: number) => b.cells[weekday]![hour]!;
const filled = (b: BestTimes) => b.cells.flat().filter((c) => c.posts > 0).map((c) => [c.weekday, c.hour, c.posts]);
const slots = (b: BestTimes) => b.top.map((s) => [s.weekday, s.hour]);

// In UTC, for the ranking tests: week `week` after Monday 5 January 2026.
const MONDAY = Date.UTC(2026, 0, 5);
const utcSlot = (weekday: number, hour: number, week = 0) => new Date(MONDAY + ((week * 7 + weekday) * 24 + hour) * H).toISOString();
const postsAt = (weekday: number, hour: number, views: number[]) => views.map((v, week) => post(utcSlot(weekday, hour, week), v));

describe('bucketing by local weekday and hour', () => {
  it('reads the hour in the zone asked for, not in UTC', () => {
    // London moves to BST at 01:00 UTC on Sunday 29 March 2026: 00:30 UTC is still 00:30 GMT,
    // 01:30 UTC is already 02:30 BST, and the 01:00 hour never happens.
    const london = bestTimes([post('2026-03-29T00:30:00Z'), post('2026-03-29T01:30:00Z')], LONDON);
    expect(filled(london)).toEqual([
      [SUN, 0, 1],
      [SUN, 2, 1],
    ]);
    // Berlin is an hour further on: 01:30 CET, then 03:30 CEST.
    const berlin = bestTimes([post('2026-03-29T00:30:00Z'), post('2026-03-29T01:30:00Z')], BERLIN);
    expect(filled(berlin)).toEqual([
      [SUN, 1, 1],
      [SUN, 3, 1],
    ]);
    // 02:00 UTC on a Tuesday is still Monday evening in New York.
    expect(filled(bestTimes([post('2026-03-10T02:00:00Z')], NEW_YORK))).toEqual([[MON, 22, 1]]);
    expect(filled(bestTimes([post('2026-03-10T02:00:00Z')], 'UTC'))).toEqual([[TUE, 2, 1]]);
  });

  it('keeps 18:00 in Berlin at 18 through the week the clocks go forward (last Sunday of March)', () => {
    // 18:00 CET is 17:00 UTC up to Saturday 28 March; 18:00 CEST is 16:00 UTC from Sunday 29.
    const history = [
      ...['23', '24', '25', '26', '27', '28'].map((d) => post(`2026-03-${d}T17:00:00Z`)),
      post('2026-03-29T16:00:00Z'),
      post('2026-03-30T16:00:00Z'),
      // 17:00 UTC after the change is 19:00, where a fixed +1 h would say 18:00.
      post('2026-03-30T17:00:00Z'),
    ];
    expect(filled(bestTimes(history, BERLIN))).toEqual([
      [MON, 18, 2],
      [MON, 19, 1],
      [TUE, 18, 1],
      [WED, 18, 1],
      [THU, 18, 1],
      [FRI, 18, 1],
      [SAT, 18, 1],
      [SUN, 18, 1],
    ]);
  });

  it('keeps 18:00 in Berlin at 18 through the week the clocks go back, and counts the repeated hour once as a slot', () => {
    const history = [
      ...['19', '20', '21', '22', '23', '24'].map((d) => post(`2026-10-${d}T16:00:00Z`)),
      post('2026-10-25T17:00:00Z'),
      post('2026-10-26T17:00:00Z'),
      // 02:00–03:00 happens twice on 25 October: once in CEST, once in CET.
      post('2026-10-25T00:30:00Z'),
      post('2026-10-25T01:30:00Z'),
    ];
    const b = bestTimes(history, BERLIN);
    expect(cell(b, SUN, 2).posts).toBe(2);
    expect(filled(b)).toEqual([
      [MON, 18, 2],
      [TUE, 18, 1],
      [WED, 18, 1],
      [THU, 18, 1],
      [FRI, 18, 1],
      [SAT, 18, 1],
      [SUN, 2, 2],
      [SUN, 18, 1],
    ]);
  });

  it('keeps 18:00 in New York at 18 across the second Sunday of March, and has no 02:00 that night', () => {
    const history = [
      // 18:00 EST is 23:00 UTC; 18:00 EDT (from Sunday 8 March) is 22:00 UTC.
      ...['02', '03', '04', '05', '06', '07'].map((d) => post(`2026-03-${d}T23:00:00Z`)),
      post('2026-03-08T22:00:00Z'),
      post('2026-03-09T22:00:00Z'),
      post('2026-03-08T06:30:00Z'), // 01:30 EST
      post('2026-03-08T07:30:00Z'), // 03:30 EDT
    ];
    const b = bestTimes(history, NEW_YORK);
    expect(filled(b)).toEqual([
      [MON, 18, 2],
      [TUE, 18, 1],
      [WED, 18, 1],
      [THU, 18, 1],
      [FRI, 18, 1],
      [SAT, 18, 1],
      [SUN, 1, 1],
      [SUN, 3, 1],
      [SUN, 18, 1],
    ]);
    expect(cell(b, SUN, 2).posts).toBe(0);
  });
});

describe('scoring and ranking', () => {
  it('uses the median, so one viral post does not make its slot the best', () => {
    const b = bestTimes([...postsAt(TUE, 18, [100_000, 800, 900]), ...postsAt(THU, 12, [1200, 1300])], 'UTC', { minPosts: 5 });
    expect(b.enough).toBe(true);
    // Overall median of 800, 900, 1200, 1300, 100 000 is 1200.
    expect(cell(b, TUE, 18)).toEqual({ weekday: TUE, hour: 18, posts: 3, medianViews: 900, score: 0.75 });
    expect(cell(b, THU, 12).medianViews).toBe(1250);
    expect(cell(b, THU, 12).score).toBeCloseTo(1250 / 1200, 10);
    expect(slots(b)).toEqual([
      [THU, 12],
      [TUE, 18],
    ]);
    expect(b.top[0]).toMatchObject({ posts: 2, medianViews: 1250, label: 'Thursday 12:00–13:00' });
    expect(cell(b, MON, 0)).toEqual({ weekday: MON, hour: 0, posts: 0, medianViews: null, score: null });
  });

  it('ranks no slot with a single post, however well it did', () => {
    const b = bestTimes([...postsAt(WED, 20, [50_000]), ...postsAt(TUE, 18, [1000, 1000]), ...postsAt(THU, 12, [800, 800])], 'UTC', { minPosts: 5, top: 3 });
    expect(cell(b, WED, 20).score).toBe(50); // the best cell by far, and still an anecdote
    expect(slots(b)).toEqual([
      [TUE, 18],
      [THU, 12],
    ]);
  });

  it('breaks ties by more posts, then by the earlier slot in the week', () => {
    const history = [
      ...postsAt(TUE, 18, [1000, 1000]),
      ...postsAt(FRI, 9, [1000, 1000, 1000]),
      ...postsAt(TUE, 6, [1000, 1000]),
      ...postsAt(MON, 7, [1000, 1000]),
      ...postsAt(WED, 15, [500, 500]),
    ];
    const b = bestTimes(history, 'UTC', { top: 4 });
    expect(b.top.map((s) => s.score)).toEqual([1, 1, 1, 1]);
    expect(slots(b)).toEqual([
      [FRI, 9],
      [MON, 7],
      [TUE, 6],
      [TUE, 18],
    ]);
    expect(bestTimes(history, 'UTC').top).toHaveLength(3);
  });

  it('smooths the ranking with the neighbouring hours, and leaves the cells raw', () => {
    // Both slots have a median of 1000 from two posts, so unsmoothed Monday would win; Tuesday
    // 18's neighbours did well: pooled 900, 900, 1100, 1100, 3000, 3000 gives 1100.
    const b = bestTimes([...postsAt(MON, 10, [1000, 1000]), ...postsAt(TUE, 18, [900, 1100]), ...postsAt(TUE, 17, [3000]), ...postsAt(TUE, 19, [3000])], 'UTC', { minPosts: 1 });
    expect(slots(b)).toEqual([
      [TUE, 18],
      [MON, 10],
    ]);
    // Overall median of 900, 1000, 1000, 1100, 3000, 3000 is 1050.
    expect(b.top[0]!.smoothedScore).toBeCloseTo(1100 / 1050, 10);
    expect(b.top[0]!.score).toBeCloseTo(1000 / 1050, 10);
    expect(b.top[0]!.medianViews).toBe(1000);
    expect(cell(b, TUE, 18).medianViews).toBe(1000);
    expect(b.top[1]!.smoothedScore).toBeCloseTo(1000 / 1050, 10);
  });

  it('smooths across midnight from Sunday into Monday and back', () => {
    const intoMonday = bestTimes([...postsAt(WED, 12, [1000, 1000]), ...postsAt(SUN, 23, [900, 1100]), ...postsAt(MON, 0, [3000])], 'UTC', { minPosts: 1 });
    expect(slots(intoMonday)).toEqual([
      [SUN, 23],
      [WED, 12],
    ]);
    const intoSunday = bestTimes([...postsAt(WED, 12, [1000, 1000]), ...postsAt(MON, 0, [900, 1100]), ...postsAt(SUN, 23, [3000])], 'UTC', { minPosts: 1 });
    expect(slots(intoSunday)).toEqual([
      [MON, 0],
      [WED, 12],
    ]);
  });

  it('labels a slot by its local hour, the last of the day ending at midnight', () => {
    expect(slotLabel(TUE, 18)).toBe('Tuesday 18:00–19:00');
    expect(slotLabel(SUN, 23)).toBe('Sunday 23:00–00:00');
    expect(slotLabel(MON, 0)).toBe('Monday 00:00–01:00');
  });
});

describe('not enough posts yet', () => {
  it('says how many more posts with 24-hour views are needed, ignoring posts whose views are not known', () => {
    const history = [...postsAt(MON, 9, [10, 20]), ...postsAt(TUE, 9, [30, 40]), post(utcSlot(WED, 9), null), post(utcSlot(THU, 9), null), post(utcSlot(FRI, 9), null)];
    const b = bestTimes(history, 'UTC');
    expect(b).toMatchObject({
      enough: false,
      needed: 6,
      basedOn: 4,
      timeZone: 'UTC',
      top: [],
      reason: 'Not enough posts yet: 4 of 10 posts have their 24-hour views. Post a few more and this fills in.',
    });
    expect(cell(b, WED, 9).posts).toBe(0);
    expect(cell(b, MON, 9).medianViews).toBe(15);
    expect(bestTimes(history.slice(0, 1), 'UTC')).toMatchObject({ needed: 9, reason: 'Not enough posts yet: 1 of 10 posts has its 24-hour views. Post a few more and this fills in.' });
    expect(bestTimes(history, 'UTC', { minPosts: 5 })).toMatchObject({ enough: false, needed: 1 });
    expect(bestTimes(history, 'UTC', { minPosts: 4 }).enough).toBe(true);
  });

  it('also needs hours of the week posted at more than once (minSlots, 2 by default)', () => {
    const allDifferent = Array.from({ length: 10 }, (_, i) => post(utcSlot(i % 7, 8 + i)));
    const b = bestTimes(allDifferent, 'UTC');
    expect(b).toMatchObject({ enough: false, needed: 2, basedOn: 10, top: [] });
    expect(b.enough === false && b.reason).toBe(
      'Not enough repeat times yet: 0 of 2 hours of the week have 2 or more posts with their 24-hour views. Post again at times you have used before and this fills in.',
    );
    const oneRepeat = [...allDifferent, post(utcSlot(MON, 8, 1))];
    expect(bestTimes(oneRepeat, 'UTC')).toMatchObject({ enough: false, needed: 1 });
    expect(bestTimes(oneRepeat, 'UTC', { minSlots: 1 })).toMatchObject({ enough: true, top: [{ weekday: MON, hour: 8 }] });
    expect(bestTimes([...oneRepeat, post(utcSlot(TUE, 9, 1))], 'UTC').enough).toBe(true);
  });

  it('an empty history gives an empty grid, no best slots and no posting times', () => {
    const b = bestTimes([], BERLIN);
    expect(b).toMatchObject({ enough: false, needed: 10, basedOn: 0, timeZone: BERLIN, top: [] });
    expect(b.cells).toHaveLength(7);
    for (const [weekday, day] of b.cells.entries()) {
      expect(day).toHaveLength(24);
      for (const [hour, c] of day.entries()) expect(c).toEqual({ weekday, hour, posts: 0, medianViews: null, score: null });
    }
    expect(nextSlotTimes(b, '2026-11-25T12:00:00Z', 5, BERLIN)).toEqual([]);
  });
});

describe('next posting times in the best slots', () => {
  // Berlin in January is CET (+1): Tuesday 18:00 is 17:00 UTC, Thursday 10:00 is 09:00 UTC.
  const tueThu = bestTimes(
    [post('2026-01-06T17:00:00Z', 2000), post('2026-01-13T17:00:00Z', 2000), post('2026-01-08T09:00:00Z', 1500), post('2026-01-15T09:00:00Z', 1500)],
    BERLIN,
    { minPosts: 4 },
  );
  // Sunday 02:00 (01:00 UTC) and Monday 10:00 (09:00 UTC).
  const sunMon = bestTimes(
    [post('2026-01-04T01:00:00Z', 2000), post('2026-01-11T01:00:00Z', 2000), post('2026-01-05T09:00:00Z', 1500), post('2026-01-12T09:00:00Z', 1500)],
    BERLIN,
    { minPosts: 4 },
  );

  it('gives the next instants in time order, one per slot per week, strictly after from', () => {
    expect(slots(tueThu)).toEqual([
      [TUE, 18],
      [THU, 10],
    ]);
    // From Wednesday 25 November: Thursday comes first though Tuesday ranks higher.
    expect(nextSlotTimes(tueThu, '2026-11-25T12:00:00Z', 4, BERLIN)).toEqual(['2026-11-26T09:00:00.000Z', '2026-12-01T17:00:00.000Z', '2026-12-03T09:00:00.000Z', '2026-12-08T17:00:00.000Z']);
    expect(nextSlotTimes(tueThu, '2026-11-26T09:00:00Z', 1, BERLIN)).toEqual(['2026-12-01T17:00:00.000Z']);
    expect(nextSlotTimes(tueThu, '2026-11-26T08:59:59.999Z', 1, BERLIN)).toEqual(['2026-11-26T09:00:00.000Z']);
    const ten = nextSlotTimes(tueThu, '2026-11-25T12:00:00Z', 10, BERLIN);
    expect(ten).toHaveLength(10);
    expect(ten.at(-1)).toBe('2026-12-29T17:00:00.000Z');
    for (let i = 2; i < ten.length; i++) expect(Date.parse(ten[i]!) - Date.parse(ten[i - 2]!)).toBe(7 * 24 * H);
    expect(nextSlotTimes(tueThu, '2026-11-25T12:00:00Z', 0, BERLIN)).toEqual([]);
  });

  it('skips a slot the spring-forward gap takes and follows the clock change after it', () => {
    // Sunday 29 March 02:00 does not exist in Berlin; from Monday 30 the slots are an hour earlier in UTC.
    expect(nextSlotTimes(sunMon, '2026-03-23T00:00:00Z', 4, BERLIN)).toEqual(['2026-03-23T09:00:00.000Z', '2026-03-30T08:00:00.000Z', '2026-04-05T00:00:00.000Z', '2026-04-06T08:00:00.000Z']);
  });

  it('takes the first of the two 02:00s when the clocks go back, and only one', () => {
    const times = nextSlotTimes(sunMon, '2026-10-24T00:00:00Z', 3, BERLIN);
    expect(times).toEqual(['2026-10-25T00:00:00.000Z', '2026-10-26T09:00:00.000Z', '2026-11-01T01:00:00.000Z']);
    expect(times).not.toContain('2026-10-25T01:00:00.000Z');
  });

  it('handles New York’s gap on the second Sunday of March and the first Sunday of November', () => {
    // Sunday 02:00 EST is 07:00 UTC in January.
    const sun2 = bestTimes([post('2026-01-04T07:00:00Z'), post('2026-01-11T07:00:00Z')], NEW_YORK, { minPosts: 2, minSlots: 1 });
    expect(slots(sun2)).toEqual([[SUN, 2]]);
    expect(nextSlotTimes(sun2, '2026-03-01T12:00:00Z', 2, NEW_YORK)).toEqual(['2026-03-15T06:00:00.000Z', '2026-03-22T06:00:00.000Z']);
    const sun1 = bestTimes([post('2026-01-04T06:00:00Z'), post('2026-01-11T06:00:00Z')], NEW_YORK, { minPosts: 2, minSlots: 1 });
    expect(slots(sun1)).toEqual([[SUN, 1]]);
    expect(nextSlotTimes(sun1, '2026-10-31T12:00:00Z', 2, NEW_YORK)).toEqual(['2026-11-01T05:00:00.000Z', '2026-11-08T06:00:00.000Z']);
  });

  it('gives none while there is not enough history', () => {
    const few = bestTimes([post('2026-01-06T17:00:00Z'), post('2026-01-13T17:00:00Z')], BERLIN);
    expect(few.enough).toBe(false);
    expect(nextSlotTimes(few, '2026-11-25T12:00:00Z', 3, BERLIN)).toEqual([]);
  });
});
