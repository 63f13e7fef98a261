// The TikTok feature: the app's client key, connected accounts (Login Kit with PKCE, tokens
// kept fresh), creator info, and publishing a post exactly once (publisher.ts). It reads and
// moves posts through the post record; a post held for missing its time is handed to whoever
// asks about it (the approvals feature's askAboutMissed) and the file a post sends comes from
// the render queue, both through their interfaces.
import { callerName, callerOf } from '../caller';
import type { Infra } from '../infra';
import { feature } from '../feature';
import type { PostStoreApi } from '../post-store';
import type { PostRow } from '../post-store/post-repo';
import { AccountRepo } from './account-repo';
import { AccountsService } from './accounts-service';
import { TikTokCredentials } from './credentials';
import { tiktokEndpoints } from './endpoints';
import { PUBLISH_JOB } from '../post-store/publish-queue';
import { Publisher, PUBLISH_MAX_ATTEMPTS } from './publisher';
import { RateLimiter } from './rate-limits';
import { TikTokClient } from './tiktok-client';
import { REFRESH_JOB, TokenKeeper } from './token-keeper';

export type TikTokCommands =
  | 'tiktok.setup.get'
  | 'tiktok.setup.set'
  | 'tiktok.creatorInfo'
  | 'accounts.list'
  | 'accounts.connect'
  | 'accounts.disconnect';

export interface TikTokApi {
  readonly accounts: AccountsService;
  readonly credentials: TikTokCredentials;
  readonly publisher: Publisher;
}

export interface TikTokDeps {
  store: PostStoreApi;
  /** The file a post sends (the render queue's videoFileOf). */
  videoFile: (post: PostRow) => string | null;
  /** Told when a post is held for missing its time, so someone can be asked. */
  onMissed: (postId: string) => void;
  /** Opens a URL in the system browser (the consent page). */
  openExternal?: (url: string) => Promise<void>;
  /** How long a TikTok consent may take (tests shorten it). */
  connectTimeoutMs?: number;
  /** Chunk retry pacing for uploads (tests shorten it). */
  uploadRetryDelayMs?: (attempt: number) => number;
}

export function createTikTokFeature(infra: Infra, deps: TikTokDeps) {
  const { db, bus, clock, audit, jobs, secrets, env, dataDir } = infra;
  const endpoints = tiktokEndpoints(env);
  const client = new TikTokClient(endpoints);
  const credentials = new TikTokCredentials(secrets, env, endpoints);
  const accountRepo = new AccountRepo(db, clock);
  const limiter = new RateLimiter(clock);
  const tokens = new TokenKeeper({ accounts: accountRepo, secrets, credentials, client, clock, bus, audit, jobs });
  const accounts = new AccountsService({
    dataDir,
    accounts: accountRepo,
    secrets,
    credentials,
    client,
    tokens,
    limiter,
    clock,
    bus,
    audit,
    openExternal: deps.openExternal,
    connectTimeoutMs: deps.connectTimeoutMs,
  });
  const publisher = new Publisher({
    db,
    bus,
    jobs,
    posts: deps.store.posts,
    attempts: deps.store.attempts,
    accounts: accountRepo,
    tokens,
    client,
    limiter,
    secrets,
    clock,
    paused: () => infra.settings.get().publishingPaused,
    missedGraceMinutes: () => infra.settings.get().missedGraceMinutes,
    audit,
    onMissed: deps.onMissed,
    videoFile: deps.videoFile,
    notify: infra.notify,
    uploadOptions: deps.uploadRetryDelayMs ? { retryDelayMs: deps.uploadRetryDelayMs } : undefined,
  });
  return feature<TikTokCommands, TikTokApi>({
    handlers: {
      'tiktok.setup.get': async () => credentials.setup(),
      'tiktok.setup.set': async ({ clientKey, clientSecret }, ctx) => {
        await credentials.save(clientKey, clientSecret);
        audit.append({ actor: callerName(ctx), action: 'tiktok.setup', subject: 'client key', detail: clientSecret ? 'client key and secret saved' : 'client key saved' });
        return credentials.setup();
      },
      'tiktok.creatorInfo': async ({ accountId }) => accounts.creatorStatus(accountId),
      'accounts.list': async () => accounts.list(),
      // One cancellable call: the consent link reaches the caller as progress, and the call ends
      // when the account is connected, the consent times out, or the caller goes away.
      'accounts.connect': async (_, ctx) => accounts.connect(callerName(ctx), callerOf(ctx).signal, (start) => ctx?.progress?.(start)),
      'accounts.disconnect': async ({ id }, ctx) => accounts.disconnect(id, callerName(ctx)),
    },
    jobs: [
      { kind: PUBLISH_JOB, run: (ctx) => publisher.run(ctx), options: { concurrency: 2, maxAttempts: PUBLISH_MAX_ATTEMPTS } },
      { kind: REFRESH_JOB, run: (ctx) => tokens.refreshJob(ctx.payload), options: { maxAttempts: 8 } },
    ],
    stop: () => accounts.closeAll(),
    api: { accounts, credentials, publisher },
  });
}
