// The Queue's week and month calendar, its pure parts: which days a week or a month shows, which
// day and hour a post falls in, and the instant a drop on a cell means — all in a named zone and
// through the wall-clock helpers, so a day is 23 or 25 hours long when the clocks change and a
// drop into a spring-forward gap lands where instantOf puts it (just after the gap). Weeks start
// on Monday. The zone is a parameter: the UI passes the computer's, the tests choose. And the
// calendar's words: the range shown, a card's badge, and the conflicts in a sentence.
import { isApprovalHeld, isHeldMissed } from '../../../src-shared/posts/missed-post';
import type { HoldReason, PostSummary } from '../../../src-shared/posts/post';
import { instantOf, wallClockAt } from '../../../src-shared/time/zoned-time';
import { postApprovalBadge, type Tone } from './approval-words';

/** A day on the calendar, without a time or a zone. */
export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

export type CalendarLayout = 'week' | 'month';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-24": a key for maps and the cells' data attributes. */
export function dateKey(d: CalendarDate): string {
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

/** The day it is in `timeZone` at instant `ms`. */
export function dateAt(ms: number, timeZone: string): CalendarDate {
  const w = wallClockAt(ms, timeZone);
  return { year: w.year, month: w.month, day: w.day };
}

/** Calendar arithmetic on dates (UTC is only the counting frame here; no zone is involved). */
export function addDays(d: CalendarDate, n: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function sameDate(a: CalendarDate, b: CalendarDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex(d: CalendarDate): number {
  return (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
}

/** The seven days, Monday first, of the week that holds `d`. */
export function weekOf(d: CalendarDate): CalendarDate[] {
  const monday = addDays(d, -weekdayIndex(d));
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Six weeks from the Monday on or before the 1st: every month fits, and the grid never changes height. */
export function monthGrid(year: number, month: number): CalendarDate[] {
  const first = { year, month, day: 1 };
  const start = addDays(first, -weekdayIndex(first));
  return Array.from({ length: 42 }, (_, i) => addDays(start, i));
}

/** The date the calendar shows next (step 1) or before (-1): a week on, or the 1st of the next month. */
export function shiftAnchor(d: CalendarDate, layout: CalendarLayout, step: 1 | -1): CalendarDate {
  if (layout === 'week') return addDays(d, 7 * step);
  const t = new Date(Date.UTC(d.year, d.month - 1 + step, 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: 1 };
}

// ── Where a post falls, and where a drop puts it ───────────────────────────────────────────

export interface CalendarSlot {
  date: CalendarDate;
  hour: number;
  minute: number;
}

/** The day and hour (and minute) a post's instant shows in, in `timeZone`. */
export function slotOf(ms: number, timeZone: string): CalendarSlot {
  const w = wallClockAt(ms, timeZone);
  return { date: { year: w.year, month: w.month, day: w.day }, hour: w.hour, minute: w.minute };
}

/** Week view: a post dropped on day `date`, hour `hour` keeps its minute. */
export function weekDropAt(postMs: number, target: { date: CalendarDate; hour: number }, timeZone: string): number {
  return instantOf({ ...target.date, hour: target.hour, minute: slotOf(postMs, timeZone).minute }, timeZone);
}

/** Month view: a post dropped on day `date` keeps its wall-clock time of day. */
export function monthDropAt(postMs: number, date: CalendarDate, timeZone: string): number {
  const { hour, minute } = slotOf(postMs, timeZone);
  return instantOf({ ...date, hour, minute }, timeZone);
}

/** When an hour cell ends: the next hour's start, or the next midnight for 23:00. */
export function hourCellEnd(date: CalendarDate, hour: number, timeZone: string): number {
  return hour < 23 ? instantOf({ ...date, hour: hour + 1, minute: 0 }, timeZone) : dayCellEnd(date, timeZone);
}

/** When a day ends in `timeZone`: the next day's midnight (23 or 25 hours on a change day). */
export function dayCellEnd(date: CalendarDate, timeZone: string): number {
  return instantOf({ ...addDays(date, 1), hour: 0, minute: 0 }, timeZone);
}

/** Key of a week view's cell ("2026-11-24 15"), or of a month view's day ("2026-11-24"). */
export function cellKey(date: CalendarDate, hour?: number): string {
  return hour === undefined ? dateKey(date) : `${dateKey(date)} ${pad(hour)}`;
}

export interface Placed<T> {
  /** Posts by cellKey, earliest first. */
  cells: Map<string, T[]>;
  /** Posts with no time ahead: the "Not scheduled" strip. */
  unscheduled: T[];
}

/** What placing reads of a post. */
interface Placeable {
  scheduledAt: string | null;
  state: string;
  publish: { detail: string | null; nextCheckAt: string | null } | null;
  hold: { reason: HoldReason } | null;
}

/**
 * A post held after its time passed — it missed it while Clipdesk could not publish, or nobody
 * approved it in time — waits for the creator: it has no time ahead, however long ago its old
 * one was, so it belongs with the posts that need one rather than in a past week.
 */
function heldPastItsTime(post: Placeable): boolean {
  return isHeldMissed(post) || isApprovalHeld(post);
}

/** Every post in its cell (by day and hour for the week view, by day for the month), or in the strip. */
export function placePosts<T extends Placeable>(posts: readonly T[], layout: CalendarLayout, timeZone: string): Placed<T> {
  const timed: { post: T; at: number }[] = [];
  const unscheduled: T[] = [];
  for (const post of posts) {
    const at = post.scheduledAt ? Date.parse(post.scheduledAt) : NaN;
    if (Number.isFinite(at) && !heldPastItsTime(post)) timed.push({ post, at });
    else unscheduled.push(post);
  }
  timed.sort((a, b) => a.at - b.at);
  const cells = new Map<string, T[]>();
  for (const { post, at } of timed) {
    const slot = slotOf(at, timeZone);
    const key = layout === 'week' ? cellKey(slot.date, slot.hour) : cellKey(slot.date);
    const list = cells.get(key) ?? [];
    list.push(post);
    cells.set(key, list);
  }
  return { cells, unscheduled };
}

/** The hour the week view scrolls to: the earliest post's that week, else the working morning. */
export function firstHour(posts: readonly { scheduledAt: string | null }[], days: readonly CalendarDate[], timeZone: string, fallback = 8): number {
  let first: number | null = null;
  for (const post of posts) {
    const at = post.scheduledAt ? Date.parse(post.scheduledAt) : NaN;
    if (!Number.isFinite(at)) continue;
    const slot = slotOf(at, timeZone);
    if (inDays(at, days, timeZone) && (first === null || slot.hour < first)) first = slot.hour;
  }
  return first ?? fallback;
}

// ── In words ───────────────────────────────────────────────────────────────────────────────

/** "18:05" on the 24-hour clock in `timeZone`. */
export function clockLabel(ms: number, timeZone: string): string {
  const w = wallClockAt(ms, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

export const hourLabel = (hour: number): string => `${pad(hour)}:00`;

/** "Tue 24 Nov". */
export function dayLabel(d: CalendarDate): string {
  return `${WEEKDAYS[weekdayIndex(d)]} ${d.day} ${MONTHS[d.month - 1]}`;
}

/** "23 – 29 Nov 2026", "30 Nov – 6 Dec 2026", "28 Dec 2026 – 3 Jan 2027" for a week; "November 2026" for a month. */
export function rangeLabel(anchor: CalendarDate, layout: CalendarLayout): string {
  if (layout === 'month') return `${MONTH_NAMES[anchor.month - 1]} ${anchor.year}`;
  const days = weekOf(anchor);
  const a = days[0]!;
  const b = days[6]!;
  if (a.year !== b.year) return `${a.day} ${MONTHS[a.month - 1]} ${a.year} – ${b.day} ${MONTHS[b.month - 1]} ${b.year}`;
  if (a.month !== b.month) return `${a.day} ${MONTHS[a.month - 1]} – ${b.day} ${MONTHS[b.month - 1]} ${b.year}`;
  return `${a.day} – ${b.day} ${MONTHS[b.month - 1]} ${b.year}`;
}

/** Whether a post's instant is on one of `days` in `timeZone`. */
export function inDays(ms: number, days: readonly CalendarDate[], timeZone: string): boolean {
  const date = dateAt(ms, timeZone);
  return days.some((d) => sameDate(d, date));
}

/** The warning on a post that clashes: "Conflict: 2 posts for Lena at 18:00". */
export function conflictLabel(postsAtOnce: number, accountName: string | null, ms: number, timeZone: string): string {
  return `Conflict: ${postsAtOnce} posts for ${accountName ?? 'one account'} at ${clockLabel(ms, timeZone)}`;
}

const CARD_WORDS: Record<PostSummary['state'], { text: string; tone: Tone }> = {
  ready: { text: 'Ready', tone: 'neutral' },
  awaiting_approval: { text: 'Waiting for approval', tone: 'warning' },
  scheduled: { text: 'Scheduled', tone: 'accent' },
  uploading: { text: 'Uploading', tone: 'accent' },
  processing: { text: 'Processing on TikTok', tone: 'accent' },
  published: { text: 'Published', tone: 'success' },
  rejected: { text: 'Rejected', tone: 'danger' },
  failed: { text: 'Failed', tone: 'danger' },
  cancelled: { text: 'Cancelled', tone: 'neutral' },
};

/** A card's one badge, short enough for a calendar cell: the render, approval or publish state, held ones first. */
export function cardBadge(post: Pick<PostSummary, 'state' | 'approval' | 'publish' | 'hold'>, timeZone: string): { text: string; tone: Tone } {
  if (isHeldMissed(post)) return { text: 'Held — missed its time', tone: 'danger' };
  // Due but held on purpose (TikTok's daily cap, publishing paused): it goes later than its cell
  // says — when, if Clipdesk knows; the post's own page says why.
  if (post.state === 'scheduled' && post.hold) {
    const until = post.hold.until ? Date.parse(post.hold.until) : NaN;
    return { text: Number.isFinite(until) ? `Waiting until ${clockLabel(until, timeZone)}` : 'Waiting (paused)', tone: 'warning' };
  }
  if (post.state === 'awaiting_approval' && post.approval?.status === 'pending') return postApprovalBadge(post) ?? CARD_WORDS.awaiting_approval;
  return CARD_WORDS[post.state];
}

export interface ConflictGroup {
  accountName: string | null;
  /** The earliest of the posts. */
  at: number;
  count: number;
}

/** The clashes among `posts` on `days`, once each (not once per post), earliest first: for the summary above the calendar. */
export function conflictGroups(
  posts: readonly Pick<PostSummary, 'id' | 'accountName' | 'scheduledAt'>[],
  conflicts: ReadonlyMap<string, readonly string[]>,
  days: readonly CalendarDate[],
  timeZone: string,
): ConflictGroup[] {
  const clashing = posts
    .filter((p) => conflicts.has(p.id) && p.scheduledAt && inDays(Date.parse(p.scheduledAt), days, timeZone))
    .map((p) => ({ post: p, at: Date.parse(p.scheduledAt!) }))
    .sort((a, b) => a.at - b.at);
  const told = new Set<string>();
  const groups: ConflictGroup[] = [];
  for (const { post, at } of clashing) {
    if (told.has(post.id)) continue;
    const others = conflicts.get(post.id)!;
    for (const id of [post.id, ...others]) told.add(id);
    groups.push({ accountName: post.accountName, at, count: others.length + 1 });
  }
  return groups;
}

/** "2 posts for Lena Bakes at 18:00 on Tue 24 Nov". */
export function conflictGroupWords(group: ConflictGroup, timeZone: string): string {
  return `${group.count} posts for ${group.accountName ?? 'one account'} at ${clockLabel(group.at, timeZone)} on ${dayLabel(dateAt(group.at, timeZone))}`;
}
