// The TikTok emulator is only worth testing against if it is as strict as TikTok: these tests
// drive it with plain fetch (no app code) and check each rule of docs/platforms.md, TikTok §1
// and §3 it enforces, every fault kind, and that only fully uploaded posts are ever published.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTikTokEmulator, type Fault, type TikTokEmulator } from '../emulators/tiktok';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-tiktok-emu-');
const running: TikTokEmulator[] = [];
afterEach(async () => {
  for (const emu of running.splice(0)) await emu.close();
});

const APP = { clientKey: 'awclipdesktest', clientSecret: 'shh-secret' };
const REDIRECT = 'http://127.0.0.1:48123/callback/';
const ALL_SCOPES = 'user.info.basic,user.info.profile,video.upload,video.publish';

async function start(app: { audited?: boolean } = {}): Promise<TikTokEmulator> {
  const emu = await startTikTokEmulator();
  running.push(emu);
  emu.addApp({ ...APP, ...app });
  return emu;
}

interface Pkce {
  verifier: string;
  hex: string;
  base64url: string;
}

function pkce(): Pkce {
  const verifier = crypto.randomBytes(48).toString('base64url');
  const digest = crypto.createHash('sha256').update(verifier).digest();
  return { verifier, hex: digest.toString('hex'), base64url: digest.toString('base64url') };
}

function authorizeUrl(emu: TikTokEmulator, params: Record<string, string>): string {
  const q = new URLSearchParams({
    client_key: APP.clientKey,
    response_type: 'code',
    scope: ALL_SCOPES,
    redirect_uri: REDIRECT,
    state: 'st-123',
    code_challenge_method: 'S256',
    ...params,
  });
  return `${emu.authorizeUrl}?${q.toString()}`;
}

/** What a browser posts for the consent form: hidden fields and ticked, enabled boxes. */
function consentForm(page: string, action: 'authorize' | 'cancel', untick: string[] = []): URLSearchParams {
  const form = new URLSearchParams();
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.append(m[1]!, m[2]!);
  for (const m of page.matchAll(/<input type="checkbox"[^>]* name="scope_granted" value="([^"]+)"([^>]*)>/g)) {
    if (m[2]!.includes('checked') && !m[2]!.includes('disabled') && !untick.includes(m[1]!)) form.append('scope_granted', m[1]!);
  }
  form.set('action', action);
  return form;
}

/** The callback query TikTok redirects the browser to. */
function callback(res: Response): URLSearchParams {
  expect(res.status).toBe(302);
  const location = res.headers.get('location')!;
  expect(location.startsWith(REDIRECT)).toBe(true);
  return new URL(location).searchParams;
}

/** Authorize page → Authorize button → callback. */
async function consent(emu: TikTokEmulator, challenge: string, untick: string[] = []): Promise<URLSearchParams> {
  const page = await fetch(authorizeUrl(emu, { code_challenge: challenge }), { redirect: 'manual' });
  expect(page.status).toBe(200);
  const form = consentForm(await page.text(), 'authorize', untick);
  return callback(await fetch(`${emu.url}/v2/auth/authorize/consent`, { method: 'POST', body: form, redirect: 'manual' }));
}

function tokenCall(emu: TikTokEmulator, form: Record<string, string>): Promise<Response> {
  return fetch(`${emu.apiBase}/v2/oauth/token/`, { method: 'POST', body: new URLSearchParams(form) });
}

