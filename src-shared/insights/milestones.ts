// Views at a moment after posting (1 hour, 24 hours, 7 days), read from the snapshots Clipdesk
// took. Snapshots rarely fall exactly on the mark, so the value is interpolated between the
// last snapshot before it and the first after it — but only when those two are close enough
// that a straight line between them means something: a post discovered a month late has no
// honest "views at 1 hour", and says null rather than a guess.

export const MILESTONES = { viewsAt1h: 60 * 60_000, viewsAt24h: 24 * 60 * 60_000, viewsAt7d: 7 * 24 * 60 * 60_000 } as const;
export type Milestone = keyof typeof MILESTONES;

export interface ViewsPoint {
  /** Unix ms. */
  at: number;
  views: number | null;
}

/** The widest gap between two snapshots a mark may be read across: half the mark, at least 2 hours. */
export function maxGapMs(markMs: number): number {
  return Math.max(markMs / 2, 2 * 60 * 60_000);
}

/**
 * Views `markMs` after `postedAt`, or null when no snapshot reached the mark yet or the snapshots
 * around it are too far apart. At posting time a video has 0 views, so that moment counts as a
 * point before the first snapshot. `points` may be in any order; points without views are skipped.
 */
export function viewsAt(points: readonly ViewsPoint[], postedAt: number, markMs: number): number | null {
  const mark = postedAt + markMs;
  const known = points.filter((p): p is { at: number; views: number } => p.views !== null && p.at >= postedAt).sort((a, b) => a.at - b.at);
  const after = known.find((p) => p.at >= mark);
  if (!after) return null;
  if (after.at === mark) return after.views;
  const before = [{ at: postedAt, views: 0 }, ...known].filter((p) => p.at < mark).at(-1)!;
  if (after.at - before.at > maxGapMs(markMs)) return null;
  const f = (mark - before.at) / (after.at - before.at);
  return Math.round(before.views + f * (after.views - before.views));
}

/** All three marks at once. */
export function milestonesOf(points: readonly ViewsPoint[], postedAt: number): Record<Milestone, number | null> {
  return {
    viewsAt1h: viewsAt(points, postedAt, MILESTONES.viewsAt1h),
    viewsAt24h: viewsAt(points, postedAt, MILESTONES.viewsAt24h),
    viewsAt7d: viewsAt(points, postedAt, MILESTONES.viewsAt7d),
  };
}
