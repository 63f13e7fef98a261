// TikTok's Content Sharing Guidelines ("Required UX Implementation", tiktok-api.md §4) as one
// pure function: the Post-to-TikTok composer renders whatever `evaluateComposer` returns and
// decides nothing itself. TikTok's reviewers compare the demo against §4 word for word, so the
// sentences TikTok gives are kept verbatim in TIKTOK_UX_TEXT, one copy for the UI and the tests.
import { TIKTOK_VIDEO_LIMITS, formatDuration } from '../media/readiness';
import { analyzeCaption, captionTextProblem, type CaptionAnalysis } from './caption';
import { TikTokPostSettingsSchema, type CreatorInfo, type CreatorStatus, type PostMode, type PrivacyLevel, type TikTokPostSettings } from './post-settings';

/** What the creator has entered. Every choice starts unmade: TikTok forbids defaults (§4 2b, 2c, 3a). */
export interface ComposerForm {
  caption: string;
  /** null until the creator picks one — there is never a default. */
  privacy: PrivacyLevel | null;
  allowComment: boolean;
  allowDuet: boolean;
  allowStitch: boolean;
  /** The commercial-content toggle. Turning it off keeps the ticks below but they no longer count. */
  disclose: boolean;
  /** "Your brand" → brand_organic_toggle. */
  yourBrand: boolean;
  /** "Branded content" → brand_content_toggle. */
  brandedContent: boolean;
  mode: PostMode;
}

export const EMPTY_COMPOSER_FORM: ComposerForm = Object.freeze({
  caption: '',
  privacy: null,
  allowComment: false,
  allowDuet: false,
  allowStitch: false,
  disclose: false,
  yourBrand: false,
  brandedContent: false,
  mode: 'direct',
});

/** How the composer names TikTok's privacy levels, as TikTok's app does. */
export const PRIVACY_LABELS: Record<PrivacyLevel, string> = Object.freeze({
  PUBLIC_TO_EVERYONE: 'Everyone',
  MUTUAL_FOLLOW_FRIENDS: 'Friends',
  FOLLOWER_OF_CREATOR: 'Followers',
  SELF_ONLY: 'Only me',
});

export const MUSIC_USAGE_CONFIRMATION_URL = 'https://www.tiktok.com/legal/page/global/music-usage-confirmation/en';
export const BRANDED_CONTENT_POLICY_URL = 'https://www.tiktok.com/legal/page/global/bc-policy/en';

/** TikTok's own sentences from §4, verbatim. Do not reword: reviewers reject single-word changes. */
export const TIKTOK_UX_TEXT = Object.freeze({
  /** 3a: the publish button's hover text when disclosure is on and neither box is ticked. */
  disclosureIncomplete: 'You need to indicate if your content promotes yourself, a third party, or both.',
  /** 3b: the hover text on "Only me" while Branded content is ticked. */
  brandedContentNotPrivate: 'Branded content visibility cannot be set to private.',
  /** 3a: "Your brand" alone. */
  labelPromotionalContent: "Your photo/video will be labeled as 'Promotional content'",
  /** 3a: "Branded content", alone or with "Your brand". */
  labelPaidPartnership: "Your photo/video will be labeled as 'Paid partnership'",
  /** 2c / 4: no disclosure, or "Your brand" only. */
  consentMusic: "By posting, you agree to TikTok's Music Usage Confirmation.",
  /** 4: "Branded content", alone or with "Your brand". */
  consentBranded: "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.",
});

/** Clipdesk's words for what §4 describes without fixing the text. */
export const COMPOSER_TEXT = Object.freeze({
  privacyLabel: 'Who can see this video',
  privacyPlaceholder: 'Choose who can see this video',
  allowComment: 'Allow Comment',
  allowDuet: 'Allow Duet',
  allowStitch: 'Allow Stitch',
  commentDisabled: 'Comments are turned off for this account in TikTok',
  duetDisabled: 'Duets are turned off for this account in TikTok',
  stitchDisabled: 'Stitches are turned off for this account in TikTok',
  disclosureToggle: 'This content promotes yourself, a brand, product or service',
  disclosureToggleHint:
    'Turn on to disclose that this video promotes goods or services in exchange for something of value. Your video could promote yourself, a third party, or both.',
  yourBrand: 'Your brand',
  yourBrandHint: 'You are promoting yourself or your own business.',
  brandedContent: 'Branded content',
  brandedContentHint: 'You are promoting another brand or a third party, for example in a paid partnership.',
  /** 3b, the other direction: why Branded content can't be ticked while "Only me" is chosen. */
  brandedContentPrivate: "Branded content can't be private: choose who can see the video other than “Only me” first.",
  /** 5d. */
  processingDirect: 'After you publish, it may take a few minutes for your video to process and appear on your TikTok profile.',
  /** §3.6: inbox mode hands the post over to the TikTok app. */
  processingInbox:
    'Your video will be sent to your TikTok inbox, not posted yet. To finish, open the notification in the TikTok app, then edit and post the video there.',
  loading: 'Checking your TikTok account…',
  noPrivacy: 'Choose who can see this video.',
  scopeNotAuthorized:
    'Clipdesk may not post directly to this TikTok account. Reconnect it and allow “Post directly” (video.publish), or send the video to your TikTok inbox instead.',
  durationUnknown: "Clipdesk hasn't read this video's length yet, so it can't check it against your TikTok account's limit.",
});

