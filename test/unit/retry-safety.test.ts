// Whether a post may be sent again, decided once (src-shared/posts/retry-safety.ts) and read
// from its publish record (publish-attempts.ts retrySafety): the publisher marks failures
// retryable by it, posts.retry refuses by it, and settling is allowed where it refuses.
import { describe, expect, it } from 'vitest';
import { retrySafety, videoAtTikTok } from '../../src-main/core/post-store/publish-attempts';
import { RETRY_UNSAFE_REASON, retrySafeWhy, retrySafety as sharedRetrySafety, videoAtTikTok as sharedVideoAtTikTok } from '../../src-shared/posts/retry-safety';
import { canSettle, type SettleFacts } from '../../src-shared/posts/settle';

const record = (over: { upload_complete?: 0 | 1; last_chunk_sent?: 0 | 1; tiktok_status?: string | null }) => ({
  upload_complete: 0 as 0 | 1,
  last_chunk_sent: 0 as 0 | 1,
  tiktok_status: null as string | null,
  ...over,
});

describe('retry safety from the publish record', () => {
  it('is safe while TikTok cannot have the whole video', () => {
    expect(retrySafety(record({}))).toEqual({ safe: true });
    expect(retrySafety(record({ tiktok_status: 'PROCESSING_UPLOAD' }))).toEqual({ safe: true });
    expect(videoAtTikTok(record({}))).toBe(false);
  });

  it('is refused once the last chunk went out or TikTok confirmed the upload, with a reason a person can act on', () => {
    for (const over of [{ last_chunk_sent: 1 as const }, { upload_complete: 1 as const }, { upload_complete: 1 as const, tiktok_status: 'PROCESSING_DOWNLOAD' }]) {
      const safety = retrySafety(record(over));
      expect(safety.safe, JSON.stringify(over)).toBe(false);
      if (!safety.safe) expect(safety.reason).toMatch(/Check TikTok first; Clipdesk will not send it twice\.$/);
      expect(videoAtTikTok(record(over))).toBe(true);
    }
  });

  it('is safe again after TikTok itself said FAILED', () => {
    expect(retrySafety(record({ upload_complete: 1, last_chunk_sent: 1, tiktok_status: 'FAILED' }))).toEqual({ safe: true });
  });
});

describe('the one rule, in src-shared', () => {
  it('reads plain facts: whether TikTok may have the whole video, and its status word', () => {
    expect(sharedVideoAtTikTok({ uploadComplete: false, lastChunkSent: false })).toBe(false);
    expect(sharedVideoAtTikTok({ uploadComplete: false, lastChunkSent: true })).toBe(true);
    expect(sharedVideoAtTikTok({ uploadComplete: true, lastChunkSent: false })).toBe(true);
    expect(retrySafeWhy({ videoAtTikTok: false, tiktokStatus: 'FAILED' })).toBe('not_at_tiktok');
    expect(retrySafeWhy({ videoAtTikTok: true, tiktokStatus: 'FAILED' })).toBe('tiktok_failed');
    expect(retrySafeWhy({ videoAtTikTok: true, tiktokStatus: 'PROCESSING_UPLOAD' })).toBeNull();
    expect(sharedRetrySafety({ videoAtTikTok: true, tiktokStatus: null })).toEqual({ safe: false, reason: RETRY_UNSAFE_REASON });
  });

  it('is the rule the publish record is read by, for every record', () => {
    for (const upload_complete of [0, 1] as const)
      for (const last_chunk_sent of [0, 1] as const)
        for (const tiktok_status of [null, 'PROCESSING_UPLOAD', 'PUBLISH_COMPLETE', 'FAILED']) {
          const r = record({ upload_complete, last_chunk_sent, tiktok_status });
          const atTikTok = sharedVideoAtTikTok({ uploadComplete: upload_complete === 1, lastChunkSent: last_chunk_sent === 1 });
          expect(videoAtTikTok(r)).toBe(atTikTok);
          expect(retrySafety(r)).toEqual(sharedRetrySafety({ videoAtTikTok: atTikTok, tiktokStatus: tiktok_status }));
        }
  });

  it('is the rule settling follows: a post TikTok has may be settled exactly when it may not be sent again', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    for (const videoAtTikTok of [false, true])
      for (const tiktokStatus of [null, 'PROCESSING_UPLOAD', 'FAILED']) {
        const facts: SettleFacts = { state: 'failed', publishId: 'v_1', videoAtTikTok, uploadCompletedAt: null, tiktokStatus, failureCode: 'status_timeout', account: 'gone' };
        expect(canSettle(facts, now).ok, JSON.stringify({ videoAtTikTok, tiktokStatus })).toBe(!sharedRetrySafety({ videoAtTikTok, tiktokStatus }).safe);
      }
  });
});
