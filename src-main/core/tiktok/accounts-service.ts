// Connecting, listing and disconnecting TikTok accounts (Login Kit for Desktop,
// docs/platforms.md, TikTok §1): PKCE with TikTok's hex challenge, a fresh `state`, the consent
// page in the system browser, the one-shot loopback callback, the code exchange, and the
// account saved with its tokens encrypted. Several accounts; connecting the same TikTok user
// again updates it.
import fs from 'node:fs';
import path from 'node:path';
import { AppError, cancelledError } from '../../../src-shared/errors';
import { type Account, type ConnectStart } from '../../../src-shared/tiktok/accounts';
import type { CreatorStatus } from '../../../src-shared/tiktok/post-settings';
import { describeTikTokError } from '../../../src-shared/tiktok/tiktok-errors';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { iso } from '../clock';
import { AVATARS_FOLDER } from '../instance/data-layout';
import type { EventBus } from '../event-bus';
import type { SecretStore } from '../secrets/secret-store';
import { toAccount, type AccountRepo } from './account-repo';
import type { TikTokCredentials } from './credentials';
import { startLoopbackCallback } from './loopback-callback';
import { createPkce, createState } from './pkce';
import type { RateLimiter } from './rate-limits';
import type { TikTokClient } from './tiktok-client';
import { TikTokApiError, TikTokNetworkError } from './tiktok-http';
import { accessTokenName, refreshTokenName, type TokenKeeper } from './token-keeper';
import { PRIVATE_MKDIR } from '../instance/private-dir';

/** How long the consent page may take before the listener closes. */
export const CONNECT_TIMEOUT_MS = 5 * 60_000;
/**
 * What the creator does when Clipdesk could not revoke its access. The connection is listed in
 * the TikTok app under the name of the creator's own developer app, not "Clipdesk".
 */
export const TIKTOK_REMOVE_ACCESS =
  'To be sure, open the TikTok app → Settings and privacy → Security and permissions → Apps and services (Manage app permissions in older versions) and remove the developer app you made for Clipdesk.';
const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
const AVATAR_TYPES: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp' };

export interface AccountsDeps {
  dataDir: string;
  accounts: AccountRepo;
  secrets: SecretStore;
  credentials: TikTokCredentials;
  client: TikTokClient;
  tokens: TokenKeeper;
  limiter: RateLimiter;
  clock: Clock;
  bus: EventBus;
  audit: AuditLog;
  openExternal?: (url: string) => Promise<void>;
  connectTimeoutMs?: number;
}

/** A connection under way: how to stop it, and when it is over. */
interface Attempt {
  stop(): void;
  done: Promise<unknown>;
}

export class AccountsService {
  private readonly attempts = new Set<Attempt>();
  constructor(private readonly deps: AccountsDeps) {}

  list(): Account[] {
    return this.deps.accounts.list().map(toAccount);
  }

  get(id: string): Account {
    const row = this.deps.accounts.find(id);
    if (!row) throw new AppError('NOT_FOUND', 'No such TikTok account is connected.');
    return toAccount(row);
  }

  avatarFile(id: string): string | null {
    const file = this.deps.accounts.find(id)?.avatar_file;
    return file ? path.join(this.avatarDir(), file) : null;
  }

  private avatarDir(): string {
    return path.join(this.deps.dataDir, AVATARS_FOLDER);
  }

  /**
   * Connect an account, as one cancellable call (docs/architecture.md §1, "Cancellable calls"):
   * open TikTok's consent page, tell the caller about it (`onConsentPage`: the link to show in
   * case no browser opened), and wait on the loopback listener for TikTok's answer. The caller
   * cancelling or going away (`signal`) closes the listener at once, freeing its port.
   */
  async connect(actor: string, signal: AbortSignal, onConsentPage: (start: ConnectStart) => void): Promise<Account> {
    const app = await this.deps.credentials.require();
    if (signal.aborted) throw cancelledError('Connecting was cancelled.');
    const pkce = createPkce();
    const state = createState();
    const timeoutMs = this.deps.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
    const loopback = await startLoopbackCallback({ state, timeoutMs });
    const stop = (): void => loopback.close(cancelledError('Connecting was cancelled.'));
    signal.addEventListener('abort', stop, { once: true });
    let finished!: () => void;
    const attempt: Attempt = { stop, done: new Promise<void>((resolve) => (finished = resolve)) };
    this.attempts.add(attempt);
    try {
      const url = this.consentUrl(app.clientKey, loopback.redirectUri, state, pkce.challenge);
      const expiresAt = this.deps.clock.now() + timeoutMs;
      let opened = false;
      if (this.deps.openExternal) {
        try {
          await this.deps.openExternal(url);
          opened = true;
        } catch {
          // No browser could be opened (a server without one): the link is shown instead.
        }
      }
      this.deps.audit.append({ actor, action: 'account.connect_started', subject: 'tiktok', detail: opened ? 'consent page opened in the browser' : 'consent link shown' });
      onConsentPage({ url, opened, expiresAt: iso(expiresAt) });
      const { code, scopes } = await loopback.result;
      const grant = await this.deps.client.exchangeCode(app, { code, redirectUri: loopback.redirectUri, codeVerifier: pkce.verifier });
      return await this.saveConnected(grant, scopes, actor);
    } finally {
      signal.removeEventListener('abort', stop);
      // Whatever ended the call — an answer, a failure, the timeout, the caller — the listener
      // is closed with it (closing one already closed changes nothing).
      loopback.close();
      this.attempts.delete(attempt);
      finished();
    }
  }

