// A loopback TikTok (Login Kit for Desktop, Content Posting API, Display API) that is strict about
// TikTok's rules, for tests and the demo. README.md says what it does and does not emulate.
import { addApp, addUser, type AppInput } from './accounts';
import { advanceAll } from './content-posting';
import { resetContext } from './context';
import type { Fault } from './faults';
import { listen } from './server';
import type { EmulatedPost, EmulatedUser, EmulatedVideo, EmulatorState, RequestRecord, UserStats, VideoCounts } from './state';
import { addVideo, setUserStats, setVideoStats, type VideoInput } from './videos';

export type { Fault, FaultEndpoint, FaultKind } from './faults';
export type { AppInput } from './accounts';
export type {
  AuthCode, CantPost, ChunkPlan, EmulatedApp, EmulatedPost, EmulatedUser, EmulatedVideo, EmulatorKnobs, EmulatorState, FailReason,
  InitRecord, IssuedToken, PostMode, PostSettings, PrivacyLevel, PublishStatus, RequestRecord, Revocation, UserStats, VideoCounts,
} from './state';
export type { VideoInput } from './videos';
export { COVER_TTL_MS, DISPLAY_VIDEO_FIELDS, MAX_COUNT_LIMIT, MAX_QUERY_IDS } from './display-api';
export { DEFAULT_KNOBS, privacyOptionsFor } from './state';
export { GROWTH_STEP_MS, VIEWS_PER_FOLLOWER, growthCurve, organicCounts, type GrowthCurve } from './growth';
export { chunkPlanProblem, chunkRange, MAX_CHUNK_BYTES, MAX_LAST_CHUNK_BYTES, MIN_CHUNK_BYTES } from './chunk-rules';
export { LIMITS_PER_MINUTE } from './rate-limit';

export interface TikTokEmulatorOptions {
  /** 0 (the default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface TikTokEmulator {
  /** e.g. http://127.0.0.1:PORT */
  readonly url: string;
  /** `${url}/v2/auth/authorize/` — the app's CLIPDESK_TIKTOK_AUTH_URL. */
  readonly authorizeUrl: string;
  /** `${url}` — the app's CLIPDESK_TIKTOK_API_BASE (paths such as /v2/oauth/token/ are appended). */
  readonly apiBase: string;
  /**
   * Knobs to set and records to read; the same object for the emulator's whole life. The
   * records hold the counts a test set: with `state.growth` on, the Display API answers them
   * plus each public video's organic growth (growth.ts).
   */
  readonly state: EmulatorState;
  /** Registers an OAuth app (several may exist). Unaudited by default. */
  addApp(app: AppInput): void;
  /** Adds a TikTok user who will consent on the authorize page (the last added, or state.nextUser). */
  addUser(user: Partial<EmulatedUser> & { openId?: string }): EmulatedUser;
  /** Queues a one-shot fault (throws on a fault that could never fire). */
  fault(f: Fault): void;
  /** Faults queued and not yet fired. */
  pendingFaults(): Fault[];
  /** Posts that reached publication: PUBLISH_COMPLETE (direct) or SEND_TO_USER_INBOX (inbox). */
  readonly posts: EmulatedPost[];
  /** Every request seen except the control API's, with the status answered (0 = dropped). */
  readonly requests: RequestRecord[];
  /** The creator finishes an inbox draft in the TikTok app: it stops counting as pending. */
  finishInboxDraft(publishId: string): void;
  /**
   * Every video on every profile (Display API, §5): Direct Posts once PUBLISH_COMPLETE, and
   * those added with addVideo. Only public ones are listed or queried.
   */
  readonly videos: EmulatedVideo[];
  /** A video "published outside Clipdesk" (public, now, zero counts unless given). */
  addVideo(video: VideoInput): EmulatedVideo;
  /** Moves a video's lifetime counts (views, likes, comments, shares). */
  setStats(videoId: string, counts: Partial<VideoCounts>): EmulatedVideo;
  /** Sets a creator's account totals (followers, following, likes, videos). */
  setUserStats(openId: string, stats: Partial<UserStats>): EmulatedUser;
  /** Adds `by` followers (negative: loses them). */
  growFollowers(openId: string, by: number): EmulatedUser;
  /** Back to a fresh emulator: no apps, users, tokens, posts, faults or requests; default knobs. */
  reset(): void;
  close(): Promise<void>;
}

export async function startTikTokEmulator(options: TikTokEmulatorOptions = {}): Promise<TikTokEmulator> {
  const { server, ctx } = await listen(options.host ?? '127.0.0.1', options.port ?? 0);
  return {
    url: ctx.url,
    authorizeUrl: `${ctx.url}/v2/auth/authorize/`,
    apiBase: ctx.url,
    state: ctx.state,
    addApp: (app) => void addApp(ctx, app),
    addUser: (user) => addUser(ctx, user),
    fault: (f) => ctx.faults.add(f),
    pendingFaults: () => ctx.faults.pending(),
    get posts() {
      advanceAll(ctx);
      return ctx.state.posts;
    },
    requests: ctx.requests,
    finishInboxDraft(publishId) {
      const init = ctx.state.inits.find((i) => i.publishId === publishId && i.mode === 'inbox');
      if (!init) throw new Error(`No inbox share ${publishId}`);
      init.inboxFinished = true;
      if (init.status === 'SEND_TO_USER_INBOX') init.status = 'PUBLISH_COMPLETE';
    },
    get videos() {
      advanceAll(ctx);
      return ctx.state.videos;
    },
    addVideo: (video) => addVideo(ctx, video),
    setStats: (videoId, counts) => setVideoStats(ctx, videoId, counts),
    setUserStats: (openId, stats) => setUserStats(ctx, openId, stats),
    growFollowers(openId, by) {
      const user = ctx.state.users.find((u) => u.openId === openId);
      if (!user) throw new Error(`No emulated user ${openId}`);
      return setUserStats(ctx, openId, { followerCount: Math.max(0, user.followerCount + by) });
    },
    reset: () => resetContext(ctx),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
