// Wall-clock time in a named time zone, with nothing but Intl: what time it is somewhere, the
// instant a wall-clock time in a zone means (daylight-saving gaps and overlaps handled), and
// the replies a person may type when asked for a time. Pure; the clock is always passed in.

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at instant `ms`. */
export function wallClockAt(ms: number, timeZone: string): WallClock & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** How far `timeZone` is ahead of UTC at instant `ms`, in ms. */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const w = wallClockAt(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock time in `timeZone` means. In a spring-forward gap (02:30 that never
 * happens) the time after the gap is taken; in a fall-back overlap, the first of the two.
 */
export function instantOf(w: WallClock, timeZone: string): number {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const first = naive - zoneOffsetMs(naive, timeZone);
  const second = naive - zoneOffsetMs(first, timeZone);
  if (first === second) {
    // Could still be the later of two in an overlap: prefer the earlier one if it also matches.
    const earlier = naive - zoneOffsetMs(first - 3600_000, timeZone);
    if (earlier < first && sameWall(wallClockAt(earlier, timeZone), w)) return earlier;
    return first;
  }
  // The offsets disagree: a gap or an overlap. Take whichever maps back to the wall time; in a
  // gap neither does, and the later instant lands just after the gap.
  const candidates = [first, second].filter((t) => sameWall(wallClockAt(t, timeZone), w));
  if (candidates.length) return Math.min(...candidates);
  return Math.max(first, second);
}

/**
 * The instant a wall-clock time in `timeZone` means, or null when the zone's clocks never show
 * it (a spring-forward gap skips it; also a date or time that is not on the calendar). In a
 * fall-back overlap, the first of the two, as instantOf.
 */
export function instantOfExisting(w: WallClock, timeZone: string): number | null {
  const ms = instantOf(w, timeZone);
  return sameWall(wallClockAt(ms, timeZone), w) ? ms : null;
}

/** Monday 0 … Sunday 6, for a calendar date (a WallClock's date, say). */
export function weekdayOf(d: { year: number; month: number; day: number }): number {
  return (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
}

function sameWall(a: WallClock, b: WallClock): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;
}

/** The same wall-clock time on the next calendar day in `timeZone` (23 or 25 hours across a DST change). */
export function sameTimeNextDay(ms: number, timeZone: string): number {
  const w = wallClockAt(ms, timeZone);
  const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
  return instantOf({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: w.hour, minute: w.minute }, timeZone);
}

/** "Tue 24 Nov, 18:00 CET" — a time as people read it in `timeZone`. */
export function formatInZone(ms: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month}, ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** Whether `ms` falls in a daily window given as HH:MM in `timeZone`; the window may span midnight. */
export function inDailyWindow(ms: number, window: { start: string; end: string }, timeZone: string): boolean {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const start = minutes(window.start);
  const end = minutes(window.end);
  if (start === end) return false;
  const w = wallClockAt(ms, timeZone);
  const now = w.hour * 60 + w.minute;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

export type TimeReply = { ok: true; at: number } | { ok: false; problem: string };

export const TIME_REPLY_EXAMPLES = '18:30, tomorrow 9:00, 2026-12-24 18:00 or +2h';

/**
 * A time a person typed, read in their zone: "18:30" (the next 18:30), "today 18:30",
 * "tomorrow 9:00", "2026-12-24 18:00", "24.12. 18:00", "+2h", "+90m", "in 2 hours".
 */
export function parseTimeReply(text: string, nowMs: number, timeZone: string): TimeReply {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const bad: TimeReply = { ok: false, problem: `Clipdesk could not read “${text.trim().slice(0, 40)}” as a time. Try ${TIME_REPLY_EXAMPLES}.` };
  const relative = /^(?:\+|in )(\d{1,4}) ?(h|hours?|m|min|minutes?)$/.exec(t);
  if (relative) {
    const n = Number(relative[1]);
    const at = nowMs + n * (relative[2]!.startsWith('h') ? 3600_000 : 60_000);
    return n > 0 ? { ok: true, at } : bad;
  }
  const clock = (h: string, m: string | undefined): { hour: number; minute: number } | null => {
    const hour = Number(h);
    const minute = Number(m ?? '0');
    return hour <= 23 && minute <= 59 ? { hour, minute } : null;
  };
  const today = wallClockAt(nowMs, timeZone);
  const onDay = (y: number, mo: number, d: number, hm: { hour: number; minute: number }): number => {
    const date = new Date(Date.UTC(y, mo - 1, d));
    return instantOf({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), ...hm }, timeZone);
  };
  let m = /^(today |tomorrow )?(\d{1,2})(?:[:.](\d{2}))?$/.exec(t);
  if (m && (m[3] !== undefined || m[1])) {
    const hm = clock(m[2]!, m[3]);
    if (!hm) return bad;
    const add = m[1] === 'tomorrow ' ? 1 : 0;
    let at = onDay(today.year, today.month, today.day + add, hm);
    if (!m[1] && at <= nowMs) at = onDay(today.year, today.month, today.day + 1, hm);
    return future(at, nowMs);
  }
  m = /^(\d{4})-(\d{2})-(\d{2})[ t](\d{1,2}):(\d{2})$/.exec(t);
  if (m) {
    const hm = clock(m[4]!, m[5]);
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!hm || !validDate(y, mo, d)) return bad;
    return future(onDay(y, mo, d, hm), nowMs);
  }
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})? (\d{1,2})[:.](\d{2})$/.exec(t);
  if (m) {
    const hm = clock(m[4]!, m[5]);
    const [d, mo] = [Number(m[1]), Number(m[2])];
    let y = m[3] ? Number(m[3]) : today.year;
    if (!hm || !validDate(y, mo, d)) return bad;
    let at = onDay(y, mo, d, hm);
    if (!m[3] && at <= nowMs) at = onDay(++y, mo, d, hm);
    return future(at, nowMs);
  }
  return bad;
}

function validDate(y: number, mo: number, d: number): boolean {
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function future(at: number, nowMs: number): TimeReply {
  return at > nowMs ? { ok: true, at } : { ok: false, problem: 'That time has already passed; send a time in the future.' };
}
