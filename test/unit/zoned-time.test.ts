// Wall-clock time in named zones: what approvers read and type on Telegram, across daylight
// saving changes in two hemispheres.
import { describe, expect, it } from 'vitest';
import { formatInZone, inDailyWindow, instantOf, parseTimeReply, sameTimeNextDay, wallClockAt } from '../../src-shared/time/zoned-time';

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
