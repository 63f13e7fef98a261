// Whether a post may be sent again, decided once from its publish record (publish-attempts.ts
// retrySafety): the publisher marks failures retryable by it and posts.retry refuses by it.
import { describe, expect, it } from 'vitest';
import { retrySafety, videoAtTikTok } from '../../src-main/core/post-store/publish-attempts';

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
