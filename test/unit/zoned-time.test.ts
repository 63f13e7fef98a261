// Wall-clock time in named zones: what approvers read and type on Telegram, across daylight
// saving changes in two hemispheres.
import { describe, expect, it } from 'vitest';
import { formatInZone, inDailyWindow, instantOf, instantOfExisting, parseTimeReply, sameTimeNextDay, wallClockAt, weekdayOf } from '../../src-shared/time/zoned-time';

const utc = (s: string) => Date.parse(s);

describe('zoned time', () => {
  it('reads the wall clock in a zone and back, outside DST changes', () => {
    const t = utc('2026-11-24T17:30:00Z');
    expect(wallClockAt(t, 'Europe/Berlin')).toMatchObject({ year: 2026, month: 11, day: 24, hour: 18, minute: 30 });
    expect(instantOf({ year: 2026, month: 11, day: 24, hour: 18, minute: 30 }, 'Europe/Berlin')).toBe(t);
    expect(instantOf({ year: 2026, month: 11, day: 24, hour: 12, minute: 30 }, 'America/New_York')).toBe(t);
    expect(formatInZone(t, 'Europe/Berlin')).toBe('Tue 24 Nov, 18:30 CET');
  });

  it('takes the time after a spring-forward gap, and the first of a fall-back overlap', () => {
    // Berlin 2026-03-29: 02:00 → 03:00. 02:30 does not exist.
    expect(instantOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z'));
    // Berlin 2026-10-25: 03:00 → 02:00. 02:30 happens twice; the first is 00:30 UTC.
    expect(instantOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00Z'));
  });

  it('finds only wall-clock times that happen: none in a gap, the first of an overlap', () => {
    const at = (year: number, month: number, day: number, hour: number, minute = 0, zone = 'Europe/Berlin') => {
      const ms = instantOfExisting({ year, month, day, hour, minute }, zone);
      return ms === null ? null : new Date(ms).toISOString();
    };
    // Berlin 2026-03-29, 02:00 → 03:00: the whole 02 hour is missing, either side of it is there.
    expect(at(2026, 3, 29, 1)).toBe('2026-03-29T00:00:00.000Z');
    expect(at(2026, 3, 29, 1, 59)).toBe('2026-03-29T00:59:00.000Z');
    expect(at(2026, 3, 29, 2)).toBeNull();
    expect(at(2026, 3, 29, 2, 30)).toBeNull();
    expect(at(2026, 3, 29, 3)).toBe('2026-03-29T01:00:00.000Z');
    // Berlin 2026-10-25, 03:00 → 02:00: the first 02:00 (CEST), once; 03:00 only happens after.
    expect(at(2026, 10, 25, 2)).toBe('2026-10-25T00:00:00.000Z');
    expect(at(2026, 10, 25, 2, 30)).toBe('2026-10-25T00:30:00.000Z');
    expect(at(2026, 10, 25, 3)).toBe('2026-10-25T02:00:00.000Z');
    // West of UTC, where the first guess lands on the other side: New York 2026-03-08 and 2026-11-01.
    expect(at(2026, 3, 8, 2, 0, 'America/New_York')).toBeNull();
    expect(at(2026, 3, 8, 3, 0, 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    expect(at(2026, 11, 1, 1, 0, 'America/New_York')).toBe('2026-11-01T05:00:00.000Z');
    expect(at(2026, 11, 1, 1, 30, 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(at(2026, 11, 1, 2, 0, 'America/New_York')).toBe('2026-11-01T07:00:00.000Z');
    // Lord Howe moves by half an hour: 02:00 → 02:30 on 2026-10-04, 02:00 → 01:30 on 2026-04-05.
    expect(at(2026, 10, 4, 2, 15, 'Australia/Lord_Howe')).toBeNull();
    expect(at(2026, 10, 4, 2, 30, 'Australia/Lord_Howe')).toBe('2026-10-03T15:30:00.000Z');
    expect(at(2026, 4, 5, 1, 45, 'Australia/Lord_Howe')).toBe('2026-04-04T14:45:00.000Z');
    // Not a time on the calendar at all.
    expect(at(2026, 2, 30, 12)).toBeNull();
    expect(at(2026, 11, 24, 24)).toBeNull();
    // Wherever instantOf's answer is a time that happens, it is the same one.
    expect(instantOfExisting({ year: 2026, month: 11, day: 24, hour: 18, minute: 30 }, 'Europe/Berlin')).toBe(utc('2026-11-24T17:30:00Z'));
  });

  it('numbers the weekday from Monday 0 to Sunday 6', () => {
    expect(weekdayOf({ year: 2026, month: 11, day: 23 })).toBe(0);
    expect(weekdayOf({ year: 2026, month: 11, day: 24 })).toBe(1);
    expect(weekdayOf({ year: 2026, month: 11, day: 29 })).toBe(6);
    // The weekday of the local date, not of the UTC one: Monday evening in New York is Tuesday in UTC.
    expect(weekdayOf(wallClockAt(utc('2026-03-10T02:00:00Z'), 'America/New_York'))).toBe(0);
    expect(weekdayOf(wallClockAt(utc('2026-03-10T02:00:00Z'), 'UTC'))).toBe(1);
  });

  it('"tomorrow, same time" keeps the wall clock across DST: 23 or 25 hours, in either hemisphere', () => {
    // Berlin's autumn change: Saturday 18:00 CEST → Sunday 18:00 CET is 25 hours.
    const sat = utc('2026-10-24T16:00:00Z');
    const sun = sameTimeNextDay(sat, 'Europe/Berlin');
    expect(sun - sat).toBe(25 * 3600_000);
    expect(wallClockAt(sun, 'Europe/Berlin')).toMatchObject({ day: 25, hour: 18, minute: 0 });
    // Sydney's spring change (2026-10-04, 02:00 → 03:00): 23 hours.
    const before = utc('2026-10-03T08:00:00Z'); // 18:00 AEST
    const after = sameTimeNextDay(before, 'Australia/Sydney');
    expect(after - before).toBe(23 * 3600_000);
    expect(wallClockAt(after, 'Australia/Sydney')).toMatchObject({ day: 4, hour: 18, minute: 0 });
    // An ordinary day: 24 hours.
    expect(sameTimeNextDay(utc('2026-11-24T17:30:00Z'), 'Europe/Berlin') - utc('2026-11-24T17:30:00Z')).toBe(24 * 3600_000);
  });

  it('knows a daily window, also one that spans midnight', () => {
    const at = (hhmm: string) => utc(`2026-11-24T${hhmm}:00Z`);
    const night = { start: '22:00', end: '07:00' };
    expect(inDailyWindow(at('23:15'), night, 'UTC')).toBe(true);
    expect(inDailyWindow(at('06:59'), night, 'UTC')).toBe(true);
    expect(inDailyWindow(at('07:00'), night, 'UTC')).toBe(false);
    expect(inDailyWindow(at('12:00'), night, 'UTC')).toBe(false);
    expect(inDailyWindow(at('13:00'), { start: '12:00', end: '14:00' }, 'UTC')).toBe(true);
    // In the window's own zone: 21:30 UTC is 22:30 in Berlin.
    expect(inDailyWindow(at('21:30'), night, 'Europe/Berlin')).toBe(true);
    expect(inDailyWindow(at('21:30'), { start: '10:00', end: '10:00' }, 'UTC')).toBe(false);
  });

  it('reads the times people type, in their zone, and only in the future', () => {
    const now = utc('2026-11-24T17:30:00Z'); // 18:30 in Berlin
    const tz = 'Europe/Berlin';
    const read = (t: string) => {
      const r = parseTimeReply(t, now, tz);
      return r.ok ? new Date(r.at).toISOString() : r.problem;
    };
    expect(read('19:00')).toBe('2026-11-24T18:00:00.000Z');
    expect(read('18:00')).toBe('2026-11-25T17:00:00.000Z'); // already past today → tomorrow
    expect(read('tomorrow 9:00')).toBe('2026-11-25T08:00:00.000Z');
    expect(read('Tomorrow 9')).toBe('2026-11-25T08:00:00.000Z');
    expect(read('today 20.15')).toBe('2026-11-24T19:15:00.000Z');
    expect(read('2026-12-24 18:00')).toBe('2026-12-24T17:00:00.000Z');
    expect(read('24.12. 18:00')).toBe('2026-12-24T17:00:00.000Z');
    expect(read('+2h')).toBe('2026-11-24T19:30:00.000Z');
    expect(read('in 90 minutes')).toBe('2026-11-24T19:00:00.000Z');
    expect(read('today 10:00')).toMatch(/already passed/);
    expect(read('2025-01-01 10:00')).toMatch(/already passed/);
    expect(read('2026-02-30 10:00')).toMatch(/could not read/);
    expect(read('25:00')).toMatch(/could not read/);
    expect(read('next week sometime')).toMatch(/could not read “next week sometime” as a time/);
  });
});
