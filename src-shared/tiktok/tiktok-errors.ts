// Every code TikTok can answer with, in words a creator can act on (docs/platforms.md, TikTok
// §1.8, §3.5, §3.11). Pure: the publisher decides whether to retry from `retryable`, the UI
// shows `message` and offers the button `action` names. TikTok's code is kept so support can
// look it up.

/**
 * What the person can do: try again now, wait (a limit resets), reconnect the TikTok account,
 * edit the video or caption, change a setting (in TikTok or in Clipdesk), contact support, or
 * nothing (the outcome is final).
 */
export type TikTokErrorAction = 'retry' | 'wait' | 'reconnect' | 'edit' | 'settings' | 'contact' | 'none';

export interface TikTokErrorWords {
  code: string;
  message: string;
  /** Sending the same request again, unchanged, may succeed — so the publisher may do it itself. */
  retryable: boolean;
  action: TikTokErrorAction;
}

/** Where the code came from; a few codes mean different things in different places. */
/** `display`: the Display API Insights reads (user stats and profile, video list and query, §5). */
export type TikTokErrorPlace = 'oauth' | 'creator_info' | 'init' | 'upload' | 'status' | 'revoke' | 'display';

type Words = Omit<TikTokErrorWords, 'code'>;
type Entry = Words | ((where: TikTokErrorPlace | undefined) => Words);

const words = (message: string, retryable: boolean, action: TikTokErrorAction): Words => ({ message, retryable, action });

const DAILY_POSTS =
  'TikTok limits how many videos an account can post in a day — about 15, counted across every app that posts for you, and the exact number varies by account. Try again tomorrow.';
const BANNED =
  "TikTok has blocked this account from posting right now. Open the TikTok app to see TikTok's notice; Clipdesk can't post for this account until TikTok lifts the block.";
const INVALID_PARAM = (where: TikTokErrorPlace | undefined): Words =>
  where === 'init'
    ? words(
        "TikTok rejected the post's details (its settings, or the declared size and chunks of the upload). Nothing was posted. Try once more; if it happens again, contact Clipdesk support with this code.",
        false,
        'contact',
      )
    : words('TikTok rejected the request as malformed. Nothing was changed. If it happens again, contact Clipdesk support with this code.', false, 'contact');

const ACCESS_TOKEN_INVALID = (where: TikTokErrorPlace | undefined): Words =>
  where === 'revoke'
    ? words('This TikTok connection had already ended, so there was nothing left to disconnect.', false, 'none')
    : words(
        'Your TikTok sign-in has expired or was withdrawn. Clipdesk renews it on its own; if this keeps appearing, reconnect your TikTok account.',
        true,
        'reconnect',
      );

const RATE_LIMIT = (where: TikTokErrorPlace | undefined): Words => {
  const limit =
    where === 'init'
      ? ' (6 new posts a minute per account)'
      : where === 'creator_info'
        ? ' (20 account checks a minute)'
        : where === 'status'
          ? ' (30 status checks a minute)'
          : where === 'display'
            ? ' (600 requests a minute for each kind of statistic)'
            : '';
  return words(`Too many requests to TikTok in a short time${limit}. Wait a minute; Clipdesk will try again.`, true, 'wait');
};

