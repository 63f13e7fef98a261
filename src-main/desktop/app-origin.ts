// Where the renderer comes from, and the one way this shell compares origins. Pure: no
// `electron` import, so the rules are unit-tested under plain Node.
//
// Node's URL parser gives every non-special scheme the opaque origin "null" (so
// `new URL('app://bundle/').origin === new URL('app://evil/').origin`). Chromium, which
// knows `app:` is registered as standard, gives it a real tuple origin. `originOf` rebuilds
// that tuple from the parsed scheme and host, so a custom-scheme origin can be compared
// exactly — never with startsWith, which `app://bundle.evil` would pass.

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Video preview (docs/architecture.md §1), served by media-protocol.ts. */
export const MEDIA_SCHEME = 'media';

/** The origin of a URL as Chromium sees it, or null for unparsable and opaque URLs. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== 'null') return parsed.origin;
  // Custom schemes we register as standard: scheme://host[:port]. Without a host (app:///x,
  // data:, file:) the origin is opaque and matches nothing.
  if (!parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** Dev server address from ELECTRON_RENDERER_URL, accepted only for loopback http(s). */
export function devServerOrigin(devUrl: string | undefined): string | null {
  if (!devUrl) return null;
  let parsed: URL;
  try {
    parsed = new URL(devUrl);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const host = parsed.hostname;
  if (host !== 'localhost' && host !== '127.0.0.1' && host !== '[::1]') return null;
  return parsed.origin;
}

export interface RendererSource {
  /** What the window loads. */
  url: string;
  /** Origins allowed to talk to the core and to navigate within the window. */
  trustedOrigins: readonly string[];
}

/**
 * The renderer's address and the origins trusted to be it. The dev server is honoured only
 * in an unpackaged app: an installed Clipdesk must never be pointed at another page by an
 * environment variable.
 */
export function rendererSource(options: { isPackaged: boolean; devUrl: string | undefined }): RendererSource {
  const dev = options.isPackaged ? null : devServerOrigin(options.devUrl);
  if (dev && options.devUrl) return { url: options.devUrl, trustedOrigins: [APP_ORIGIN, dev] };
  return { url: APP_ENTRY_URL, trustedOrigins: [APP_ORIGIN] };
}

export function isTrustedOrigin(url: string, trustedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && trustedOrigins.includes(origin);
}