/** §3.10: what an unaudited developer app may do. Shown until the creator says their app is audited. */
export const UNAUDITED_NOTICE =
  'Until TikTok audits your TikTok developer app, TikTok lets it post only privately: every video is posted as “Only me”, and your TikTok account itself must be set to private when you post (a public account gets an error even for an “Only me” video). To make a video public later, switch the account to public and change the video’s privacy in the TikTok app.';

export type ComposerBlockerCode =
  | 'loading'
  | 'creator_cannot_post'
  | 'scope_not_authorized'
  | 'duration_unknown'
  | 'too_long'
  | 'disclosure_incomplete'
  | 'branded_private'
  | 'no_privacy'
  | 'privacy_not_offered'
  | 'caption_too_long'
  | 'caption_malformed';

/** The rules that concern one video of a batch (its caption, its length) rather than the choices all its videos share. */
export const PER_VIDEO_BLOCKERS: readonly ComposerBlockerCode[] = ['caption_too_long', 'caption_malformed', 'too_long', 'duration_unknown'];

export interface ComposerBlocker {
  code: ComposerBlockerCode;
  message: string;
}

export interface PrivacyOptionView {
  value: PrivacyLevel;
  label: string;
  disabled: boolean;
  /** Hover text for a disabled option; null otherwise. */
  hint: string | null;
}

export interface InteractionView {
  label: string;
  /** Never true where the creator disabled it, whatever the form says. */
  checked: boolean;
  /** Greyed out: the creator turned this off in TikTok (or the account is still loading). */
  disabled: boolean;
  hint: string | null;
}

export interface DisclosureView {
  on: boolean;
  /** The two checkboxes appear only once the toggle is on. */
  showChoices: boolean;
  yourBrand: boolean;
  brandedContent: boolean;
  brandedContentDisabled: boolean;
  brandedContentDisabledReason: string | null;
  /** TikTok's label prompt; null until a box is ticked (it must not show by default). */
  label: string | null;
}

export type ConsentPart = { text: string } | { text: string; href: string };

export interface ConsentView {
  /** The whole sentence; the parts' texts joined give exactly this. */
  text: string;
  parts: readonly ConsentPart[];
}

export interface ComposerView {
  mode: PostMode;
  /** creator_info has not answered yet. */
  loading: boolean;
  /** 1a: which account receives the post. */
  nickname: string | null;
  username: string | null;
  avatarUrl: string | null;
  maxVideoPostDurationSec: number | null;
  /**
   * False in inbox mode: privacy, interactions and disclosure are not sent there — the creator
   * chooses them in the TikTok app — so the UI hides them.
   */
  showPostSettings: boolean;
  /** The chosen privacy if this creator offers it; null shows the placeholder. */
  privacy: PrivacyLevel | null;
  privacyOptions: PrivacyOptionView[];
  interactions: { comment: InteractionView; duet: InteractionView; stitch: InteractionView };
  disclosure: DisclosureView;
  consent: ConsentView;
  processingNotice: string;
  caption: CaptionAnalysis;
  /** Everything that stops publishing, most fundamental first. */
  blockers: ComposerBlocker[];
  canPublish: boolean;
  /** The publish button's hover text: the first blocker's message, or null when it can publish. */
  publishDisabledHint: string | null;
}

export interface ComposerInput {
  /** null while creator_info is being fetched (it is fetched fresh each time the composer opens). */
  creator: CreatorStatus | null;
  form: ComposerForm;
  /** From the probe of the file to be sent; null when not known yet. */
  videoDurationSec: number | null;
  /** The connected account's name, shown while creator_info is loading or has failed. */
  accountDisplayName?: string;
}

const MUSIC_LINK = { text: 'Music Usage Confirmation', href: MUSIC_USAGE_CONFIRMATION_URL } as const;
const BRANDED_LINK = { text: 'Branded Content Policy', href: BRANDED_CONTENT_POLICY_URL } as const;
const CONSENT_MUSIC: ConsentView = Object.freeze({
  text: TIKTOK_UX_TEXT.consentMusic,
  parts: Object.freeze([{ text: "By posting, you agree to TikTok's " }, MUSIC_LINK, { text: '.' }]),
});
const CONSENT_BRANDED: ConsentView = Object.freeze({
  text: TIKTOK_UX_TEXT.consentBranded,
  parts: Object.freeze([{ text: "By posting, you agree to TikTok's " }, BRANDED_LINK, { text: ' and ' }, MUSIC_LINK, { text: '.' }]),
});

