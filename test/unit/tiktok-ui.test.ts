// The TikTok UI's own pure parts (the rules themselves are tested in tiktok-composer-rules.test.ts):
// a datetime-local value read in the creator's zone and sent with its offset, the words and
// percentages of publish progress, which buttons a post offers, and the composer's glue —
// what it finally sends must pass the contract's posts.create.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src-shared/contract';
import type { PostSummary, PublishProgress } from '../../src-shared/posts/post';
import type { Account } from '../../src-shared/tiktok/accounts';
import { EMPTY_COMPOSER_FORM, toPostSettings } from '../../src-shared/tiktok/composer-rules';
import { AppError } from '../../src-shared/errors';
import { canCancel, canRetry, captionExcerpt, progressLine, rowTime, settleOffer, uploadFraction, waitsForAccount } from '../../src-renderer/src/lib/publish-progress';
import { checkSchedule, defaultScheduleValue, parseLocalDateTime, toIsoWithOffset, toLocalInputValue } from '../../src-renderer/src/lib/schedule-time';
import { coverTimestampMs } from '../../src-renderer/src/lib/postable-videos';
import {
  creatorStatusFromError,
  inboxUnavailable,
  pickAccount,
  postButtonLabel,
} from '../../src-renderer/src/sections/composer/composer-helpers';

/** Runs with the process in `zone`; Node re-reads TZ when it changes. */
function inZone(zone: string): void {
  let before: string | undefined;
  beforeAll(() => {
    before = process.env.TZ;
    process.env.TZ = zone;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });
}

describe('scheduling in the creator’s zone (Berlin)', () => {
  inZone('Europe/Berlin');
  const now = new Date('2026-03-01T12:00:00Z');

  it('sends the local time with the offset that zone has on that day', () => {
    expect(toIsoWithOffset(parseLocalDateTime('2026-05-04T09:00') as Date)).toBe('2026-05-04T09:00:00+02:00');
    expect(toIsoWithOffset(parseLocalDateTime('2026-12-24T18:30') as Date)).toBe('2026-12-24T18:30:00+01:00');
    const summer = checkSchedule('2026-07-01T23:45', now);
    expect(summer).toMatchObject({ ok: true, iso: '2026-07-01T23:45:00+02:00', note: null });
    // The same moment as the creator meant it, whatever zone the core runs in.
    if (summer.ok) expect(new Date(summer.iso).toISOString()).toBe('2026-07-01T21:45:00.000Z');
  });

  it('round-trips between the field and a moment', () => {
    const d = parseLocalDateTime('2026-10-25T01:15') as Date;
    expect(toLocalInputValue(d)).toBe('2026-10-25T01:15');
    expect(parseLocalDateTime('2026-10-25T01:15:30')?.getSeconds()).toBe(30);
  });

  it('says when a time does not exist because the clocks go forward', () => {
    const gap = checkSchedule('2026-03-29T02:30', now);
    expect(gap.ok).toBe(true);
    if (gap.ok) {
      expect(gap.iso).toBe('2026-03-29T03:30:00+02:00');
      expect(gap.note).toMatch(/does not exist.*03:30/);
    }
  });

  it('refuses what it cannot read, impossible dates, and times already past', () => {
    expect(parseLocalDateTime('2026-02-31T10:00')).toBeNull();
    expect(parseLocalDateTime('2026-13-01T10:00')).toBeNull();
    expect(parseLocalDateTime('tomorrow at nine')).toBeNull();
    expect(checkSchedule('', now)).toEqual({ ok: false, problem: expect.stringMatching(/Choose a date and time/) });
    expect(checkSchedule('2026-02-31T10:00', now)).toEqual({ ok: false, problem: expect.stringMatching(/not a date and time/) });
    expect(checkSchedule('2026-03-01T12:00', now)).toEqual({ ok: false, problem: expect.stringMatching(/passed or is too close/) });
    // 13:00:30 local is 30 s from now (12:00:00Z is 13:00 in Berlin): too close to be a schedule.
    expect(checkSchedule('2026-03-01T13:00:30', now).ok).toBe(false);
    expect(checkSchedule('2026-03-01T13:02', now).ok).toBe(true);
  });

  it('starts the Schedule field at the next whole hour at least half an hour away', () => {
    expect(defaultScheduleValue(new Date('2026-03-01T12:20:00Z'))).toBe('2026-03-01T14:00');
    expect(defaultScheduleValue(new Date('2026-03-01T12:40:00Z'))).toBe('2026-03-01T15:00');
    expect(checkSchedule(defaultScheduleValue(now), now).ok).toBe(true);
  });
});

