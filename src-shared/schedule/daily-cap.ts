// TikTok's daily cap, counted one way (docs/platforms.md, TikTok §3.9; docs/architecture.md §2):
// about 15 posts per creator account in any 24 hours, shared by every app. TikTok counts a
// rolling day, not the calendar, so this does too. Publishing asks it (with the platform's cap) before sending a due
// post (and holds it, reason `daily_cap`, until the window frees); the slot planner asks it
// before placing one, so a spread never plans a post publishing would only hold. Pure.

/** TikTok's ~15 posts a day per creator, shared by every app. */
export const DAILY_POST_CAP = 15;
/** The cap counts posts within any this long. */
export const DAILY_CAP_WINDOW_MS = 24 * 3600_000;

/**
 * Whether one more post at `at` puts more than `cap` of `times` (plus it) into some 24 hours.
 * `times` are the account's other posts: published, going out, or planned.
 */
export function overDailyCap(times: readonly number[], at: number, cap: number = DAILY_POST_CAP): boolean {
  const all = [...times, at];
  // Only the stretches that hold `at` change: those ending at `at` or at a post in the day after it.
  return all
    .filter((end) => end >= at && end < at + DAILY_CAP_WINDOW_MS)
    .some((end) => all.filter((t) => t > end - DAILY_CAP_WINDOW_MS && t <= end).length > cap);
}

/**
 * The earliest instant from `at` on when one more post fits under the cap, given posts at
 * `past` (none after `at`): `at` itself when it fits, else when enough of them leave the window.
 */
export function dailyCapFreesAt(past: readonly number[], at: number, cap: number = DAILY_POST_CAP): number {
  const inWindow = past.filter((t) => t > at - DAILY_CAP_WINDOW_MS && t <= at).sort((a, b) => a - b);
  if (inWindow.length < cap) return at;
  return inWindow[inWindow.length - cap]! + DAILY_CAP_WINDOW_MS;
}