const exchange = (emu: TikTokEmulator, code: string, verifier: string): Promise<Response> =>
  tokenCall(emu, { ...APP_FORM, grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
const APP_FORM = { client_key: APP.clientKey, client_secret: APP.clientSecret };

interface Tokens {
  open_id: string;
  scope: string;
  access_token: string;
  refresh_token: string;
  expires_in: number;
  refresh_expires_in: number;
  token_type: string;
}

/** A full connection: consent and code exchange. */
async function connect(emu: TikTokEmulator, untick: string[] = []): Promise<Tokens> {
  const p = pkce();
  const cb = await consent(emu, p.hex, untick);
  const res = await exchange(emu, cb.get('code')!, p.verifier);
  expect(res.status).toBe(200);
  return (await res.json()) as Tokens;
}

interface Envelope<T = Record<string, unknown>> {
  data: T;
  error: { code: string; message: string; log_id: string };
}

async function api<T = Record<string, unknown>>(emu: TikTokEmulator, token: string, path: string, body?: unknown): Promise<{ status: number; json: Envelope<T>; headers: Headers }> {
  const res = await fetch(`${emu.apiBase}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=UTF-8' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Envelope<T>, headers: res.headers };
}

interface Plan {
  videoSize: number;
  chunkSize: number;
  count: number;
}

const source = (p: Plan): Record<string, unknown> => ({ source: 'FILE_UPLOAD', video_size: p.videoSize, chunk_size: p.chunkSize, total_chunk_count: p.count });

function initDirect(emu: TikTokEmulator, token: string, plan: Plan, postInfo: Record<string, unknown> = {}): ReturnType<typeof api<{ publish_id: string; upload_url: string }>> {
  return api(emu, token, '/v2/post/publish/video/init/', {
    post_info: { privacy_level: 'SELF_ONLY', title: 'hello #emulator', brand_content_toggle: false, ...postInfo },
    source_info: source(plan),
  });
}

/** Random bytes in a temp file: the emulator checks sizes and hashes, not video. */
function makeFile(size: number): { file: string; bytes: Buffer; sha256: string } {
  const bytes = crypto.randomBytes(size);
  const file = path.join(tempDir(), 'clip.mp4');
  fs.writeFileSync(file, bytes);
  return { file, bytes: fs.readFileSync(file), sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

function chunkBounds(plan: Plan, i: number): { first: number; last: number } {
  const first = i * plan.chunkSize;
  const last = i === plan.count - 1 ? plan.videoSize - 1 : first + plan.chunkSize - 1;
  return { first, last };
}

function putChunk(uploadUrl: string, bytes: Buffer, plan: Plan, i: number, headers: Record<string, string> = {}): Promise<Response> {
  const { first, last } = chunkBounds(plan, i);
  return fetch(uploadUrl, {
    method: 'PUT',
    headers: { 'Content-Type': 'video/mp4', 'Content-Range': `bytes ${first}-${last}/${plan.videoSize}`, ...headers },
    body: new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset + first, last - first + 1),
  });
}

/** A PUT with headers fetch will not let us forge (no Content-Length; a short body). */
function rawPut(uploadUrl: string, headers: Record<string, string>, body: Buffer, endEarly = false): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(uploadUrl, { method: 'PUT', headers }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', () => resolve(0));
    req.write(body);
    if (endEarly) setTimeout(() => req.destroy(), 50);
    else req.end();
  });
}

const fetchStatus = (emu: TikTokEmulator, token: string, publishId: string): Promise<Response> =>
  fetch(`${emu.apiBase}/v2/post/publish/status/fetch/`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({ publish_id: publishId }),
  });

async function statusOf(emu: TikTokEmulator, token: string, publishId: string): Promise<Envelope<{ status: string; fail_reason?: string; uploaded_bytes?: number }>> {
  return (await (await fetchStatus(emu, token, publishId)).json()) as Envelope<{ status: string; fail_reason?: string; uploaded_bytes?: number }>;
}

// 17,000,123 bytes in chunks of 5,500,000 (≥ 5 MiB): three chunks, the last 6,000,123.
const PLAN: Plan = { videoSize: 17_000_123, chunkSize: 5_500_000, count: 3 };

/** An audited app and a public creator: the one setup that can post publicly. */
async function publicSetup(): Promise<{ emu: TikTokEmulator; token: string }> {
  const emu = await start({ audited: true });
  emu.addUser({ displayName: 'Ada', username: 'ada.films', isPrivateAccount: false });
  return { emu, token: (await connect(emu)).access_token };
}

describe('TikTok emulator: Login Kit for Desktop', () => {
  it('shows a consent page and exchanges a code made with the hex PKCE challenge', async () => {
    const emu = await start();
    emu.addUser({ displayName: 'Ada Lovelace', username: 'ada' });
    const p = pkce();
    const page = await fetch(authorizeUrl(emu, { code_challenge: p.hex }), { redirect: 'manual' });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('<title>Authorize awclipdesktest</title>');
    expect(text).toContain('Ada Lovelace');
    expect(text).toMatch(/Local TikTok emulator/);
    for (const scope of ALL_SCOPES.split(',')) expect(text).toMatch(new RegExp(`value="${scope.replace(/\./g, '\\.')}"[^>]* checked`));
    expect(text).toContain('>Authorize</button>');
    expect(text).toContain('>Cancel</button>');

    const cb = callback(await fetch(`${emu.url}/v2/auth/authorize/consent`, { method: 'POST', body: consentForm(text, 'authorize'), redirect: 'manual' }));
    expect(cb.get('state')).toBe('st-123');
    expect(cb.get('scopes')).toBe(ALL_SCOPES);
    const code = cb.get('code')!;
    // TikTok's codes need URL-decoding; the callback carries them encoded.
    expect(code).toMatch(/[*!]/);

    const res = await exchange(emu, code, p.verifier);
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as Tokens;
    expect(tokens).toMatchObject({ scope: ALL_SCOPES, expires_in: 7200, refresh_expires_in: 15_552_000, token_type: 'Bearer' });
    expect(tokens.access_token).toMatch(/^act\./);
    expect(tokens.refresh_token).toMatch(/^rft\./);
    expect(tokens).not.toHaveProperty('data');
    expect(tokens.open_id).toBe(emu.state.users.at(-1)!.openId);

    // Single use.
    const again = (await (await exchange(emu, code, p.verifier)).json()) as { error: string; log_id: string };
    expect(again.error).toBe('invalid_grant');
    expect(again.log_id).toMatch(/^\d{14}[0-9A-F]+$/);
  });

  it('refuses a base64url (RFC 7636) challenge, and other bad parameters, on an error page before consent', async () => {
    const emu = await start();
    const p = pkce();
    const page = await fetch(authorizeUrl(emu, { code_challenge: p.base64url }), { redirect: 'manual' });
    expect(page.status).toBe(400);
    const text = await page.text();
    expect(text).toContain("We couldn't log in with TikTok");
    expect(text).toContain('<code>code_challenge</code>');
    expect(text).toMatch(/Local TikTok emulator/);
    expect(emu.state.codes).toHaveLength(0);

    const bad = async (params: Record<string, string>, param: string): Promise<void> => {
      const res = await fetch(authorizeUrl(emu, { code_challenge: p.hex, ...params }), { redirect: 'manual' });
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(await res.text()).toContain(`<code>${param}</code>`);
    };
    await bad({ code_challenge: '' }, 'code_challenge');
    await bad({ code_challenge: p.hex.toUpperCase() }, 'code_challenge');
    await bad({ code_challenge_method: 'plain' }, 'code_challenge_method');
    await bad({ client_key: 'nobody' }, 'client_key');
    await bad({ response_type: 'token' }, 'response_type');
    await bad({ scope: 'user.info.basic,video.everything' }, 'scope');
    await bad({ state: '' }, 'state');
    await bad({ redirect_uri: 'http://127.0.0.1/callback/' }, 'redirect_uri');
    await bad({ redirect_uri: 'http://example.com:3455/callback/' }, 'redirect_uri');
    await bad({ redirect_uri: `${REDIRECT}?x=1` }, 'redirect_uri');
    await bad({ redirect_uri: `${REDIRECT}#frag` }, 'redirect_uri');
    await bad({ redirect_uri: 'clipdesk://callback/' }, 'redirect_uri');
    expect(text).toMatch(/Log ID: \d{14}[0-9A-F]+/);

    // An app with registered URIs takes only those, `*` standing for any port.
    emu.addApp({ ...APP, redirectUris: ['http://127.0.0.1:*/callback/'] });
    await bad({ redirect_uri: 'http://127.0.0.1:48123/other/' }, 'redirect_uri');
    await bad({ redirect_uri: 'http://localhost:48123/callback/' }, 'redirect_uri');
    expect((await fetch(authorizeUrl(emu, { code_challenge: p.hex, redirect_uri: 'http://127.0.0.1:5999/callback/' }), { redirect: 'manual' })).status).toBe(200);
  });

  it('rejects a wrong verifier, a changed redirect_uri, a wrong secret and a non-form body — with HTTP 200 by default', async () => {
    const emu = await start();
    const p = pkce();
    const body = async (res: Response): Promise<{ error: string; error_description: string; log_id: string }> => {
      expect(res.status).toBe(200);
      return (await res.json()) as { error: string; error_description: string; log_id: string };
    };

    const wrong = await body(await exchange(emu, (await consent(emu, p.hex)).get('code')!, pkce().verifier));
    expect(wrong).toMatchObject({ error: 'invalid_request', error_description: 'Code verifier or code challenge is invalid.' });
    expect(wrong.log_id).toBeTruthy();

    // The base64url challenge's verifier against a hex challenge would fail the same way; here, the redirect.
    const code2 = (await consent(emu, p.hex)).get('code')!;
    expect(await body(await tokenCall(emu, { ...APP_FORM, grant_type: 'authorization_code', code: code2, redirect_uri: 'http://127.0.0.1:48124/callback/', code_verifier: p.verifier })))
      .toMatchObject({ error: 'invalid_grant' });

    const code3 = (await consent(emu, p.hex)).get('code')!;
    expect(await body(await tokenCall(emu, { ...APP_FORM, client_secret: 'nope', grant_type: 'authorization_code', code: code3, redirect_uri: REDIRECT, code_verifier: p.verifier })))
      .toMatchObject({ error: 'invalid_client' });
    const asJson = await fetch(`${emu.apiBase}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...APP_FORM, grant_type: 'authorization_code', code: code3, redirect_uri: REDIRECT, code_verifier: p.verifier }),
    });
    expect(await body(asJson)).toMatchObject({ error: 'invalid_request' });
    expect(await body(await tokenCall(emu, { ...APP_FORM, grant_type: 'password' }))).toMatchObject({ error: 'unsupported_grant_type' });
    // code3 was never used (the client failed to authenticate), so it still works.
    expect((await exchange(emu, code3, p.verifier)).status).toBe(200);

    // Expired after five minutes.
    const code4 = (await consent(emu, p.hex)).get('code')!;
    emu.state.clockOffsetMs = 301_000;
    expect(await body(await exchange(emu, code4, p.verifier))).toMatchObject({ error: 'invalid_grant', error_description: 'Authorization code is expired.' });

    // With the pitfall turned off, errors carry a 4xx status.
    emu.state.oauthErrorsWith200 = false;
    expect((await exchange(emu, 'no-such-code', p.verifier)).status).toBe(400);
  });

  it('rotates refresh tokens: the old one stops working; the old access token only when configured', async () => {
    const emu = await start();
    const first = await connect(emu);
    const refresh = (rt: string): Promise<Response> => tokenCall(emu, { ...APP_FORM, grant_type: 'refresh_token', refresh_token: rt });

    const second = (await (await refresh(first.refresh_token)).json()) as Tokens;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.open_id).toBe(first.open_id);
    expect(emu.state.refreshCounts[first.open_id]).toBe(1);
    expect((await (await refresh(first.refresh_token)).json()) as object).toMatchObject({ error: 'invalid_grant' });
    expect(emu.state.refreshCounts[first.open_id]).toBe(1);
    // By default the previous access token lives out its time.
    expect((await api(emu, first.access_token, '/v2/post/publish/creator_info/query/')).status).toBe(200);

    emu.state.revokeOldAccessOnRefresh = true;
    const third = (await (await refresh(second.refresh_token)).json()) as Tokens;
    expect((await api(emu, second.access_token, '/v2/post/publish/creator_info/query/')).json.error.code).toBe('access_token_invalid');
    expect((await api(emu, third.access_token, '/v2/post/publish/creator_info/query/')).status).toBe(200);
    expect(emu.state.refreshCounts[first.open_id]).toBe(2);

    // Access tokens expire after expires_in.
    emu.state.clockOffsetMs = 7201_000;
    const expired = await api(emu, third.access_token, '/v2/post/publish/creator_info/query/');
    expect(expired.status).toBe(401);
    expect(expired.json.error.code).toBe('access_token_invalid');
  });

  it('revoke ends the access token and its refresh token', async () => {
    const emu = await start();
    const t = await connect(emu);
    const res = await fetch(`${emu.apiBase}/v2/oauth/revoke/`, { method: 'POST', body: new URLSearchParams({ ...APP_FORM, token: t.access_token }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(emu.state.revocations).toMatchObject([{ openId: t.open_id, accessToken: t.access_token }]);
    const info = await fetch(`${emu.apiBase}/v2/user/info/?fields=open_id`, { headers: { Authorization: `Bearer ${t.access_token}` } });
    expect(info.status).toBe(401);
    const refreshed = await tokenCall(emu, { ...APP_FORM, grant_type: 'refresh_token', refresh_token: t.refresh_token });
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('honours unticked scopes, Cancel, autoConsent and the chosen user', async () => {
    const emu = await start();
    const p = pkce();
    const bob = emu.addUser({ displayName: 'Bob' });
    emu.addUser({ displayName: 'Carol' });

    const partial = await consent(emu, p.hex, ['video.publish', 'user.info.profile']);
    expect(partial.get('scopes')).toBe('user.info.basic,video.upload');
    const t = (await (await exchange(emu, partial.get('code')!, p.verifier)).json()) as Tokens;
    expect(t.scope).toBe('user.info.basic,video.upload');
    const missing = await fetch(`${emu.apiBase}/v2/user/info/?fields=open_id,username`, { headers: { Authorization: `Bearer ${t.access_token}` } });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Envelope).error.code).toBe('scope_permission_missed');
    expect((await api(emu, t.access_token, '/v2/post/publish/creator_info/query/')).json.error.code).toBe('scope_not_authorized');

    const page = await (await fetch(authorizeUrl(emu, { code_challenge: p.hex }), { redirect: 'manual' })).text();
    expect(page).toContain('Carol');
    const cancelled = callback(await fetch(`${emu.url}/v2/auth/authorize/consent`, { method: 'POST', body: consentForm(page, 'cancel'), redirect: 'manual' }));
    expect(cancelled.get('error')).toBe('access_denied');
    expect(cancelled.get('error_description')).toBeTruthy();
    expect(cancelled.get('state')).toBe('st-123');

    emu.state.autoConsent = true;
    emu.state.nextUser = bob.openId;
    bob.grantScopes = ['user.info.basic', 'video.publish'];
    const auto = callback(await fetch(authorizeUrl(emu, { code_challenge: p.hex }), { redirect: 'manual' }));
    expect(auto.get('scopes')).toBe('user.info.basic,video.publish');
    expect(((await (await exchange(emu, auto.get('code')!, p.verifier)).json()) as Tokens).open_id).toBe(bob.openId);
  });
});

describe('TikTok emulator: user info and creator info', () => {
  it('answers user/info in the envelope with only the requested fields, and serves the avatar', async () => {
    const emu = await start();
    const user = emu.addUser({ displayName: 'Ada', username: 'ada.films', isVerified: true });
    const t = await connect(emu);
    const res = await fetch(`${emu.apiBase}/v2/user/info/?fields=open_id,display_name,avatar_url,username,is_verified`, { headers: { Authorization: `Bearer ${t.access_token}` } });
    const body = (await res.json()) as Envelope<{ user: Record<string, unknown> }>;
    expect(body.error.code).toBe('ok');
    expect(body.data.user).toEqual({ open_id: user.openId, display_name: 'Ada', avatar_url: user.avatarUrl, username: 'ada.films', is_verified: true });
    const avatar = await fetch(user.avatarUrl);
    expect(avatar.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await avatar.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    const noFields = await fetch(`${emu.apiBase}/v2/user/info/`, { headers: { Authorization: `Bearer ${t.access_token}` } });
    expect(noFields.status).toBe(400);
    const noToken = await fetch(`${emu.apiBase}/v2/user/info/?fields=open_id`);
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as Envelope).error.code).toBe('access_token_invalid');
  });

  it('gives creator_info from the account, and "can\'t post now" as HTTP 200 with the code', async () => {
    const emu = await start();
    const user = emu.addUser({ displayName: 'Ada', username: 'ada.films', isPrivateAccount: true, commentDisabled: true, maxVideoPostDurationSec: 180 });
    const t = await connect(emu);
    const info = await api(emu, t.access_token, '/v2/post/publish/creator_info/query/');
    expect(info.status).toBe(200);
    expect(info.json.error.code).toBe('ok');
    expect(info.json.data).toEqual({
      creator_avatar_url: user.avatarUrl,
      creator_username: 'ada.films',
      creator_nickname: 'Ada',
      privacy_level_options: ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
      comment_disabled: true,
      duet_disabled: true,
      stitch_disabled: true,
      max_video_post_duration_sec: 180,
    });

    for (const cant of ['spam_risk_too_many_posts', 'spam_risk_user_banned_from_posting', 'reached_active_user_cap'] as const) {
      user.cantPost = cant;
      const res = await api(emu, t.access_token, '/v2/post/publish/creator_info/query/');
      expect(res.status).toBe(200);
      expect(res.json.error.code).toBe(cant);
      const init = await initDirect(emu, t.access_token, PLAN);
      expect(init.status).toBe(403);
      expect(init.json.error.code).toBe(cant);
      emu.state.enforceRateLimits = false;
    }

    const pub = emu.addUser({ isPrivateAccount: false });
    expect(pub.privacyLevelOptions).toEqual(['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY']);
  });
});

describe('TikTok emulator: video init', () => {
  it('takes a valid chunk plan and refuses the classic chunking mistakes', async () => {
    const emu = await start();
    emu.state.enforceRateLimits = false;
    const t = (await connect(emu)).access_token;
    const init = (plan: Plan): ReturnType<typeof initDirect> => initDirect(emu, t, plan);

    const good = await init({ videoSize: 25_000_123, chunkSize: 10_000_000, count: 2 });
    expect(good.status).toBe(200);
    expect(good.json.error.code).toBe('ok');
    expect(good.json.data.publish_id).toMatch(/^v_pub_file~v2-1\.\d+$/);
    expect(good.json.data.upload_url).toMatch(new RegExp(`^${emu.url}/upload/[^?]+\\?upload_token=`));
    for (const ok of [
      { videoSize: 1000, chunkSize: 1000, count: 1 },
      { videoSize: 64_000_000, chunkSize: 64_000_000, count: 1 },
      { videoSize: 50_000_123, chunkSize: 10_000_000, count: 5 },
    ]) expect((await init(ok)).status, JSON.stringify(ok)).toBe(200);

    const refused = async (plan: Plan): Promise<void> => {
      const res = await init(plan);
      expect(res.status, JSON.stringify(plan)).toBe(400);
      expect(res.json.error).toMatchObject({ code: 'invalid_params', message: 'The chunk size is invalid' });
      expect(res.headers.get('x-emulator-detail')).toBeTruthy();
    };
    await refused({ videoSize: 25_000_123, chunkSize: 10_000_000, count: 3 }); // ceil, not floor
    await refused({ videoSize: 64_000_001, chunkSize: 64_000_001, count: 1 }); // one chunk over 64,000,000
    await refused({ videoSize: 67_108_864, chunkSize: 67_108_864, count: 1 }); // 64 MiB whole, Postiz's threshold
    await refused({ videoSize: 25_000_000, chunkSize: 5_000_000, count: 5 }); // under 5 MiB
    await refused({ videoSize: 1000, chunkSize: 500, count: 2 }); // small files go whole
    await refused({ videoSize: 4_000_000, chunkSize: 5_242_880, count: 1 }); // chunk_size must equal a small file
    await refused({ videoSize: 100_000_000, chunkSize: 67_108_864, count: 1 }); // 64 MiB chunks: over 64,000,000
    await refused({ videoSize: 100_000_000, chunkSize: 50_000_000, count: 1 }); // count disagrees with the sizes
    await refused({ videoSize: 4 * 2 ** 30 + 1, chunkSize: 10_000_000, count: 429 });
    await refused({ videoSize: 0, chunkSize: 0, count: 1 });
    expect(emu.state.inits).toHaveLength(4);
  });

  it('checks post_info, the source, the audit and the account as TikTok does', async () => {
    const emu = await start();
    emu.state.enforceRateLimits = false;
    const user = emu.addUser({ isPrivateAccount: false });
    const t = (await connect(emu)).access_token;
    const code = async (body: unknown, contentType = 'application/json'): Promise<[number, string]> => {
      const res = await fetch(`${emu.apiBase}/v2/post/publish/video/init/`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${t}`, 'Content-Type': contentType },
        body: JSON.stringify(body),
      });
      return [res.status, ((await res.json()) as Envelope).error.code];
    };
    const src = source(PLAN);
    expect(await code({ post_info: { title: 'x' }, source_info: src })).toEqual([400, 'invalid_param']);
    expect(await code({ post_info: { privacy_level: 'EVERYONE' }, source_info: src })).toEqual([400, 'invalid_param']);
    expect(await code({ post_info: { privacy_level: 'SELF_ONLY', title: 'x'.repeat(2201) }, source_info: src })).toEqual([400, 'invalid_param']);
    expect(await code({ post_info: { privacy_level: 'SELF_ONLY', disable_duet: 'yes' }, source_info: src })).toEqual([400, 'invalid_param']);
    expect(await code({ post_info: { privacy_level: 'SELF_ONLY' }, source_info: { ...src, chunk_size: '5500000' } })).toEqual([400, 'invalid_param']);
    expect(await code({ post_info: { privacy_level: 'SELF_ONLY' }, source_info: { source: 'PULL_FROM_URL', video_url: 'https://x.example/v.mp4' } })).toEqual([403, 'url_ownership_unverified']);
    expect(await code({ post_info: { privacy_level: 'SELF_ONLY' }, source_info: src }, 'text/plain')).toEqual([400, 'invalid_param']);
    // An unaudited app cannot post to a public account, even as SELF_ONLY.
    expect(await code({ post_info: { privacy_level: 'SELF_ONLY' }, source_info: src })).toEqual([403, 'unaudited_client_can_only_post_to_private_accounts']);

    user.isPrivateAccount = true;
    user.privacyLevelOptions = ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
    expect(await code({ post_info: { privacy_level: 'PUBLIC_TO_EVERYONE' }, source_info: src })).toEqual([403, 'privacy_level_option_mismatch']);
    // 2200 UTF-16 units: emoji count twice.
    expect(await code({ post_info: { privacy_level: 'FOLLOWER_OF_CREATOR', title: '😀'.repeat(1100) }, source_info: src })).toEqual([200, 'ok']);
    expect(await code({ post_info: { privacy_level: 'FOLLOWER_OF_CREATOR', title: `${'😀'.repeat(1100)}x` }, source_info: src })).toEqual([400, 'invalid_param']);
    // Unaudited + private account: allowed, but forced to SELF_ONLY.
    expect(emu.state.inits.at(-1)).toMatchObject({ requestedPrivacyLevel: 'FOLLOWER_OF_CREATOR', privacyLevel: 'SELF_ONLY', disableDuet: true, disableStitch: true });
  });

  it('limits init to 6 a minute per token (429 on the 7th), counting refused ones too', async () => {
    const emu = await start();
    const t = (await connect(emu)).access_token;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await initDirect(emu, t, i === 2 ? { ...PLAN, count: 4 } : PLAN)).status);
    expect(statuses).toEqual([200, 200, 400, 200, 200, 200, 429]);
    const last = emu.requests.filter((r) => r.path === '/v2/post/publish/video/init/');
    expect(last.map((r) => r.status)).toEqual(statuses);
    expect(last.every((r) => r.token === t)).toBe(true);
    expect(last.at(-1)!.at - last[0]!.at).toBeLessThan(60_000);
    // Another token has its own window; and the window slides.
    const other = (await connect(emu)).access_token;
    expect((await initDirect(emu, other, PLAN)).status).toBe(200);
    emu.state.clockOffsetMs = 61_000;
    expect((await initDirect(emu, t, PLAN)).status).toBe(200);
  });
});

