// Organic growth (state.growth): with it on, the Display API's counts move by themselves, so
// charts in the demo and end-to-end tests have something to draw. Each public video's extra
// views, likes, comments and shares are a pure function of its age on the emulator's clock and
// of its id (the seed: videos differ, and the same id grows the same way on every run); the
// creator's likes_count grows by the sum of those likes and follower_count by one per
// VIEWS_PER_FOLLOWER of those views. The extra is added to what the records hold (addVideo,
// setStats, setUserStats), never written into them: a test's own numbers stay its own.
//
// Lifetime totals never fall as the clock moves forward: every curve here rises with age, and
// they are read at whole emulator minutes (GROWTH_STEP_MS), so every request within one minute
// of the emulator's clock sees the same numbers. Moving state.clockOffsetMs back moves them back.
import type { EmulatedUser, EmulatedVideo, EmulatorState, VideoCounts } from './state';

/** Counts move once per minute of the emulator's clock (all videos at the same instant). */
export const GROWTH_STEP_MS = 60_000;
/** The creator gains a follower for every this many organic views across their public videos. */
export const VIEWS_PER_FOLLOWER = 200;

const HOUR_MS = 3_600_000;
const ZERO: VideoCounts = { viewCount: 0, likeCount: 0, commentCount: 0, shareCount: 0 };

/** How one video grows, drawn from its id. */
export interface GrowthCurve {
  /** Views the first burst tends to: log-uniform 2,000–60,000. */
  baseViews: number;
  /** The burst's time constant: 3–36 hours. */
  tauHours: number;
  /** The trickle after it, in views an hour at first (0.1–0.4% of baseViews), slowing as the video ages. */
  trickle: number;
  /** Likes, comments and shares per view: about 8%, 1% and 0.5%. */
  likeRate: number;
  commentRate: number;
  shareRate: number;
}

/** FNV-1a over the id, then mulberry32: the same id gives the same numbers on every run. */
function seeded(id: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  let s = h >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function growthCurve(videoId: string): GrowthCurve {
  const r = seeded(videoId);
  const baseViews = Math.round(2_000 * 30 ** r());
  return {
    baseViews,
    tauHours: 3 * 12 ** r(),
    trickle: baseViews * (0.001 + 0.003 * r()),
    likeRate: 0.08 * (0.75 + 0.5 * r()),
    commentRate: 0.01 * (0.6 + 0.8 * r()),
    shareRate: 0.005 * (0.5 + r()),
  };
}

/** The instant growth is read at: the emulator's clock, down to its whole minute. */
export const growthInstant = (at: number): number => Math.floor(at / GROWTH_STEP_MS) * GROWTH_STEP_MS;

/**
 * What a video has gained by itself at `at` (emulator ms): zero unless it is public and made
 * before the minute `at` falls in. views = floor(base·(1 − e^(−h/τ)) + trickle·τ·ln(1 + h/τ))
 * for an age of h hours; likes, comments and shares are floor(views × their rate).
 */
export function organicCounts(video: EmulatedVideo, at: number): VideoCounts {
  if (video.privacyLevel !== 'PUBLIC_TO_EVERYONE') return ZERO;
  const ageHours = Math.max(0, growthInstant(at) - video.createdAt) / HOUR_MS;
  if (ageHours === 0) return ZERO;
  const c = growthCurve(video.id);
  const viewCount = Math.floor(c.baseViews * -Math.expm1(-ageHours / c.tauHours) + c.trickle * c.tauHours * Math.log1p(ageHours / c.tauHours));
  return {
    viewCount,
    likeCount: Math.floor(viewCount * c.likeRate),
    commentCount: Math.floor(viewCount * c.commentRate),
    shareCount: Math.floor(viewCount * c.shareRate),
  };
}

/** The video as the Display API shows it at `at`: its recorded counts, plus growth when state.growth is on. */
export function shownVideo(state: EmulatorState, video: EmulatedVideo, at: number): EmulatedVideo {
  if (!state.growth) return video;
  const extra = organicCounts(video, at);
  return {
    ...video,
    viewCount: video.viewCount + extra.viewCount,
    likeCount: video.likeCount + extra.likeCount,
    commentCount: video.commentCount + extra.commentCount,
    shareCount: video.shareCount + extra.shareCount,
  };
}

/** The account as user/info shows it at `at`: its recorded totals, plus its public videos' growth when state.growth is on. */
export function shownUser(state: EmulatorState, user: EmulatedUser, at: number): EmulatedUser {
  if (!state.growth) return user;
  let views = 0;
  let likes = 0;
  for (const v of state.videos) {
    if (v.openId !== user.openId) continue;
    const extra = organicCounts(v, at);
    views += extra.viewCount;
    likes += extra.likeCount;
  }
  return { ...user, followerCount: user.followerCount + Math.floor(views / VIEWS_PER_FOLLOWER), likesCount: user.likesCount + likes };
}
