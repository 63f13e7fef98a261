// redact(): the last line of defence before text reaches a log, an error or an export.
import { describe, expect, it } from 'vitest';
import { redact } from '../../src-main/core/audit/redact';

const BOT_TOKEN = '123456789:AAHk3mZ9xQ2w8vB7nL4pR6tY1uI0oE5sD3f';

describe('redact', () => {
  it.each([
    ['a bare Telegram bot token', `token is ${BOT_TOKEN} ok`, 'token is [redacted] ok'],
    ['a bot token inside a Bot API URL', `GET https://api.telegram.org/bot${BOT_TOKEN}/getUpdates failed`, 'GET https://api.telegram.org/bot[redacted]/getUpdates failed'],
    ['a bot token ending in a dash', '987654321:AAHk3mZ9xQ2w8vB7nL4pR6tY1uI0oE5sD3-', '[redacted]'],
    ['a Bearer header', 'Authorization: Bearer act.1234abcd.EFGH5678', 'Authorization: [redacted]'],
    ['query parameters', 'POST /v2/oauth/token/?client_key=ck&client_secret=s3cr3t&code_verifier=v3r1f13r', 'POST /v2/oauth/token/?client_key=ck&client_secret=[redacted]&code_verifier=[redacted]'],
    [
      'JSON fields',
      '{"access_token":"act.abc","refresh_token":"rft.def","open_id":"u1"}',
      '{"access_token":"[redacted]","refresh_token":"[redacted]","open_id":"u1"}',
    ],
    ['camelCase keys', 'accessToken=xyz clientSecret: "abc" botToken: \'123:abc\'', 'accessToken=[redacted] clientSecret: "[redacted]" botToken: \'[redacted]\''],
    ['passwords', 'password=hunter2; next', 'password=[redacted]; next'],
    ['key: value with spaces', 'refresh_token : rft.aaa, then', 'refresh_token : [redacted], then'],
  ])('masks %s', (_what, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('masks every occurrence, not just the first', () => {
    const out = redact(`a ${BOT_TOKEN} b ${BOT_TOKEN.replace('1', '2')} token=x token=y`);
    expect(out).toBe('a [redacted] b [redacted] token=[redacted] token=[redacted]');
  });

  it.each([
    'Rendered clip.mp4 (1080×1920) in 12:30.5',
    'Post p_123 moved from ready to scheduled at 2025-01-15T12:00:00.000Z',
    'The token expired; reconnect TikTok.',
    'publish_id=v_pub_file~v2.7347 status PROCESSING_UPLOAD',
    'Approved by telegram:42 in chat 123456789',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redact(`Bearer abcdefghijk and access_token=zzz and ${BOT_TOKEN}`);
    expect(redact(once)).toBe(once);
  });
});

describe('TikTok token shapes', () => {
  it('masks access and refresh tokens wherever they appear', () => {
    const text = 'refresh failed for act.1a2B3c4D5e6F7g8H9i0J!x and rft.ZZZZyyyyXXXXwwww*v in the answer';
    const out = redact(text);
    expect(out).not.toContain('act.1a2B');
    expect(out).not.toContain('rft.ZZZZ');
    expect(out).toContain('refresh failed for');
  });
});

// A secret whose characters encodeURIComponent and JSON.stringify both change (quote,
// backslash, &, =, +, /, :, space): none of its pieces may survive in any of those forms.
describe('encoded secrets', () => {
  const SECRET = 'p@ss "w0rd"\\x&y=1+2/3:z';
  const pieces = ['p@ss', 'w0rd', 'y=1', '2/3', '3:z', 'p%40ss', 'w0rd%22', '2%2F3', '3%3Az'];
  const nested = (s: string): string => JSON.stringify(s);

  it.each([
    ['JSON', JSON.stringify({ client_secret: SECRET, open_id: 'u1' })],
    ['JSON inside a JSON string', nested(JSON.stringify({ client_secret: SECRET, open_id: 'u1' }))],
    ['JSON nested three deep', nested(nested(JSON.stringify({ password: SECRET })))],
    ['a URL-encoded query value', `client_secret=${encodeURIComponent(SECRET)}&a=b`],
    ['a URL inside a URL-encoded query value', `https://x/cb?next=${encodeURIComponent(`https://t/o?client_secret=${encodeURIComponent(SECRET)}&a=b`)}`],
    ['URL-encoded JSON', encodeURIComponent(JSON.stringify({ refresh_token: SECRET }))],
  ])('masks a secret in %s', (_what, text) => {
    const out = redact(text);
    for (const piece of pieces) expect(out).not.toContain(piece);
    expect(out).toContain('[redacted]');
    expect(redact(out)).toBe(out);
  });

  it('keeps the rest of a JSON object after an escaped secret', () => {
    expect(redact(JSON.stringify({ client_secret: SECRET, open_id: 'u1' }))).toBe('{"client_secret":"[redacted]","open_id":"u1"}');
    expect(redact(nested(JSON.stringify({ client_secret: SECRET, open_id: 'u1' })))).toBe(String.raw`"{\"client_secret\":\"[redacted]\",\"open_id\":\"u1\"}"`);
  });

  it('masks a bot token whose colon is URL-encoded', () => {
    const out = redact(`GET ${encodeURIComponent(`https://api.telegram.org/bot${BOT_TOKEN}/getMe`)}`);
    expect(out).not.toContain('AAHk3mZ9');
    expect(out).toContain('getMe');
  });

  it('masks a URL-encoded Bearer header', () => {
    const out = redact(`Authorization%3A%20Bearer%20${encodeURIComponent('abc+def/ghi=jkl')}`);
    expect(out).not.toContain('abc');
    expect(out).not.toContain('jkl');
  });
});
