// Times in the creator's own zone (the system's, via Intl). Near midnight "today" is ambiguous
// across zones and sleepy eyes, so the date is spelled out (docs/architecture.md §8).
const timeFmt = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const timeWithSecondsFmt = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' });
const dateFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
const dateWithYearFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/** Within this many hours of midnight the date is always shown. */
const NEAR_MIDNIGHT_HOURS = 1;

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

function nearMidnight(d: Date): boolean {
  const h = d.getHours();
  return h < NEAR_MIDNIGHT_HOURS || h >= 24 - NEAR_MIDNIGHT_HOURS;
}

export interface FormattedTime {
  /** Short text for a list: "14:03:22", "Mon 3 Nov, 23:41", "3 Nov 2025, 09:00". */
  short: string;
  /** Everything, zone included, for a tooltip. */
  full: string;
}

export function formatTime(iso: string, options: { seconds?: boolean; now?: Date } = {}): FormattedTime {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { short: iso, full: iso };
  const now = options.now ?? new Date();
  const time = (options.seconds ? timeWithSecondsFmt : timeFmt).format(d);
  let short: string;
  if (sameDay(d, now) && !nearMidnight(d)) short = time;
  else if (d.getFullYear() === now.getFullYear()) short = `${dateFmt.format(d)}, ${time}`;
  else short = `${dateWithYearFmt.format(d)}, ${time}`;
  return { short, full: fullFmt.format(d) };
}

/** Always with the date: for times a creator plans around, like a scheduled post. */
export function formatDateTime(iso: string, now: Date = new Date()): FormattedTime {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { short: iso, full: iso };
  const date = d.getFullYear() === now.getFullYear() ? dateFmt.format(d) : dateWithYearFmt.format(d);
  return { short: `${date}, ${timeFmt.format(d)}`, full: fullFmt.format(d) };
}
