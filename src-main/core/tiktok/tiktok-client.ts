// TikTok's endpoints as typed functions (docs/platforms.md, TikTok §1.4–1.7, §2, §3.1–3.5, §5).
// Each takes what it needs and returns what Clipdesk uses; validation of TikTok's answers is
// strict enough that a surprise is a clear error, not an undefined further on.
import { AppError } from '../../../src-shared/errors';
import type { CreatorInfo, PrivacyLevel } from '../../../src-shared/tiktok/post-settings';
import { PRIVACY_LEVELS } from '../../../src-shared/tiktok/post-settings';
import {
  DISPLAY_PAGE_MAX, readUser, readVideoPage, readVideos, USER_PROFILE_FIELDS, USER_STATS_FIELDS, VIDEO_FIELDS,
  type TikTokUserProfile, type TikTokUserStats, type TikTokVideo, type TikTokVideoPage,
} from './display-wire';
import { PATHS, type TikTokEndpoints } from './endpoints';
import { callDataApi, postOAuthForm, TikTokNetworkError } from './tiktok-http';

export interface AppCredentials {
  clientKey: string;
  clientSecret: string;
}

export interface TokenGrant {
  openId: string;
  scopes: string[];
  accessToken: string;
  /** Seconds, as TikTok said: never assumed (2 h and 24 h are both documented). */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw new TikTokNetworkError(`TikTok's answer lacked ${key}`);
  return v;
}
function num(body: Record<string, unknown>, key: string): number {
  const v = body[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new TikTokNetworkError(`TikTok's answer lacked ${key}`);
  return n;
}

function toGrant(body: Record<string, unknown>): TokenGrant {
  return {
    openId: str(body, 'open_id'),
    scopes: String(body.scope ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    accessToken: str(body, 'access_token'),
    expiresIn: num(body, 'expires_in'),
    refreshToken: str(body, 'refresh_token'),
    refreshExpiresIn: num(body, 'refresh_expires_in'),
  };
}

export interface VideoInit {
  publishId: string;
  uploadUrl: string;
}

export interface PublishStatus {
  status: 'PROCESSING_UPLOAD' | 'PROCESSING_DOWNLOAD' | 'SEND_TO_USER_INBOX' | 'PUBLISH_COMPLETE' | 'FAILED' | string;
  failReason: string | null;
  /** Exact int64 ids as strings. */
  publicPostIds: string[];
  uploadedBytes: number | null;
}

export interface DirectPostInfo {
  privacy_level: PrivacyLevel;
  title?: string;
  disable_comment: boolean;
  disable_duet: boolean;
  disable_stitch: boolean;
  brand_content_toggle: boolean;
  brand_organic_toggle: boolean;
  video_cover_timestamp_ms?: number;
}

export interface FileUploadSource {
  video_size: number;
  chunk_size: number;
  total_chunk_count: number;
}

/** What user/info gives Insights: the parts asked for (each needs its scope, §5.1). */
export interface TikTokUserDetails {
  openId: string | null;
  displayName: string | null;
  stats: TikTokUserStats | null;
  profile: TikTokUserProfile | null;
}

export class TikTokClient {
  constructor(private readonly endpoints: TikTokEndpoints) {}

  get authorizeUrl(): string {
    return this.endpoints.authorizeUrl;
  }

  private url(path: string): string {
    return `${this.endpoints.apiBase}${path}`;
  }

  async exchangeCode(app: AppCredentials, input: { code: string; redirectUri: string; codeVerifier: string }, signal?: AbortSignal): Promise<TokenGrant> {
    const body = await postOAuthForm(
      this.url(PATHS.token),
      {
        client_key: app.clientKey,
        client_secret: app.clientSecret,
        code: input.code,
        grant_type: 'authorization_code',
        redirect_uri: input.redirectUri,
        code_verifier: input.codeVerifier,
      },
      { signal },
    );
    return toGrant(body);
  }

  async refresh(app: AppCredentials, refreshToken: string, signal?: AbortSignal): Promise<TokenGrant> {
    const body = await postOAuthForm(
      this.url(PATHS.token),
      { client_key: app.clientKey, client_secret: app.clientSecret, grant_type: 'refresh_token', refresh_token: refreshToken },
      { signal },
    );
    return toGrant(body);
  }

  async revoke(app: AppCredentials, accessToken: string, signal?: AbortSignal): Promise<void> {
    await postOAuthForm(
      this.url(PATHS.revoke),
      { client_key: app.clientKey, client_secret: app.clientSecret, token: accessToken },
      { signal, where: 'revoke' },
    );
  }

  async userInfo(token: string, signal?: AbortSignal): Promise<{ openId: string; displayName: string; avatarUrl: string | null }> {
    const data = await callDataApi(`${this.url(PATHS.userInfo)}?fields=open_id,union_id,avatar_url,display_name`, {
      token,
      method: 'GET',
      signal,
      where: 'userinfo',
    });
    const user = (data.user ?? {}) as Record<string, unknown>;
    return {
      openId: typeof user.open_id === 'string' ? user.open_id : '',
      displayName: typeof user.display_name === 'string' ? user.display_name : '',
      avatarUrl: typeof user.avatar_url === 'string' && user.avatar_url ? user.avatar_url : null,
    };
  }

  async creatorInfo(token: string, signal?: AbortSignal): Promise<CreatorInfo> {
    const data = await callDataApi(this.url(PATHS.creatorInfo), { token, signal, where: 'creator_info' });
    const options = Array.isArray(data.privacy_level_options) ? data.privacy_level_options : [];
    return {
      nickname: typeof data.creator_nickname === 'string' ? data.creator_nickname : '',
      username: typeof data.creator_username === 'string' ? data.creator_username : '',
      avatarUrl: typeof data.creator_avatar_url === 'string' && data.creator_avatar_url ? data.creator_avatar_url : null,
      // Only levels Clipdesk knows; an unknown new one is left out rather than sent blind.
      privacyLevelOptions: options.filter((o): o is PrivacyLevel => (PRIVACY_LEVELS as readonly unknown[]).includes(o)),
      commentDisabled: data.comment_disabled === true,
      duetDisabled: data.duet_disabled === true,
      stitchDisabled: data.stitch_disabled === true,
      maxVideoPostDurationSec: typeof data.max_video_post_duration_sec === 'number' && data.max_video_post_duration_sec > 0 ? data.max_video_post_duration_sec : 60,
    };
  }

  async initDirect(token: string, postInfo: DirectPostInfo, source: FileUploadSource, signal?: AbortSignal): Promise<VideoInit> {
    const data = await callDataApi(this.url(PATHS.directInit), {
      token,
      signal,
      where: 'init',
      body: { post_info: postInfo, source_info: { source: 'FILE_UPLOAD', ...source } },
    });
    return toInit(data);
  }

  async initInbox(token: string, source: FileUploadSource, signal?: AbortSignal): Promise<VideoInit> {
    const data = await callDataApi(this.url(PATHS.inboxInit), {
      token,
      signal,
      where: 'init',
      body: { source_info: { source: 'FILE_UPLOAD', ...source } },
    });
    return toInit(data);
  }

  async status(token: string, publishId: string, signal?: AbortSignal): Promise<PublishStatus> {
    const data = await callDataApi(this.url(PATHS.status), { token, signal, where: 'status', body: { publish_id: publishId } });
    const ids = Array.isArray(data.publicaly_available_post_id) ? data.publicaly_available_post_id : [];
    return {
      status: typeof data.status === 'string' ? data.status : 'UNKNOWN',
      failReason: typeof data.fail_reason === 'string' && data.fail_reason ? data.fail_reason : null,
      publicPostIds: ids.map((id) => String(id)).filter((id) => /^\d+$/.test(id)),
      uploadedBytes: typeof data.uploaded_bytes === 'number' ? data.uploaded_bytes : null,
    };
  }

  // The Display API (§5), one request each. Scope checks, rate limits and token refresh are the
  // caller's (TikTokDisplay, display.ts); these only speak to TikTok and read its answer.

  /** user/info with the stats fields (user.info.stats) and/or the profile fields (user.info.profile). */
  async userDetails(token: string, want: { stats?: boolean; profile?: boolean }, signal?: AbortSignal): Promise<TikTokUserDetails> {
    const fields = ['open_id', 'display_name', ...(want.stats ? USER_STATS_FIELDS : []), ...(want.profile ? USER_PROFILE_FIELDS : [])];
    const data = await callDataApi(`${this.url(PATHS.userInfo)}?fields=${fields.join(',')}`, { token, method: 'GET', signal, where: 'display' });
    const user = readUser(data);
    return { openId: user.openId, displayName: user.displayName, stats: want.stats ? user.stats : null, profile: want.profile ? user.profile : null };
  }

  /** One page of video/list: public videos made before `cursor` (Unix ms), newest first, at most `maxCount` (1–20, default 20). */
  async listVideos(token: string, page: { cursor?: number; maxCount?: number } = {}, signal?: AbortSignal): Promise<TikTokVideoPage> {
    const maxCount = page.maxCount ?? DISPLAY_PAGE_MAX;
    checkMaxCount(maxCount);
    const body: Record<string, number> = { max_count: maxCount };
    if (page.cursor !== undefined) body.cursor = Math.floor(page.cursor);
    const data = await callDataApi(`${this.url(PATHS.videoList)}?fields=${VIDEO_FIELDS.join(',')}`, { token, signal, where: 'display', body });
    return readVideoPage(data);
  }

  /** video/query for 1–20 ids: those that are the caller's own public videos (others are left out). */
  async queryVideos(token: string, ids: readonly string[], signal?: AbortSignal): Promise<TikTokVideo[]> {
    checkVideoIds(ids);
    // Ids go out as strings: as a JSON number a 19-digit id would already be another video's.
    const data = await callDataApi(`${this.url(PATHS.videoQuery)}?fields=${VIDEO_FIELDS.join(',')}`, {
      token,
      signal,
      where: 'display',
      body: { filters: { video_ids: [...ids] } },
    });
    return readVideos(data);
  }
}

function checkMaxCount(maxCount: number): void {
  if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > DISPLAY_PAGE_MAX) throw new AppError('BAD_INPUT', `max_count must be 1 to ${DISPLAY_PAGE_MAX}, not ${maxCount}.`);
}

/** video/query's ids: 1 to 20, each a string of digits (never a JS number, which would round it). */
export function checkVideoIds(ids: readonly string[]): void {
  if (ids.length < 1 || ids.length > DISPLAY_PAGE_MAX) throw new AppError('BAD_INPUT', `video/query takes 1 to ${DISPLAY_PAGE_MAX} ids, not ${ids.length}.`);
  const bad = ids.find((id) => typeof id !== 'string' || !/^\d{1,20}$/.test(id));
  if (bad !== undefined) throw new AppError('BAD_INPUT', `Not a TikTok video id: ${JSON.stringify(bad)}.`);
}

function toInit(data: Record<string, unknown>): VideoInit {
  return { publishId: str(data, 'publish_id'), uploadUrl: str(data, 'upload_url') };
}
