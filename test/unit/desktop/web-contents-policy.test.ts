// What a page inside Clipdesk may do. FakeContents and FakeSession stand in for Electron's
// WebContents and Session (Electron cannot run on this machine); they record the handlers
// the policy installs so each can be called the way Electron would.
import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  applySessionPolicy,
  applyWebContentsPolicy,
  isNavigationAllowed,
  isPermissionAllowed,
} from '../../../src-main/desktop/web-contents-policy';

const trusted = ['app://bundle'];

/** Stands in for Electron's WebContents: an emitter plus the window-open handler slot. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  /** Emit an Electron-style preventable event; returns whether it was prevented. */
  fire(name: string, url: string): boolean {
    let prevented = false;
    this.emit(name, { url, preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

function setUp() {
  const contents = new FakeContents();
  const openExternal = vi.fn(async (_url: string) => undefined);
  const refused: string[] = [];
  applyWebContentsPolicy(contents as unknown as WebContents, { trustedOrigins: trusted, openExternal, onRefused: (w) => refused.push(w) });
  return { contents, openExternal, refused };
}

describe('navigation', () => {
  it('stays within the app origin', () => {
    const { contents, refused } = setUp();
    expect(contents.fire('will-navigate', 'app://bundle/index.html#/posts')).toBe(false);
    expect(contents.fire('will-navigate', 'https://evil.example/phish')).toBe(true);
    expect(contents.fire('will-navigate', 'app://bundle.evil/index.html')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///home/me/clip.mp4')).toBe(true); // a file dropped outside a target
    expect(contents.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(refused).toContain('navigation to https://evil.example');
    expect(refused.join(' ')).not.toContain('phish'); // origins only
  });

  it('sends an allowed link to the browser instead of navigating', () => {
    const { contents, openExternal } = setUp();
    expect(contents.fire('will-navigate', 'https://github.com/clipdesk')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://github.com/clipdesk');
    contents.fire('will-navigate', 'https://evil.example/');
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('is a pure decision on the origin', () => {
    expect(isNavigationAllowed('app://bundle/x', trusted)).toBe(true);
    expect(isNavigationAllowed('app://bundle@evil/x', trusted)).toBe(false);
  });
});

describe('new windows and webviews', () => {
  it('denies every new window, handing allowed links to the browser', () => {
    const { contents, openExternal } = setUp();
    expect(contents.openHandler?.({ url: 'https://www.tiktok.com/@me' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://bundle/index.html' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://www.tiktok.com/@me']]);
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = setUp();
    expect(contents.fire('will-attach-webview', 'https://evil.example/')).toBe(true);
  });
});

describe('permissions', () => {
  it('grants notifications to the app page only, and nothing else to anyone', () => {
    expect(isPermissionAllowed('notifications', 'app://bundle/index.html', trusted)).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://evil.example/', trusted)).toBe(false);
    expect(isPermissionAllowed('notifications', undefined, trusted)).toBe(false);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fileSystem', 'hid', 'usb', 'unknown']) {
      expect(isPermissionAllowed(p, 'app://bundle/index.html', trusted), p).toBe(false);
    }
  });

  it('installs both the request and the check handler on the session', () => {
    // Stands in for Electron's Session: keeps the handlers so they can be called.
    let request: ((wc: unknown, permission: string, cb: (ok: boolean) => void, details: { requestingUrl: string }) => void) | null = null;
    let check: ((wc: unknown, permission: string, origin: string) => boolean) | null = null;
    const fakeSession = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    };
    applySessionPolicy(fakeSession as unknown as Session, trusted);

    const answers: boolean[] = [];
    request!(null, 'notifications', (ok) => answers.push(ok), { requestingUrl: 'app://bundle/index.html' });
    request!(null, 'media', (ok) => answers.push(ok), { requestingUrl: 'app://bundle/index.html' });
    expect(answers).toEqual([true, false]);
    expect(check!(null, 'notifications', 'app://bundle')).toBe(true);
    expect(check!(null, 'geolocation', 'app://bundle')).toBe(false);
  });
});
