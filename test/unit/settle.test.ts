// When the creator may settle a post (src-shared/posts/settle.ts): only a post whose whole
// upload TikTok has, whose result TikTok did not give and Clipdesk cannot learn.
import { describe, expect, it } from 'vitest';
import { POST_STATES } from '../../src-shared/posts/lifecycle';
import { canSettle, MARKED_FAILED_CODE, SETTLE_AFTER_MS, settleFacts, tiktokProfileUrl, type SettleFacts } from '../../src-shared/posts/settle';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const RECENT = new Date(NOW - 5 * 60_000).toISOString();
const LONG_AGO = new Date(NOW - SETTLE_AFTER_MS - 1).toISOString();

const facts = (over: Partial<SettleFacts> = {}): SettleFacts => ({
  state: 'processing',
  publishId: 'v_pub_1',
  videoAtTikTok: true,
  uploadCompletedAt: RECENT,
  tiktokStatus: 'PROCESSING_UPLOAD',
  failureCode: null,
  account: 'connected',
  ...over,
});

describe('settling a post on the creator\'s word', () => {
  it('is refused while Clipdesk can still learn the result: processing, account connected, not long since the upload', () => {
    const r = canSettle(facts(), NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/still asking TikTok/);
  });

  it('is allowed for a processing post whose account is gone or needs reconnecting', () => {
    expect(canSettle(facts({ account: 'gone' }), NOW)).toMatchObject({ ok: true, why: 'account_gone' });
    expect(canSettle(facts({ account: 'reconnect_needed' }), NOW)).toMatchObject({ ok: true, why: 'reconnect_needed' });
  });

  it('is allowed once TikTok has had the whole video for the limit without an answer, not a moment before', () => {
    expect(canSettle(facts({ uploadCompletedAt: LONG_AGO }), NOW)).toMatchObject({ ok: true, why: 'stuck' });
    const justBefore = new Date(NOW - SETTLE_AFTER_MS + 1000).toISOString();
    expect(canSettle(facts({ uploadCompletedAt: justBefore }), NOW).ok).toBe(false);
  });

  it('is allowed for a failed post TikTok received but never said FAILED about', () => {
    expect(canSettle(facts({ state: 'failed', failureCode: 'status_timeout' }), NOW)).toMatchObject({ ok: true, why: 'gave_up' });
  });

  it('is refused when TikTok never had the whole video, or said itself that it failed, or it was settled already', () => {
    for (const f of [facts({ publishId: null }), facts({ videoAtTikTok: false }), facts({ state: 'failed', videoAtTikTok: false, account: 'gone' })]) {
      const r = canSettle(f, NOW);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/never received the whole video/);
    }
    const tiktokSaid = canSettle(facts({ state: 'failed', tiktokStatus: 'FAILED', account: 'gone' }), NOW);
    expect(tiktokSaid.ok).toBe(false);
    if (!tiktokSaid.ok) expect(tiktokSaid.reason).toMatch(/TikTok itself said/);
    expect(canSettle(facts({ state: 'failed', failureCode: MARKED_FAILED_CODE }), NOW).ok).toBe(false);
  });

  it('is refused in every state but processing and failed, whatever else holds', () => {
    for (const state of POST_STATES) {
      const r = canSettle(facts({ state, account: 'gone', uploadCompletedAt: LONG_AGO }), NOW);
      expect(r.ok, state).toBe(state === 'processing' || state === 'failed');
      if (!r.ok) expect(r.reason).toMatch(/^[A-Z].+\.$/);
    }
  });

  it('says why and what to do, and reads its facts from a post summary', () => {
    const r = canSettle(facts({ account: 'gone' }), NOW);
    expect(r.ok && r.words).toMatch(/Check your TikTok profile.*will not send it again/);
    const summary = {
      state: 'processing' as const,
      accountState: 'reconnect_needed' as const,
      publish: {
        phase: 'processing' as const,
        attempt: 1,
        uploadedBytes: 10,
        totalBytes: 10,
        tiktokStatus: null,
        publishId: 'v_pub_2',
        postUrl: null,
        failure: null,
        nextCheckAt: null,
        detail: null,
        videoAtTikTok: true,
        uploadCompletedAt: RECENT,
      },
    };
    expect(settleFacts(summary)).toEqual({ state: 'processing', publishId: 'v_pub_2', videoAtTikTok: true, uploadCompletedAt: RECENT, tiktokStatus: null, failureCode: null, account: 'reconnect_needed' });
    expect(settleFacts({ ...summary, publish: null })).toMatchObject({ publishId: null, videoAtTikTok: false });
  });

  it('links the creator\'s profile when the handle is known', () => {
    expect(tiktokProfileUrl('maria.bakes')).toBe('https://www.tiktok.com/@maria.bakes');
    expect(tiktokProfileUrl('@maria')).toBe('https://www.tiktok.com/@maria');
    expect(tiktokProfileUrl(null)).toBeNull();
    expect(tiktokProfileUrl(' ')).toBeNull();
  });
});
