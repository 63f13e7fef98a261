// Every TikTok code in words a person can act on, with the retry flags of docs/platforms.md,
// TikTok (§1.8 OAuth errors, §3.5 fail reasons, §3.11 data-API codes).
import { describe, expect, it } from 'vitest';
import {
  TIKTOK_ERROR_CODES,
  TIKTOK_FAIL_REASONS,
  describeFailReason,
  describeTikTokError,
  genericTikTokError,
  type TikTokErrorAction,
} from '../../src-shared/tiktok/tiktok-errors';

/** §3.11, as listed there (both spellings of invalid_param), without `ok`, which is no error. */
const API_CODES: Record<string, [retryable: boolean, action: TikTokErrorAction]> = {
  access_token_invalid: [true, 'reconnect'],
  scope_not_authorized: [false, 'reconnect'],
  scope_permission_missed: [false, 'reconnect'],
  invalid_params: [false, 'contact'],
  invalid_param: [false, 'contact'],
  invalid_file_upload: [false, 'contact'],
  rate_limit_exceeded: [true, 'wait'],
  internal_error: [true, 'retry'],
  spam_risk_too_many_posts: [false, 'wait'],
  spam_risk_user_banned_from_posting: [false, 'none'],
  spam_risk_too_many_pending_share: [false, 'wait'],
  reached_active_user_cap: [false, 'wait'],
  unaudited_client_can_only_post_to_private_accounts: [false, 'settings'],
  url_ownership_unverified: [false, 'contact'],
  privacy_level_option_mismatch: [false, 'edit'],
  app_version_check_failed: [false, 'settings'],
  invalid_publish_id: [false, 'none'],
  token_not_authorized_for_specified_publish_id: [false, 'reconnect'],
  publish_not_cancellable: [false, 'none'],
};

/** §1.8: none of them goes away by sending the same request again. */
const OAUTH_CODES: Record<string, [retryable: boolean, action: TikTokErrorAction]> = {
  access_denied: [false, 'reconnect'],
  invalid_client: [false, 'settings'],
  invalid_grant: [false, 'reconnect'],
  invalid_request: [false, 'reconnect'],
  invalid_scope: [false, 'settings'],
  unauthorized_client: [false, 'settings'],
  unsupported_grant_type: [false, 'contact'],
  unsupported_response_type: [false, 'contact'],
};

/** §3.5: `internal` is the only one TikTok calls retryable. */
const FAIL_REASONS: Record<string, [retryable: boolean, action: TikTokErrorAction]> = {
  file_format_check_failed: [false, 'edit'],
  duration_check_failed: [false, 'edit'],
  frame_rate_check_failed: [false, 'edit'],
  picture_size_check_failed: [false, 'edit'],
  internal: [true, 'retry'],
  video_pull_failed: [false, 'retry'],
  photo_pull_failed: [false, 'retry'],
  publish_cancelled: [false, 'none'],
  auth_removed: [false, 'reconnect'],
  spam_risk_too_many_posts: [false, 'wait'],
  spam_risk_user_banned_from_posting: [false, 'none'],
  spam_risk_text: [false, 'edit'],
  spam_risk: [false, 'edit'],
};

const PLACES = [undefined, 'oauth', 'creator_info', 'init', 'upload', 'status', 'revoke'] as const;

describe('the code lists', () => {
  it('TIKTOK_ERROR_CODES is exactly the codes of §3.11 and §1.8', () => {
    expect([...TIKTOK_ERROR_CODES].sort()).toEqual([...Object.keys(API_CODES), ...Object.keys(OAUTH_CODES)].sort());
  });

  it('TIKTOK_FAIL_REASONS is exactly the fail reasons of §3.5', () => {
    expect([...TIKTOK_FAIL_REASONS].sort()).toEqual(Object.keys(FAIL_REASONS).sort());
  });

  it('the lists cannot be changed', () => {
    expect(Object.isFrozen(TIKTOK_ERROR_CODES)).toBe(true);
    expect(Object.isFrozen(TIKTOK_FAIL_REASONS)).toBe(true);
  });
});

