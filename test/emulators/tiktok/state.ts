// What the emulator knows: the knobs tests turn, and the records tests read. Everything is
// plain data so a test in another process can read and set it as JSON (control.ts).

export type PrivacyLevel = 'PUBLIC_TO_EVERYONE' | 'MUTUAL_FOLLOW_FRIENDS' | 'FOLLOWER_OF_CREATOR' | 'SELF_ONLY';
export const PRIVACY_LEVELS: readonly PrivacyLevel[] = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'];

/** The three "creator can't post now" answers (creator_info: HTTP 200; init: 403). */
export type CantPost = 'spam_risk_too_many_posts' | 'spam_risk_user_banned_from_posting' | 'reached_active_user_cap';

/** status/fetch fail reasons (docs/platforms.md, TikTok §3.5). */
export type FailReason =
  | 'file_format_check_failed' | 'duration_check_failed' | 'frame_rate_check_failed' | 'picture_size_check_failed'
  | 'internal' | 'video_pull_failed' | 'photo_pull_failed' | 'publish_cancelled' | 'auth_removed'
  | 'spam_risk_too_many_posts' | 'spam_risk_user_banned_from_posting' | 'spam_risk_text' | 'spam_risk';

export type PublishStatus = 'PROCESSING_UPLOAD' | 'SEND_TO_USER_INBOX' | 'PUBLISH_COMPLETE' | 'FAILED';
export type PostMode = 'direct' | 'inbox';

export interface EmulatedApp {
  clientKey: string;
  clientSecret: string;
  /** Shown on the consent page ("Authorize <name>"). */
  name: string;
  /** Audited for Direct Post: may post publicly and to public accounts. */
  audited: boolean;
  /** Scopes approved for the app; asking for others fails at authorize. */
  scopes: string[];
  /** Registered redirect URIs (`*` as the port matches any); empty = any static loopback URI. */
  redirectUris: string[];
  /** Distinct creators who may post through this app per 24 h (TikTok: 5 while unaudited). */
  activeUserCap: number | null;
}

export interface EmulatedUser {
  openId: string;
  unionId: string;
  displayName: string;
  username: string;
  avatarUrl: string;
  bioDescription: string;
  isVerified: boolean;
  followerCount: number;
  followingCount: number;
  likesCount: number;
  videoCount: number;
  isPrivateAccount: boolean;
  /** What creator_info offers; set from isPrivateAccount when the user is added (§3.1). */
  privacyLevelOptions: PrivacyLevel[];
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
  maxVideoPostDurationSec: number;
  cantPost: CantPost | null;
  /** Scopes this user leaves ticked on the consent page; null = everything the app asked for. */
  grantScopes: string[] | null;
}

export interface AuthCode {
  code: string;
  clientKey: string;
  openId: string;
  scopes: string[];
  redirectUri: string;
  codeChallenge: string;
  issuedAt: number;
  used: boolean;
}

/** One access/refresh pair. A refresh makes a new pair in the same grant. */
export interface IssuedToken {
  grantId: string;
  clientKey: string;
  openId: string;
  scopes: string[];
  accessToken: string;
  refreshToken: string;
  issuedAt: number;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  accessRevoked: boolean;
  /** False once rotated away or revoked. */
  refreshUsable: boolean;
}

export interface Revocation {
  at: number;
  clientKey: string;
  openId: string;
  accessToken: string;
}

export interface PostSettings {
  title: string | null;
  requestedPrivacyLevel: PrivacyLevel | null;
  /** What TikTok actually applies (unaudited apps: SELF_ONLY). Null for inbox drafts. */
  privacyLevel: PrivacyLevel | null;
  /** As applied: the creator's own settings and a private account force them on. */
  disableComment: boolean;
  disableDuet: boolean;
  disableStitch: boolean;
  brandContentToggle: boolean;
  brandOrganicToggle: boolean;
  isAigc: boolean;
  videoCoverTimestampMs: number | null;
}

export interface ChunkPlan {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
}

/** Every successful init, whether or not its upload ever finished. */
export interface InitRecord extends PostSettings, ChunkPlan {
  publishId: string;
  mode: PostMode;
  openId: string;
  clientKey: string;
  at: number;
  uploadId: string;
  uploadedBytes: number;
  uploadComplete: boolean;
  uploadCompletedAt: number | null;
  /** Hex SHA-256 of the uploaded bytes, once complete (null if hashing is off). */
  sha256: string | null;
  status: PublishStatus;
  failReason: FailReason | null;
  /** Decided when the upload completes: failNext, or publication. */
  pendingFailReason: FailReason | null;
  pollsSinceUpload: number;
  publicPostId: string | null;
  /** status/fetch answers since PUBLISH_COMPLETE (the id appears after state.postIdDelayPolls of them). */
  checksSincePublished: number;
  /** Inbox drafts: the creator finished them in the app (no longer pending). */
  inboxFinished: boolean;
}

export interface EmulatedPost extends PostSettings {
  publishId: string;
  openId: string;
  clientKey: string;
  mode: PostMode;
  videoSize: number;
  sha256: string | null;
  /** Direct posts to PUBLIC_TO_EVERYONE only; a string here, a raw int64 in status/fetch. */
  publicPostId: string | null;
  publishedAt: number;
}

/**
 * A video on a creator's profile, as the Display API shows it (§5): one published through
 * Content Posting here, or one added by a test as published outside Clipdesk.
 */
