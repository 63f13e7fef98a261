// TikTok's Content Sharing Guidelines (tiktok-api.md §4), one named test per point, on the pure
// composer rules. TikTok's sentences are written out here a second time on purpose: a reworded
// constant must fail a test, because TikTok's reviewers compare them word for word.
import { describe, expect, it } from 'vitest';
import {
  BRANDED_CONTENT_POLICY_URL,
  COMPOSER_TEXT,
  EMPTY_COMPOSER_FORM,
  MUSIC_USAGE_CONFIRMATION_URL,
  PRIVACY_LABELS,
  PER_VIDEO_BLOCKERS,
  TIKTOK_UX_TEXT,
  UNAUDITED_NOTICE,
  evaluateComposer,
  toPostSettings,
  type ComposerForm,
  type ComposerInput,
} from '../../src-shared/tiktok/composer-rules';
import type { CreatorInfo, CreatorStatus } from '../../src-shared/tiktok/post-settings';

const PUBLIC_ACCOUNT: CreatorInfo = {
  nickname: 'Maria Bakes',
  username: 'mariabakes',
  avatarUrl: 'https://p16.example/avatar.jpg',
  privacyLevelOptions: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
  commentDisabled: false,
  duetDisabled: false,
  stitchDisabled: false,
  maxVideoPostDurationSec: 180,
};

const PRIVATE_ACCOUNT: CreatorInfo = {
  ...PUBLIC_ACCOUNT,
  privacyLevelOptions: ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
  duetDisabled: true,
  stitchDisabled: true,
};

const can = (info: CreatorInfo = PUBLIC_ACCOUNT): CreatorStatus => ({ canPost: true, info });
const cannot = (code: string, message: string, retryable = false): CreatorStatus => ({ canPost: false, code, message, retryable });

/** A composer for the public account and a 30-second video, with the form changed as given. */
function view(form: Partial<ComposerForm> = {}, rest: Partial<ComposerInput> = {}) {
  return evaluateComposer({ creator: can(), videoDurationSec: 30, ...rest, form: { ...EMPTY_COMPOSER_FORM, ...form } });
}

/** Everything a direct post needs, so a test can break exactly one thing. */
const READY: Partial<ComposerForm> = { privacy: 'PUBLIC_TO_EVERYONE' };

