// Connected TikTok accounts and the creator's TikTok developer app, as the UI and the CLI see
// them. Tokens never appear here: they live encrypted in core/secrets and never cross a transport.
import { z } from 'zod';

import { SCOPE_FEATURES } from './scopes';

export {
  INSIGHTS_SCOPES, SCOPE_EXPLANATIONS, SCOPE_FEATURES, TIKTOK_REDIRECT_URI_PATTERN, TIKTOK_SCOPES, connectScopes, missingScopesOf, scopeLabel,
  type ScopeExplanation, type ScopeFeature, type TikTokScope,
} from './scopes';

export const ACCOUNT_STATES = ['connected', 'reconnect_needed'] as const;
export const AccountStateSchema = z.enum(ACCOUNT_STATES);

export const AccountSchema = z.object({
  id: z.string(),
  provider: z.literal('tiktok'),
  /** TikTok's per-app user id. */
  openId: z.string(),
  displayName: z.string(),
  username: z.string().nullable(),
  /** The avatar is kept in the data folder and served as media kind `avatar` by account id. */
  hasAvatar: z.boolean(),
  scopes: z.array(z.string()),
  /**
   * Scopes Clipdesk asks for that this account lacks (unticked, or connected before Clipdesk
   * asked for them), each with what it means and what it is for: `posting`, or `insights` (an
   * account without those publishes exactly as before; only Insights is short of them).
   */
  missingScopes: z.array(z.object({ scope: z.string(), label: z.string(), without: z.string(), feature: z.enum(SCOPE_FEATURES) })),
  /** connected, or reconnect_needed when TikTok refused the saved authorisation. */
  state: AccountStateSchema,
  /** Why a reconnect is needed, with what to do; null when connected. */
  problem: z.string().nullable(),
  accessExpiresAt: z.string().nullable(),
  connectedAt: z.string(),
  updatedAt: z.string(),
});
export type Account = z.infer<typeof AccountSchema>;

export const TikTokSetupSchema = z.object({
  clientKey: z.string().nullable(),
  hasClientSecret: z.boolean(),
  /** Where the credentials come from: saved in the app, the environment (wins), or nowhere yet. */
  source: z.enum(['app', 'environment', 'none']),
  redirectUri: z.string(),
  /** The scopes Connect asks for, so the app must have them (Insights' only with displayApi). */
  scopes: z.array(z.string()),
  /** The app has TikTok's Display API, so Connect asks for Insights' scopes too. */
  displayApi: z.boolean(),
  /** Where that comes from: Settings → TikTok, or CLIPDESK_TIKTOK_DISPLAY_API (which wins). */
  displayApiSource: z.enum(['app', 'environment']),
  /** The authorize page in use; not TikTok's when an emulator stands in. */
  authorizeUrl: z.string(),
  emulated: z.boolean(),
});
export type TikTokSetup = z.infer<typeof TikTokSetupSchema>;

/** What `accounts.connect` tells its caller once the consent page is ready (its progress). */
export const ConnectStartSchema = z.object({
  /** TikTok's consent page; shown as a link too, in case no browser could be opened. */
  url: z.string(),
  /** Whether a browser was opened; false → the person opens `url` themselves. */
  opened: z.boolean(),
  expiresAt: z.string(),
});
export type ConnectStart = z.infer<typeof ConnectStartSchema>;

/** Where TikTok shows a public video; usernames are TikTok's handle without the @. */
export function tiktokVideoUrl(username: string | null, postId: string): string {
  return `https://www.tiktok.com/@${encodeURIComponent(username ?? '_')}/video/${postId}`;
}