/** Data-API `error.code` values (§3.11, with the per-endpoint lists of §3.1–§3.7). */
const API_ERRORS: Record<string, Entry> = {
  access_token_invalid: ACCESS_TOKEN_INVALID,
  scope_not_authorized: (where) =>
    where === 'display'
      ? words(
          "Your TikTok account didn't give Clipdesk permission to read its videos and their views, likes, comments and shares (video.list), so Insights can't show them. Publishing is not affected. Reconnect the account and leave that permission ticked.",
          false,
          'reconnect',
        )
      : words(
          "Your TikTok account didn't give Clipdesk this permission. Reconnect the account and leave “Post directly” (video.publish) and “Upload to inbox” (video.upload) switched on, or send the video to your TikTok inbox instead.",
          false,
          'reconnect',
        ),
  scope_permission_missed: (where) =>
    where === 'display'
      ? words(
          "Your TikTok account didn't give Clipdesk permission to read these account details (its counts need user.info.stats, its username and bio user.info.profile), so Insights can't show them. Publishing is not affected. Reconnect the account and leave those permissions ticked.",
          false,
          'reconnect',
        )
      : words(
          'Clipdesk asked TikTok for details this connection may not read. Reconnect your TikTok account and allow every permission Clipdesk asks for.',
          false,
          'reconnect',
        ),
  invalid_params: INVALID_PARAM,
  invalid_param: INVALID_PARAM,
  invalid_file_upload: words(
    "TikTok didn't accept the upload as described (file size or chunks). Nothing was posted. Render the video again and retry; if it happens again, contact Clipdesk support with this code.",
    false,
    'contact',
  ),
  rate_limit_exceeded: RATE_LIMIT,
  internal_error: words("TikTok had a problem on its side. It's usually brief: Clipdesk will try again, or try again in a few minutes.", true, 'retry'),
  spam_risk_too_many_posts: words(DAILY_POSTS, false, 'wait'),
  spam_risk_user_banned_from_posting: words(BANNED, false, 'none'),
  spam_risk_too_many_pending_share: words(
    'You already have 5 videos waiting in your TikTok inbox from the last 24 hours, the most TikTok allows. Open TikTok and post or delete some of them, then try again.',
    false,
    'wait',
  ),
  reached_active_user_cap: words(
    "Your TikTok developer app has reached TikTok's daily limit of accounts that may post through it (5 a day until TikTok audits the app). Try again tomorrow, or have the app audited to raise the limit.",
    false,
    'wait',
  ),
  unaudited_client_can_only_post_to_private_accounts: words(
    "TikTok hasn't audited your TikTok developer app yet, so it may only post to private accounts. Set your TikTok account to private (TikTok app › Settings and privacy › Privacy › Private account) and try again, or get the developer app audited by TikTok. Choosing “Only me” for this video does not fix it: the account itself must be private.",
    false,
    'settings',
  ),
  url_ownership_unverified: words(
    "TikTok refused to fetch the video from a web address that isn't verified for your developer app. Clipdesk uploads files directly, so this shouldn't happen; contact Clipdesk support with this code.",
    false,
    'contact',
  ),
  privacy_level_option_mismatch: words(
    "The chosen audience is not one TikTok offers this account right now (for example, after the account was switched between public and private). Choose who can see the video again and retry.",
    false,
    'edit',
  ),
  app_version_check_failed: words('The TikTok app on your phone is too old for this. Update TikTok (version 31.8 or later) and try again.', false, 'settings'),
  invalid_publish_id: words(
    "TikTok doesn't recognise this post any more, so Clipdesk can't check on it. Look in the TikTok app to see whether it was posted before posting it again.",
    false,
    'none',
  ),
  token_not_authorized_for_specified_publish_id: words(
    "This post was started from a different TikTok connection, so this one can't check on it. Reconnect the account the post was sent from, or look in the TikTok app.",
    false,
    'reconnect',
  ),
  publish_not_cancellable: words('TikTok is already too far along with this post to cancel it. Delete it in the TikTok app if you no longer want it.', false, 'none'),
};

/** Login Kit's `error` values (§1.8). */
const OAUTH_ERRORS: Record<string, Entry> = {
  access_denied: words('The TikTok connection was not allowed: permission was declined in the browser. Connect again and choose Authorize when you are ready.', false, 'reconnect'),
  invalid_client: words(
    'TikTok did not recognise the client key or client secret. Check them in Settings against your app on developers.tiktok.com (sandbox and production have different keys).',
    false,
    'settings',
  ),
  invalid_grant: (where) =>
    words(
      where === 'revoke'
        ? 'This TikTok connection had already ended on TikTok’s side. Nothing more to do.'
        : 'TikTok no longer accepts this sign-in (it expired, was used already, or access was removed in TikTok). Reconnect your TikTok account.',
      false,
      where === 'revoke' ? 'none' : 'reconnect',
    ),
  invalid_request: words(
    "TikTok refused the sign-in request as incomplete or malformed (for example, the code check didn't match). Connect again; if it keeps failing, contact Clipdesk support with this code.",
    false,
    'reconnect',
  ),
  invalid_scope: words(
    "TikTok refused the permissions Clipdesk asks for. In your app on developers.tiktok.com, add Login Kit, Content Posting API (with Direct Post) and Display API, and the scopes Settings › TikTok lists, so these permissions are approved, then connect again.",
    false,
    'settings',
  ),
  unauthorized_client: words(
    'Your TikTok developer app may not sign in this way. On developers.tiktok.com, enable Login Kit for Desktop and register the redirect address http://127.0.0.1:*/callback/, then connect again.',
    false,
    'settings',
  ),
  unsupported_grant_type: words('TikTok refused the kind of sign-in Clipdesk asked for. This is a Clipdesk problem: contact Clipdesk support with this code.', false, 'contact'),
  unsupported_response_type: words('TikTok refused the sign-in request Clipdesk made. This is a Clipdesk problem: contact Clipdesk support with this code.', false, 'contact'),
};