/** The ticks that count: the boxes only mean something while the disclosure toggle is on. */
function disclosed(form: ComposerForm): { yourBrand: boolean; brandedContent: boolean } {
  return { yourBrand: form.disclose && form.yourBrand, brandedContent: form.disclose && form.brandedContent };
}

export function evaluateComposer(input: ComposerInput): ComposerView {
  const { creator, form, videoDurationSec } = input;
  const direct = form.mode === 'direct';
  const info: CreatorInfo | null = creator?.canPost ? creator.info : null;
  const ticks = disclosed(form);
  const blockers: ComposerBlocker[] = [];

  // 1b. Inbox drafts need only video.upload, so a missing video.publish blocks Direct Post alone.
  if (creator === null) blockers.push({ code: 'loading', message: COMPOSER_TEXT.loading });
  else if (!creator.canPost) {
    if (creator.code === 'scope_not_authorized') {
      if (direct) blockers.push({ code: 'scope_not_authorized', message: COMPOSER_TEXT.scopeNotAuthorized });
    } else {
      blockers.push({ code: 'creator_cannot_post', message: cannotPostMessage(creator.message, creator.retryable) });
    }
  }

  // 1c. Without creator_info (inbox mode on an upload-only connection) the API's own ceiling applies.
  const maxSec = info?.maxVideoPostDurationSec ?? (creator !== null && !direct ? TIKTOK_VIDEO_LIMITS.maxDurationSec : null);
  if (maxSec !== null) {
    if (videoDurationSec === null) blockers.push({ code: 'duration_unknown', message: COMPOSER_TEXT.durationUnknown });
    else if (videoDurationSec > maxSec) blockers.push({ code: 'too_long', message: tooLongMessage(videoDurationSec, maxSec) });
  }

  const offered = info?.privacyLevelOptions ?? [];
  if (direct && info !== null) {
    // 3a first: reviewers hover the disabled button right after ticking the toggle, whether or
    // not a privacy level has been chosen yet, and expect exactly TikTok's sentence.
    if (form.disclose && !ticks.yourBrand && !ticks.brandedContent) {
      blockers.push({ code: 'disclosure_incomplete', message: TIKTOK_UX_TEXT.disclosureIncomplete });
    }
    if (ticks.brandedContent && form.privacy === 'SELF_ONLY') blockers.push({ code: 'branded_private', message: TIKTOK_UX_TEXT.brandedContentNotPrivate });
    if (form.privacy === null) blockers.push({ code: 'no_privacy', message: COMPOSER_TEXT.noPrivacy });
    else if (!offered.includes(form.privacy)) {
      blockers.push({ code: 'privacy_not_offered', message: notOfferedMessage(form.privacy) });
    }
  }

  const caption = analyzeCaption(form.caption);
  const textProblem = captionTextProblem(form.caption);
  if (textProblem) blockers.push({ code: 'caption_malformed', message: textProblem });
  if (caption.over) {
    const extra = caption.length - caption.max;
    blockers.push({
      code: 'caption_too_long',
      message: `The caption is ${extra} ${extra === 1 ? 'character' : 'characters'} too long for TikTok: remove ${extra} to post.`,
    });
  }

  return {
    mode: form.mode,
    loading: creator === null,
    nickname: info?.nickname ?? input.accountDisplayName ?? null,
    username: info?.username ?? null,
    avatarUrl: info?.avatarUrl ?? null,
    maxVideoPostDurationSec: info?.maxVideoPostDurationSec ?? null,
    showPostSettings: direct,
    privacy: form.privacy !== null && offered.includes(form.privacy) ? form.privacy : null,
    // 2b: exactly the creator's options in TikTok's order — nothing added, nothing preselected.
    privacyOptions: offered.map((value) => {
      const blockedByBrand = value === 'SELF_ONLY' && ticks.brandedContent;
      return { value, label: PRIVACY_LABELS[value], disabled: blockedByBrand, hint: blockedByBrand ? TIKTOK_UX_TEXT.brandedContentNotPrivate : null };
    }),
    interactions: {
      comment: interaction(COMPOSER_TEXT.allowComment, form.allowComment, info?.commentDisabled, COMPOSER_TEXT.commentDisabled),
      duet: interaction(COMPOSER_TEXT.allowDuet, form.allowDuet, info?.duetDisabled, COMPOSER_TEXT.duetDisabled),
      stitch: interaction(COMPOSER_TEXT.allowStitch, form.allowStitch, info?.stitchDisabled, COMPOSER_TEXT.stitchDisabled),
    },
    disclosure: disclosureView(form),
    // 4. Inbox posts carry no disclosure, so only the music confirmation applies to them.
    consent: direct && ticks.brandedContent ? CONSENT_BRANDED : CONSENT_MUSIC,
    processingNotice: direct ? COMPOSER_TEXT.processingDirect : COMPOSER_TEXT.processingInbox,
    caption,
    blockers,
    canPublish: blockers.length === 0,
    publishDisabledHint: blockers[0]?.message ?? null,
  };
}

