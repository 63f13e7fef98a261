// Login Kit for Desktop (docs/platforms.md, TikTok §1): the authorize page with TikTok's hex
// PKCE, the token endpoint (code exchange and rotating refresh), and revoke.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { consentingUser, findApp, KNOWN_SCOPES } from './accounts';
import { html, json, mediaType, readSmallBody, redirect, type Answer } from './answers';
import type { EmulatorContext } from './context';
import { consentPage, loginErrorPage } from './html';
import * as ids from './ids';
import { now, type EmulatedApp, type IssuedToken } from './state';

/** An authorize request waiting for the user's click on the consent page. */
export interface PendingConsent {
  clientKey: string;
  openId: string;
  scopes: string[];
  redirectUri: string;
  state: string;
  codeChallenge: string;
}

/** user.info.basic cannot be unticked on TikTok's consent screen. */
const REQUIRED_SCOPE = 'user.info.basic';

/** Flat OAuth error (§1.8). HTTP 200 by default: TikTok is reported to send them that way; else 400. */
export function oauthError(ctx: EmulatorContext, error: string, description: string, httpStatus?: number): Answer {
  const status = httpStatus ?? (ctx.state.oauthErrorsWith200 ? 200 : 400);
  return json(status, { error, error_description: description, log_id: ids.logId() });
}

/**
 * §1.1: absolute http(s) to 127.0.0.1 or localhost with an explicit port, no query, no
 * fragment; and one of the app's registered URIs when it has any (`*` matches any port).
 */
