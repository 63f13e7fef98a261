// What any web page inside Clipdesk may do beyond rendering (docs/platforms.md, Electron §2.1
// #5, #13, #14): navigate only within the app's own origin, open no windows, attach no
// <webview>, and hold no permission but notifications. A link to an allowed site (TikTok,
// Telegram, GitHub) goes to the system browser instead. Applied to every webContents as it is
// created, so a page added later is covered without anyone remembering to.
import type { Session, WebContents } from 'electron';
import { isTrustedOrigin, originOf } from './app-origin';
import { isAllowedExternal } from './open-external';

export interface ContentsPolicyOptions {
  trustedOrigins: readonly string[];
  openExternal: (url: string) => Promise<void>;
  /** Told what was refused, by origin only. */
  onRefused?: (what: string) => void;
}

export function isNavigationAllowed(url: string, trustedOrigins: readonly string[]): boolean {
  return isTrustedOrigin(url, trustedOrigins);
}

/** Notifications, and only for our own page; Electron would otherwise grant every request. */
export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, trustedOrigins: readonly string[]): boolean {
  return permission === 'notifications' && requestingUrl !== undefined && isTrustedOrigin(requestingUrl, trustedOrigins);
}

export function applyWebContentsPolicy(contents: WebContents, options: ContentsPolicyOptions): void {
  const { trustedOrigins } = options;

  const handOff = (url: string): void => {
    // Only allowlisted links leave for the browser; openExternal checks again, by design.
    if (isAllowedExternal(url)) options.openExternal(url).catch(() => undefined);
  };

  const guard = (event: { url: string; preventDefault(): void }, kind: string): void => {
    if (isNavigationAllowed(event.url, trustedOrigins)) return;
    event.preventDefault();
    handOff(event.url);
    options.onRefused?.(`${kind} to ${originOf(event.url) ?? 'an unreadable address'}`);
  };

  contents.on('will-navigate', (event) => guard(event, 'navigation'));
  contents.on('will-redirect', (event) => guard(event, 'redirect'));

  contents.setWindowOpenHandler(({ url }) => {
    handOff(url);
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.onRefused?.('a <webview>');
  });
}

export function applySessionPolicy(session: Session, trustedOrigins: readonly string[]): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, trustedOrigins));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, trustedOrigins),
  );
}
