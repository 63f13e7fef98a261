// Spreading several posts over posting slots ("every day at 12:00 and 18:00"), in the creator's
// time zone, one account at a time: each slot is a wall-clock time, so it stays 12:00 across
// daylight-saving changes (and a slot that does not exist that day, 02:30 on a spring-forward
// night, moves on by the gap's length, to 03:30). Days that already hold TikTok's daily cap for the
// account, and slots that would exceed it, are skipped and said — by the one cap rule
// (daily-cap.ts), the publisher's. Pure: the caller gives the clock, the zone and what is taken.
import { instantOf, wallClockAt, type WallClock } from '../time/zoned-time';
import { CONFLICT_WINDOW_MS } from './conflicts';
import { overDailyCap } from './daily-cap';

export interface SlotPlanInput {
  /** Wall-clock slot times, HH:MM; order does not matter. */
  slots: readonly string[];
  /** How many posts to place. */
  count: number;
  /** Nothing before this instant (usually now). */
  notBefore: number;
  timeZone: string;
  /** Posts per account per day TikTok allows (DAILY_POST_CAP, daily-cap.ts). */
  dailyCap: number;
  /** Instants already taken by this account's posts (scheduled or published). */
  taken: readonly number[];
  /** How far ahead to look, in days (a guard; default 365). */
  horizonDays?: number;
}

export interface SlotPlan {
  /** One instant per post, in order. */
  times: number[];
  /**
   * Days skipped because the account's posts already there before this plan fill TikTok's cap
   * (overDailyCap, daily-cap.ts) for every slot of the day ("2026-11-24").
   */
  fullDays: string[];
  /** Slots skipped because a post of this account is already at that time (within CONFLICT_WINDOW_MS). */
  busySlots: number[];
  /**
   * Slots skipped because a post there would make more than `dailyCap` posts of the account
   * within 24 hours: the publisher counts TikTok's cap over the last 24 hours, not by the
   * calendar, and would only hold such a post until the window allowed it.
   */
  cappedSlots: number[];
}

const dayKey = (w: Pick<WallClock, 'year' | 'month' | 'day'>): string => `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;

export function planSlots(input: SlotPlanInput): SlotPlan {
  const slots = [...new Set(input.slots)]
    .map((s) => /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ hour: Number(m[1]), minute: Number(m[2]) }))
    .sort((a, b) => a.hour * 60 + a.minute - (b.hour * 60 + b.minute));
  const plan: SlotPlan = { times: [], fullDays: [], busySlots: [], cappedSlots: [] };
  if (!slots.length || input.count <= 0) return plan;

  // The account's posts already there, by day in the zone: a day is "full" (what the creator is
  // told) when its own posts leave room, by TikTok's rule, for none of its slots.
  const takenOn = new Map<string, number[]>();
  for (const t of input.taken) {
    const key = dayKey(wallClockAt(t, input.timeZone));
    takenOn.set(key, [...(takenOn.get(key) ?? []), t]);
  }
  const start = wallClockAt(input.notBefore, input.timeZone);
  const horizon = input.horizonDays ?? 365;
  for (let d = 0; d <= horizon && plan.times.length < input.count; d++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + d));
    const day = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    const key = dayKey(day);
    const times = slots.map((slot) => instantOf({ ...day, ...slot }, input.timeZone)).filter((at) => at >= input.notBefore);
    const dayTaken = takenOn.get(key) ?? [];
    // One cap rule (daily-cap.ts), the publisher's: never a count of the calendar day of its own.
    if (times.length && dayTaken.length && times.every((at) => overDailyCap(dayTaken, at, input.dailyCap))) {
      plan.fullDays.push(key);
      continue;
    }
    for (const at of times) {
      if (plan.times.length >= input.count) break;
      if (input.taken.some((t) => Math.abs(t - at) < CONFLICT_WINDOW_MS) || plan.times.includes(at)) {
        plan.busySlots.push(at);
        continue;
      }
      // The publisher's own rule (daily-cap.ts): a post it would only hold is not planned.
      if (overDailyCap([...input.taken, ...plan.times], at, input.dailyCap)) {
        plan.cappedSlots.push(at);
        continue;
      }
      plan.times.push(at);
    }
  }
  // A slot in a spring-forward gap moves past it and may overtake the next slot: keep order.
  plan.times.sort((a, b) => a - b);
  return plan;
}
