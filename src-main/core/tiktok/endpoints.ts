// Where TikTok is: its real hosts by default, an emulator's when the environment says so
// (docs/architecture.md §3). One place, so nothing else builds a TikTok URL by hand.
export interface TikTokEndpoints {
  /** Login Kit's authorize page (the person's browser goes here). */
  authorizeUrl: string;
  /** open.tiktokapis.com: OAuth token/revoke, user info, Content Posting, Display API. */
  apiBase: string;
  /** True when either URL is not TikTok's own: everything shown must say so. */
  emulated: boolean;
}

export const TIKTOK_AUTHORIZE_URL = 'https://www.tiktok.com/v2/auth/authorize/';
export const TIKTOK_API_BASE = 'https://open.tiktokapis.com';

export function tiktokEndpoints(env: NodeJS.ProcessEnv): TikTokEndpoints {
  const authorizeUrl = env.CLIPDESK_TIKTOK_AUTH_URL?.trim() || TIKTOK_AUTHORIZE_URL;
  const apiBase = (env.CLIPDESK_TIKTOK_API_BASE?.trim() || TIKTOK_API_BASE).replace(/\/+$/, '');
  return { authorizeUrl, apiBase, emulated: authorizeUrl !== TIKTOK_AUTHORIZE_URL || apiBase !== TIKTOK_API_BASE };
}

export const PATHS = {
  token: '/v2/oauth/token/',
  revoke: '/v2/oauth/revoke/',
  userInfo: '/v2/user/info/',
  creatorInfo: '/v2/post/publish/creator_info/query/',
  directInit: '/v2/post/publish/video/init/',
  inboxInit: '/v2/post/publish/inbox/video/init/',
  status: '/v2/post/publish/status/fetch/',
  videoList: '/v2/video/list/',
  videoQuery: '/v2/video/query/',
} as const;
