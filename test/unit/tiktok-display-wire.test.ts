// The pure parts of the Display API client: int64 ids read from the raw text, TikTok's answers
// read with zod, the Display API's rate windows, the Insights scopes and their words, and
// matching a post to a video by time and caption.
import { describe, expect, it } from 'vitest';
import { INSIGHTS_SCOPES, missingScopesOf, SCOPE_EXPLANATIONS, TIKTOK_SCOPES } from '../../src-shared/tiktok/scopes';
import { describeTikTokError } from '../../src-shared/tiktok/tiktok-errors';
import { readUser, readVideoPage, readVideos, type TikTokVideo } from '../../src-main/core/tiktok/display-wire';
import { RateLimiter } from '../../src-main/core/tiktok/rate-limits';
import { parseTikTokJson, TikTokNetworkError } from '../../src-main/core/tiktok/tiktok-http';
import { captionMatches, MATCH_SLACK_MS, matchPostVideo } from '../../src-main/core/tiktok/video-match';

const BIG = '7234567890123456789';

describe('parseTikTokJson: every int64 exact', () => {
  it('keeps ids beyond 2^53 as their digits anywhere in the answer, and small numbers as numbers', () => {
    const text = `{"data":{"videos":[{"id":${BIG},"create_time":1767225600,"view_count":12,"title":"id ${BIG} in text"}],"cursor":1767225600000,"has_more":false},"error":{"code":"ok"}}`;
    expect(String((JSON.parse(text) as { data: { videos: Array<{ id: number }> } }).data.videos[0]!.id)).not.toBe(BIG);
    const parsed = parseTikTokJson(text) as { data: { videos: Array<Record<string, unknown>>; cursor: unknown } };
    expect(parsed.data.videos[0]).toEqual({ id: BIG, create_time: 1767225600, view_count: 12, title: `id ${BIG} in text` });
    expect(parsed.data.cursor).toBe(1767225600000);
    expect(parseTikTokJson('{"a":-9223372036854775808,"b":9007199254740991,"c":1.5,"d":2e3}')).toEqual({ a: '-9223372036854775808', b: 9007199254740991, c: 1.5, d: 2000 });
    expect(() => parseTikTokJson('{"a":')).toThrow(SyntaxError);
  });
});

describe('reading Display API answers', () => {
  const wireVideo = { id: BIG, create_time: 1767225600, share_url: 'https://www.tiktok.com/@a/video/1', cover_image_url: 'https://x/c.png', duration: 15, title: 'T', video_description: 'D', view_count: 1, like_count: 2, comment_count: 3, share_count: 4 };

  it('reads a page with ids as strings, a safe numeric id too, and leaves unknown counts null', () => {
    const page = readVideoPage({ videos: [wireVideo, { id: 123, create_time: 1 }], cursor: 1767225600000, has_more: true });
    expect(page.cursor).toBe(1767225600000);
    expect(page.hasMore).toBe(true);
    expect(page.videos[0]).toEqual<TikTokVideo>({ id: BIG, createTime: 1767225600, shareUrl: wireVideo.share_url, coverImageUrl: wireVideo.cover_image_url, durationSec: 15, title: 'T', description: 'D', viewCount: 1, likeCount: 2, commentCount: 3, shareCount: 4 });
    expect(page.videos[1]).toMatchObject({ id: '123', title: '', viewCount: null, coverImageUrl: null });
    expect(readVideos({ videos: [] })).toEqual([]);
    expect(readVideos({})).toEqual([]);
  });

  it('refuses an answer not as documented, naming the field', () => {
    expect(() => readVideoPage({ videos: [{ ...wireVideo, id: 1.5 }], cursor: 0, has_more: false })).toThrow(TikTokNetworkError);
    expect(() => readVideoPage({ videos: [], cursor: 0 })).toThrow(/has_more/);
    expect(() => readVideos({ videos: [{ ...wireVideo, create_time: 'yesterday' }] })).toThrow(/videos\.0\.create_time/);
  });

  it('reads user/info stats and profile', () => {
    expect(readUser({ user: { open_id: 'o', display_name: 'Ada', follower_count: 5, following_count: 1, likes_count: 9, video_count: 2, username: 'ada', bio_description: 'b', profile_deep_link: 'https://l', is_verified: true } })).toEqual({
      openId: 'o',
      displayName: 'Ada',
      stats: { followerCount: 5, followingCount: 1, likesCount: 9, videoCount: 2 },
      profile: { username: 'ada', bioDescription: 'b', profileDeepLink: 'https://l', isVerified: true },
    });
    expect(readUser({ user: {} }).stats).toEqual({ followerCount: null, followingCount: null, likesCount: null, videoCount: null });
  });
});

