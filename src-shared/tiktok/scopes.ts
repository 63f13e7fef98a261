// TikTok permissions Clipdesk asks for and what each means, with no zod: the renderer's
// setup guide and the core's account rows read the same words.

/**
 * What Clipdesk asks TikTok for. `user.info.basic` names the account; `video.publish` is Direct
 * Post (and creator_info); `video.upload` sends drafts to the TikTok inbox.
 */
export const TIKTOK_SCOPES = ['user.info.basic', 'video.publish', 'video.upload'] as const;
export type TikTokScope = (typeof TIKTOK_SCOPES)[number];

/** Why each scope matters, for the consent guide and for a scope the person unticked. */
export const SCOPE_EXPLANATIONS: Record<TikTokScope, { label: string; without: string }> = {
  'user.info.basic': {
    label: 'Read your profile info (avatar, display name)',
    without: 'Clipdesk cannot show which account this is.',
  },
  'video.publish': {
    label: 'Post directly to your profile',
    without: 'Direct Post is off for this account: Clipdesk can only send videos to your TikTok inbox as drafts.',
  },
  'video.upload': {
    label: 'Upload drafts to your TikTok inbox',
    without: 'Sending drafts to your TikTok inbox is off for this account.',
  },
};

/**
 * The redirect URI to register in the TikTok developer portal (Login Kit → Desktop). Clipdesk
 * listens on a free port each time, so the wildcard port is registered (docs/platforms.md,
 * TikTok §1.1).
 */
export const TIKTOK_REDIRECT_URI_PATTERN = 'http://127.0.0.1:*/callback/';

/** A scope's words for people, or the scope itself when Clipdesk does not know it. */
export function scopeLabel(scope: string): string {
  return (SCOPE_EXPLANATIONS as Record<string, { label: string } | undefined>)[scope]?.label ?? scope;
}