describe('TikTok emulator: upload, status and publication', () => {
  it('takes exact chunk PUTs (206, 206, 201) and publishes after processing, with a raw int64 post id', async () => {
    const { emu, token } = await publicSetup();
    const { bytes, sha256 } = makeFile(PLAN.videoSize);
    const init = await initDirect(emu, token, PLAN, { privacy_level: 'PUBLIC_TO_EVERYONE', brand_organic_toggle: true, disable_comment: true });
    expect(init.status).toBe(200);
    const { publish_id: publishId, upload_url: uploadUrl } = init.json.data;

    const before = await statusOf(emu, token, publishId);
    expect(before.data).toEqual({ status: 'PROCESSING_UPLOAD', uploaded_bytes: 0 });
    const answers: Array<[number, string | null]> = [];
    for (let i = 0; i < PLAN.count; i++) {
      const res = await putChunk(uploadUrl, bytes, PLAN, i);
      answers.push([res.status, res.headers.get('content-range')]);
      if (i === 0) expect((await statusOf(emu, token, publishId)).data).toEqual({ status: 'PROCESSING_UPLOAD', uploaded_bytes: 5_500_000 });
    }
    expect(answers).toEqual([
      [206, 'bytes 0-5499999/17000123'],
      [206, 'bytes 0-10999999/17000123'],
      [201, 'bytes 0-17000122/17000123'],
    ]);
    expect(emu.posts).toEqual([]);

    // Processing takes state.processingPolls fetches; then the post is up.
    expect((await statusOf(emu, token, publishId)).data.status).toBe('PROCESSING_UPLOAD');
    expect((await statusOf(emu, token, publishId)).data.status).toBe('PROCESSING_UPLOAD');
    const done = await fetchStatus(emu, token, publishId);
    const text = await done.text();
    const raw = /"publicaly_available_post_id":\[(\d{19})\]/.exec(text);
    expect(raw, text).not.toBeNull();
    const id = raw![1]!;
    // The point of the raw number: JSON.parse rounds it.
    const parsed = JSON.parse(text) as Envelope<{ status: string; publicaly_available_post_id: number[] }>;
    expect(parsed.data.status).toBe('PUBLISH_COMPLETE');
    expect(String(parsed.data.publicaly_available_post_id[0])).not.toBe(id);

    expect(emu.posts).toHaveLength(1);
    expect(emu.posts[0]).toMatchObject({
      publishId,
      mode: 'direct',
      openId: emu.state.users.at(-1)!.openId,
      title: 'hello #emulator',
      privacyLevel: 'PUBLIC_TO_EVERYONE',
      disableComment: true,
      brandOrganicToggle: true,
      brandContentToggle: false,
      videoSize: PLAN.videoSize,
      sha256,
      publicPostId: id,
    });
    // Later fetches repeat the same answer; nothing is published twice.
    expect(await (await fetchStatus(emu, token, publishId)).text()).toContain(id);
    expect(emu.posts).toHaveLength(1);
  });

  it('is strict about upload headers: 416 with the server\'s range, 400 for a wrong chunk or headers, 403/404 for bad URLs', async () => {
    const { emu, token } = await publicSetup();
    const { bytes } = makeFile(PLAN.videoSize);
    const { upload_url: url } = (await initDirect(emu, token, PLAN)).json.data;
    const range = (first: number, last: number): string => `bytes ${first}-${last}/${PLAN.videoSize}`;

    // Chunk 1 before chunk 0: the server has nothing yet.
    const early = await putChunk(url, bytes, PLAN, 1);
    expect(early.status).toBe(416);
    expect(early.headers.get('content-range')).toBe(`bytes */${PLAN.videoSize}`);
    expect((await putChunk(url, bytes, PLAN, 0)).status).toBe(206);
    // Chunk 0 again: 416 naming what the server holds.
    const repeat = await putChunk(url, bytes, PLAN, 0);
    expect(repeat.status).toBe(416);
    expect(repeat.headers.get('content-range')).toBe('bytes 0-5499999/17000123');

    const slice = bytes.subarray(5_500_000, 11_000_000);
    const put = (headers: Record<string, string>, body: Buffer = slice): Promise<Response> =>
      fetch(url, { method: 'PUT', headers: { 'Content-Type': 'video/mp4', 'Content-Range': range(5_500_000, 10_999_999), ...headers }, body: new Uint8Array(body) });
    expect((await put({ 'Content-Type': 'application/octet-stream' })).status).toBe(400);
    expect((await put({ 'Content-Range': `bytes 5500000-10999999/${PLAN.videoSize + 1}` })).status).toBe(400);
    expect((await put({ 'Content-Range': 'bytes=5500000-10999999' })).status).toBe(400);
    // A chunk that does not follow the declared plan.
    expect((await put({ 'Content-Range': range(5_500_000, 9_999_999) }, bytes.subarray(5_500_000, 10_000_000))).status).toBe(400);
    // Content-Length disagreeing with Content-Range.
    expect((await put({}, slice.subarray(0, 1000))).status).toBe(400);
    // No Content-Length at all (chunked transfer).
    expect(await rawPut(url, { 'Content-Type': 'video/mp4', 'Content-Range': range(5_500_000, 10_999_999), 'Transfer-Encoding': 'chunked' }, slice)).toBe(400);
    // None of that moved the server's position; the real chunk goes through.
    expect((await put({ 'Content-Type': 'video/quicktime' })).status).toBe(206);

    expect((await putChunk(url.replace(/upload_token=[^&]+/, 'upload_token=forged'), bytes, PLAN, 2)).status).toBe(403);
    expect((await putChunk(url.replace(/\/upload\/[^?]+/, '/upload/nope'), bytes, PLAN, 2)).status).toBe(404);
    emu.state.clockOffsetMs = 3_600_001;
    const expired = await putChunk(url, bytes, PLAN, 2);
    expect(expired.status).toBe(403);
  });

  it('never publishes or counts a post whose upload did not finish; a scripted failure ends FAILED', async () => {
    const { emu, token } = await publicSetup();
    emu.state.dailyPostCap = 1;
    const { bytes } = makeFile(PLAN.videoSize);
    const abandoned = (await initDirect(emu, token, PLAN)).json.data;
    expect((await putChunk(abandoned.upload_url, bytes, PLAN, 0)).status).toBe(206);
    for (let i = 0; i < 5; i++) expect((await statusOf(emu, token, abandoned.publish_id)).data).toEqual({ status: 'PROCESSING_UPLOAD', uploaded_bytes: 5_500_000 });
    // A connection cut mid-chunk leaves the count where it was.
    expect(await rawPut(abandoned.upload_url, { 'Content-Type': 'video/mp4', 'Content-Range': `bytes 5500000-10999999/${PLAN.videoSize}`, 'Content-Length': '5500000' }, bytes.subarray(5_500_000, 5_600_000), true)).toBe(0);
    expect((await statusOf(emu, token, abandoned.publish_id)).data.uploaded_bytes).toBe(5_500_000);
    expect(emu.posts).toEqual([]);
    expect(emu.state.inits.find((i) => i.publishId === abandoned.publish_id)).toMatchObject({ uploadComplete: false, sha256: null });

    // The daily cap (1 here) ignores the abandoned init; a failed post does not count either.
    emu.state.failNext = 'spam_risk_text';
    const failing = (await initDirect(emu, token, PLAN)).json.data;
    for (let i = 0; i < PLAN.count; i++) await putChunk(failing.upload_url, bytes, PLAN, i);
    emu.state.processingPolls = 0;
    expect((await statusOf(emu, token, failing.publish_id)).data).toEqual({ status: 'FAILED', fail_reason: 'spam_risk_text', uploaded_bytes: PLAN.videoSize });
    expect(emu.posts).toEqual([]);

    const good = (await initDirect(emu, token, PLAN)).json.data;
    for (let i = 0; i < PLAN.count; i++) await putChunk(good.upload_url, bytes, PLAN, i);
    // Published without a poll once processingMs has passed.
    emu.state.processingMs = 0;
    expect(emu.posts.map((p) => p.publishId)).toEqual([good.publish_id]);
    expect(emu.posts[0]!.privacyLevel).toBe('SELF_ONLY');
    expect(emu.posts[0]!.publicPostId).toBeNull();
    expect((await statusOf(emu, token, good.publish_id)).data).toMatchObject({ status: 'PUBLISH_COMPLETE' });
    const capped = await initDirect(emu, token, PLAN);
    expect([capped.status, capped.json.error.code]).toEqual([403, 'spam_risk_too_many_posts']);
    expect((await api(emu, token, '/v2/post/publish/creator_info/query/')).json.error.code).toBe('spam_risk_too_many_posts');
  });

  it('guards status/fetch and cancel by owner', async () => {
    const emu = await start();
    emu.addUser({ isPrivateAccount: true });
    const mine = (await connect(emu)).access_token;
    emu.addUser({ isPrivateAccount: true });
    const theirs = (await connect(emu)).access_token;
    const { publish_id: id } = (await initDirect(emu, mine, PLAN)).json.data;
    const code = async (t: string, pid: string, endpoint = 'status/fetch'): Promise<[number, string]> => {
      const res = await api(emu, t, `/v2/post/publish/${endpoint}/`, { publish_id: pid });
      return [res.status, res.json.error.code];
    };
    expect(await code(mine, 'v_pub_file~v2-1.123')).toEqual([400, 'invalid_publish_id']);
    expect(await code(theirs, id)).toEqual([400, 'token_not_authorized_for_specified_publish_id']);
    expect(await code(theirs, id, 'cancel')).toEqual([400, 'token_not_authorized_for_specified_publish_id']);
    expect(await code(mine, id, 'cancel')).toEqual([200, 'ok']);
    expect((await statusOf(emu, mine, id)).data).toMatchObject({ status: 'FAILED', fail_reason: 'publish_cancelled' });
    expect(await code(mine, id, 'cancel')).toEqual([400, 'publish_not_cancellable']);
  });

  it('sends to the inbox with video.upload, and allows at most 5 pending shares', async () => {
    const emu = await start();
    const t = (await connect(emu, ['video.publish'])).access_token;
    const { bytes, sha256 } = makeFile(2_000_000);
    const small: Plan = { videoSize: 2_000_000, chunkSize: 2_000_000, count: 1 };
    const inbox = (): ReturnType<typeof api<{ publish_id: string; upload_url: string }>> =>
      api(emu, t, '/v2/post/publish/inbox/video/init/', { source_info: source(small) });
    expect((await initDirect(emu, t, small)).json.error.code).toBe('scope_not_authorized');

    const first = await inbox();
    expect(first.json.data.publish_id).toMatch(/^v_inbox_file~v2-1\.\d+$/);
    expect((await putChunk(first.json.data.upload_url, bytes, small, 0)).status).toBe(201);
    emu.state.processingPolls = 0;
    expect((await statusOf(emu, t, first.json.data.publish_id)).data).toEqual({ status: 'SEND_TO_USER_INBOX', uploaded_bytes: 2_000_000 });
    expect(emu.posts).toMatchObject([{ mode: 'inbox', privacyLevel: null, sha256 }]);

    for (let i = 0; i < 4; i++) expect((await inbox()).status).toBe(200);
    const sixth = await inbox();
    expect([sixth.status, sixth.json.error.code]).toEqual([403, 'spam_risk_too_many_pending_share']);
    // Once the creator finishes a draft in the app it stops being pending.
    emu.finishInboxDraft(first.json.data.publish_id);
    emu.state.clockOffsetMs = 61_000; // past the inbox init rate limit
    expect((await inbox()).status).toBe(200);
  });
});

