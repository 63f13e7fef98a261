import { describe, expect, it } from 'vitest';
import { MILESTONES, milestonesOf, viewsAt } from '../../src-shared/insights/milestones';
import { engagementRate } from '../../src-shared/insights/insights';

const H = 60 * 60_000;
const T0 = Date.UTC(2026, 11, 1, 12);

describe('views at 1 h / 24 h / 7 d', () => {
  it('reads a snapshot that falls on the mark, and interpolates between hourly snapshots around it', () => {
    const hourly = Array.from({ length: 30 }, (_, i) => ({ at: T0 + (i + 1) * H + 5 * 60_000, views: (i + 1) * 100 }));
    // 1 h: between posting (0 views) and the first snapshot at 1 h 05 (100): 60/65 of the way.
    expect(viewsAt(hourly, T0, MILESTONES.viewsAt1h)).toBe(Math.round((60 / 65) * 100));
    // 24 h: between 23 h 05 (2300) and 24 h 05 (2400).
    expect(viewsAt(hourly, T0, MILESTONES.viewsAt24h)).toBe(Math.round(2300 + (55 / 60) * 100));
    expect(viewsAt([{ at: T0 + 24 * H, views: 777 }], T0, MILESTONES.viewsAt24h)).toBe(777);
  });

  it('is null until a snapshot reached the mark', () => {
    const points = [{ at: T0 + 2 * H, views: 50 }];
    expect(milestonesOf(points, T0)).toEqual({ viewsAt1h: Math.round(50 / 2), viewsAt24h: null, viewsAt7d: null });
  });

  it('says null rather than guessing across snapshots too far apart (a post found a month late)', () => {
    const late = [{ at: T0 + 30 * 24 * H, views: 90_000 }];
    expect(milestonesOf(late, T0)).toEqual({ viewsAt1h: null, viewsAt24h: null, viewsAt7d: null });
    // Daily snapshots are close enough for 7 d (gap 24 h ≤ 3.5 d), not for 1 h.
    const daily = [{ at: T0 + 6 * 24 * H, views: 6000 }, { at: T0 + 8 * 24 * H, views: 8000 }];
    expect(viewsAt(daily, T0, MILESTONES.viewsAt7d)).toBe(7000);
    expect(viewsAt(daily, T0, MILESTONES.viewsAt1h)).toBeNull();
  });

  it('skips points without views and ignores their order', () => {
    const points = [{ at: T0 + 2.5 * H, views: 300 }, { at: T0 + 1.5 * H, views: null }, { at: T0 + 0.5 * H, views: 40 }];
    expect(viewsAt(points, T0, MILESTONES.viewsAt1h)).toBe(Math.round(40 + (0.5 / 2) * 260));
  });
});

describe('engagement rate', () => {
  it('is likes, comments and shares over views, and null without views', () => {
    expect(engagementRate({ views: 1000, likes: 80, comments: 15, shares: 5 })).toBe(0.1);
    expect(engagementRate({ views: 0, likes: 3, comments: 0, shares: 0 })).toBeNull();
    expect(engagementRate({ views: null, likes: 3, comments: 0, shares: 0 })).toBeNull();
  });
});