describe('Display API rate windows', () => {
  it('allows 600 a minute for each of user/info, video/list and video/query, per account', () => {
    let now = 0;
    const limiter = new RateLimiter({ now: () => now });
    for (let i = 0; i < 600; i++) limiter.take('a', 'videoList');
    expect(limiter.waitMs('a', 'videoList')).toBe(60_000);
    expect(limiter.waitMs('a', 'videoQuery')).toBe(0);
    expect(limiter.waitMs('a', 'userInfo')).toBe(0);
    expect(limiter.waitMs('b', 'videoList')).toBe(0);
    now = 60_000;
    expect(limiter.waitMs('a', 'videoList')).toBe(0);
  });
});

describe('Insights scopes', () => {
  it('are asked for at Connect, each with its words, and named apart from posting in missing scopes', () => {
    expect(TIKTOK_SCOPES).toEqual(['user.info.basic', 'video.publish', 'video.upload', 'user.info.stats', 'user.info.profile', 'video.list']);
    expect(INSIGHTS_SCOPES).toEqual(['user.info.stats', 'user.info.profile', 'video.list']);
    for (const scope of INSIGHTS_SCOPES) expect(SCOPE_EXPLANATIONS[scope].without).toMatch(/^Insights cannot/);
    // An account connected before Clipdesk asked for them.
    expect(missingScopesOf(['user.info.basic', 'video.publish', 'video.upload']).map((m) => [m.scope, m.feature])).toEqual([
      ['user.info.stats', 'insights'],
      ['user.info.profile', 'insights'],
      ['video.list', 'insights'],
    ]);
    expect(missingScopesOf([...TIKTOK_SCOPES])).toEqual([]);
  });

  it('TikTok refusing a Display API scope says what Insights lacks and that publishing is fine', () => {
    for (const code of ['scope_not_authorized', 'scope_permission_missed']) {
      const words = describeTikTokError(code, 'display');
      expect(words).toMatchObject({ retryable: false, action: 'reconnect' });
      expect(words.message).toContain('Publishing is not affected');
    }
    expect(describeTikTokError('scope_not_authorized', 'creator_info').message).toContain('video.publish');
  });
});

describe('matching a post to its video', () => {
  const at = Date.UTC(2026, 11, 1, 12);
  const video = (id: string, createdAt: number, text: string): TikTokVideo => ({
    id, createTime: Math.floor(createdAt / 1000), shareUrl: null, coverImageUrl: null, durationSec: 10, title: text.slice(0, 150), description: text.slice(0, 150),
    viewCount: 0, likeCount: 0, commentCount: 0, shareCount: 0,
  });

  it('compares captions as TikTok may give them back: normalised, and cut at 150 characters', () => {
    expect(captionMatches('Hello  world\n#tag', 'Hello world #tag')).toBe(true);
    expect(captionMatches('Cafe\u0301', 'Café')).toBe(true);
    const long = 'x'.repeat(140) + ' and more words after the cut';
    expect(captionMatches(long, long.slice(0, 150))).toBe(true);
    expect(captionMatches('Hello world', 'Hello')).toBe(false);
    expect(captionMatches('', '')).toBe(true);
  });

  it('finds the one video made between sending and completion with the caption, and refuses to guess between two', () => {
    const post = { caption: 'My post', sentAt: at, doneBy: at + 60_000 };
    const videos = [
      video('1', at + 30_000, 'My post'),
      video('2', at + 30_000, 'Other post'),
      video('3', at - MATCH_SLACK_MS - 60_000, 'My post'),
      video('4', at + 60_000 + MATCH_SLACK_MS + 60_000, 'My post'),
    ];
    expect(matchPostVideo(videos, post)).toMatchObject({ video: { id: '1' }, candidates: [{ id: '1' }] });
    const twice = matchPostVideo([...videos, video('5', at + 40_000, 'My post')], post);
    expect(twice.video).toBeNull();
    expect(twice.candidates.map((v) => v.id)).toEqual(['5', '1']);
    expect(matchPostVideo([], post)).toEqual({ video: null, candidates: [] });
  });
});
