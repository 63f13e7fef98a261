// Connecting TikTok accounts against the emulator over real HTTP: the browser is played by
// test/support/fake-browser.mjs through BROWSER, exactly as a headless machine would be.
import fs from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { listFiles } from '../support/temp-dir';
import { useCores, waitFor } from '../support/core-harness';
import { CLIENT_KEY, CLIENT_SECRET, connectAccount, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';
import { startHandler } from '../support/callers';

/** Whether a listener could take this port on 127.0.0.1 now (it is closed again at once). */
function listenable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const emulator = useTikTokEmulator();
const newCore = useCores('clipdesk-tiktok-');

function start(extra: NodeJS.ProcessEnv = {}, options: Parameters<typeof newCore>[0] = {}) {
  const env = tiktokEnv(emulator(), extra);
  return newCore({ env, openExternal: createOpenBrowser(env), ...options });
}

/** Every byte Clipdesk wrote to its data folder (database, WAL, key file, avatars). */
function dataFolderText(dir: string): string {
  return listFiles(dir)
    .map((f) => fs.readFileSync(f).toString('latin1'))
    .join('\n');
}

describe('connecting TikTok accounts', () => {
  it('connects through the consent page with a hex PKCE challenge and shows the account with its avatar', async () => {
    const emu = emulator();
    const user = emu.addUser({ displayName: 'Zoë Creator 🎬', username: 'zoe.creates' });
    const h = start();
    const account = await connectAccount(h.core);
    expect(account).toMatchObject({ openId: user.openId, displayName: 'Zoë Creator 🎬', username: 'zoe.creates', hasAvatar: true, state: 'connected', missingScopes: [] });
    expect(account.scopes).toEqual(expect.arrayContaining(['user.info.basic', 'video.publish', 'video.upload']));
    expect(fs.statSync(h.core.avatarFile(account.id) as string).size).toBeGreaterThan(0);
    expect(h.of('accounts.changed').map((a) => a.id)).toContain(account.id);
    // The app asked with a 64-hex-character challenge and S256, and the redirect was loopback.
    const code = emu.state.codes[0];
    expect(code?.codeChallenge).toMatch(/^[0-9a-f]{64}$/);
    expect(code?.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\/$/);
    expect(h.core.accounts.list()).toHaveLength(1);
  });

  it('keeps tokens and the client secret out of the data folder in plaintext, and out of the activity log', async () => {
    const h = start({ CLIPDESK_TIKTOK_CLIENT_KEY: '', CLIPDESK_TIKTOK_CLIENT_SECRET: '' });
    await h.core.handlers['tiktok.setup.set']({ clientKey: CLIENT_KEY, clientSecret: CLIENT_SECRET });
    const setup = await h.core.handlers['tiktok.setup.get']({});
    expect(setup).toMatchObject({ clientKey: CLIENT_KEY, hasClientSecret: true, source: 'app', redirectUri: 'http://127.0.0.1:*/callback/', emulated: true });
    expect(JSON.stringify(setup)).not.toContain(CLIENT_SECRET);
    await connectAccount(h.core);
    const token = emulator().state.tokens[0];
    expect(token).toBeDefined();
    const text = dataFolderText(h.dataDir);
    for (const secret of [token?.accessToken, token?.refreshToken, CLIENT_SECRET]) expect(text).not.toContain(secret);
    const log = JSON.stringify(await h.core.handlers['activity.list']({}));
    for (const secret of [token?.accessToken, token?.refreshToken, CLIENT_SECRET]) expect(log).not.toContain(secret);
  });

  it('connects several accounts, and connecting the same person again updates that account', async () => {
    const emu = emulator();
    const h = start();
    emu.addUser({ displayName: 'First' });
    const first = await connectAccount(h.core);
    emu.addUser({ displayName: 'Second' });
    const second = await connectAccount(h.core);
    expect(second.id).not.toBe(first.id);
    emu.state.nextUser = first.openId;
    const again = await connectAccount(h.core);
    expect(again.id).toBe(first.id);
    expect(h.core.accounts.list().map((a) => a.displayName)).toEqual(['First', 'Second']);
  });

  it('detects and explains scopes the person unticked', async () => {
    const emu = emulator();
    emu.addUser({ displayName: 'Careful', grantScopes: ['user.info.basic', 'video.upload', 'user.info.stats', 'user.info.profile', 'video.list'] });
    const account = await connectAccount(start().core);
    expect(account.missingScopes.map((m) => m.scope)).toEqual(['video.publish']);
    expect(account.missingScopes[0]).toMatchObject({ feature: 'posting', without: expect.stringMatching(/inbox/) });
  });

  it('asks for the Insights scopes only once the creator says their app has the Display API, and the environment wins', async () => {
    const emu = emulator();
    // An app with Login Kit and Content Posting but no Display API, as most creators' first app is.
    emu.addApp({ clientKey: CLIENT_KEY, clientSecret: CLIENT_SECRET, audited: true, scopes: ['user.info.basic', 'video.publish', 'video.upload'] });
    emu.addUser({ displayName: 'No Display API' });
    const h = start({ CLIPDESK_TIKTOK_DISPLAY_API: undefined });
    const posting = ['user.info.basic', 'video.publish', 'video.upload'];
    expect(await h.core.handlers['tiktok.setup.get']({})).toMatchObject({ scopes: posting, displayApi: false, displayApiSource: 'app' });
    // Connect works with such an app (asking for video.list would fail the whole consent), and
    // the account says what Insights lacks.
    const account = await connectAccount(h.core);
    expect(account.state).toBe('connected');
    expect(emu.state.codes.at(-1)?.scopes).toEqual(posting);
    expect(account.missingScopes.map((m) => [m.scope, m.feature])).toEqual([
      ['user.info.stats', 'insights'],
      ['user.info.profile', 'insights'],
      ['video.list', 'insights'],
    ]);

    // Switched on: the consent link asks for them too.
    const h2 = start({ CLIPDESK_TIKTOK_DISPLAY_API: undefined, FAKE_BROWSER_NO_VISIT: '1' });
    await h2.core.handlers['settings.update']({ tiktokDisplayApi: true });
    const all = [...posting, 'user.info.stats', 'user.info.profile', 'video.list'];
    expect(await h2.core.handlers['tiktok.setup.get']({})).toMatchObject({ scopes: all, displayApi: true, displayApiSource: 'app' });
    const connecting = startHandler(h2.core.handlers['accounts.connect']);
    const { url } = await connecting.progress;
    expect(new URL(url).searchParams.get('scope')?.split(',')).toEqual(all);
    connecting.cancel();
    await connecting.result.catch(() => undefined);

    // The environment's word wins over the setting, as the app's key does.
    const h3 = start({ CLIPDESK_TIKTOK_DISPLAY_API: '0' });
    await h3.core.handlers['settings.update']({ tiktokDisplayApi: true });
    expect(await h3.core.handlers['tiktok.setup.get']({})).toMatchObject({ scopes: posting, displayApi: false, displayApiSource: 'environment' });
  });

  it('reports a cancelled consent, and closes the listener', async () => {
    const h = start({ FAKE_BROWSER_NO_VISIT: '1' });
    const connecting = startHandler(h.core.handlers['accounts.connect']);
    const { url } = await connecting.progress;
    const redirect = new URL(url).searchParams.get('redirect_uri') as string;
    const state = new URL(url).searchParams.get('state') as string;
    // A callback carrying someone else's state is refused and the real one still awaited.
    const forged = await fetch(`${redirect}?code=stolen&state=not-ours`);
    expect(forged.status).toBe(400);
    // Settled into a value at once: it rejects while the test is still fetching.
    const wait = connecting.result.then(
      () => null,
      (err: unknown) => err,
    );
    const cancelled = await fetch(`${redirect}?error=access_denied&error_description=The+user+denied&state=${encodeURIComponent(state)}`);
    expect(await cancelled.text()).toContain('return to Clipdesk');
    expect(await wait).toMatchObject({ code: 'CANCELLED' });
    await waitFor(async () => fetch(redirect).then(() => false, () => true), 5_000, 'the listener to close');
  });

  it('gives up after the timeout with a clear error', async () => {
    const h = start({ FAKE_BROWSER_NO_VISIT: '1' }, { connectTimeoutMs: 300 });
    const connecting = startHandler(h.core.handlers['accounts.connect']);
    expect((await connecting.progress).opened).toBe(true);
    await expect(connecting.result).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('shows the link when no browser can be opened', async () => {
    const h = start({ BROWSER: '/nonexistent/browser' });
    const connecting = startHandler(h.core.handlers['accounts.connect']);
    const started = await connecting.progress;
    expect(started.opened).toBe(false);
    expect(started.url).toContain(emulator().authorizeUrl);
    connecting.cancel();
    await expect(connecting.result).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('stops waiting when its caller gives the call up, freeing the loopback port at once, and connects nothing', async () => {
    const h = start({ FAKE_BROWSER_NO_VISIT: '1' });
    const connecting = startHandler(h.core.handlers['accounts.connect']);
    const redirect = new URL(new URL((await connecting.progress).url).searchParams.get('redirect_uri') as string);
    // Listening until then: the consent page could still answer.
    expect((await fetch(new URL('/nothing', redirect))).status).toBe(404);
    connecting.cancel();
    await expect(connecting.result).rejects.toMatchObject({ code: 'CANCELLED', message: 'Connecting was cancelled.' });
    // The port is free: something else can listen on it now.
    await waitFor(() => listenable(Number(redirect.port)), 5_000, 'the loopback port to be free');
    // A consent that arrives late finds nobody listening, and nothing is connected.
    await expect(fetch(`${redirect.href}?code=late&state=x`)).rejects.toThrow();
    expect(h.core.accounts.list()).toEqual([]);
  });

  it('reports TikTok refusing the app (an OAuth error sent with HTTP 200)', async () => {
    const h = start({ CLIPDESK_TIKTOK_CLIENT_SECRET: 'wrong-secret' });
    await expect(connectAccount(h.core)).rejects.toMatchObject({ code: 'TIKTOK_ERROR' });
    expect(emulator().requests.some((r) => r.path === '/v2/oauth/token/' && r.status === 200)).toBe(true);
  });

  it('refreshes tokens by itself before they expire, once for concurrent callers, storing the rotated token', async () => {
    const emu = emulator();
    emu.state.accessTtlSec = 2;
    const h = start();
    const account = await connectAccount(h.core);
    const firstRefresh = emu.state.tokens[0]?.refreshToken as string;
    // The refresh job runs at 80 % of the 2 s lifetime, without anything asking for a token.
    await waitFor(() => (emu.state.refreshCounts[account.openId] ?? 0) >= 1, 10_000, 'a refresh by itself');
    await waitFor(() => h.events.some((e) => e.name === 'activity.appended' && (e.payload as { action: string }).action === 'account.token_refreshed'), 5_000, 'the refresh to be saved');
    const afterJob = emu.state.refreshCounts[account.openId] as number;
    // The old refresh token was rotated away: using it now fails at TikTok.
    const old = await fetch(`${emu.apiBase}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_key: CLIENT_KEY, client_secret: CLIENT_SECRET, grant_type: 'refresh_token', refresh_token: firstRefresh }),
    }).then((r) => r.json() as Promise<{ error?: string }>);
    expect(old.error).toBe('invalid_grant');
    // Five callers at once when the token is near its end: one refresh.
    await new Promise((r) => setTimeout(r, 1_700));
    const results = await Promise.all(Array.from({ length: 5 }, () => h.core.handlers['tiktok.creatorInfo']({ accountId: account.id })));
    expect(results.every((r) => r.canPost)).toBe(true);
    expect((emu.state.refreshCounts[account.openId] as number) - afterJob).toBe(1);
  });

  it('turns an account TikTok no longer accepts into "reconnect needed", loudly, and a reconnect fixes it', async () => {
    const emu = emulator();
    emu.state.accessTtlSec = 1;
    const h = start();
    const account = await connectAccount(h.core);
    for (const t of emu.state.tokens) {
      t.refreshUsable = false;
      t.accessRevoked = true;
    }
    await waitFor(() => h.core.accounts.get(account.id).state === 'reconnect_needed', 10_000, 'reconnect needed');
    const broken = h.core.accounts.get(account.id);
    expect(broken.problem).toMatch(/Reconnect/);
    expect(h.of('accounts.changed').some((a) => a.state === 'reconnect_needed')).toBe(true);
    const status = await h.core.handlers['tiktok.creatorInfo']({ accountId: account.id });
    expect(status).toMatchObject({ canPost: false, retryable: false });
    emu.state.nextUser = account.openId;
    const again = await connectAccount(h.core);
    expect(again).toMatchObject({ id: account.id, state: 'connected', problem: null });
  });

  it('disconnects: tokens deleted here at once and access revoked at TikTok', async () => {
    const emu = emulator();
    const h = start();
    const account = await connectAccount(h.core);
    const result = await h.core.handlers['accounts.disconnect']({ id: account.id });
    expect(result.revoked).toBe(true);
    expect(result.message).toMatch(/revoked at TikTok/);
    expect(emu.state.revocations).toHaveLength(1);
    expect(h.core.accounts.list()).toEqual([]);
    expect(h.core.secrets.has(`tiktok.account.${account.id}.accessToken`)).toBe(false);
    expect(h.core.secrets.has(`tiktok.account.${account.id}.refreshToken`)).toBe(false);
    expect(h.of('accounts.removed')).toEqual([{ id: account.id }]);
  });

  it('explains the creator info states that block posting', async () => {
    const emu = emulator();
    const user = emu.addUser({ displayName: 'Busy', commentDisabled: true, maxVideoPostDurationSec: 180 });
    const h = start();
    const account = await connectAccount(h.core);
    const ok = await h.core.handlers['tiktok.creatorInfo']({ accountId: account.id });
    expect(ok).toMatchObject({ canPost: true, info: { commentDisabled: true, maxVideoPostDurationSec: 180, privacyLevelOptions: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'] } });
    user.cantPost = 'spam_risk_too_many_posts';
    const blocked = await h.core.handlers['tiktok.creatorInfo']({ accountId: account.id });
    expect(blocked).toMatchObject({ canPost: false, code: 'spam_risk_too_many_posts', retryable: false });
    expect(blocked.canPost ? '' : blocked.message).toMatch(/15|day/);
  });
});
