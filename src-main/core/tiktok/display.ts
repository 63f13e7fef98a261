// The Display API for a connected account (docs/platforms.md, TikTok §5): what Insights reads —
// the account's totals and profile (user/info), its public videos a page at a time (video/list)
// and by id (video/query), and a post found among them when TikTok never gave its id. Each call
// checks the scope first (an account connected without it still publishes; Insights gets a clear
// TikTokScopeMissing naming what to reconnect for), keeps inside TikTok's 600 a minute per
// endpoint (TikTokRateWait says how long, before TikTok is asked), and uses the account's token
// through the token keeper (refreshed when TikTok calls it invalid). Errors are the client's:
// TikTokApiError with TikTok's code, TikTokNetworkError; isTransient() tells them apart.
import { AppError } from '../../../src-shared/errors';
import { SCOPE_EXPLANATIONS, type TikTokScope } from '../../../src-shared/tiktok/scopes';
import type { AccountRepo, AccountRow } from './account-repo';
import { DISPLAY_PAGE_MAX, type TikTokUserProfile, type TikTokUserStats, type TikTokVideo, type TikTokVideoPage } from './display-wire';
import type { RateLimitedCall, RateLimiter } from './rate-limits';
import type { TikTokClient, TikTokUserDetails } from './tiktok-client';
import { TikTokApiError } from './tiktok-http';
import type { TokenKeeper } from './token-keeper';
import { matchPostVideo, MATCH_SLACK_MS, type PostToFind, type VideoMatch } from './video-match';

/** The account lacks a scope this call needs: it publishes as before; reconnecting with it ticked fixes this. */
export class TikTokScopeMissing extends AppError {
  readonly accountId: string;
  readonly scope: TikTokScope;
  /** TikTok's own code when TikTok refused (its record of the grant differs from ours); null when Clipdesk knew beforehand. */
  readonly tiktokCode: string | null;
  constructor(account: Pick<AccountRow, 'id' | 'display_name'>, scope: TikTokScope, tiktokCode: string | null = null) {
    const { label, without } = SCOPE_EXPLANATIONS[scope];
    super(
      'PERMISSION_MISSING',
      `${account.display_name} did not give Clipdesk the TikTok permission “${label}” (${scope}). ${without} Publishing is not affected. Reconnect the account in Accounts and leave that permission ticked.`,
    );
    this.name = 'TikTokScopeMissing';
    this.accountId = account.id;
    this.scope = scope;
    this.tiktokCode = tiktokCode;
  }
}

/** Clipdesk's own count of TikTok's limit says wait: nothing was sent. Transient, like TikTok's 429. */
export class TikTokRateWait extends TikTokApiError {
  readonly waitMs: number;
  constructor(waitMs: number) {
    super('rate_limit_exceeded', 0, null, 'display');
    this.name = 'TikTokRateWait';
    this.waitMs = waitMs;
  }
}

export interface TikTokDisplayDeps {
  accounts: AccountRepo;
  tokens: TokenKeeper;
  client: TikTokClient;
  limiter: RateLimiter;
}

export interface ListUntilOptions {
  /** At most this many video/list requests (default 5: 100 videos). */
  maxRequests?: number;
  /** Asked per page, 1–20 (default 20). */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface VideosSince {
  /** Videos made at or after the time asked for, newest first, each once. */
  videos: TikTokVideo[];
  /** True when every video since that time was seen; false when the request bound stopped it first. */
  complete: boolean;
  requests: number;
}

export const DEFAULT_MAX_LIST_REQUESTS = 5;

const SCOPE_REFUSALS = new Set(['scope_not_authorized', 'scope_permission_missed']);

export class TikTokDisplay {
  constructor(private readonly deps: TikTokDisplayDeps) {}

  /** Followers, following, total likes and video count: lifetime totals now (user.info.stats). */
  async userStats(accountId: string, signal?: AbortSignal): Promise<TikTokUserStats> {
    return (await this.userDetails(accountId, { stats: true }, signal)).stats!;
  }

  /** @username, bio, profile link, verified badge (user.info.profile). */
  async userProfile(accountId: string, signal?: AbortSignal): Promise<TikTokUserProfile> {
    return (await this.userDetails(accountId, { profile: true }, signal)).profile!;
  }