/** 1b: the creator_info reason, and — when waiting can help — that they should try later. */
function cannotPostMessage(message: string, retryable: boolean): string {
  const text = message.trim() || "TikTok says this account can't post right now.";
  return retryable && !/try again/i.test(text) ? `${text} Try again later.` : text;
}

/** A saved choice the creator no longer has (e.g. "Everyone" after the account went private). */
function notOfferedMessage(privacy: PrivacyLevel): string {
  return `“${PRIVACY_LABELS[privacy]}” is not available for this TikTok account right now. ${COMPOSER_TEXT.noPrivacy}`;
}

/** 1c: both durations, precise enough that they never read as equal. */
function tooLongMessage(durationSec: number, maxSec: number): string {
  let length = formatDuration(durationSec);
  let limit = formatDuration(maxSec);
  if (length === limit) {
    length = `${Math.round(durationSec * 10) / 10} seconds`;
    limit = `${maxSec} seconds`;
  }
  return `This video is ${length} long, but this TikTok account can post videos up to ${limit}. Trim it to ${limit} or less.`;
}

/** 2c: off unless the creator ticks it; greyed and reported unchecked where creator_info disabled it. */
function interaction(label: string, wanted: boolean, creatorDisabled: boolean | undefined, disabledHint: string): InteractionView {
  if (creatorDisabled === undefined) return { label, checked: false, disabled: true, hint: null };
  return { label, checked: wanted && !creatorDisabled, disabled: creatorDisabled, hint: creatorDisabled ? disabledHint : null };
}

function disclosureView(form: ComposerForm): DisclosureView {
  const { yourBrand, brandedContent } = disclosed(form);
  // 3b, the other direction. A box already ticked stays enabled so the conflict can be undone
  // from either side (the branded_private blocker explains it meanwhile).
  const brandedContentDisabled = form.mode === 'direct' && form.privacy === 'SELF_ONLY' && !brandedContent;
  return {
    on: form.disclose,
    showChoices: form.disclose,
    yourBrand,
    brandedContent,
    brandedContentDisabled,
    brandedContentDisabledReason: brandedContentDisabled ? COMPOSER_TEXT.brandedContentPrivate : null,
    label: brandedContent ? TIKTOK_UX_TEXT.labelPaidPartnership : yourBrand ? TIKTOK_UX_TEXT.labelPromotionalContent : null,
  };
}

/**
 * The settings stored on the post and sent to TikTok. Pass the creator_info the composer showed
 * so that interactions the creator disabled are sent as disabled and the privacy is checked
 * against the offered options. Throws (with the composer's own words) for any choice that
 * would have blocked publishing; inbox mode sends none of these settings, so they are cleared.
 */
export function toPostSettings(form: ComposerForm, coverTimestampMs?: number | null, creator?: CreatorInfo | null): TikTokPostSettings {
  const cover = coverTimestampMs ?? null;
  if (form.mode === 'inbox') {
    return TikTokPostSettingsSchema.parse({
      mode: 'inbox',
      privacy: null,
      allowComment: false,
      allowDuet: false,
      allowStitch: false,
      brandOrganic: false,
      brandContent: false,
      coverTimestampMs: cover,
    });
  }
  const ticks = disclosed(form);
  if (form.disclose && !ticks.yourBrand && !ticks.brandedContent) throw new Error(TIKTOK_UX_TEXT.disclosureIncomplete);
  if (form.privacy === null) throw new Error(COMPOSER_TEXT.noPrivacy);
  if (ticks.brandedContent && form.privacy === 'SELF_ONLY') throw new Error(TIKTOK_UX_TEXT.brandedContentNotPrivate);
  if (creator && !creator.privacyLevelOptions.includes(form.privacy)) {
    throw new Error(notOfferedMessage(form.privacy));
  }
  return TikTokPostSettingsSchema.parse({
    mode: 'direct',
    privacy: form.privacy,
    allowComment: form.allowComment && !creator?.commentDisabled,
    allowDuet: form.allowDuet && !creator?.duetDisabled,
    allowStitch: form.allowStitch && !creator?.stitchDisabled,
    brandOrganic: ticks.yourBrand,
    brandContent: ticks.brandedContent,
    coverTimestampMs: cover,
  });
}