describe('describeTikTokError', () => {
  it.each(Object.entries({ ...API_CODES, ...OAUTH_CODES }))('%s: specific words and the reference flags', (code, [retryable, action]) => {
    const w = describeTikTokError(code);
    expect(w).toMatchObject({ code, retryable, action });
    expect(w.message).not.toBe(genericTikTokError(code).message);
    expect(w.message).not.toContain("doesn't know");
    expect(w.message.length).toBeGreaterThan(40);
  });

  it('every code has specific words in every place it may come from', () => {
    for (const code of TIKTOK_ERROR_CODES) {
      for (const where of PLACES) expect(describeTikTokError(code, where).message).not.toBe(genericTikTokError(code).message);
    }
  });

  it('both spellings of invalid_param read the same', () => {
    for (const where of PLACES) {
      const { code: _a, ...one } = describeTikTokError('invalid_param', where);
      const { code: _b, ...other } = describeTikTokError('invalid_params', where);
      expect(one).toEqual(other);
    }
  });

  it('unaudited: set the TikTok account to private or get the developer app audited; "Only me" does not fix it', () => {
    const { message } = describeTikTokError('unaudited_client_can_only_post_to_private_accounts', 'init');
    expect(message).toMatch(/Set your TikTok account to private/);
    expect(message).toMatch(/audited/);
    expect(message).toMatch(/“Only me” for this video does not fix it/);
  });

  it('too many posts: about 15 a day, shared across every app', () => {
    const { message } = describeTikTokError('spam_risk_too_many_posts', 'creator_info');
    expect(message).toMatch(/about 15/);
    expect(message).toMatch(/across every app/);
    expect(message).toMatch(/tomorrow/);
  });

  it('scope_not_authorized names the Post directly permission and the inbox alternative', () => {
    const { message } = describeTikTokError('scope_not_authorized', 'creator_info');
    expect(message).toContain('“Post directly” (video.publish)');
    expect(message).toMatch(/inbox/);
  });

  it('rate limits name the limit of the endpoint', () => {
    expect(describeTikTokError('rate_limit_exceeded', 'init').message).toContain('6 new posts a minute');
    expect(describeTikTokError('rate_limit_exceeded', 'creator_info').message).toContain('20 account checks a minute');
    expect(describeTikTokError('rate_limit_exceeded', 'status').message).toContain('30 status checks a minute');
    expect(describeTikTokError('rate_limit_exceeded').message).toMatch(/^Too many requests to TikTok in a short time\. /);
  });

  it('an expired token on revoke means there is nothing left to do', () => {
    expect(describeTikTokError('access_token_invalid', 'revoke')).toMatchObject({ retryable: false, action: 'none' });
    expect(describeTikTokError('invalid_grant', 'revoke')).toMatchObject({ retryable: false, action: 'none' });
  });

  it('ok is not an error', () => {
    expect(describeTikTokError('ok')).toMatchObject({ retryable: false, action: 'none' });
  });

  it('codes are matched regardless of case and surrounding spaces, and the original is kept', () => {
    expect(describeTikTokError(' Internal_Error ')).toMatchObject({ code: ' Internal_Error ', retryable: true, action: 'retry' });
  });

  it('an unknown code gets honest generic words that include it', () => {
    const w = describeTikTokError('brand_new_thing', 'init');
    expect(w).toEqual(genericTikTokError('brand_new_thing'));
    expect(w).toMatchObject({ code: 'brand_new_thing', retryable: false, action: 'contact' });
    expect(w.message).toContain('“brand_new_thing”');
  });

  it('does not treat inherited object keys as codes', () => {
    for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(describeTikTokError(code)).toEqual(genericTikTokError(code));
  });

  describe('bare HTTP statuses', () => {
    it.each([500, 502, 503, 504, 599])('http_%i is retryable', (status) => {
      expect(describeTikTokError(`http_${status}`, 'upload')).toMatchObject({ retryable: true, action: 'retry' });
      expect(describeTikTokError(`http_${status}`).message).toContain(String(status));
    });

    it('http_429 is the rate limit', () => {
      expect(describeTikTokError('http_429', 'status')).toMatchObject({ retryable: true, action: 'wait' });
    });

    it('an upload 403/404 means the link expired: start the upload again', () => {
      for (const s of [403, 404]) expect(describeTikTokError(`http_${s}`, 'upload')).toMatchObject({ retryable: true, action: 'retry' });
      expect(describeTikTokError('http_403', 'upload').message).toMatch(/expired/);
    });

    it('an upload 416 resumes where TikTok is; an upload 400 is a bug', () => {
      expect(describeTikTokError('http_416', 'upload')).toMatchObject({ retryable: true, action: 'retry' });
      expect(describeTikTokError('http_400', 'upload')).toMatchObject({ retryable: false, action: 'contact' });
    });

    it('statuses with no known meaning in their place are generic', () => {
      expect(describeTikTokError('http_418', 'upload')).toEqual(genericTikTokError('http_418'));
      expect(describeTikTokError('http_403', 'init')).toEqual(genericTikTokError('http_403'));
    });
  });
});

describe('describeFailReason', () => {
  it.each(Object.entries(FAIL_REASONS))('%s: specific words and the reference flags', (reason, [retryable, action]) => {
    const w = describeFailReason(reason);
    expect(w).toMatchObject({ code: reason, retryable, action });
    expect(w.message).not.toBe(genericTikTokError(reason).message);
    expect(w.message.length).toBeGreaterThan(40);
  });

  it('format checks say what to change', () => {
    expect(describeFailReason('frame_rate_check_failed').message).toMatch(/Render the video again — TikTok accepts 23 to 60 fps/);
    expect(describeFailReason('picture_size_check_failed').message).toMatch(/360 and 4096 pixels/);
    expect(describeFailReason('file_format_check_failed').message).toMatch(/MP4 \(H\.264 video, AAC audio\)/);
    expect(describeFailReason('duration_check_failed').message).toMatch(/Trim/);
  });

  it('spam_risk_too_many_posts reads the same as the data-API code', () => {
    expect(describeFailReason('spam_risk_too_many_posts').message).toBe(describeTikTokError('spam_risk_too_many_posts').message);
  });

  it('an unknown reason gets honest generic words that include it', () => {
    expect(describeFailReason('something_new')).toEqual(genericTikTokError('something_new'));
  });
});
