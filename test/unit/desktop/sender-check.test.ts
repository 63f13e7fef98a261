// Who may call the core over IPC: only the main frame of the app's own page. The frames here
// are plain objects standing in for Electron's WebFrameMain (Electron cannot run on this
// machine); the check reads only `url` and `parent`.
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, rendererSource } from '../../../src-main/desktop/app-origin';
import { checkSender, isTrustedSender, type SenderFrameLike } from '../../../src-main/desktop/ipc-transport';

const packaged = rendererSource({ isPackaged: true, devUrl: 'http://localhost:5173/' }).trustedOrigins;
const dev = rendererSource({ isPackaged: false, devUrl: 'http://localhost:5173/' }).trustedOrigins;

/** Stand-in for a top-level WebFrameMain. */
const mainFrame = (url: string): SenderFrameLike => ({ url, parent: null });
/** Stand-in for a subframe: its parent is the main frame. */
const subFrame = (url: string): SenderFrameLike => ({ url, parent: mainFrame(APP_ORIGIN + '/index.html') });

describe('IPC sender check', () => {
  it('accepts the main frame of app://bundle', () => {
    expect(isTrustedSender(mainFrame('app://bundle/index.html'), packaged)).toBe(true);
    expect(isTrustedSender(mainFrame('app://bundle/'), packaged)).toBe(true);
    expect(isTrustedSender(mainFrame('app://bundle/deep/page.html?x=1#y'), packaged)).toBe(true);
  });

  it('refuses a subframe, even of our own origin', () => {
    expect(checkSender(subFrame('app://bundle/index.html'), packaged)).toEqual({ ok: false, why: 'sent from a subframe' });
  });

  it('refuses a frame whose parent is not exactly null', () => {
    // A fake or half-initialised frame without a parent field must not count as a main frame.
    expect(isTrustedSender({ url: 'app://bundle/index.html', parent: undefined }, packaged)).toBe(false);
  });

  it('refuses a vanished frame (senderFrame null after navigation)', () => {
    expect(checkSender(null, packaged)).toEqual({ ok: false, why: 'the sending frame is gone' });
    expect(checkSender(undefined, packaged).ok).toBe(false);
  });

  it('refuses foreign origins', () => {
    for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'about:blank', 'data:text/html,hi', 'media://bundle/x', '']) {
      expect(isTrustedSender(mainFrame(url), packaged), url).toBe(false);
    }
  });

  it('refuses lookalike origins that a startsWith check would pass', () => {
    for (const url of [
      'app://bundle.evil/index.html',
      'app://bundle.evil.com/',
      'app://bundle@evil/index.html',
      'app://bundlex/',
      'app://bundle:8080/index.html',
      'app:///bundle/index.html',
      'app://evil/?app://bundle',
      'apps://bundle/index.html',
      'https://app//bundle',
    ]) {
      expect(isTrustedSender(mainFrame(url), packaged), url).toBe(false);
    }
  });

  it('trusts the dev server only when the app is not packaged', () => {
    expect(isTrustedSender(mainFrame('http://localhost:5173/'), dev)).toBe(true);
    expect(isTrustedSender(mainFrame('http://localhost:5173/'), packaged)).toBe(false);
    // Another port on the same host is another origin.
    expect(isTrustedSender(mainFrame('http://localhost:5174/'), dev)).toBe(false);
    expect(isTrustedSender(mainFrame('http://localhost.evil:5173/'), dev)).toBe(false);
  });

  it('ignores a dev URL that is not a loopback http server', () => {
    expect(rendererSource({ isPackaged: false, devUrl: 'https://evil.example/' }).trustedOrigins).toEqual([APP_ORIGIN]);
    expect(rendererSource({ isPackaged: false, devUrl: 'file:///tmp/index.html' }).trustedOrigins).toEqual([APP_ORIGIN]);
    expect(rendererSource({ isPackaged: false, devUrl: 'not a url' }).trustedOrigins).toEqual([APP_ORIGIN]);
  });
});

describe('renderer source', () => {
  it('loads app://bundle/index.html when packaged, whatever the environment says', () => {
    expect(rendererSource({ isPackaged: true, devUrl: 'http://localhost:5173/' })).toEqual({
      url: 'app://bundle/index.html',
      trustedOrigins: ['app://bundle'],
    });
    expect(rendererSource({ isPackaged: false, devUrl: undefined }).url).toBe('app://bundle/index.html');
  });

  it('loads the dev server in development', () => {
    expect(rendererSource({ isPackaged: false, devUrl: 'http://localhost:5173/' })).toEqual({
      url: 'http://localhost:5173/',
      trustedOrigins: ['app://bundle', 'http://localhost:5173'],
    });
  });
});