export interface EmulatedVideo {
  /** 19 digits, beyond 2^53: written as a raw JSON number, as TikTok's int64 ids are. */
  id: string;
  openId: string;
  /** Milliseconds (unique per creator, so a ms cursor never splits two videos); create_time is this in whole seconds. */
  createdAt: number;
  title: string;
  videoDescription: string;
  durationSec: number;
  width: number;
  height: number;
  /** Only PUBLIC_TO_EVERYONE videos are listed or queried. */
  privacyLevel: PrivacyLevel;
  viewCount: number;
  likeCount: number;
  commentCount: number;
  shareCount: number;
  /** The Content Posting publish it came from; null = published outside Clipdesk. */
  publishId: string | null;
}

export type VideoCounts = Pick<EmulatedVideo, 'viewCount' | 'likeCount' | 'commentCount' | 'shareCount'>;
export type UserStats = Pick<EmulatedUser, 'followerCount' | 'followingCount' | 'likesCount' | 'videoCount'>;

export interface RequestRecord {
  method: string;
  path: string;
  /** 0 when the emulator dropped the connection instead of answering. */
  status: number;
  at: number;
  token?: string;
}

/** What tests may set (directly or with POST /__emulator/state). */
export interface EmulatorKnobs {
  /** GET authorize redirects at once with a code, as a scripted browser would want. */
  autoConsent: boolean;
  /** openId of the user who consents next; null = the most recently added user. */
  nextUser: string | null;
  accessTtlSec: number;
  refreshTtlSec: number;
  codeTtlSec: number;
  revokeOldAccessOnRefresh: boolean;
  /** OAuth errors with HTTP 200, as reported in the wild (§1.8); false = HTTP 400/401. */
  oauthErrorsWith200: boolean;
  enforceRateLimits: boolean;
  dailyPostCap: number;
  pendingInboxCap: number;
  uploadUrlTtlMs: number;
  /** status/fetch answers PROCESSING_UPLOAD this many times after the upload's 201. */
  processingPolls: number;
  /** Also finish processing this long after the 201 even if nobody polls; null = only by polls. */
  processingMs: number | null;
  /** The next completed upload ends FAILED with this reason. */
  failNext: FailReason | null;
  /** Keep a running SHA-256 of each upload (turn off only to measure raw throughput). */
  hashUploads: boolean;
  /** Added to the wall clock: lets a test expire codes, tokens and URLs without waiting. */
  clockOffsetMs: number;
  /**
   * Moderation: a public post's `publicaly_available_post_id` stays `[]` for this many
   * PUBLISH_COMPLETE answers of status/fetch (null = it never appears). The video itself is
   * listed at once.
   */
  postIdDelayPolls: number | null;
  /** video/list returns at most this many a page whatever max_count says, with has_more (null = max_count). */
  videoListPageSize: number | null;
  /**
   * Organic growth (growth.ts): public videos' counts, and the creator's likes and followers,
   * rise by themselves with the videos' age on the emulator's clock, on top of what a test set.
   * Off = the counts move only when a test moves them.
   */
  growth: boolean;
}

export interface EmulatorState extends EmulatorKnobs {
  readonly apps: EmulatedApp[];
  readonly users: EmulatedUser[];
  readonly codes: AuthCode[];
  readonly tokens: IssuedToken[];
  readonly revocations: Revocation[];
  /** Successful refreshes per openId (single-flight tests). */
  readonly refreshCounts: Record<string, number>;
  readonly inits: InitRecord[];
  readonly posts: EmulatedPost[];
  /** Every video on every creator's profile, public or not (the Display API shows public ones). */
  readonly videos: EmulatedVideo[];
}

export const DEFAULT_KNOBS: Readonly<EmulatorKnobs> = {
  autoConsent: false,
  nextUser: null,
  accessTtlSec: 7200,
  refreshTtlSec: 15_552_000,
  codeTtlSec: 300,
  revokeOldAccessOnRefresh: false,
  oauthErrorsWith200: true,
  enforceRateLimits: true,
  dailyPostCap: 15,
  pendingInboxCap: 5,
  uploadUrlTtlMs: 3_600_000,
  processingPolls: 2,
  processingMs: null,
  failNext: null,
  hashUploads: true,
  clockOffsetMs: 0,
  postIdDelayPolls: 0,
  videoListPageSize: null,
  growth: false,
};

export function createState(): EmulatorState {
  return { ...DEFAULT_KNOBS, apps: [], users: [], codes: [], tokens: [], revocations: [], refreshCounts: {}, inits: [], posts: [], videos: [] };
}

/** Back to a fresh emulator, keeping the same object (tests may hold a reference to it). */
export function resetState(state: EmulatorState): void {
  Object.assign(state, DEFAULT_KNOBS);
  for (const list of [state.apps, state.users, state.codes, state.tokens, state.revocations, state.inits, state.posts, state.videos]) list.length = 0;
  for (const key of Object.keys(state.refreshCounts)) delete state.refreshCounts[key];
}

export const now = (state: EmulatorState): number => Date.now() + state.clockOffsetMs;

/** §3.1: a public account offers everyone/friends/only me; a private one followers/friends/only me. */
export function privacyOptionsFor(isPrivateAccount: boolean): PrivacyLevel[] {
  return isPrivateAccount
    ? ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY']
    : ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
}
