// "When" in the composer: a datetime-local field is read in the creator's own zone and sent to
// the core as an ISO time with that zone's offset (2026-05-04T09:00:00+02:00), so the scheduler
// and the creator mean the same moment. Pure, with the clock passed in.
import { instantOf } from '../../../src-shared/time/zoned-time';

const LOCAL_VALUE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const pad = (n: number, width = 2): string => String(Math.abs(Math.trunc(n))).padStart(width, '0');

/** A datetime-local value ("2026-05-04T09:00") as a moment in this computer's zone; null when malformed. */
export function parseLocalDateTime(value: string): Date | null {
  const m = LOCAL_VALUE.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second = 0] = m.slice(1).map((s) => (s === undefined ? undefined : Number(s))) as [
    number,
    number,
    number,
    number,
    number,
    number | undefined,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const d = new Date(year, month - 1, day, hour, minute, second);
  // 31 February rolls into March: refuse it rather than post on another day.
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day) return null;
  return d;
}

/** A moment as a datetime-local value in this computer's zone, to the minute. */
export function toLocalInputValue(d: Date): string {
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A moment as ISO 8601 with this computer's offset at that moment: 2026-05-04T09:00:00+02:00. */
export function toIsoWithOffset(d: Date): string {
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${toLocalInputValue(d)}:${pad(d.getSeconds())}${zone}`;
}

/** The zone's name for the creator ("Europe/Berlin"), or null where Intl does not say. */
export function localZoneName(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

/** How far ahead a scheduled post must be: less and it is "Post now" in all but name. */
export const MIN_SCHEDULE_LEAD_MS = 60_000;

export type ScheduleCheck =
  | { ok: true; iso: string; at: Date; note: string | null }
  | { ok: false; problem: string };

/**
 * Reads the composer's "Schedule" field: the ISO time to send, or why it cannot be used. A
 * time skipped by a clock change (02:30 on the night clocks go forward) is moved on by the
 * browser; the note says to when, so nothing posts at a time the creator did not see.
 */
export function checkSchedule(value: string, now: Date, minLeadMs = MIN_SCHEDULE_LEAD_MS): ScheduleCheck {
  if (!value.trim()) return { ok: false, problem: 'Choose a date and time to post, or choose Post now.' };
  const at = parseLocalDateTime(value);
  if (!at) return { ok: false, problem: 'That is not a date and time Clipdesk can read: choose one with the picker.' };
  if (at.getTime() < now.getTime() + minLeadMs) {
    return { ok: false, problem: 'That time has passed or is too close: choose a time at least a minute from now, or choose Post now.' };
  }
  const shown = toLocalInputValue(at);
  const note = shown !== value.trim().slice(0, 16) ? `That time does not exist on this day (the clocks change); it will post at ${shown.slice(11)}.` : null;
  return { ok: true, iso: toIsoWithOffset(at), at, note };
}

/** A sensible first choice for "Schedule": the next whole hour at least 30 minutes away. */
export function defaultScheduleValue(now: Date): string {
  const d = new Date(now.getTime() + 30 * 60_000);
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  return toLocalInputValue(d);
}

/** "2026-11-24" at 00:00 in the zone, as ISO; null when the field is not a date. */
export function firstDayStart(day: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return new Date(instantOf({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0 }, timeZone)).toISOString();
}
