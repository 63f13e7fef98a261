// The videos on creators' profiles, which the Display API reads (docs/platforms.md, TikTok §5):
// made by a finished Direct Post, or added by a test as published outside Clipdesk; and the
// counts a test moves over time (views, likes, followers), which TikTok keeps as lifetime totals.
import { findUser } from './accounts';
import type { EmulatorContext } from './context';
import * as ids from './ids';
import { now, type EmulatedUser, type EmulatedVideo, type InitRecord, type UserStats, type VideoCounts } from './state';

/** The video object's title and description are at most 150 characters (§5.4). */
const TEXT_MAX = 150;

const clip = (text: string): string => text.slice(0, TEXT_MAX);

/** A creation time not taken by another video of the creator, so a ms cursor splits no two. */
function freeTime(ctx: EmulatorContext, openId: string, at: number): number {
  const taken = new Set(ctx.state.videos.filter((v) => v.openId === openId).map((v) => v.createdAt));
  let t = Math.floor(at);
  while (taken.has(t)) t++;
  return t;
}

function requireUser(ctx: EmulatorContext, openId: string): EmulatedUser {
  const user = findUser(ctx, openId);
  if (!user) throw new Error(`No emulated user ${openId}`);
  return user;
}

export type VideoInput = Partial<Omit<EmulatedVideo, 'openId'>> & { openId: string };

/** Adds a video (by default public, now, with zero counts). Public videos count in the creator's video_count. */
export function addVideo(ctx: EmulatorContext, input: VideoInput): EmulatedVideo {
  const user = requireUser(ctx, input.openId);
  const id = input.id ?? ids.publicPostId();
  if (!/^\d{19}$/.test(id)) throw new Error(`A video id is 19 digits: ${id}`);
  if (ctx.state.videos.some((v) => v.id === id)) throw new Error(`Video ${id} exists already`);
  const caption = input.videoDescription ?? input.title ?? '';
  const video: EmulatedVideo = {
    id,
    openId: user.openId,
    createdAt: freeTime(ctx, user.openId, input.createdAt ?? now(ctx.state)),
    title: clip(input.title ?? caption),
    videoDescription: clip(caption),
    durationSec: input.durationSec ?? 15,
    width: input.width ?? 1080,
    height: input.height ?? 1920,
    privacyLevel: input.privacyLevel ?? 'PUBLIC_TO_EVERYONE',
    viewCount: input.viewCount ?? 0,
    likeCount: input.likeCount ?? 0,
    commentCount: input.commentCount ?? 0,
    shareCount: input.shareCount ?? 0,
    publishId: input.publishId ?? null,
  };
  ctx.state.videos.push(video);
  if (video.privacyLevel === 'PUBLIC_TO_EVERYONE') user.videoCount++;
  return video;
}

/** The video a finished Direct Post leaves on the profile: its caption, its privacy, the public post id as its id. */
export function videoFromPost(ctx: EmulatorContext, init: InitRecord): EmulatedVideo | null {
  if (!findUser(ctx, init.openId)) return null;
  return addVideo(ctx, {
    openId: init.openId,
    ...(init.publicPostId ? { id: init.publicPostId } : {}),
    title: init.title ?? '',
    videoDescription: init.title ?? '',
    privacyLevel: init.privacyLevel ?? 'SELF_ONLY',
    publishId: init.publishId,
  });
}

const COUNT_KEYS = ['viewCount', 'likeCount', 'commentCount', 'shareCount'] as const;
const STAT_KEYS = ['followerCount', 'followingCount', 'likesCount', 'videoCount'] as const;

function checkCount(key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Error(`${key} must be a whole number ≥ 0`);
  return value;
}

/** Sets a video's lifetime counts (a test moves them between two snapshots). */
export function setVideoStats(ctx: EmulatorContext, videoId: string, patch: Partial<VideoCounts>): EmulatedVideo {
  const video = ctx.state.videos.find((v) => v.id === videoId);
  if (!video) throw new Error(`No emulated video ${videoId}`);
  for (const [key, value] of Object.entries(patch)) {
    if (!(COUNT_KEYS as readonly string[]).includes(key)) throw new Error(`Unknown video count: ${key}`);
    video[key as keyof VideoCounts] = checkCount(key, value);
  }
  return video;
}

/** Sets a creator's account totals (user/info with user.info.stats). */
export function setUserStats(ctx: EmulatorContext, openId: string, patch: Partial<UserStats>): EmulatedUser {
  const user = requireUser(ctx, openId);
  for (const [key, value] of Object.entries(patch)) {
    if (!(STAT_KEYS as readonly string[]).includes(key)) throw new Error(`Unknown user stat: ${key}`);
    user[key as keyof UserStats] = checkCount(key, value);
  }
  return user;
}