describe('the starting form', () => {
  it('makes no choice for the creator', () => {
    expect(EMPTY_COMPOSER_FORM).toEqual({
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
    expect(Object.isFrozen(EMPTY_COMPOSER_FORM)).toBe(true);
  });

  it('names privacy levels as TikTok does', () => {
    expect(PRIVACY_LABELS).toEqual({
      PUBLIC_TO_EVERYONE: 'Everyone',
      MUTUAL_FOLLOW_FRIENDS: 'Friends',
      FOLLOWER_OF_CREATOR: 'Followers',
      SELF_ONLY: 'Only me',
    });
  });

  it('a complete direct post can be published', () => {
    const v = view(READY);
    expect(v.blockers).toEqual([]);
    expect(v.canPublish).toBe(true);
    expect(v.publishDisabledHint).toBeNull();
  });
});

describe('§4 1: creator info, fresh on render', () => {
  it('1a shows the nickname of the account that receives the post', () => {
    const v = view();
    expect(v).toMatchObject({ loading: false, nickname: 'Maria Bakes', username: 'mariabakes', avatarUrl: 'https://p16.example/avatar.jpg' });
  });

  it('1a while creator_info loads: loading, publishing blocked, the connected account name shown', () => {
    const v = view(READY, { creator: null, accountDisplayName: 'Maria (connected)' });
    expect(v).toMatchObject({ loading: true, nickname: 'Maria (connected)', canPublish: false, publishDisabledHint: 'Checking your TikTok account…' });
    expect(v.blockers.map((b) => b.code)).toEqual(['loading']);
    expect(v.privacyOptions).toEqual([]);
    expect(view(READY, { creator: null }).nickname).toBeNull();
  });

  it("1b a creator who can't post now is blocked with creator_info's reason", () => {
    const msg = "TikTok limits how many videos an account can post in a day — about 15, counted across every app that posts for you, and the exact number varies by account. Try again tomorrow.";
    const v = view(READY, { creator: cannot('spam_risk_too_many_posts', msg), accountDisplayName: 'Maria' });
    expect(v.canPublish).toBe(false);
    expect(v.blockers).toEqual([{ code: 'creator_cannot_post', message: msg }]);
    expect(v.publishDisabledHint).toBe(msg);
    expect(v.nickname).toBe('Maria');
  });

  it('1b when waiting can help, the creator is told to try again later', () => {
    const v = view(READY, { creator: cannot('network', "Couldn't reach TikTok.", true) });
    expect(v.publishDisabledHint).toBe("Couldn't reach TikTok. Try again later.");
    // Not for a ban, where waiting is not known to help.
    expect(view(READY, { creator: cannot('spam_risk_user_banned_from_posting', 'TikTok has blocked this account from posting.') }).publishDisabledHint).toBe(
      'TikTok has blocked this account from posting.',
    );
  });

  it('1c a video longer than the creator may post is blocked, naming both durations', () => {
    const v = view(READY, { videoDurationSec: 192 });
    expect(v.blockers).toEqual([
      { code: 'too_long', message: 'This video is 3:12 long, but this TikTok account can post videos up to 3:00. Trim it to 3:00 or less.' },
    ]);
    expect(v.maxVideoPostDurationSec).toBe(180);
  });

  it('1c exactly the limit is fine; just over it says seconds so the two never read alike', () => {
    expect(view(READY, { videoDurationSec: 180 }).canPublish).toBe(true);
    expect(view(READY, { videoDurationSec: 180.4 }).publishDisabledHint).toBe(
      'This video is 180.4 seconds long, but this TikTok account can post videos up to 180 seconds. Trim it to 180 seconds or less.',
    );
  });

  it("1c a video whose length isn't known yet cannot be checked, so it is blocked", () => {
    expect(view(READY, { videoDurationSec: null }).blockers.map((b) => b.code)).toEqual(['duration_unknown']);
  });

  it('a missing "Post directly" permission blocks Direct Post: reconnect, or use the inbox', () => {
    const v = view(READY, { creator: cannot('scope_not_authorized', 'no scope') });
    expect(v.blockers).toEqual([{ code: 'scope_not_authorized', message: COMPOSER_TEXT.scopeNotAuthorized }]);
    expect(v.publishDisabledHint).toContain('“Post directly” (video.publish)');
    expect(v.publishDisabledHint).toContain('inbox');
  });
});

describe('§4 2: metadata the creator chooses', () => {
  it('2a the caption is analysed and a caption over 2200 blocks', () => {
    expect(view({ ...READY, caption: 'hi #cat' }).caption).toMatchObject({ length: 7, hashtags: ['cat'] });
    const v = view({ ...READY, caption: 'x'.repeat(2203) });
    expect(v.blockers).toEqual([{ code: 'caption_too_long', message: 'The caption is 3 characters too long for TikTok: remove 3 to post.' }]);
    expect(view({ ...READY, caption: 'x'.repeat(2200) }).canPublish).toBe(true);
  });

  it('2a a caption with a lone UTF-16 surrogate blocks, as a problem of that video', () => {
    const v = view({ ...READY, caption: 'hi \ud83c' });
    expect(v.canPublish).toBe(false);
    expect(v.blockers.map((b) => b.code)).toEqual(['caption_malformed']);
    expect(v.blockers[0]!.message).toMatch(/broken character at position 4/);
    expect(PER_VIDEO_BLOCKERS).toContain('caption_malformed');
  });

  it("2b privacy options are exactly the creator's, in the creator's order, with no default", () => {
    const v = view();
    expect(v.privacyOptions).toEqual([
      { value: 'PUBLIC_TO_EVERYONE', label: 'Everyone', disabled: false, hint: null },
      { value: 'MUTUAL_FOLLOW_FRIENDS', label: 'Friends', disabled: false, hint: null },
      { value: 'SELF_ONLY', label: 'Only me', disabled: false, hint: null },
    ]);
    expect(v.privacy).toBeNull();
    const reordered = view({}, { creator: can({ ...PUBLIC_ACCOUNT, privacyLevelOptions: ['SELF_ONLY', 'PUBLIC_TO_EVERYONE'] }) });
    expect(reordered.privacyOptions.map((o) => o.value)).toEqual(['SELF_ONLY', 'PUBLIC_TO_EVERYONE']);
    const priv = view({}, { creator: can(PRIVATE_ACCOUNT) });
    expect(priv.privacyOptions.map((o) => o.label)).toEqual(['Followers', 'Friends', 'Only me']);
  });

  it('2b nothing chosen blocks publishing until the creator picks one', () => {
    const v = view();
    expect(v.blockers).toEqual([{ code: 'no_privacy', message: 'Choose who can see this video.' }]);
    expect(v.canPublish).toBe(false);
    expect(view({ privacy: 'SELF_ONLY' }).canPublish).toBe(true);
  });

  it('2b a saved choice the creator no longer offers is not shown as selected and blocks', () => {
    const v = view({ privacy: 'PUBLIC_TO_EVERYONE' }, { creator: can(PRIVATE_ACCOUNT) });
    expect(v.privacy).toBeNull();
    expect(v.blockers).toEqual([
      { code: 'privacy_not_offered', message: '“Everyone” is not available for this TikTok account right now. Choose who can see this video.' },
    ]);
  });

  it('2c no interaction is checked by default', () => {
    const { comment, duet, stitch } = view().interactions;
    for (const i of [comment, duet, stitch]) expect(i).toMatchObject({ checked: false, disabled: false, hint: null });
    expect([comment.label, duet.label, stitch.label]).toEqual(['Allow Comment', 'Allow Duet', 'Allow Stitch']);
  });

  it('2c ticking one checks only that one', () => {
    const { comment, duet, stitch } = view({ allowDuet: true }).interactions;
    expect([comment.checked, duet.checked, stitch.checked]).toEqual([false, true, false]);
  });

  it("2c interactions the creator disabled are greyed out, unchecked whatever the form says, and say why", () => {
    const v = view({ allowComment: true, allowDuet: true, allowStitch: true }, { creator: can({ ...PRIVATE_ACCOUNT, commentDisabled: true }) });
    expect(v.interactions).toEqual({
      comment: { label: 'Allow Comment', checked: false, disabled: true, hint: 'Comments are turned off for this account in TikTok' },
      duet: { label: 'Allow Duet', checked: false, disabled: true, hint: 'Duets are turned off for this account in TikTok' },
      stitch: { label: 'Allow Stitch', checked: false, disabled: true, hint: 'Stitches are turned off for this account in TikTok' },
    });
  });

  it('2c while loading, the interactions are greyed out and unchecked', () => {
    const { comment } = view({ allowComment: true }, { creator: null }).interactions;
    expect(comment).toMatchObject({ checked: false, disabled: true });
  });
});

describe('§4 3: commercial content disclosure', () => {
  it('3a the toggle is off by default, its choices hidden, no label shown', () => {
    expect(view().disclosure).toEqual({
      on: false,
      showChoices: false,
      yourBrand: false,
      brandedContent: false,
      brandedContentDisabled: false,
      brandedContentDisabledReason: null,
      label: null,
    });
  });

  it('3a the toggle and its choices are worded as §4 describes them', () => {
    expect(COMPOSER_TEXT.disclosureToggle).toBe('This content promotes yourself, a brand, product or service');
    expect(COMPOSER_TEXT.yourBrand).toBe('Your brand');
    expect(COMPOSER_TEXT.brandedContent).toBe('Branded content');
    expect(COMPOSER_TEXT.yourBrandHint).toMatch(/yourself or your own business/);
    expect(COMPOSER_TEXT.brandedContentHint).toMatch(/another brand or a third party/);
  });

  it('3a turning the toggle on shows the choices, still without a label', () => {
    expect(view({ ...READY, disclose: true }).disclosure).toMatchObject({ on: true, showChoices: true, yourBrand: false, brandedContent: false, label: null });
  });

  it('3a "Your brand" alone shows the Promotional content label', () => {
    expect(view({ ...READY, disclose: true, yourBrand: true }).disclosure.label).toBe("Your photo/video will be labeled as 'Promotional content'");
  });

  it('3a "Branded content", alone or with "Your brand", shows the Paid partnership label', () => {
    expect(view({ ...READY, disclose: true, brandedContent: true }).disclosure.label).toBe("Your photo/video will be labeled as 'Paid partnership'");
    expect(view({ ...READY, disclose: true, yourBrand: true, brandedContent: true }).disclosure.label).toBe(
      "Your photo/video will be labeled as 'Paid partnership'",
    );
  });

  it('3a toggle on with neither box ticked disables publishing with TikTok\'s exact hover text', () => {
    const v = view({ ...READY, disclose: true });
    expect(v.canPublish).toBe(false);
    expect(v.publishDisabledHint).toBe('You need to indicate if your content promotes yourself, a third party, or both.');
    expect(v.blockers).toEqual([{ code: 'disclosure_incomplete', message: 'You need to indicate if your content promotes yourself, a third party, or both.' }]);
    // The same hover text even before a privacy level is chosen.
    expect(view({ disclose: true }).publishDisabledHint).toBe('You need to indicate if your content promotes yourself, a third party, or both.');
    expect(view({ ...READY, disclose: true, yourBrand: true }).canPublish).toBe(true);
  });

  it('3a ticks left behind when the toggle is turned off do not count', () => {
    const v = view({ ...READY, disclose: false, yourBrand: true, brandedContent: true });
    expect(v.disclosure).toMatchObject({ on: false, yourBrand: false, brandedContent: false, label: null });
    expect(v.consent.text).toBe("By posting, you agree to TikTok's Music Usage Confirmation.");
    expect(v.privacyOptions.find((o) => o.value === 'SELF_ONLY')?.disabled).toBe(false);
  });

  it('3b with Branded content ticked, "Only me" is disabled with TikTok\'s hover text', () => {
    const v = view({ disclose: true, brandedContent: true });
    expect(v.privacyOptions).toEqual([
      { value: 'PUBLIC_TO_EVERYONE', label: 'Everyone', disabled: false, hint: null },
      { value: 'MUTUAL_FOLLOW_FRIENDS', label: 'Friends', disabled: false, hint: null },
      { value: 'SELF_ONLY', label: 'Only me', disabled: true, hint: 'Branded content visibility cannot be set to private.' },
    ]);
  });

  it('3b with "Only me" chosen, Branded content is disabled and says it cannot be private', () => {
    const d = view({ privacy: 'SELF_ONLY', disclose: true }).disclosure;
    expect(d.brandedContentDisabled).toBe(true);
    expect(d.brandedContentDisabledReason).toBe("Branded content can't be private: choose who can see the video other than “Only me” first.");
    expect(view({ privacy: 'MUTUAL_FOLLOW_FRIENDS', disclose: true }).disclosure.brandedContentDisabled).toBe(false);
  });

  it('3b both at once (e.g. a saved form) blocks, and the ticked box stays enabled so it can be unticked', () => {
    const v = view({ privacy: 'SELF_ONLY', disclose: true, brandedContent: true });
    expect(v.blockers).toEqual([{ code: 'branded_private', message: 'Branded content visibility cannot be set to private.' }]);
    expect(v.disclosure.brandedContentDisabled).toBe(false);
  });
});

describe('§4 4: the declaration before the publish button', () => {
  const MUSIC = "By posting, you agree to TikTok's Music Usage Confirmation.";
  const BRANDED = "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.";

  it.each<[string, Partial<ComposerForm>, string]>([
    ['no disclosure', {}, MUSIC],
    ['disclosure on, nothing ticked', { disclose: true }, MUSIC],
    ['Your brand only', { disclose: true, yourBrand: true }, MUSIC],
    ['Branded content only', { disclose: true, brandedContent: true }, BRANDED],
    ['both', { disclose: true, yourBrand: true, brandedContent: true }, BRANDED],
  ])('%s', (_name, form, text) => {
    const { consent } = view({ ...READY, ...form });
    expect(consent.text).toBe(text);
    expect(consent.parts.map((p) => p.text).join('')).toBe(text);
  });

  it('links the Music Usage Confirmation and the Branded Content Policy', () => {
    expect(MUSIC_USAGE_CONFIRMATION_URL).toBe('https://www.tiktok.com/legal/page/global/music-usage-confirmation/en');
    expect(BRANDED_CONTENT_POLICY_URL).toBe('https://www.tiktok.com/legal/page/global/bc-policy/en');
    expect(view().consent.parts).toEqual([
      { text: "By posting, you agree to TikTok's " },
      { text: 'Music Usage Confirmation', href: 'https://www.tiktok.com/legal/page/global/music-usage-confirmation/en' },
      { text: '.' },
    ]);
    expect(view({ disclose: true, brandedContent: true }).consent.parts).toEqual([
      { text: "By posting, you agree to TikTok's " },
      { text: 'Branded Content Policy', href: 'https://www.tiktok.com/legal/page/global/bc-policy/en' },
      { text: ' and ' },
      { text: 'Music Usage Confirmation', href: 'https://www.tiktok.com/legal/page/global/music-usage-confirmation/en' },
      { text: '.' },
    ]);
  });

  it("TikTok's sentences are kept verbatim", () => {
    expect(TIKTOK_UX_TEXT).toEqual({
      disclosureIncomplete: 'You need to indicate if your content promotes yourself, a third party, or both.',
      brandedContentNotPrivate: 'Branded content visibility cannot be set to private.',
      labelPromotionalContent: "Your photo/video will be labeled as 'Promotional content'",
      labelPaidPartnership: "Your photo/video will be labeled as 'Paid partnership'",
      consentMusic: MUSIC,
      consentBranded: BRANDED,
    });
  });
});

describe('§4 5: awareness', () => {
  it('5d tells the creator the video may take a few minutes to process and appear on their profile', () => {
    expect(view(READY).processingNotice).toBe(
      'After you publish, it may take a few minutes for your video to process and appear on your TikTok profile.',
    );
  });

  it('§3.10 the unaudited notice: "Only me" posts, and the account itself must be private', () => {
    expect(UNAUDITED_NOTICE).toMatch(/Until TikTok audits your TikTok developer app/);
    expect(UNAUDITED_NOTICE).toMatch(/“Only me”/);
    expect(UNAUDITED_NOTICE).toMatch(/your TikTok account itself must be set to private/);
  });
});

describe('inbox mode', () => {
  const INBOX: Partial<ComposerForm> = { mode: 'inbox' };

  it("doesn't ask for privacy, interactions or disclosure: TikTok's app does", () => {
    const v = view(INBOX);
    expect(v.showPostSettings).toBe(false);
    expect(v.canPublish).toBe(true);
    expect(view({ ...INBOX, disclose: true }).canPublish).toBe(true);
    expect(view({ ...INBOX, disclose: true, brandedContent: true }).consent.text).toBe("By posting, you agree to TikTok's Music Usage Confirmation.");
  });

  it('says the video goes to the TikTok inbox and is finished from the notification', () => {
    const { processingNotice } = view(INBOX);
    expect(processingNotice).toMatch(/TikTok inbox/);
    expect(processingNotice).toMatch(/open the notification in the TikTok app/);
  });

  it("still blocks a creator who can't post and a video that is too long", () => {
    expect(view(INBOX, { creator: cannot('spam_risk_too_many_pending_share', 'Five drafts are waiting.') }).blockers.map((b) => b.code)).toEqual([
      'creator_cannot_post',
    ]);
    expect(view(INBOX, { videoDurationSec: 200 }).blockers.map((b) => b.code)).toEqual(['too_long']);
    expect(view(INBOX, { creator: null }).canPublish).toBe(false);
  });

  it('works without "Post directly", checking the length against the API\'s 10-minute ceiling', () => {
    const creator = cannot('scope_not_authorized', 'no scope');
    expect(view(INBOX, { creator, videoDurationSec: 590 }).canPublish).toBe(true);
    expect(view(INBOX, { creator, videoDurationSec: 601 }).blockers.map((b) => b.code)).toEqual(['too_long']);
  });
});

describe('toPostSettings', () => {
  const form = (f: Partial<ComposerForm>): ComposerForm => ({ ...EMPTY_COMPOSER_FORM, ...f });

  it('maps a direct post: Your brand → brandOrganic, Branded content → brandContent, interactions as checked', () => {
    expect(
      toPostSettings(form({ privacy: 'PUBLIC_TO_EVERYONE', allowComment: true, allowStitch: true, disclose: true, yourBrand: true, brandedContent: true }), 1500, PUBLIC_ACCOUNT),
    ).toEqual({
      mode: 'direct',
      privacy: 'PUBLIC_TO_EVERYONE',
      allowComment: true,
      allowDuet: false,
      allowStitch: true,
      brandOrganic: true,
      brandContent: true,
      coverTimestampMs: 1500,
    });
  });

  it('nothing ticked is all false, and no cover is null', () => {
    expect(toPostSettings(form({ privacy: 'SELF_ONLY' }))).toEqual({
      mode: 'direct',
      privacy: 'SELF_ONLY',
      allowComment: false,
      allowDuet: false,
      allowStitch: false,
      brandOrganic: false,
      brandContent: false,
      coverTimestampMs: null,
    });
  });

  it('interactions the creator disabled are sent as not allowed', () => {
    const s = toPostSettings(form({ privacy: 'FOLLOWER_OF_CREATOR', allowComment: true, allowDuet: true, allowStitch: true }), null, PRIVATE_ACCOUNT);
    expect(s).toMatchObject({ allowComment: true, allowDuet: false, allowStitch: false });
  });

  it('ticks left behind under a disclosure toggle that is off are not sent', () => {
    expect(toPostSettings(form({ privacy: 'SELF_ONLY', yourBrand: true, brandedContent: true }))).toMatchObject({ brandOrganic: false, brandContent: false });
  });

  it('inbox mode sends none of the direct-post settings', () => {
    expect(toPostSettings(form({ mode: 'inbox', privacy: 'PUBLIC_TO_EVERYONE', allowComment: true, disclose: true, yourBrand: true }), 0)).toEqual({
      mode: 'inbox',
      privacy: null,
      allowComment: false,
      allowDuet: false,
      allowStitch: false,
      brandOrganic: false,
      brandContent: false,
      coverTimestampMs: 0,
    });
  });

  it.each<[string, Partial<ComposerForm>, string]>([
    ['no privacy', {}, 'Choose who can see this video.'],
    ['disclosure on, nothing ticked', { privacy: 'SELF_ONLY', disclose: true }, 'You need to indicate if your content promotes yourself, a third party, or both.'],
    ['branded content and Only me', { privacy: 'SELF_ONLY', disclose: true, brandedContent: true }, 'Branded content visibility cannot be set to private.'],
    ['a privacy level the creator does not offer', { privacy: 'FOLLOWER_OF_CREATOR' }, '“Followers” is not available for this TikTok account right now.'],
  ])('throws for %s', (_name, f, message) => {
    expect(() => toPostSettings(form(f), null, PUBLIC_ACCOUNT)).toThrow(message);
  });

  it('throws for an invalid cover time', () => {
    expect(() => toPostSettings(form({ privacy: 'SELF_ONLY' }), -1)).toThrow();
    expect(() => toPostSettings(form({ privacy: 'SELF_ONLY' }), 1.5)).toThrow();
  });

  it('agrees with evaluateComposer: whatever can be published converts', () => {
    const forms: Partial<ComposerForm>[] = [
      READY,
      { privacy: 'SELF_ONLY', disclose: true, yourBrand: true },
      { privacy: 'MUTUAL_FOLLOW_FRIENDS', disclose: true, brandedContent: true, allowComment: true },
      { mode: 'inbox' },
    ];
    for (const f of forms) {
      expect(view(f).canPublish).toBe(true);
      expect(() => toPostSettings(form(f), null, PUBLIC_ACCOUNT)).not.toThrow();
    }
  });
});