export function redirectUriProblem(uri: string, app: EmulatedApp | undefined): string | null {
  if (uri.length >= 512) return 'redirect_uri is 512 characters or more';
  const m = /^(https?):\/\/(127\.0\.0\.1|localhost):(\d{1,5})(\/[^?#]*)?$/.exec(uri);
  if (!m) return 'redirect_uri must be http(s)://127.0.0.1:PORT/… or http(s)://localhost:PORT/…, with no query or fragment';
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return 'redirect_uri has no valid port';
  if (app && app.redirectUris.length > 0) {
    const matches = app.redirectUris.some((registered) => {
      const [before, after] = registered.split(':*');
      return after === undefined ? registered === uri : uri === `${before}:${port}${after}`;
    });
    if (!matches) return 'redirect_uri is not registered for this app';
  }
  return null;
}

const HEX_CHALLENGE = /^[0-9a-f]{64}$/;
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

const splitScopes = (s: string | null): string[] => [...new Set((s ?? '').split(',').map((x) => x.trim()).filter(Boolean))];

/** GET /v2/auth/authorize/ */
export function authorize(ctx: EmulatorContext, url: URL): Answer {
  const q = url.searchParams;
  const bad: string[] = [];
  const details: string[] = [];
  const flag = (param: string, detail: string): void => {
    bad.push(param);
    details.push(detail);
  };

  const app = findApp(ctx, q.get('client_key'));
  if (!app) flag('client_key', 'client_key is not a known app.');
  if (q.get('response_type') !== 'code') flag('response_type', 'response_type must be "code".');
  const scopes = splitScopes(q.get('scope'));
  const unknownScope = scopes.find((s) => !KNOWN_SCOPES.includes(s) || (app && !app.scopes.includes(s)));
  if (scopes.length === 0 || unknownScope) flag('scope', unknownScope ? `scope ${unknownScope} is not available to this app.` : 'scope is required (comma-separated).');
  const redirectUri = q.get('redirect_uri') ?? '';
  const uriProblem = redirectUri ? redirectUriProblem(redirectUri, app) : 'redirect_uri is required.';
  if (uriProblem) flag('redirect_uri', uriProblem);
  if (!q.get('state')) flag('state', 'state is required.');
  if (q.get('code_challenge_method') !== 'S256') flag('code_challenge_method', 'code_challenge_method must be S256.');
  const challenge = q.get('code_challenge') ?? '';
  // TikTok's desktop flow wants hex(SHA-256(verifier)); an RFC 7636 base64url challenge is refused (§1.3).
  if (!HEX_CHALLENGE.test(challenge)) flag('code_challenge', 'code_challenge must be the SHA-256 of the code verifier in lowercase hex (64 characters), not base64url.');
  if (bad.length > 0 || !app) return html(400, loginErrorPage(bad, details.join(' ')));

  const user = consentingUser(ctx);
  if (!user) return html(400, loginErrorPage(['user'], `state.nextUser (${ctx.state.nextUser}) is not a user of this emulator.`));
  const request: PendingConsent = { clientKey: app.clientKey, openId: user.openId, scopes, redirectUri, state: q.get('state')!, codeChallenge: challenge };

  const wanted = new Set(user.grantScopes ?? scopes);
  const ticked = (s: string): boolean => s === REQUIRED_SCOPE || wanted.has(s);
  if (ctx.state.autoConsent) return grant(ctx, request, scopes.filter(ticked));

  const requestId = ids.randomId(18);
  ctx.consents.set(requestId, request);
  return html(
    200,
    consentPage({
      requestId,
      appName: app.name,
      displayName: user.displayName,
      username: user.username,
      scopes: scopes.map((scope) => ({ scope, checked: ticked(scope), required: scope === REQUIRED_SCOPE })),
    }),
  );
}

/** POST /v2/auth/authorize/consent — the consent page's Authorize or Cancel. */
export async function consent(ctx: EmulatorContext, req: IncomingMessage): Promise<Answer> {
  const form = new URLSearchParams(await readSmallBody(req));
  const requestId = form.get('request_id') ?? '';
  const request = ctx.consents.get(requestId);
  if (!request) return html(400, loginErrorPage(['request_id'], 'This authorization request is unknown or was already answered. Start again from the app.'));
  ctx.consents.delete(requestId);
  const ticked = new Set(form.getAll('scope_granted'));
  const granted = request.scopes.filter((s) => ticked.has(s));
  if (form.get('action') !== 'authorize' || granted.length === 0) {
    return redirect(withQuery(request.redirectUri, { error: 'access_denied', error_description: 'The user denied the authorization request.', state: request.state }));
  }
  return grant(ctx, request, granted);
}

function grant(ctx: EmulatorContext, request: PendingConsent, scopes: string[]): Answer {
  const code = ids.authCode();
  ctx.state.codes.push({
    code,
    clientKey: request.clientKey,
    openId: request.openId,
    scopes,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    issuedAt: now(ctx.state),
    used: false,
  });
  return redirect(withQuery(request.redirectUri, { code, scopes: scopes.join(','), state: request.state }));
}

const withQuery = (base: string, params: Record<string, string>): string => `${base}?${new URLSearchParams(params).toString()}`;

/** The form body of an OAuth POST, or the error TikTok gives for anything else. */
async function readForm(ctx: EmulatorContext, req: IncomingMessage): Promise<{ form: URLSearchParams } | { answer: Answer }> {
  if (mediaType(req.headers['content-type']) !== 'application/x-www-form-urlencoded') {
    return { answer: oauthError(ctx, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.') };
  }
  return { form: new URLSearchParams(await readSmallBody(req)) };
}

/** The app named by client_key/client_secret, or the OAuth error. */
function authenticateClient(ctx: EmulatorContext, form: URLSearchParams): { app: EmulatedApp } | { answer: Answer } {
  const key = form.get('client_key');
  const secret = form.get('client_secret');
  if (!key) return { answer: oauthError(ctx, 'invalid_request', 'Missing required parameter: client_key.') };
  if (!secret) return { answer: oauthError(ctx, 'invalid_request', 'Missing required parameter: client_secret.') };
  const app = findApp(ctx, key);
  if (!app || !crypto.timingSafeEqual(sha256(secret), sha256(app.clientSecret))) return { answer: oauthError(ctx, 'invalid_client', 'Client key or secret is invalid.') };
  return { app };
}

const sha256 = (s: string): Buffer => crypto.createHash('sha256').update(s).digest();

/** POST /v2/oauth/token/ */
export async function token(ctx: EmulatorContext, req: IncomingMessage): Promise<Answer> {
  const read = await readForm(ctx, req);
  if ('answer' in read) return read.answer;
  const form = read.form;
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(ctx, 'invalid_request', 'Missing required parameter: grant_type.');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') return oauthError(ctx, 'unsupported_grant_type', `Grant type ${grantType} is not supported.`);
  const client = authenticateClient(ctx, form);
  if ('answer' in client) return client.answer;
  return grantType === 'authorization_code' ? exchangeCode(ctx, client.app, form) : refresh(ctx, client.app, form);
}

function exchangeCode(ctx: EmulatorContext, app: EmulatedApp, form: URLSearchParams): Answer {
  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  const verifier = form.get('code_verifier');
  if (!code) return oauthError(ctx, 'invalid_request', 'Missing required parameter: code.');
  if (!redirectUri) return oauthError(ctx, 'invalid_request', 'Missing required parameter: redirect_uri.');
  if (!verifier) return oauthError(ctx, 'invalid_request', 'Missing required parameter: code_verifier.');
  const record = ctx.state.codes.find((c) => c.code === code && c.clientKey === app.clientKey);
  if (!record) return oauthError(ctx, 'invalid_grant', 'Authorization code is invalid.');
  // Single use, whatever happens next: a failed exchange burns the code too.
  if (record.used) return oauthError(ctx, 'invalid_grant', 'Authorization code has already been used.');
  record.used = true;
  if (now(ctx.state) - record.issuedAt > ctx.state.codeTtlSec * 1000) return oauthError(ctx, 'invalid_grant', 'Authorization code is expired.');
  if (redirectUri !== record.redirectUri) return oauthError(ctx, 'invalid_grant', 'redirect_uri does not match the one used at authorization.');
  const challenge = crypto.createHash('sha256').update(verifier).digest('hex');
  if (!VERIFIER.test(verifier) || challenge !== record.codeChallenge) return oauthError(ctx, 'invalid_request', 'Code verifier or code challenge is invalid.');
  const issued = issue(ctx, { grantId: ids.randomId(12), clientKey: app.clientKey, openId: record.openId, scopes: record.scopes });
  return tokenAnswer(ctx, issued);
}

function refresh(ctx: EmulatorContext, app: EmulatedApp, form: URLSearchParams): Answer {
  const given = form.get('refresh_token');
  if (!given) return oauthError(ctx, 'invalid_request', 'Missing required parameter: refresh_token.');
  const old = ctx.state.tokens.find((t) => t.refreshToken === given && t.clientKey === app.clientKey);
  if (!old || !old.refreshUsable || old.refreshExpiresAt <= now(ctx.state)) return oauthError(ctx, 'invalid_grant', 'Refresh token is invalid or expired.');
  // Rotation (§1.5): the old refresh token dies the moment a new one exists.
  old.refreshUsable = false;
  if (ctx.state.revokeOldAccessOnRefresh) old.accessRevoked = true;
  // The refresh window counts from the first issuance, as the long-standing docs say.
  const issued = issue(ctx, { grantId: old.grantId, clientKey: old.clientKey, openId: old.openId, scopes: old.scopes, refreshExpiresAt: old.refreshExpiresAt });
  ctx.state.refreshCounts[old.openId] = (ctx.state.refreshCounts[old.openId] ?? 0) + 1;
  return tokenAnswer(ctx, issued);
}

function issue(ctx: EmulatorContext, g: { grantId: string; clientKey: string; openId: string; scopes: string[]; refreshExpiresAt?: number }): IssuedToken {
  const at = now(ctx.state);
  const t: IssuedToken = {
    grantId: g.grantId,
    clientKey: g.clientKey,
    openId: g.openId,
    scopes: g.scopes,
    accessToken: ids.accessToken(),
    refreshToken: ids.refreshToken(),
    issuedAt: at,
    accessExpiresAt: at + ctx.state.accessTtlSec * 1000,
    refreshExpiresAt: g.refreshExpiresAt ?? at + ctx.state.refreshTtlSec * 1000,
    accessRevoked: false,
    refreshUsable: true,
  };
  ctx.state.tokens.push(t);
  return t;
}

/** Flat, not wrapped in `data` (§1.4). */
const tokenAnswer = (ctx: EmulatorContext, t: IssuedToken): Answer =>
  json(200, {
    open_id: t.openId,
    scope: t.scopes.join(','),
    access_token: t.accessToken,
    expires_in: ctx.state.accessTtlSec,
    refresh_token: t.refreshToken,
    refresh_expires_in: Math.max(0, Math.floor((t.refreshExpiresAt - t.issuedAt) / 1000)),
    token_type: 'Bearer',
  });

/** POST /v2/oauth/revoke/ — the user's connection to the app ends: every token of the grant. */
export async function revoke(ctx: EmulatorContext, req: IncomingMessage): Promise<Answer> {
  const read = await readForm(ctx, req);
  if ('answer' in read) return read.answer;
  const form = read.form;
  const client = authenticateClient(ctx, form);
  if ('answer' in client) return client.answer;
  const app = client.app;
  const given = form.get('token');
  if (!given) return oauthError(ctx, 'invalid_request', 'Missing required parameter: token.');
  const found = ctx.state.tokens.find((t) => t.accessToken === given && t.clientKey === app.clientKey);
  if (found) {
    for (const t of ctx.state.tokens.filter((x) => x.grantId === found.grantId)) {
      t.accessRevoked = true;
      t.refreshUsable = false;
    }
    ctx.state.revocations.push({ at: now(ctx.state), clientKey: app.clientKey, openId: found.openId, accessToken: given });
  }
  // Like RFC 7009, an unknown token is not an error: the caller's goal is met either way.
  return json(200, {});
}
