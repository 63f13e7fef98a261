// The system browser opens only https links to the services Clipdesk works with. The shell
// here is a stand-in for Electron's `shell` (Electron cannot run on this machine).
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { createOpenExternal, isAllowedExternal } from '../../../src-main/desktop/open-external';

describe('isAllowedExternal', () => {
  it('allows https links to the listed hosts', () => {
    for (const url of [
      'https://www.tiktok.com/v2/auth/authorize/?client_key=abc&scope=user.info.basic',
      'https://tiktok.com/@creator',
      'https://developers.tiktok.com/apps',
      'https://t.me/BotFather',
      'https://telegram.org/',
      'https://core.telegram.org/bots/api',
      'https://github.com/clipdesk',
      'https://GitHub.com/x', // host names are case-insensitive; the parser lowercases them
      'https://github.com:443/x', // the default port is the same server
    ]) {
      expect(isAllowedExternal(url), url).toBe(true);
    }
  });

  it('refuses other schemes, even to listed hosts', () => {
    for (const url of [
      'http://github.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://github.com/share',
      'tg://resolve?domain=x',
      'mailto:a@github.com',
      'app://bundle/index.html',
      'ms-msdt:/id PCWDiagnostic',
    ]) {
      expect(isAllowedExternal(url), url).toBe(false);
    }
  });

  it('refuses hosts not on the list, including lookalikes and subdomains', () => {
    for (const url of [
      'https://evil.example/',
      'https://github.com.evil.example/',
      'https://evilgithub.com/',
      'https://gist.github.com/',
      'https://api.telegram.org/bot123:abc/getMe',
      'https://github.com@evil.example/',
      'https://user:pass@github.com/',
      'https://github.com:8443/',
      'https://xn--gthub-n4a.com/',
    ]) {
      expect(isAllowedExternal(url), url).toBe(false);
    }
  });

  it('refuses what is not a URL', () => {
    for (const url of ['', 'github.com', '//github.com/x', 'https://', 42, null, undefined, {}, 'https://github.com/' + 'x'.repeat(9000)]) {
      expect(isAllowedExternal(url)).toBe(false);
    }
  });
});

describe('createOpenExternal', () => {
  it('hands allowed links to the shell and refuses the rest without calling it', async () => {
    // Stands in for Electron's shell.openExternal.
    const shell = { openExternal: vi.fn(async (_url: string) => undefined) };
    const refused: string[] = [];
    const open = createOpenExternal(shell, (origin) => refused.push(origin));

    await open('https://github.com/clipdesk');
    expect(shell.openExternal).toHaveBeenCalledWith('https://github.com/clipdesk');

    await expect(open('https://evil.example/callback?code=SECRET')).rejects.toBeInstanceOf(AppError);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    // Only the origin is reported: the query may hold a code or a token.
    expect(refused).toEqual(['https://evil.example']);
  });
});

describe('an emulated TikTok', () => {
  it('lets the emulator\'s exact origin through, plain http on loopback, and nothing near it', () => {
    const extra = ['http://127.0.0.1:4567'];
    expect(isAllowedExternal('http://127.0.0.1:4567/v2/auth/authorize/?client_key=k', extra)).toBe(true);
    expect(isAllowedExternal('http://127.0.0.1:4568/v2/auth/authorize/', extra)).toBe(false);
    expect(isAllowedExternal('http://127.0.0.1:4567/v2/auth/authorize/')).toBe(false);
    expect(isAllowedExternal('http://user:pw@127.0.0.1:4567/', extra)).toBe(false);
  });
});
