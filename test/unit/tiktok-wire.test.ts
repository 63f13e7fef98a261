// The small rules between Clipdesk and TikTok's wire: int64 ids kept exact, Content-Range
// read back, the per-token rate limits, the status polling pace, and the CLI's post options.
import { describe, expect, it } from 'vitest';
import { parseAt, parsePrivacy, settingsFromOptions } from '../../src-main/cli/commands/post';
import { receivedFromContentRange } from '../../src-main/core/tiktok/chunk-uploader';
import { nextPollDelayMs } from '../../src-main/core/publishing/publishing';
import { RateLimiter } from '../../src-main/core/tiktok/rate-limits';
import { parseTikTokJson } from '../../src-main/core/tiktok/tiktok-http';

describe('parseTikTokJson', () => {
  it('keeps publicaly_available_post_id exact where JSON.parse would round it', () => {
    const text = '{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[7678907398077074696, 7678907398077074697],"uploaded_bytes":12},"error":{"code":"ok"}}';
    // What a plain JSON.parse makes of it: a different video.
    expect(String((JSON.parse(text) as { data: { publicaly_available_post_id: number[] } }).data.publicaly_available_post_id[0])).toBe('7678907398077074000');
    const parsed = parseTikTokJson(text) as { data: { publicaly_available_post_id: string[]; uploaded_bytes: number } };
    expect(parsed.data.publicaly_available_post_id).toEqual(['7678907398077074696', '7678907398077074697']);
    expect(parsed.data.uploaded_bytes).toBe(12);
  });

  it('leaves ids that are already strings, and empty lists, alone', () => {
    expect(parseTikTokJson('{"publicaly_available_post_id":["123"]}')).toEqual({ publicaly_available_post_id: ['123'] });
    expect(parseTikTokJson('{"publicaly_available_post_id":[]}')).toEqual({ publicaly_available_post_id: [] });
  });
});

describe('receivedFromContentRange', () => {
  it('reads how many bytes TikTok holds', () => {
    expect(receivedFromContentRange('bytes 0-9999999/75000123')).toBe(10_000_000);
    expect(receivedFromContentRange('bytes */75000123')).toBe(0);
    expect(receivedFromContentRange(null)).toBeNull();
    expect(receivedFromContentRange('garbage')).toBeNull();
  });
});

describe('RateLimiter', () => {
  it('allows 6 inits a minute per account and says how long the 7th waits', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ now: () => now });
    for (let i = 0; i < 6; i++) {
      expect(limiter.waitMs('acct', 'init')).toBe(0);
      limiter.take('acct', 'init');
      now += 1_000;
    }
    expect(limiter.waitMs('acct', 'init')).toBe(60_000 - 6_000);
    expect(limiter.waitMs('other', 'init')).toBe(0); // per account
    expect(limiter.waitMs('acct', 'status')).toBe(0); // per endpoint
    now += 54_000;
    expect(limiter.waitMs('acct', 'init')).toBe(0);
  });

  it('allows 30 status checks and 20 creator_info calls a minute', () => {
    const limiter = new RateLimiter({ now: () => 0 });
    for (let i = 0; i < 30; i++) limiter.take('a', 'status');
    for (let i = 0; i < 20; i++) limiter.take('a', 'creatorInfo');
    expect(limiter.waitMs('a', 'status')).toBeGreaterThan(0);
    expect(limiter.waitMs('a', 'creatorInfo')).toBeGreaterThan(0);
  });
});

describe('status polling pace', () => {
  it('starts quick, backs off to a minute, then every 10 minutes — always inside 30 a minute', () => {
    const delays = Array.from({ length: 12 }, (_, i) => nextPollDelayMs(i, i * 10_000));
    expect(delays[0]).toBe(3_000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2_000);
    expect([...delays].sort((a, b) => a - b)).toEqual(delays);
    expect(Math.max(...delays)).toBe(60_000);
    expect(nextPollDelayMs(3, 31 * 60_000)).toBe(600_000);
  });
});

describe('clipdesk post options', () => {
  it('reads TikTok privacy names and the words people use', () => {
    expect(parsePrivacy('SELF_ONLY')).toBe('SELF_ONLY');
    expect(parsePrivacy('only-me')).toBe('SELF_ONLY');
    expect(parsePrivacy('public')).toBe('PUBLIC_TO_EVERYONE');
    expect(() => parsePrivacy('secret')).toThrow(/--privacy takes/);
  });

  it('needs privacy for Direct Post, not for the inbox; interactions off unless asked', () => {
    expect(() => settingsFromOptions({})).toThrow(/--privacy is required/);
    expect(settingsFromOptions({ mode: 'inbox' })).toMatchObject({ mode: 'inbox', privacy: null, allowComment: false });
    expect(settingsFromOptions({ privacy: 'friends', 'allow-duet': true })).toMatchObject({ privacy: 'MUTUAL_FOLLOW_FRIENDS', allowDuet: true, allowComment: false, allowStitch: false });
  });

  it('takes a time only with its zone', () => {
    expect(parseAt(undefined)).toBe('now');
    expect(parseAt('2030-01-02T03:04:05+01:00')).toBe('2030-01-02T02:04:05.000Z');
    expect(() => parseAt('2030-01-02 03:04')).toThrow(/with its zone/);
  });
});