  /** TikTok's consent page for this attempt (Login Kit for Desktop, docs/platforms.md, TikTok §1). */
  private consentUrl(clientKey: string, redirectUri: string, state: string, challenge: string): string {
    let url: URL;
    try {
      url = new URL(this.deps.client.authorizeUrl);
    } catch {
      throw new AppError('NOT_CONFIGURED', `CLIPDESK_TIKTOK_AUTH_URL is not a URL: ${this.deps.client.authorizeUrl}`);
    }
    url.searchParams.set('client_key', clientKey);
    url.searchParams.set('scope', this.deps.credentials.scopes().join(','));
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', challenge);
    url.searchParams.set('code_challenge_method', 'S256');
    return url.toString();
  }

  private async saveConnected(grant: Awaited<ReturnType<TikTokClient['exchangeCode']>>, callbackScopes: string[], actor: string): Promise<Account> {
    // The token answer's scope list is authoritative; the callback's is what the page said.
    const scopes = grant.scopes.length ? grant.scopes : callbackScopes;
    let displayName = '';
    let avatarUrl: string | null = null;
    if (scopes.includes('user.info.basic')) {
      const user = await this.deps.client.userInfo(grant.accessToken);
      displayName = user.displayName;
      avatarUrl = user.avatarUrl;
    }
    let username: string | null = null;
    if (scopes.includes('video.publish')) {
      try {
        if (this.deps.limiter.waitMs(grant.openId, 'creatorInfo') > 0) throw new Error('rate limited');
        this.deps.limiter.take(grant.openId, 'creatorInfo');
        const creator = await this.deps.client.creatorInfo(grant.accessToken);
        username = creator.username || null;
        displayName ||= creator.nickname;
        avatarUrl ??= creator.avatarUrl;
      } catch {
        // A creator who can't post right now still connects; the composer says why later.
      }
    }
    const row = this.deps.accounts.upsert({ openId: grant.openId, displayName: displayName || username || 'TikTok account', username, scopes });
    await this.deps.tokens.save(row.id, grant);
    if (avatarUrl) await this.saveAvatar(row.id, avatarUrl);
    const account = this.get(row.id);
    const missing = account.missingScopes.map((m) => m.scope);
    this.deps.audit.append({
      actor,
      action: 'account.connected',
      subject: row.id,
      detail: `${account.displayName}${missing.length ? `; not granted: ${missing.join(', ')}` : ''}`,
    });
    this.deps.bus.emit('accounts.changed', account);
    return account;
  }

  private async saveAvatar(accountId: string, avatarUrl: string): Promise<void> {
    // Kept locally: the renderer's CSP loads no remote images, and TikTok's avatar URLs expire.
    try {
      const res = await fetch(avatarUrl, { signal: AbortSignal.timeout(15_000), redirect: 'follow' });
      const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
      const ext = AVATAR_TYPES[type];
      if (!res.ok || !ext) return;
      const data = Buffer.from(await res.arrayBuffer());
      if (data.length === 0 || data.length > AVATAR_MAX_BYTES) return;
      fs.mkdirSync(this.avatarDir(), PRIVATE_MKDIR);
      const file = `${accountId}${ext}`;
      for (const other of Object.values(AVATAR_TYPES)) fs.rmSync(path.join(this.avatarDir(), `${accountId}${other}`), { force: true });
      fs.writeFileSync(path.join(this.avatarDir(), file), data);
      this.deps.accounts.setAvatar(accountId, file);
    } catch {
      // No avatar is not worth failing a connection over; the UI shows an initial.
    }
  }