describe('scheduling in zones with other offsets', () => {
  describe('Kolkata (+05:30)', () => {
    inZone('Asia/Kolkata');
    it('keeps the half hour', () => {
      expect(toIsoWithOffset(parseLocalDateTime('2026-05-04T09:00') as Date)).toBe('2026-05-04T09:00:00+05:30');
    });
  });
  describe('St. John’s (−02:30 in summer)', () => {
    inZone('America/St_Johns');
    it('writes a negative offset with its minutes', () => {
      expect(toIsoWithOffset(parseLocalDateTime('2026-07-04T09:00') as Date)).toBe('2026-07-04T09:00:00-02:30');
    });
  });
  describe('UTC', () => {
    inZone('UTC');
    it('writes +00:00', () => {
      expect(toIsoWithOffset(parseLocalDateTime('2026-07-04T09:00') as Date)).toBe('2026-07-04T09:00:00+00:00');
    });
  });
});

const progress = (over: Partial<PublishProgress>): PublishProgress => ({
  phase: 'waiting',
  attempt: 1,
  uploadedBytes: 0,
  totalBytes: 0,
  tiktokStatus: null,
  publishId: null,
  postUrl: null,
  failure: null,
  nextCheckAt: null,
  detail: null,
  videoAtTikTok: false,
  uploadCompletedAt: null,
  ...over,
});

