// "Best time to post" from a creator's own history: their 24-hour views by local weekday and
// hour, and the next instants that fall in the best slots (the batch composer's starting times).
// Pure: local weekday, hour and daylight saving come from the platform's zone data through
// time/zoned-time, never from fixed offsets.

import { instantOfExisting, wallClockAt, weekdayOf } from '../time/zoned-time';

export interface PostOutcome {
  /** ISO instant (UTC). */
  publishedAt: string;
  /** Views about 24 hours after posting; null while not known yet. */
  views24h: number | null;
}

export interface BestTimesOptions {
  /** Posts with known 24-hour views needed before any advice. Default 10. */
  minPosts?: number;
  /** Rankable slots (hours of the week with at least 2 such posts) needed. Default 2. */
  minSlots?: number;
  /** How many best slots to return. Default 3. */
  top?: number;
}

export interface TimeCell {
  /** Monday 0 … Sunday 6, in the zone asked for. */
  weekday: number;
  /** 0–23 local. */
  hour: number;
  posts: number;
  medianViews: number | null;
  /** medianViews over the creator's overall median (1 = typical); null when empty. */
  score: number | null;
}

export interface TopSlot {
  weekday: number;
  hour: number;
  /** This cell's own figures, as in `cells`. */
  posts: number;
  medianViews: number;
  score: number;
  /** What the ranking used: the cell smoothed with its neighbouring hours (see rankSlots). */
  smoothedScore: number;
  /** "Tuesday 18:00–19:00" */
  label: string;
}

interface BestTimesBase {
  timeZone: string;
  /** Posts used: those with known 24-hour views and a readable date. */
  basedOn: number;
  /** cells[weekday][hour], raw (not smoothed). */
  cells: TimeCell[][];
  /** Best first; empty when not enough. */
  top: TopSlot[];
}

export type BestTimes = (BestTimesBase & { enough: true }) | (BestTimesBase & { enough: false; needed: number; reason: string });

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** One post is an anecdote: a slot is ranked only with at least this many posts of its own. */
const MIN_POSTS_TO_RANK = 2;

/**
 * The creator's best hours of the week in `timeZone` (IANA), from the median 24-hour views of
 * the posts made in each. Throws RangeError for a zone Intl does not know.
 */
export function bestTimes(posts: readonly PostOutcome[], timeZone: string, options: BestTimesOptions = {}): BestTimes {
  const minPosts = Math.max(1, Math.floor(options.minPosts ?? 10));
  const minSlots = Math.max(1, Math.floor(options.minSlots ?? 2));
  const topCount = Math.max(0, Math.floor(options.top ?? 3));

  const views: number[][][] = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => []));
  const all: number[] = [];
  for (const p of posts) {
    const v = p.views24h;
    if (v === null || !Number.isFinite(v) || v < 0) continue;
    const ms = Date.parse(p.publishedAt);
    if (Number.isNaN(ms)) continue;
    const w = wallClockAt(ms, timeZone);
    views[weekdayOf(w)]![w.hour]!.push(v);
    all.push(v);
  }

  // A zero overall median (a new account) would divide by zero; against 1 the order still holds.
  const typical = Math.max(median(all) ?? 0, 1);
  const cells: TimeCell[][] = views.map((day, weekday) =>
    day.map((vs, hour) => {
      const m = median(vs);
      return { weekday, hour, posts: vs.length, medianViews: m, score: m === null ? null : m / typical };
    }),
  );

  const base = { timeZone, basedOn: all.length, cells };
  const rankable = cells.flat().filter((c) => c.posts >= MIN_POSTS_TO_RANK).length;
  if (all.length < minPosts) {
    const have = `${all.length} of ${minPosts} posts ${all.length === 1 ? 'has its' : 'have their'} 24-hour views`;
    return { ...base, enough: false, needed: Math.max(minPosts - all.length, minSlots - rankable), top: [], reason: `Not enough posts yet: ${have}. Post a few more and this fills in.` };
  }
  if (rankable < minSlots) {
    // Each further post can make at most one more hour rankable.
    const reason = `Not enough repeat times yet: ${rankable} of ${minSlots} hours of the week have ${MIN_POSTS_TO_RANK} or more posts with their 24-hour views. Post again at times you have used before and this fills in.`;
    return { ...base, enough: false, needed: minSlots - rankable, top: [], reason };
  }
  return { ...base, enough: true, top: rankSlots(views, cells, typical).slice(0, topCount) };
}

/**
 * Smoothing: a slot's smoothed median is the median of its own views counted twice and the views
 * of the hour before and after it once each (same weekday; hour 0 reaches back to the previous
 * day's 23, Sunday 23 on to Monday 0). Sparse hours borrow evidence from their neighbours, while
 * the slot's own posts still weigh most. Only slots with MIN_POSTS_TO_RANK posts of their own are
 * ranked; ties go to more posts, then to the earlier slot in the week.
 */
function rankSlots(views: number[][][], cells: TimeCell[][], typical: number): TopSlot[] {
  const at = (weekday: number, hour: number) => {
    const i = (((weekday * 24 + hour) % 168) + 168) % 168;
    return views[Math.floor(i / 24)]![i % 24]!;
  };
  const slots: TopSlot[] = [];
  for (const c of cells.flat()) {
    if (c.posts < MIN_POSTS_TO_RANK) continue;
    const own = at(c.weekday, c.hour);
    const pool = [...own, ...own, ...at(c.weekday, c.hour - 1), ...at(c.weekday, c.hour + 1)];
    slots.push({
      weekday: c.weekday,
      hour: c.hour,
      posts: c.posts,
      medianViews: c.medianViews!,
      score: c.score!,
      smoothedScore: median(pool)! / typical,
      label: slotLabel(c.weekday, c.hour),
    });
  }
  return slots.sort((a, b) => b.smoothedScore - a.smoothedScore || b.posts - a.posts || a.weekday - b.weekday || a.hour - b.hour);
}

/** "Tuesday 18:00–19:00"; the last hour of a day ends at 00:00. */
export function slotLabel(weekday: number, hour: number): string {
  const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  return `${WEEKDAY_NAMES[weekday]} ${hh(hour)}–${hh(hour + 1)}`;
}

/**
 * The next `count` instants (ISO, UTC), strictly after `from`, on the hour in `timeZone` (the
 * zone the slots were found in, normally best.timeZone) that fall in best.top, in time order:
 * one per slot per week, as many weeks as needed. A slot's hour that a spring-forward gap skips
 * is left out that week; in a fall-back overlap the first of the two hours is taken.
 */
export function nextSlotTimes(best: BestTimes, from: string, count: number, timeZone: string): string[] {
  const fromMs = Date.parse(from);
  if (!best.enough || best.top.length === 0 || !(count > 0) || Number.isNaN(fromMs)) return [];
  const byWeekday = Array.from({ length: 7 }, (_, w) =>
    best.top
      .filter((s) => s.weekday === w)
      .map((s) => s.hour)
      .sort((a, b) => a - b),
  );
  const start = wallClockAt(fromMs, timeZone);
  const out: string[] = [];
  // Day by local day from from's own date; bounded, as a loop must end even if slots kept
  // falling in gaps (they cannot: a gap skips one hour a season).
  for (let d = 0; out.length < count && d <= 7 * (count + 2); d++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + d));
    const day = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    for (const hour of byWeekday[weekdayOf(day)]!) {
      const ms = instantOfExisting({ ...day, hour, minute: 0 }, timeZone);
      if (ms === null || ms <= fromMs) continue;
      out.push(new Date(ms).toISOString());
      if (out.length === count) break;
    }
  }
  return out;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
