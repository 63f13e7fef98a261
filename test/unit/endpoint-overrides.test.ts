// Which endpoint and browser overrides a process honours: the packaged desktop drops them
// unless CLIPDESK_DEVELOPER=1; a development build, `clipdesk serve` and the CLI keep them.
import { describe, expect, it } from 'vitest';
import { describeOverrides, filterEndpointOverrides } from '../../src-main/core/system/endpoint-overrides';
import { tiktokEndpoints, TIKTOK_API_BASE, TIKTOK_AUTHORIZE_URL } from '../../src-main/core/tiktok/endpoints';
import { telegramApiRoot } from '../../src-main/core/telegram/telegram-bot';

const ENV = {
  PATH: '/usr/bin',
  HOME: '/home/me',
  CLIPDESK_TIKTOK_API_BASE: 'http://127.0.0.1:9/tt',
  CLIPDESK_TIKTOK_AUTH_URL: 'http://127.0.0.1:9/auth',
  CLIPDESK_TELEGRAM_API_ROOT: 'http://127.0.0.1:9/tg',
  BROWSER: 'evil-opener %s',
};

describe('filterEndpointOverrides', () => {
  it('drops every endpoint and browser override in a packaged app, and keeps the rest of the environment', () => {
    const out = filterEndpointOverrides(ENV, { packaged: true });
    expect(out.env).toEqual({ PATH: '/usr/bin', HOME: '/home/me' });
    expect(out.ignored).toEqual(['CLIPDESK_TIKTOK_API_BASE', 'CLIPDESK_TIKTOK_AUTH_URL', 'CLIPDESK_TELEGRAM_API_ROOT', 'BROWSER']);
    expect(out.used).toEqual([]);
    // What the core then builds from it: TikTok's and Telegram's own addresses.
    expect(tiktokEndpoints(out.env)).toEqual({ authorizeUrl: TIKTOK_AUTHORIZE_URL, apiBase: TIKTOK_API_BASE, emulated: false });
    expect(telegramApiRoot(out.env)).toBe('https://api.telegram.org');
    expect(ENV.BROWSER).toBe('evil-opener %s'); // the input is not changed
  });

  it('honours them in a packaged app started with CLIPDESK_DEVELOPER=1, and says which are in use', () => {
    const env = { ...ENV, CLIPDESK_DEVELOPER: '1' };
    const out = filterEndpointOverrides(env, { packaged: true });
    expect(out.env).toBe(env);
    expect(out.ignored).toEqual([]);
    expect(out.used.map((u) => u.name)).toEqual(['CLIPDESK_TIKTOK_API_BASE', 'CLIPDESK_TIKTOK_AUTH_URL', 'CLIPDESK_TELEGRAM_API_ROOT', 'BROWSER']);
  });

  it.each(['0', 'true', 'yes', ''])('takes only "1" as the developer flag, not %j', (flag) => {
    expect(filterEndpointOverrides({ ...ENV, CLIPDESK_DEVELOPER: flag }, { packaged: true }).ignored).toHaveLength(4);
  });

  it('honours them in a development build (not packaged)', () => {
    const out = filterEndpointOverrides(ENV, { packaged: false });
    expect(out.env).toBe(ENV);
    expect(out.ignored).toEqual([]);
  });

  it('reports nothing when none is set (empty values count as unset)', () => {
    const out = filterEndpointOverrides({ PATH: '/usr/bin', BROWSER: ' ' }, { packaged: true });
    expect(out).toMatchObject({ used: [], ignored: [] });
    expect(describeOverrides(out)).toBeNull();
  });

  it('says in plain words what was ignored and how to allow it', () => {
    expect(describeOverrides(filterEndpointOverrides({ BROWSER: 'x' }, { packaged: true }))).toBe(
      'Ignored BROWSER: an installed Clipdesk talks only to TikTok and Telegram themselves and opens links in the system browser, unless CLIPDESK_DEVELOPER=1 is set.',
    );
    expect(describeOverrides(filterEndpointOverrides({ CLIPDESK_TELEGRAM_API_ROOT: 'http://127.0.0.1:9' }, { packaged: false }))).toBe(
      'Developer overrides in use: CLIPDESK_TELEGRAM_API_ROOT=http://127.0.0.1:9.',
    );
  });
});