const post = (over: Partial<PostSummary>): PostSummary => ({
  id: 'p1',
  state: 'scheduled',
  caption: 'Sunset #beach',
  accountId: 'a1',
  accountName: 'Maria Bakes',
  accountUsername: 'mariabakes',
  accountState: 'connected',
  clipId: 'c1',
  renderId: 'r1',
  fileName: 'beach.mp4',
  durationSec: 12,
  approval: null,
  tiktok: { mode: 'direct', privacy: 'PUBLIC_TO_EVERYONE', allowComment: false, allowDuet: false, allowStitch: false, brandOrganic: false, brandContent: false, coverTimestampMs: null },
  scheduledAt: null,
  publish: null,
  hold: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('publish progress', () => {
  it('reads the upload as a fraction of the bytes, and not at all before the size is known', () => {
    expect(uploadFraction({ uploadedBytes: 5, totalBytes: 10 })).toBe(0.5);
    expect(uploadFraction({ uploadedBytes: 12, totalBytes: 10 })).toBe(1);
    expect(uploadFraction({ uploadedBytes: 0, totalBytes: 0 })).toBeNull();
  });

  it('says nothing for a post that has not started, or that only waits for its time', () => {
    expect(progressLine(post({ publish: null }))).toBeNull();
    expect(progressLine(post({ publish: progress({ phase: 'waiting' }) }))).toBeNull();
    expect(progressLine(post({ publish: progress({ phase: 'waiting', detail: 'Waiting: TikTok allows 6 uploads a minute' }) }))?.text).toBe(
      'Waiting: TikTok allows 6 uploads a minute',
    );
  });

  it('shows the upload’s percentage and bytes on a bar', () => {
    const line = progressLine(post({ state: 'uploading', publish: progress({ phase: 'uploading', uploadedBytes: 42_000_000, totalBytes: 100_000_000, detail: 'Uploading 42 %' }) }));
    expect(line?.text).toMatch(/^Uploading to TikTok · 42% · /);
    expect(line?.bar).toEqual({ fraction: 0.42, label: 'Uploading beach.mp4 to TikTok', valueText: '42%' });
    // The publisher's "Uploading 42 %" would only repeat it; another sentence is shown.
    expect(line?.note).toBeNull();
    expect(progressLine(post({ publish: progress({ phase: 'uploading', totalBytes: 10, detail: 'Upload link expired; starting again (attempt 2)' }) }))?.note).toMatch(/attempt 2/);
  });

  it('says TikTok is processing, with an indeterminate bar and the few-minutes notice', () => {
    const line = progressLine(post({ state: 'processing', publish: progress({ phase: 'processing' }) }));
    expect(line?.bar?.fraction).toBeNull();
    expect(line?.note).toMatch(/few minutes/);
    // The publisher's own sentence replaces it rather than repeating it.
    const said = progressLine(post({ state: 'processing', publish: progress({ phase: 'processing', detail: 'TikTok is processing the video; this can take a few minutes.' }) }));
    expect(said).toMatchObject({ text: 'TikTok is processing the video; this can take a few minutes.', note: null });
  });

  it('shows when a waiting post goes out, and when a finished one finished', () => {
    const at = { scheduledAt: '2030-05-04T09:00:00Z', updatedAt: '2030-05-04T09:01:00Z' };
    expect(rowTime({ state: 'scheduled', ...at })).toEqual({ words: 'Scheduled for', iso: at.scheduledAt, withDate: true });
    expect(rowTime({ state: 'published', ...at })).toEqual({ words: 'Published', iso: at.updatedAt, withDate: true });
    expect(rowTime({ state: 'failed', ...at }).words).toBe('Failed');
    expect(rowTime({ state: 'uploading', ...at })).toEqual({ words: 'Updated', iso: at.updatedAt, withDate: false });
    expect(rowTime({ state: 'ready', scheduledAt: null, updatedAt: at.updatedAt }).words).toBe('Updated');
  });

  it('links the published video when TikTok gave its address', () => {
    const url = 'https://www.tiktok.com/@maria/video/7678907398077074696';
    const line = progressLine(post({ state: 'published', publish: progress({ phase: 'published', postUrl: url }) }));
    expect(line).toMatchObject({ tone: 'success', text: 'Published on TikTok', postUrl: url, note: null });
    const privateLine = progressLine(post({ state: 'published', tiktok: { ...post({}).tiktok!, privacy: 'SELF_ONLY' }, publish: progress({ phase: 'published' }) }));
    expect(privateLine?.postUrl).toBeNull();
    expect(privateLine?.note).toMatch(/Only you can see it/);
  });

  it('sends an inbox draft to the TikTok app to finish', () => {
    expect(progressLine(post({ publish: progress({ phase: 'inbox' }) }))?.text).toBe('Sent to your TikTok inbox — open the TikTok app to finish');
  });

  it('says why it failed, in the publisher’s words', () => {
    const failure = { code: 'spam_risk_too_many_posts', message: 'TikTok allows only so many posts a day from this account. Try tomorrow.', retryable: false, action: 'wait' as const };
    expect(progressLine(post({ state: 'failed', publish: progress({ phase: 'failed', failure }) }))).toMatchObject({ tone: 'danger', text: failure.message });
  });

  it('offers Retry only when the publisher says it can help, and Cancel only before the upload starts', () => {
    const failed = (retryable: boolean) => post({ state: 'failed', publish: progress({ phase: 'failed', failure: { code: 'x', message: 'x', retryable, action: 'retry' } }) });
    expect(canRetry(failed(true))).toBe(true);
    expect(canRetry(failed(false))).toBe(false);
    expect(canRetry(post({ state: 'failed', publish: null }))).toBe(false);
    expect(canCancel(post({ state: 'scheduled', publish: progress({}) }))).toBe(true);
    expect(canCancel(post({ state: 'ready' }))).toBe(true);
    expect(canCancel(post({ state: 'scheduled', publish: progress({ phase: 'initialising' }) }))).toBe(false);
    expect(canCancel(post({ state: 'uploading', publish: progress({ phase: 'uploading' }) }))).toBe(false);
    expect(canCancel(post({ state: 'published' }))).toBe(false);
  });

  it('offers the creator\'s word only on a post TikTok has whose result cannot be learned, with the profile link', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    const atTikTok = progress({ phase: 'processing', publishId: 'v_1', videoAtTikTok: true, uploadCompletedAt: '2026-01-01T11:55:00Z' });
    expect(settleOffer(post({ state: 'processing', publish: atTikTok }), now)).toBeNull();
    const gone = settleOffer(post({ state: 'processing', publish: atTikTok, accountState: 'reconnect_needed' }), now);
    expect(gone).toMatchObject({ profileUrl: 'https://www.tiktok.com/@mariabakes', words: expect.stringMatching(/reconnected/) });
    expect(settleOffer(post({ state: 'processing', publish: atTikTok, accountState: 'gone', accountUsername: null }), now)?.profileUrl).toBeNull();
    expect(settleOffer(post({ state: 'uploading', publish: { ...atTikTok, phase: 'uploading' }, accountState: 'gone' }), now)).toBeNull();
    expect(settleOffer(post({ state: 'failed', publish: { ...atTikTok, videoAtTikTok: false }, accountState: 'gone' }), now)).toBeNull();
    const accountHold = { reason: 'account' as const, since: '2026-01-01T00:00:00Z', until: null, detail: 'Waiting for the TikTok account: reconnect it.' };
    expect(waitsForAccount(post({ state: 'uploading', publish: progress({ detail: accountHold.detail }), hold: accountHold }))).toBe(true);
    expect(waitsForAccount(post({ state: 'uploading', publish: progress({ detail: 'Waiting for the TikTok account: reconnect it.' }) }))).toBe(false);
    expect(waitsForAccount(post({ publish: progress({ detail: 'Uploading 3 %' }) }))).toBe(false);
  });

  it('cuts a long caption at a word, on one line, never through an emoji', () => {
    expect(captionExcerpt('Sunset\n\nat the   beach')).toBe('Sunset at the beach');
    const long = `${'word '.repeat(40)}end`;
    const cut = captionExcerpt(long, 50);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(cut).not.toMatch(/wor…$/);
    const emoji = captionExcerpt(`${'a'.repeat(9)}😀😀😀 more text`, 10);
    expect(emoji).toBe(`${'a'.repeat(9)}…`);
  });
});

const account = (over: Partial<Account>): Account => ({
  id: 'a1',
  provider: 'tiktok',
  openId: 'o1',
  displayName: 'Maria Bakes',
  username: 'mariabakes',
  hasAvatar: false,
  scopes: ['user.info.basic', 'video.publish', 'video.upload'],
  missingScopes: [],
  state: 'connected',
  problem: null,
  accessExpiresAt: null,
  connectedAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('the composer’s glue', () => {
  it('starts with the account used last, if it still works, else the first that does', () => {
    const a = account({ id: 'a' });
    const b = account({ id: 'b' });
    const broken = account({ id: 'c', state: 'reconnect_needed' });
    expect(pickAccount([a, b], 'b')?.id).toBe('b');
    expect(pickAccount([a, b], 'gone')?.id).toBe('a');
    expect(pickAccount([broken, b], 'c')?.id).toBe('b');
    expect(pickAccount([broken], null)?.id).toBe('c');
    expect(pickAccount([], null)).toBeNull();
  });

  it('turns a failed creator_info call into a reason that blocks posting', () => {
    expect(creatorStatusFromError(new AppError('NETWORK', 'TikTok could not be reached.'))).toEqual({
      canPost: false,
      code: 'NETWORK',
      message: 'TikTok could not be reached.',
      retryable: true,
    });
    expect(creatorStatusFromError(new AppError('RECONNECT_NEEDED', 'Reconnect Maria Bakes.'))).toMatchObject({ code: 'RECONNECT_NEEDED', retryable: false });
    expect(creatorStatusFromError('boom')).toMatchObject({ canPost: false, code: 'INTERNAL', message: 'boom' });
  });

  it('sends the render’s cover as milliseconds, or none', () => {
    expect(coverTimestampMs(1.5004)).toBe(1500);
    expect(coverTimestampMs(null)).toBeNull();
    expect(coverTimestampMs(undefined)).toBeNull();
    expect(coverTimestampMs(-1)).toBeNull();
  });

  it('names the button after what it will do', () => {
    expect(postButtonLabel('direct', 'now')).toBe('Post');
    expect(postButtonLabel('direct', 'schedule')).toBe('Schedule post');
    expect(postButtonLabel('inbox', 'now')).toBe('Send to inbox');
    expect(postButtonLabel('inbox', 'schedule')).toBe('Schedule send');
  });

  it('turns the inbox off for an account that did not grant video.upload, saying why', () => {
    expect(inboxUnavailable(account({}), 'why')).toBeNull();
    expect(inboxUnavailable(account({ scopes: ['user.info.basic', 'video.publish'] }), 'why')).toBe('why');
    expect(inboxUnavailable(null, 'why')).toBeNull();
  });

  describe('what Post sends passes the contract', () => {
    inZone('Europe/Berlin');
    it('now and at a scheduled time, direct and to the inbox', () => {
      const schema = commands['posts.create'].input;
      const scheduled = checkSchedule('2030-05-04T09:00', new Date('2026-01-01T00:00:00Z'));
      if (!scheduled.ok) throw new Error(scheduled.problem);
      const direct = toPostSettings({ ...EMPTY_COMPOSER_FORM, caption: 'Hi #there', privacy: 'SELF_ONLY' }, coverTimestampMs(2));
      const inbox = toPostSettings({ ...EMPTY_COMPOSER_FORM, mode: 'inbox' }, coverTimestampMs(null));
      for (const [tiktok, publishAt] of [
        [direct, 'now'],
        [direct, scheduled.iso],
        [inbox, scheduled.iso],
      ] as const) {
        const input = { renderId: 'r1', accountId: 'a1', caption: 'Hi #there', tiktok, publishAt };
        expect(schema.safeParse(input).success, JSON.stringify(input)).toBe(true);
      }
    });
  });
});