  /** Stats and/or profile in one user/info request; each part needs its scope. */
  async userDetails(accountId: string, want: { stats?: boolean; profile?: boolean }, signal?: AbortSignal): Promise<TikTokUserDetails> {
    const scopes: TikTokScope[] = [...(want.stats ? (['user.info.stats'] as const) : []), ...(want.profile ? (['user.info.profile'] as const) : [])];
    if (scopes.length === 0) throw new AppError('BAD_INPUT', 'Ask user/info for stats, profile or both.');
    return this.call(accountId, scopes, 'userInfo', (token) => this.deps.client.userDetails(token, want, signal), signal);
  }

  /** One page of the account's public videos, newest first (video.list); `cursor` from the page before. */
  async listVideos(accountId: string, page: { cursor?: number; maxCount?: number } = {}, signal?: AbortSignal): Promise<TikTokVideoPage> {
    return this.call(accountId, ['video.list'], 'videoList', (token) => this.deps.client.listVideos(token, page, signal), signal);
  }

  /** The account's own public videos among 1–20 ids (strings); the others are left out (video.list). */
  async queryVideos(accountId: string, ids: readonly string[], signal?: AbortSignal): Promise<TikTokVideo[]> {
    return this.call(accountId, ['video.list'], 'videoQuery', (token) => this.deps.client.queryVideos(token, ids, signal), signal);
  }

  /**
   * The account's public videos made at or after `sinceMs`, paging video/list from the newest
   * until a page reaches older ones, TikTok has no more, or `maxRequests` were made. Pages may be
   * short while TikTok has more, so only `hasMore` ends the list.
   */
  async listVideosSince(accountId: string, sinceMs: number, options: ListUntilOptions = {}): Promise<VideosSince> {
    const maxRequests = options.maxRequests ?? DEFAULT_MAX_LIST_REQUESTS;
    if (!Number.isInteger(maxRequests) || maxRequests < 1) throw new AppError('BAD_INPUT', 'maxRequests must be a whole number of at least 1.');
    const seen = new Map<string, TikTokVideo>();
    let cursor: number | undefined;
    let requests = 0;
    while (requests < maxRequests) {
      const page = await this.listVideos(accountId, { ...(cursor === undefined ? {} : { cursor }), maxCount: options.pageSize ?? DISPLAY_PAGE_MAX }, options.signal);
      requests++;
      for (const v of page.videos) if (v.createTime * 1000 >= sinceMs && !seen.has(v.id)) seen.set(v.id, v);
      const passed = page.videos.some((v) => v.createTime * 1000 < sinceMs) || page.cursor < sinceMs;
      if (passed || !page.hasMore) return { videos: [...seen.values()], complete: true, requests };
      // A cursor that does not move back would page the same videos for ever.
      if (cursor !== undefined && page.cursor >= cursor) break;
      cursor = page.cursor;
    }
    return { videos: [...seen.values()], complete: false, requests };
  }

  /**
   * The public video of a post Clipdesk published, when status/fetch gave no id: the account's
   * videos since the post was sent, matched by time and caption (video-match.ts).
   */
  async findPostVideo(accountId: string, post: PostToFind, options: ListUntilOptions = {}): Promise<VideoMatch & { complete: boolean; requests: number }> {
    const since = await this.listVideosSince(accountId, post.sentAt - MATCH_SLACK_MS, options);
    return { ...matchPostVideo(since.videos, post), complete: since.complete, requests: since.requests };
  }

  /** Scope check, rate window, token: the same for every Display API call. */
  private async call<T>(accountId: string, scopes: readonly TikTokScope[], limit: RateLimitedCall, fn: (token: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const row = this.deps.accounts.find(accountId);
    if (!row) throw new AppError('NOT_FOUND', 'No such TikTok account is connected.');
    const granted = row.scopes.split(',');
    const lacking = scopes.find((s) => !granted.includes(s));
    if (lacking) throw new TikTokScopeMissing(row, lacking);
    try {
      return await this.deps.tokens.withToken(
        accountId,
        (token) => {
          // Taken per request sent (a retry with a refreshed token is one more), before any await.
          const wait = this.deps.limiter.waitMs(row.external_id, limit);
          if (wait > 0) throw new TikTokRateWait(wait);
          this.deps.limiter.take(row.external_id, limit);
          return fn(token);
        },
        signal,
      );
    } catch (err) {
      if (err instanceof TikTokApiError && SCOPE_REFUSALS.has(err.tiktokCode)) throw new TikTokScopeMissing(row, scopes[0]!, err.tiktokCode);
      throw err;
    }
  }
}
