// Access tokens, kept fresh. TikTok documents both 24 h and 2 h lifetimes and rotating refresh
// tokens (docs/platforms.md, TikTok §1.5), so Clipdesk trusts only `expires_in`, refreshes
// ahead of expiry (by itself, as a durable job, and on use), one refresh at a time per account,
// and stores the new pair in one transaction. A refresh TikTok refuses turns the account into
// "reconnect needed" — loudly, never a silent failure.
import { z } from 'zod';
import { AppError } from '../../../src-shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import { permanent, retryable, type JobRunner } from '../jobs/job-runner';
import { jobKind } from '../jobs/job-kind';
import type { SecretStore } from '../secrets/secret-store';
import { toAccount, type AccountRepo } from './account-repo';
import type { TikTokCredentials } from './credentials';
import type { TikTokClient, TokenGrant } from './tiktok-client';
import { isTransient, TikTokApiError } from './tiktok-http';

export const REFRESH_JOB = jobKind('tiktok.refresh', z.object({ accountId: z.string(), expiresAt: z.number() }));
/**
 * Who the log says renewed a token (or found it refused): Clipdesk's own rule of keeping tokens
 * fresh, whether its job or a use of the token (a publish, a creator-info look) set it off —
 * nobody asked for the renewal itself.
 */
const TOKEN_REFRESH = 'rule:token-refresh';
/** Refresh when this share of the token's life is left (so at 80 % of `expires_in`). */
const REFRESH_AT_REMAINING = 0.2;

export const accessTokenName = (accountId: string) => `tiktok.account.${accountId}.accessToken` as const;
export const refreshTokenName = (accountId: string) => `tiktok.account.${accountId}.refreshToken` as const;

export interface TokenKeeperDeps {
  accounts: AccountRepo;
  secrets: SecretStore;
  credentials: TikTokCredentials;
  client: TikTokClient;
  clock: Clock;
  bus: EventBus;
  audit: AuditLog;
  jobs: JobRunner;
}

export class TokenKeeper {
  private readonly inflight = new Map<string, Promise<string>>();
  constructor(private readonly deps: TokenKeeperDeps) {}

