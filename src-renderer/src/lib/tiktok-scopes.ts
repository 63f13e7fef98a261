// What each TikTok permission means, for the setup guide. Restated from
// src-shared/tiktok/accounts.ts (SCOPE_EXPLANATIONS) because that module builds zod schemas and
// importing it would bundle zod into the UI; a unit test keeps the two identical.
export const SCOPE_WORDS: Record<string, { label: string; without: string }> = {
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

export function scopeLabel(scope: string): string {
  return SCOPE_WORDS[scope]?.label ?? scope;
}
