// Who may talk to the headless host. Every HTTP request and every socket needs the access
// token (in the URL once, then the HttpOnly cookie it is traded for, or an Authorization
// header for the CLI). Browsers must also come from the host's own origin, and the Host
// header must name the host, so a web page elsewhere cannot reach it (CSRF, DNS rebinding).
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

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return out;
}

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
}

export interface AccessPolicy {
  token: string;
  port: number;
  /** The address the server is bound to. */
  bindHost: string;
}

/** Host header names this server may be reached by. */
export function hostHeaderAllowed(policy: AccessPolicy, hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  if (!isLoopbackHost(policy.bindHost)) return true; // exposed on purpose: the token is the guard
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
  if (!m) return false;
  return isLoopbackHost(m[1] ?? '') && Number(m[2] ?? 80) === policy.port;
}

/** The token a request presents: Authorization header, session cookie or ?token=. */
export function presentedToken(req: IncomingMessage, policy: AccessPolicy, url: URL): { token: string | null; via: 'header' | 'cookie' | 'query' | null } {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7), via: 'header' };
  const cookie = parseCookies(req.headers.cookie).get(sessionCookieName(policy.port));
  if (cookie) return { token: cookie, via: 'cookie' };
  const q = url.searchParams.get('token');
  if (q) return { token: q, via: 'query' };
  return { token: null, via: null };
}

/** A browser's Origin must be this host's own; non-browser clients send none. */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!hostHeader) return false;
  return origin === `http://${hostHeader}`;
}

export function sessionCookie(policy: AccessPolicy): string {
  return `${sessionCookieName(policy.port)}=${policy.token}; HttpOnly; SameSite=Strict; Path=/`;
}