  /** Save a new grant (connect or refresh): both tokens in one transaction, then the expiry. */
  async save(accountId: string, grant: TokenGrant): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.secrets.setMany([
      [accessTokenName(accountId), grant.accessToken],
      [refreshTokenName(accountId), grant.refreshToken],
    ]);
    // Disconnected while TikTok was answering: the new tokens must not outlive the account.
    if (!this.deps.accounts.find(accountId)) {
      this.deps.secrets.delete(accessTokenName(accountId));
      this.deps.secrets.delete(refreshTokenName(accountId));
      return;
    }
    const expiresAt = now + grant.expiresIn * 1000;
    this.deps.accounts.setExpiry(accountId, now, expiresAt, now + grant.refreshExpiresIn * 1000);
    // By itself before it expires, even when nothing is posted: rotating refresh tokens stay alive.
    const refreshAt = now + Math.floor(grant.expiresIn * 1000 * (1 - REFRESH_AT_REMAINING));
    this.deps.jobs.enqueue(REFRESH_JOB, { accountId, expiresAt }, { runAt: refreshAt, dedupeKey: `refresh:${accountId}:${expiresAt}` });
  }

  /** A valid access token for the account, refreshed first when it is near its end. */
  async accessToken(accountId: string, signal?: AbortSignal): Promise<string> {
    const row = this.requireConnected(accountId);
    const token = await this.deps.secrets.get(accessTokenName(accountId));
    const now = this.deps.clock.now();
    const issued = row.access_issued_at ?? 0;
    const expires = row.access_expires_at ?? 0;
    const nearEnd = now >= expires - (expires - issued) * REFRESH_AT_REMAINING;
    if (token && !nearEnd) return token;
    return this.refresh(accountId, signal);
  }

  /**
   * Call TikTok with the account's token; when TikTok calls that token invalid (revoked or
   * expired early), once more with a freshly refreshed one. The one place for that rule.
   */
  async withToken<T>(accountId: string, fn: (token: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await fn(await this.accessToken(accountId, signal));
    } catch (err) {
      if (!(err instanceof TikTokApiError) || err.tiktokCode !== 'access_token_invalid') throw err;
      return fn(await this.refresh(accountId, signal));
    }
  }

  /**
   * Refresh now (single-flight per account). Used when TikTok calls a token invalid, by the
   * scheduled refresh job, and by accessToken() near expiry.
   */
  refresh(accountId: string, signal?: AbortSignal): Promise<string> {
    let shared = this.inflight.get(accountId);
    if (!shared) {
      // Not tied to the first caller's signal: if it gave up mid-way, a rotated token TikTok
      // already issued would be lost, and everyone waiting with it. Each caller may stop
      // waiting on its own signal; the refresh itself finishes (its HTTP call has a timeout).
      shared = this.doRefresh(accountId).finally(() => this.inflight.delete(accountId));
      shared.catch(() => undefined);
      this.inflight.set(accountId, shared);
    }
    if (!signal) return shared;
    return Promise.race([
      shared,
      new Promise<never>((_, reject) => {
        if (signal.aborted) reject(signal.reason instanceof Error ? signal.reason : new Error('Aborted'));
        signal.addEventListener('abort', () => reject(signal.reason instanceof Error ? signal.reason : new Error('Aborted')), { once: true });
      }),
    ]);
  }

  /** Wait for a refresh under way for the account, if any (disconnect waits, then deletes). */
  async settle(accountId: string): Promise<void> {
    await this.inflight.get(accountId)?.catch(() => undefined);
  }

  /** The job that refreshes ahead of expiry; a no-op when a newer token was saved since. */
  async refreshJob(payload: { accountId: string; expiresAt: number }): Promise<void> {
    const row = this.deps.accounts.find(payload.accountId);
    if (!row || row.state !== 'connected' || row.access_expires_at !== payload.expiresAt) return;
    try {
      await this.refresh(payload.accountId);
    } catch (err) {
      // Reconnect-needed is already recorded and shown; retrying a refused token cannot help.
      if (err instanceof AppError && err.code === 'RECONNECT_NEEDED') return;
      // TikTok unreachable or busy: the token still has hours to live, so try again soon. Any
      // other answer (the app's keys gone, a refusal) repeats: the next use of the token
      // refreshes it anyway, and says what is wrong where the creator sees it.
      throw isTransient(err) ? retryable(err) : permanent(err);
    }
  }

  private requireConnected(accountId: string) {
    const row = this.deps.accounts.find(accountId);
    if (!row) throw new AppError('NOT_FOUND', 'This TikTok account is no longer connected. Connect it again in Accounts.');
    if (row.state === 'reconnect_needed') {
      throw new AppError('RECONNECT_NEEDED', row.problem ?? `TikTok no longer accepts Clipdesk's access to ${row.display_name}. Reconnect it in Accounts.`);
    }
    return row;
  }

  private async doRefresh(accountId: string): Promise<string> {
    const row = this.requireConnected(accountId);
    const used = await this.deps.secrets.get(refreshTokenName(accountId));
    if (!used) return this.needReconnect(accountId, row.display_name, 'its saved authorisation is missing');
    const app = await this.deps.credentials.require();
    let grant: TokenGrant;
    try {
      grant = await this.deps.client.refresh(app, used);
    } catch (err) {
      if (!(err instanceof TikTokApiError) || err.tiktokCode === 'rate_limit_exceeded' || err.httpStatus >= 500) throw err;
      // Another writer may have rotated the token meanwhile (trypost learned this the hard
      // way): only a refusal of the newest refresh token means the person must reconnect.
      const newest = await this.deps.secrets.get(refreshTokenName(accountId));
      if (newest && newest !== used) {
        const access = await this.deps.secrets.get(accessTokenName(accountId));
        if (access) return access;
      }
      return this.needReconnect(accountId, row.display_name, `TikTok refused to renew it (${err.tiktokCode})`);
    }
    await this.save(accountId, grant);
    this.deps.audit.append({ actor: TOKEN_REFRESH, action: 'account.token_refreshed', subject: accountId, detail: row.display_name });
    return grant.accessToken;
  }

  private needReconnect(accountId: string, name: string, why: string): never {
    const problem = `Clipdesk's access to ${name} ended: ${why}. Reconnect the account to keep posting.`;
    this.deps.accounts.markReconnectNeeded(accountId, problem);
    this.deps.audit.append({ actor: TOKEN_REFRESH, action: 'account.reconnect_needed', subject: accountId, detail: problem });
    const row = this.deps.accounts.find(accountId);
    if (row) this.deps.bus.emit('accounts.changed', toAccount(row));
    throw new AppError('RECONNECT_NEEDED', problem);
  }
}