  /**
   * Why this Clipdesk cannot read the account's access token or the developer app's client
   * secret, so could not revoke its access at TikTok (secrets saved by another backend, such as
   * the desktop app's), or null when it can.
   */
  async unreadableToken(id: string): Promise<string | null> {
    try {
      await this.deps.secrets.get(accessTokenName(id));
      // Revoking also needs the developer app's client secret, stored the same way.
      await this.deps.credentials.require();
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err); // SecretStore's words never quote a secret
    }
  }

  /**
   * Disconnect: the tokens leave this computer at once, then Clipdesk's access is revoked at
   * TikTok with the token held in memory. A failed revoke is reported with what to do.
   */
  async disconnect(id: string, actor: string): Promise<{ revoked: boolean; message: string }> {
    const row = this.deps.accounts.find(id);
    if (!row) throw new AppError('NOT_FOUND', 'No such TikTok account is connected.');
    // A refresh under way would write new tokens for an account that no longer exists.
    await this.deps.tokens.settle(id);
    let access: string | null = null;
    // Saved by a backend this Clipdesk cannot use (the desktop app's, read from the CLI): there
    // is a token, but it cannot be sent to TikTok from here.
    let unreadable = false;
    try {
      access = await this.deps.secrets.get(accessTokenName(id));
    } catch {
      unreadable = true;
    }
    this.deps.secrets.delete(accessTokenName(id));
    this.deps.secrets.delete(refreshTokenName(id));
    this.deps.accounts.delete(id);
    const avatar = row.avatar_file ? path.join(this.avatarDir(), row.avatar_file) : null;
    if (avatar) fs.rmSync(avatar, { force: true });
    this.deps.bus.emit('accounts.removed', { id });

    let revoked = false;
    let message: string;
    if (unreadable) {
      message = `${row.display_name} is disconnected and its tokens are deleted here, but Clipdesk could not read them on this machine, so its access was not revoked at TikTok. ${TIKTOK_REMOVE_ACCESS}`;
    } else if (!access) {
      message = `${row.display_name} is disconnected and its tokens are deleted. No valid token was left to revoke at TikTok. ${TIKTOK_REMOVE_ACCESS}`;
    } else {
      try {
        await this.deps.client.revoke(await this.deps.credentials.require(), access);
        revoked = true;
        message = `${row.display_name} is disconnected: access revoked at TikTok and tokens deleted from this computer.`;
      } catch (err) {
        // Not TikTokNetworkError's own words: they promise a retry, and a revocation gets none.
        const why =
          err instanceof TikTokApiError
            ? describeTikTokError(err.tiktokCode, 'revoke').message
            : err instanceof TikTokNetworkError
              ? 'TikTok could not be reached'
              : err instanceof Error
                ? err.message
                : String(err);
        message = `${row.display_name} is disconnected and its tokens are deleted here, but TikTok could not be told (${why}). ${TIKTOK_REMOVE_ACCESS}`;
      }
    }
    this.deps.audit.append({ actor, action: 'account.disconnected', subject: id, detail: `${row.display_name}; ${revoked ? 'revoked at TikTok' : 'not revoked at TikTok'}` });
    return { revoked, message };
  }

  /** creator_info, fresh every time (docs/platforms.md, TikTok §3.1, §4 point 1), as a can/can't-post answer. */
  async creatorStatus(accountId: string): Promise<CreatorStatus> {
    const row = this.deps.accounts.find(accountId);
    if (!row) throw new AppError('NOT_FOUND', 'No such TikTok account is connected.');
    const wait = this.deps.limiter.waitMs(row.external_id, 'creatorInfo');
    if (wait > 0) {
      return { canPost: false, code: 'rate_limit_exceeded', message: `TikTok allows 20 checks a minute; try again in ${Math.ceil(wait / 1000)} s.`, retryable: true };
    }
    // The slot is taken before anything is awaited, so callers at once cannot pass 20 a minute.
    this.deps.limiter.take(row.external_id, 'creatorInfo');
    try {
      const info = await this.deps.tokens.withToken(accountId, (token) => this.deps.client.creatorInfo(token));
      if (info.username && info.username !== row.username) this.deps.accounts.setUsername(accountId, info.username);
      return { canPost: true, info };
    } catch (err) {
      if (err instanceof TikTokApiError) {
        const words = describeTikTokError(err.tiktokCode, 'creator_info');
        return { canPost: false, code: err.tiktokCode, message: words.message, retryable: words.retryable };
      }
      if (err instanceof TikTokNetworkError) return { canPost: false, code: 'network', message: err.message, retryable: true };
      if (err instanceof AppError) return { canPost: false, code: err.code.toLowerCase(), message: err.message, retryable: err.code !== 'RECONNECT_NEEDED' };
      throw err;
    }
  }

  /** Stop every consent listener (shutdown): each connection under way ends with CANCELLED. */
  closeAll(): void {
    for (const attempt of this.attempts) attempt.stop();
  }

  /** Connections under way (a code being exchanged, an account being saved), for whoever must wait for them. */
  inFlight(): Promise<unknown>[] {
    return [...this.attempts].map((a) => a.done);
  }
}
