// Who may talk to the headless host. Every HTTP request and every socket needs a credential:
// the access token in the printed link (traded at once for a session, see session.ts), the
// session's HttpOnly cookie after that, an Authorization header with the token (a script of
// the creator's) or with the local key (the CLI, from the lock file). Browsers must also come
// from the host's own origin, and the Host header must name the host (host-names.ts), so a web
// page elsewhere cannot reach it (CSRF, DNS rebinding).
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { sessionCookieName } from '../../src-shared/protocol';

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function sameToken(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * The values a request's cookies give a name, in the order sent. A cookie whose value is not
 * valid percent-encoding is skipped, not fatal: any page on another port of the same name can
 * plant one (cookies ignore ports), and it must not be able to stop the host. All values are
 * kept, not just the first: a planted cookie of the same name with a longer Path is sent before
 * ours (RFC 6265 §5.4) and must not lock the creator out.
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  const out: string[] = [];
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      out.push(decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // not percent-encoding: not ours
    }
  }
  return out;
}

/** What a request presents, before it is checked. */
export type Presented =
  | { via: 'header'; secret: string }
  | { via: 'cookie'; secrets: string[] }
  | { via: 'query'; secret: string }
  | { via: null };

/**
 * The credential a request presents: an Authorization header, the session cookie, or (only
 * where `allowQuery`, the HTTP link being opened) ?token=.
 */
export function presented(req: IncomingMessage, port: number, url: URL, allowQuery: boolean): Presented {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { via: 'header', secret: auth.slice(7) };
  const cookies = cookieValues(req.headers.cookie, sessionCookieName(port)).filter(Boolean);
  if (cookies.length) return { via: 'cookie', secrets: cookies };
  const q = allowQuery ? url.searchParams.get('token') : null;
  if (q) return { via: 'query', secret: q };
  return { via: null };
}

/** A browser's Origin must be this host's own; non-browser clients send none. */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined, scheme: 'http' | 'https'): boolean {
  if (origin === undefined) return true;
  if (!hostHeader) return false;
  return origin === `${scheme}://${hostHeader}`;
}

/**
 * The session cookie: HttpOnly (the page's scripts never see it), SameSite=Strict (no other
 * site's page makes the browser send it), host-only (no Domain), for as long as a session may
 * live; Secure when served over HTTPS.
 */
export function sessionCookie(port: number, id: string, maxAgeMs: number, secure: boolean): string {
  const attrs = [`${sessionCookieName(port)}=${id}`, 'HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${Math.floor(maxAgeMs / 1000)}`];
  if (secure) attrs.push('Secure');
  return attrs.join('; ');
}