/** status/fetch's `fail_reason` and the post.publish.failed webhook's reason (§3.5). */
const FAIL_REASONS: Record<string, Words> = {
  file_format_check_failed: words(
    "TikTok couldn't read the video file. Render it again as MP4 (H.264 video, AAC audio) — Clipdesk's render does this — and post again.",
    false,
    'edit',
  ),
  duration_check_failed: words(
    "The video's length is outside what TikTok allows this account (at most 3 minutes for every account, longer for some). Trim it and post again.",
    false,
    'edit',
  ),
  frame_rate_check_failed: words('TikTok refused the frame rate. Render the video again — TikTok accepts 23 to 60 fps — and post again.', false, 'edit'),
  picture_size_check_failed: words(
    'TikTok refused the picture size. Render the video again so each side is between 360 and 4096 pixels, and post again.',
    false,
    'edit',
  ),
  internal: words("TikTok had a problem on its side while processing the video. Post it again; it's usually brief.", true, 'retry'),
  video_pull_failed: words(
    "TikTok couldn't download the video from the web address it was given. Clipdesk uploads files directly, so post again; if it happens again, contact Clipdesk support.",
    false,
    'retry',
  ),
  photo_pull_failed: words(
    "TikTok couldn't download the photos from the web addresses it was given. Post again; if it happens again, contact Clipdesk support.",
    false,
    'retry',
  ),
  publish_cancelled: words('The post was cancelled before TikTok published it. Nothing was posted.', false, 'none'),
  auth_removed: words(
    "Clipdesk's access to this TikTok account was removed (in TikTok, or the account changed), so TikTok stopped the post. Reconnect the account and post again.",
    false,
    'reconnect',
  ),
  spam_risk_too_many_posts: words(DAILY_POSTS, false, 'wait'),
  spam_risk_user_banned_from_posting: words(BANNED, false, 'none'),
  spam_risk_text: words("TikTok's spam checks flagged the caption. Rewrite it — fewer hashtags, mentions and links help — and post again.", false, 'edit'),
  spam_risk: words(
    "TikTok's spam checks stopped this post. Posting it again unchanged is likely to be stopped too: wait a while, and change the video or caption before trying again.",
    false,
    'edit',
  ),
};

export const TIKTOK_ERROR_CODES: readonly string[] = Object.freeze([...Object.keys(API_ERRORS), ...Object.keys(OAUTH_ERRORS)]);
export const TIKTOK_FAIL_REASONS: readonly string[] = Object.freeze(Object.keys(FAIL_REASONS));

/** What an unknown code gets: the truth (we don't know it), the code, and who can help. */
export function genericTikTokError(code: string): TikTokErrorWords {
  return {
    code,
    message: `TikTok answered with “${code}”, which Clipdesk doesn't know yet. Try again later; if it keeps happening, contact Clipdesk support with this code.`,
    retryable: false,
    action: 'contact',
  };
}

const own = (table: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(table, key);

/**
 * Words for a data-API `error.code` or a Login Kit `error`. HTTP statuses without a code can be
 * passed as `http_<status>` (e.g. `http_503`, or `http_416` from an upload PUT).
 */
export function describeTikTokError(code: string, where?: TikTokErrorPlace): TikTokErrorWords {
  const key = code.trim().toLowerCase();
  if (key === 'ok') return { code, message: 'TikTok accepted the request.', retryable: false, action: 'none' };
  const entry = own(API_ERRORS, key) ? API_ERRORS[key] : own(OAUTH_ERRORS, key) ? OAUTH_ERRORS[key] : undefined;
  if (entry !== undefined) return { code, ...(typeof entry === 'function' ? entry(where) : entry) };
  const http = /^http_(\d{3})$/.exec(key);
  if (http) return describeHttpStatus(code, Number(http[1]), where);
  return genericTikTokError(code);
}

/** Words for a status/fetch `fail_reason` (or the webhook's). */
export function describeFailReason(reason: string): TikTokErrorWords {
  const key = reason.trim().toLowerCase();
  const entry = own(FAIL_REASONS, key) ? FAIL_REASONS[key] : undefined;
  return entry ? { code: reason, ...entry } : genericTikTokError(reason);
}

/** Bare HTTP statuses, chiefly the upload PUT's (§3.3), which answer with no error code. */
function describeHttpStatus(code: string, status: number, where: TikTokErrorPlace | undefined): TikTokErrorWords {
  if (status >= 500 && status <= 599) {
    return { code, message: `TikTok's servers had a problem (HTTP ${status}). It is usually brief: Clipdesk will try again.`, retryable: true, action: 'retry' };
  }
  if (status === 429) return { code, ...RATE_LIMIT(where) };
  if (status === 401) return { code, ...ACCESS_TOKEN_INVALID(where) };
  if (where === 'upload') {
    // 403/404: the upload_url expired (it lasts an hour) or its task is gone, so TikTok holds no
    // complete video for this publish_id. Retrying means a new init — the publisher still checks
    // status/fetch first if the last chunk's answer was lost, so a post is never made twice.
    if (status === 403 || status === 404) {
      return {
        code,
        message: 'The upload link from TikTok expired (it lasts an hour) or was lost before the upload finished, so the upload has to start again.',
        retryable: true,
        action: 'retry',
      };
    }
    if (status === 416) {
      return { code, message: 'TikTok had received a different part of the video than Clipdesk sent next; the upload carries on from where TikTok is.', retryable: true, action: 'retry' };
    }
    if (status === 400) {
      return { code, message: 'TikTok refused a piece of the upload as malformed. Nothing was posted. This is a Clipdesk problem: contact Clipdesk support with this code.', retryable: false, action: 'contact' };
    }
  }
  return genericTikTokError(code);
}
