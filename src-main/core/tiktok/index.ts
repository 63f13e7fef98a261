// The TikTok feature: the app's client key, connected accounts (Login Kit with PKCE, tokens
// kept fresh), creator info, the Display API Insights reads (display.ts), and TikTok as a platform of the publishing feature
// (tiktok-publisher.ts, registered with it here): when a post goes is publishing's to decide,
// how it reaches TikTok is this feature's.
import { callerName, callerOf } from '../caller';
import type { Infra } from '../infra';
import { feature, job } from '../feature';
import type { PostStoreApi } from '../post-store';
import type { PublishingApi } from '../publishing';
import { AccountRepo } from './account-repo';
import { AccountsService } from './accounts-service';
import { TikTokDisplay } from './display';
import { TikTokCredentials } from './credentials';
import { tiktokEndpoints } from './endpoints';
import { RateLimiter } from './rate-limits';
import { TikTokClient } from './tiktok-client';
import { TikTokPublisher } from './tiktok-publisher';
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
  readonly publisher: TikTokPublisher;
  /** The Display API per connected account (docs/platforms.md, TikTok §5): stats, profile, videos. */
  readonly display: TikTokDisplay;
}

export interface TikTokDeps {
  store: PostStoreApi;
  /** Where TikTok registers as a platform posts are published to. */
  publishing: PublishingApi;
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
  const credentials = new TikTokCredentials(secrets, env, endpoints, () => infra.settings.get().tiktokDisplayApi);
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
  const publisher = new TikTokPublisher({
    posts: deps.store.posts,
    accounts: accountRepo,
    accountsService: accounts,
    tokens,
    client,
    limiter,
    secrets,
    clock,
    uploadOptions: deps.uploadRetryDelayMs ? { retryDelayMs: deps.uploadRetryDelayMs } : undefined,
  });
  deps.publishing.publishers.register(publisher);
  const display = new TikTokDisplay({ accounts: accountRepo, tokens, client, limiter });
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
      job(REFRESH_JOB, (ctx) => tokens.refreshJob(ctx.payload), { maxAttempts: 8 }),
    ],
    stop: () => accounts.closeAll(),
    api: { accounts, credentials, publisher, display },
  });
}
