// When Insights asks TikTok again (docs/architecture.md, "Insights"). TikTok keeps only lifetime
// totals, so a post's history is the snapshots Clipdesk takes: every hour for its first 48 hours
// (when most of its views come), then daily until it is 90 days old, and the account's totals
// daily. Pure: given what was read when, it says what is due now and when the next run is.
// A computer that slept simply finds things overdue: one run catches up (a missed hour cannot
// be read after the fact; the series has a longer step there, which charts show as it is).

export const HOUR_MS = 60 * 60_000;
export const DAY_MS = 24 * HOUR_MS;
/** Hourly snapshots while a post is younger than this. */
export const HOURLY_FOR_MS = 48 * HOUR_MS;
/** No snapshots for a post older than this. */
export const TRACK_FOR_MS = 90 * DAY_MS;
/** A published post TikTok never listed is looked for this long (hourly, then daily), then called not found. */
export const LOOK_FOR_MS = 7 * DAY_MS;
/** Something due this soon counts as due now: one run instead of two a minute apart. */
export const DUE_SLACK_MS = 2 * 60_000;
/** The soonest a next run may be (a busy account must not spin). */
export const MIN_STEP_MS = 60_000;

/** How long after a check the next one is, for a video of this age; null once it is no longer tracked. */
export function intervalAt(ageMs: number): number | null {
  if (ageMs < HOURLY_FOR_MS) return HOUR_MS;
  if (ageMs < TRACK_FOR_MS) return DAY_MS;
  return null;
}

/** When a video made at `createdAt` and last checked at `checkedAt` is next due; null when it is done. */
export function nextCheckAt(createdAt: number, checkedAt: number | null): number | null {
  if (checkedAt === null) return createdAt;
  const step = intervalAt(checkedAt - createdAt);
  if (step === null) return null;
  // The last look is at exactly 90 days.
  const next = checkedAt + step;
  if (next > createdAt + TRACK_FOR_MS) return checkedAt < createdAt + TRACK_FOR_MS ? createdAt + TRACK_FOR_MS : null;
  return next;
}

/** When a published post not yet found in the list is looked for next; null once Clipdesk gave up. */
export function nextLookAt(sentAt: number, lookedAt: number | null): number | null {
  if (lookedAt === null) return sentAt;
  const age = lookedAt - sentAt;
  if (age >= LOOK_FOR_MS) return null;
  return lookedAt + (age < HOURLY_FOR_MS ? HOUR_MS : DAY_MS);
}

export interface PlanVideo {
  id: string;
  /** TikTok's create_time, Unix ms. */
  createdAt: number;
  checkedAt: number | null;
}

export interface PlanPost {
  postId: string;
  sentAt: number;
  lookedAt: number | null;
}

export interface PlanInput {
  now: number;
  /** When the account's totals were last read; null never. */
  accountCheckedAt: number | null;
  videos: readonly PlanVideo[];
  /** Published posts whose video is not known yet (public direct posts only). */
  unmatched: readonly PlanPost[];
  /** A Refresh: everything tracked now, whatever is due. */
  force?: boolean;
}

export interface Plan {
  accountDue: boolean;
  /** The videos whose numbers become a snapshot in this run. */
  dueVideos: Set<string>;
  /** The posts looked for in this run. */
  duePosts: Set<string>;
  /**
   * How far back video/list is read, Unix ms (newest first down to here), or null for no list.
   * Reaches the oldest due video, the oldest post looked for, and the newest known video, so
   * videos posted outside Clipdesk are discovered on every run at the cost of one request.
   */
  listSince: number | null;
}

export function planRun(input: PlanInput): Plan {
  const { now } = input;
  const horizon = now + DUE_SLACK_MS;
  const tracked = (v: PlanVideo): boolean => now - v.createdAt < TRACK_FOR_MS;
  const dueVideos = new Set(
    input.videos
      .filter((v) => {
        if (input.force) return tracked(v);
        const next = nextCheckAt(v.createdAt, v.checkedAt);
        return next !== null && next <= horizon;
      })
      .map((v) => v.id),
  );
  const duePosts = new Set(
    input.unmatched
      .filter((p) => {
        const next = nextLookAt(p.sentAt, p.lookedAt);
        return next !== null && (input.force || next <= horizon);
      })
      .map((p) => p.postId),
  );
  const accountDue = input.force || input.accountCheckedAt === null || input.accountCheckedAt + DAY_MS <= horizon;
  const reach: number[] = [];
  for (const v of input.videos) if (dueVideos.has(v.id)) reach.push(v.createdAt);
  // Posts are found in the list by time: from a little before they were sent (video-match.ts).
  for (const p of input.unmatched) if (duePosts.has(p.postId)) reach.push(p.sentAt - 5 * 60_000);
  const newest = input.videos.reduce<number | null>((m, v) => (m === null || v.createdAt > m ? v.createdAt : m), null);
  if (reach.length > 0 || accountDue) reach.push(newest ?? now - TRACK_FOR_MS);
  const listSince = reach.length ? Math.max(Math.min(...reach), now - TRACK_FOR_MS) : null;
  return { accountDue, dueVideos, duePosts, listSince };
}

/** When the next run is due, after a run at `input.now` checked what it planned. */
export function nextRunAt(input: Omit<PlanInput, 'force'>): number {
  const times: number[] = [(input.accountCheckedAt ?? input.now) + DAY_MS];
  for (const v of input.videos) {
    const next = nextCheckAt(v.createdAt, v.checkedAt);
    if (next !== null) times.push(next);
  }
  for (const p of input.unmatched) {
    const next = nextLookAt(p.sentAt, p.lookedAt);
    if (next !== null) times.push(next);
  }
  return Math.max(Math.min(...times), input.now + MIN_STEP_MS);
}
