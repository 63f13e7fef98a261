// TikTok permissions Clipdesk asks for and what each means, with no zod: the renderer's
// setup guide and the core's account rows read the same words.

/**
 * What Clipdesk asks TikTok for. `user.info.basic` names the account; `video.publish` is Direct
 * Post (and creator_info); `video.upload` sends drafts to the TikTok inbox. The last three are
 * Insights' (docs/platforms.md, TikTok §5): `user.info.stats` the account's totals,
 * `user.info.profile` its handle and bio, `video.list` its public videos and their counts. Each
 * may be unticked on TikTok's consent page; an account without them publishes all the same.
 */
export const TIKTOK_SCOPES = ['user.info.basic', 'video.publish', 'video.upload', 'user.info.stats', 'user.info.profile', 'video.list'] as const;
export type TikTokScope = (typeof TIKTOK_SCOPES)[number];

/** What a scope is for: naming the account, publishing, or Insights. */
export const SCOPE_FEATURES = ['account', 'posting', 'insights'] as const;
export type ScopeFeature = (typeof SCOPE_FEATURES)[number];

export interface ScopeExplanation {
  /** What the consent page's box allows, in the creator's words. */
  label: string;
  /** What Clipdesk cannot do for an account that left it unticked. */
  without: string;
  feature: ScopeFeature;
}

/** Why each scope matters, for the consent guide and for a scope the person unticked. */
export const SCOPE_EXPLANATIONS: Record<TikTokScope, ScopeExplanation> = {
  'user.info.basic': {
    label: 'Read your profile info (avatar, display name)',
    without: 'Clipdesk cannot show which account this is.',
    feature: 'account',
  },
  'video.publish': {
    label: 'Post directly to your profile',
    without: 'Direct Post is off for this account: Clipdesk can only send videos to your TikTok inbox as drafts.',
    feature: 'posting',
  },
  'video.upload': {
    label: 'Upload drafts to your TikTok inbox',
    without: 'Sending drafts to your TikTok inbox is off for this account.',
    feature: 'posting',
  },
  'user.info.stats': {
    label: 'Read your follower, following, like and video counts',
    without: 'Insights cannot show this account’s followers, total likes or video count, nor how they grow.',
    feature: 'insights',
  },
  'user.info.profile': {
    label: 'Read your profile details (username, bio, verified badge)',
    without: 'Insights cannot show this account’s @username, bio or verified badge, nor link to its profile.',
    feature: 'insights',
  },
  'video.list': {
    label: 'Read your public videos and their views, likes, comments and shares',
    without: 'Insights cannot show how this account’s videos do: no views, likes, comments or shares for any post.',
    feature: 'insights',
  },
};

/** The scopes Insights needs (all of them: each shows a different part). */
export const INSIGHTS_SCOPES: readonly TikTokScope[] = TIKTOK_SCOPES.filter((s) => SCOPE_EXPLANATIONS[s].feature === 'insights');

/**
 * What Connect asks TikTok for: Insights' scopes only when the creator's app has the Display API
 * (settings.tiktokDisplayApi); asking for a scope the app lacks fails the whole consent.
 */
export function connectScopes(displayApi: boolean): TikTokScope[] {
  return TIKTOK_SCOPES.filter((s) => displayApi || SCOPE_EXPLANATIONS[s].feature !== 'insights');
}

/** Clipdesk's scopes an account lacks, each with its words, in TIKTOK_SCOPES order. */
export function missingScopesOf(granted: readonly string[]): Array<{ scope: TikTokScope } & ScopeExplanation> {
  return TIKTOK_SCOPES.filter((s) => !granted.includes(s)).map((scope) => ({ scope, ...SCOPE_EXPLANATIONS[scope] }));
}

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