describe('TikTok emulator: faults', () => {
  async function uploading(): Promise<{ emu: TikTokEmulator; token: string; bytes: Buffer; sha256: string; id: string; url: string }> {
    const { emu, token } = await publicSetup();
    const { bytes, sha256 } = makeFile(PLAN.videoSize);
    const { publish_id: id, upload_url: url } = (await initDirect(emu, token, PLAN)).json.data;
    return { emu, token, bytes, sha256, id, url };
  }

  it('status: any HTTP status with the right error shape, then the retry succeeds', async () => {
    const { emu, token, bytes, url, id } = await uploading();
    emu.fault({ endpoint: 'upload', chunk: 1, kind: 'status', status: 503 });
    emu.fault({ endpoint: 'creator_info', kind: 'status', status: 429, retryAfterSec: 7 });
    emu.fault({ endpoint: 'token', kind: 'status', status: 500 });
    emu.fault({ endpoint: 'status', kind: 'status', status: 502, times: 2 });
    emu.fault({ endpoint: 'authorize', kind: 'status', status: 500 });

    expect((await putChunk(url, bytes, PLAN, 0)).status).toBe(206);
    expect((await putChunk(url, bytes, PLAN, 1)).status).toBe(503);
    expect((await putChunk(url, bytes, PLAN, 1)).status).toBe(206);
    const limited = await api(emu, token, '/v2/post/publish/creator_info/query/');
    expect([limited.status, limited.json.error.code, limited.headers.get('retry-after')]).toEqual([429, 'rate_limit_exceeded', '7']);
    const tok = await tokenCall(emu, { ...APP_FORM, grant_type: 'refresh_token', refresh_token: 'x' });
    expect(tok.status).toBe(500);
    expect(await tok.json()).toMatchObject({ error: 'server_error' });
    expect((await fetchStatus(emu, token, id)).status).toBe(502);
    const second = await fetchStatus(emu, token, id);
    expect([second.status, ((await second.json()) as Envelope).error.code]).toEqual([502, 'internal_error']);
    expect((await fetchStatus(emu, token, id)).status).toBe(200);
    const page = await fetch(authorizeUrl(emu, { code_challenge: pkce().hex }), { redirect: 'manual' });
    expect(page.status).toBe(500);
    expect(await page.text()).toMatch(/Local TikTok emulator/);
    expect(emu.pendingFaults()).toEqual([]);
  });

  it('error: a chosen error code, e.g. spam_risk_text at init, with nothing initialised', async () => {
    const { emu, token } = await publicSetup();
    emu.fault({ endpoint: 'init', kind: 'error', code: 'spam_risk_text' });
    emu.fault({ endpoint: 'token', kind: 'error', code: 'invalid_grant', message: 'Refresh token is expired.' });
    const res = await initDirect(emu, token, PLAN);
    expect([res.status, res.json.error.code]).toEqual([403, 'spam_risk_text']);
    expect(emu.state.inits).toHaveLength(0);
    const tok = await tokenCall(emu, { ...APP_FORM, grant_type: 'refresh_token', refresh_token: 'x' });
    expect([tok.status, await tok.json()]).toMatchObject([200, { error: 'invalid_grant', error_description: 'Refresh token is expired.' }]);
  });

  it('drop: a dead connection before the work, after it, or part-way through a chunk', async () => {
    const { emu, token, bytes, sha256, url, id } = await uploading();
    emu.fault({ endpoint: 'init', kind: 'drop', when: 'after' });
    await expect(initDirect(emu, token, PLAN)).rejects.toThrow();
    // The init happened though its answer was lost: the ambiguous case a client must handle.
    expect(emu.state.inits).toHaveLength(2);
    emu.fault({ endpoint: 'status', kind: 'drop' });
    await expect(fetchStatus(emu, token, id)).rejects.toThrow();
    expect(emu.requests.at(-1)).toMatchObject({ path: '/v2/post/publish/status/fetch/', status: 0 });

    // Cut mid-chunk: the server forgets the partial chunk, the retry is taken whole.
    emu.fault({ endpoint: 'upload', chunk: 0, kind: 'drop', afterBytes: 1_000_000 });
    await expect(putChunk(url, bytes, PLAN, 0)).rejects.toThrow();
    expect((await statusOf(emu, token, id)).data.uploaded_bytes).toBe(0);
    expect((await putChunk(url, bytes, PLAN, 0)).status).toBe(206);
    // Dropped after the whole chunk: the server has it, the retry learns so from a 416.
    emu.fault({ endpoint: 'upload', chunk: 1, kind: 'drop', afterBytes: Number.MAX_SAFE_INTEGER });
    await expect(putChunk(url, bytes, PLAN, 1)).rejects.toThrow();
    const retry = await putChunk(url, bytes, PLAN, 1);
    expect([retry.status, retry.headers.get('content-range')]).toEqual([416, 'bytes 0-10999999/17000123']);
    expect((await putChunk(url, bytes, PLAN, 2)).status).toBe(201);
    expect(emu.state.inits[0]!.sha256).toBe(sha256);
  });

  it('slow: the answer (or the reading of a chunk) waits', async () => {
    const { emu, token, bytes, url, id } = await uploading();
    emu.fault({ endpoint: 'status', kind: 'slow', ms: 300 });
    emu.fault({ endpoint: 'upload', kind: 'slow', ms: 300 });
    let t0 = Date.now();
    expect((await fetchStatus(emu, token, id)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    t0 = Date.now();
    expect((await putChunk(url, bytes, PLAN, 0)).status).toBe(206);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('expire-upload-url and lose-upload: 403 and 404 from then on', async () => {
    const { emu, token, bytes, url } = await uploading();
    emu.fault({ endpoint: 'upload', chunk: 1, kind: 'expire-upload-url' });
    expect((await putChunk(url, bytes, PLAN, 0)).status).toBe(206);
    expect((await putChunk(url, bytes, PLAN, 1)).status).toBe(403);
    expect((await putChunk(url, bytes, PLAN, 1)).status).toBe(403);

    const other = (await initDirect(emu, token, PLAN)).json.data.upload_url;
    emu.fault({ endpoint: 'upload', kind: 'lose-upload' });
    expect((await putChunk(other, bytes, PLAN, 0)).status).toBe(404);
    expect((await putChunk(other, bytes, PLAN, 0)).status).toBe(404);
    expect(emu.posts).toEqual([]);
  });

  it('range-mismatch: the server loses a chunk and says where to resume; the result is still byte-exact', async () => {
    const { emu, token, bytes, sha256, url, id } = await uploading();
    emu.fault({ endpoint: 'upload', chunk: 2, kind: 'range-mismatch' });
    expect((await putChunk(url, bytes, PLAN, 0)).status).toBe(206);
    expect((await putChunk(url, bytes, PLAN, 1)).status).toBe(206);
    const res = await putChunk(url, bytes, PLAN, 2);
    expect([res.status, res.headers.get('content-range')]).toEqual([416, 'bytes 0-5499999/17000123']);
    expect((await statusOf(emu, token, id)).data.uploaded_bytes).toBe(5_500_000);
    expect((await putChunk(url, bytes, PLAN, 1)).status).toBe(206);
    expect((await putChunk(url, bytes, PLAN, 2)).status).toBe(201);
    expect(emu.state.inits[0]!.sha256).toBe(sha256);
  });

  it('refuses faults that could never fire', async () => {
    const emu = await start();
    expect(() => emu.fault({ endpoint: 'init', kind: 'lose-upload' })).toThrow(/uploads only/);
    expect(() => emu.fault({ endpoint: 'nowhere', kind: 'drop' } as unknown as Fault)).toThrow(/endpoint/);
    expect(() => emu.fault({ endpoint: 'status', chunk: 1, kind: 'drop' })).toThrow(/chunk/);
  });
});

describe('TikTok emulator: control API and everything else', () => {
  it('is driven over HTTP from another process, and answers 404 JSON elsewhere', async () => {
    const emu = await startTikTokEmulator();
    running.push(emu);
    const post = (p: string, body: unknown): Promise<Response> =>
      fetch(`${emu.url}/__emulator/${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('apps', { ...APP, audited: true })).status).toBe(200);
    const user = (await (await post('users', { displayName: 'Remote', isPrivateAccount: true })).json()) as { openId: string; privacyLevelOptions: string[] };
    expect(user.privacyLevelOptions).toContain('FOLLOWER_OF_CREATOR');
    expect(await (await post('state', { autoConsent: true, processingPolls: 0 })).json()).toMatchObject({ autoConsent: true, processingPolls: 0 });
    expect((await post('state', { autoConsnet: true })).status).toBe(400);
    expect((await post('fault', { endpoint: 'init', kind: 'status', status: 500 })).status).toBe(200);
    expect((await post('fault', { endpoint: 'init', kind: 'explode' })).status).toBe(400);

    const p = pkce();
    const cb = callback(await fetch(authorizeUrl(emu, { code_challenge: p.hex }), { redirect: 'manual' }));
    const t = (await (await exchange(emu, cb.get('code')!, p.verifier)).json()) as Tokens;
    expect(t.open_id).toBe(user.openId);
    const small: Plan = { videoSize: 1000, chunkSize: 1000, count: 1 };
    expect((await initDirect(emu, t.access_token, small)).status).toBe(500);
    const { publish_id: id, upload_url: url } = (await initDirect(emu, t.access_token, small)).json.data;
    expect((await putChunk(url, crypto.randomBytes(1000), small, 0)).status).toBe(201);
    await fetchStatus(emu, t.access_token, id);
    const posts = (await (await fetch(`${emu.url}/__emulator/posts`)).json()) as Array<{ publishId: string }>;
    expect(posts.map((x) => x.publishId)).toEqual([id]);
    expect(emu.requests.some((r) => r.path.startsWith('/__emulator/'))).toBe(false);

    const missing = await fetch(`${emu.url}/v2/video/teleport/`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Envelope).error).toMatchObject({ code: 'not_found' });
    expect((await fetch(`${emu.url}/v2/oauth/token`, { method: 'POST' })).status).toBe(404);
    const home = await (await fetch(emu.url)).text();
    expect(home).toMatch(/Local TikTok emulator/);

    emu.reset();
    expect([emu.state.apps, emu.state.users, emu.posts, emu.requests]).toEqual([[], [], [], []]);
    expect(emu.state.autoConsent).toBe(false);
  });

  it('lets a test connect with nothing but an app: a default private creator consents', async () => {
    const emu = await start();
    const t = await connect(emu);
    expect(emu.state.users).toHaveLength(1);
    expect(emu.state.users[0]).toMatchObject({ openId: t.open_id, isPrivateAccount: true });
    const small: Plan = { videoSize: 1000, chunkSize: 1000, count: 1 };
    const init = await initDirect(emu, t.access_token, small, { privacy_level: 'SELF_ONLY' });
    expect(init.status).toBe(200);
  });
});
