// The application: everything Clipdesk does, with no knowledge of Electron, HTTP or the
// terminal. Shells (desktop, host, CLI) create one with what differs between them — how
// secrets are encrypted, how the browser opens, how notifications show — and adapt its
// handlers to a transport.
import { AppError } from '../../src-shared/errors';
import type { Handlers } from '../../src-shared/contract';
import type { AppInfo, RunMode } from '../../src-shared/domain';
import { AuditLog } from './audit/audit-log';
import { CAPABILITIES } from './capabilities';
import { systemClock, type Clock } from './clock';
import { runDoctor } from './doctor/doctor';
import { EventBus } from './event-bus';
import { JobRunner } from './jobs/job-runner';
import { Library, type MediaTools } from './library/library-service';
import { createMediaTools } from './media/media-tools';
import { RenderQueue, type RenderTools } from './render-queue/render-queue';
import { createRenderTools } from './render-queue/render-tools';
import { PostRepo } from './posts/post-repo';
import { PostService } from './posts/post-service';
import { AccountRepo } from './tiktok/account-repo';
import { AccountsService } from './tiktok/accounts-service';
import { TikTokCredentials } from './tiktok/credentials';
import { tiktokEndpoints } from './tiktok/endpoints';
import { PublishAttempts } from './tiktok/publish-attempts';
import { Publisher, PUBLISH_JOB, PUBLISH_MAX_ATTEMPTS } from './tiktok/publisher';
import { RateLimiter } from './tiktok/rate-limits';
import { TikTokClient } from './tiktok/tiktok-client';
import { REFRESH_JOB, TokenKeeper } from './tiktok/token-keeper';
import { SecretStore, type SecretCipher } from './secrets/secret-store';
import { SettingsStore } from './settings/settings-store';
import { openDatabase, type Db } from './store/database';

export interface CoreOptions {
  dataDir: string;
  mode: RunMode;
  version: string;
  cipher: SecretCipher;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** Path of the better-sqlite3 binding built for Electron (desktop only). */
  nativeBinding?: string;
  /** Opens a URL in the system browser (OAuth, links). */
  openExternal?: (url: string) => Promise<void>;
  /** Shows a desktop notification where there is a desktop. */
  notify?: (title: string, body: string) => void;
  /** Start the job runner: only the process holding the data-folder lock does. */
  runJobs?: boolean;
  /** ffmpeg-backed tools; tests may hand in others. Default: ffmpeg/ffprobe found from env. */
  mediaTools?: MediaTools;
  renderTools?: RenderTools;
  /** How long a TikTok consent may take (tests shorten it). */
  connectTimeoutMs?: number;
  /** Chunk retry pacing for uploads (tests shorten it). */
  uploadRetryDelayMs?: (attempt: number) => number;
}

export interface Core {
  readonly dataDir: string;
  readonly db: Db;
  readonly bus: EventBus;
  readonly audit: AuditLog;
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  readonly jobs: JobRunner;
  readonly posts: PostRepo;
  readonly library: Library;
  readonly renders: RenderQueue;
  readonly accounts: AccountsService;
  readonly postService: PostService;
  readonly handlers: Handlers;
  /** An account's saved avatar (media kind `avatar`). */
  avatarFile(accountId: string): string | null;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const env = options.env ?? process.env;
  const db = openDatabase(options.dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const bus = new EventBus();
  const audit = new AuditLog(db, clock, bus);
  const settings = new SettingsStore(db);
  const secrets = new SecretStore(db, options.cipher, clock, () => settings.get().acceptBasicTextSecrets);
  const jobs = new JobRunner({ db, clock, bus });
  const posts = new PostRepo(db, clock, audit, bus);
  const library = new Library({ db, clock, bus, audit, jobs, dataDir: options.dataDir, tools: options.mediaTools ?? createMediaTools(env) });
  const renders = new RenderQueue({
    db,
    clock,
    bus,
    audit,
    jobs,
    library,
    settings: () => settings.get(),
    tools: options.renderTools ?? createRenderTools(env, options.dataDir),
    notify: options.notify,
  });

  const endpoints = tiktokEndpoints(env);
  const tiktok = new TikTokClient(endpoints);
  const credentials = new TikTokCredentials(secrets, env, endpoints);
  const accountRepo = new AccountRepo(db, clock);
  const limiter = new RateLimiter(clock);
  const tokens = new TokenKeeper({ accounts: accountRepo, secrets, credentials, client: tiktok, clock, bus, audit, jobs });
  const accounts = new AccountsService({
    dataDir: options.dataDir,
    accounts: accountRepo,
    secrets,
    credentials,
    client: tiktok,
    tokens,
    limiter,
    clock,
    bus,
    audit,
    openExternal: options.openExternal,
    connectTimeoutMs: options.connectTimeoutMs,
  });
  const attempts = new PublishAttempts(db, clock);
  const postService = new PostService({ db, posts, attempts, accounts, library, renders, jobs, clock });
  const publisher = new Publisher({
    db,
    posts,
    attempts,
    accounts: accountRepo,
    tokens,
    client: tiktok,
    limiter,
    secrets,
    clock,
    paused: () => settings.get().publishingPaused,
    videoFile: (post) => postService.videoFile(post),
    notify: options.notify,
    uploadOptions: options.uploadRetryDelayMs ? { retryDelayMs: options.uploadRetryDelayMs } : undefined,
  });
  jobs.register<{ postId: string }>(PUBLISH_JOB, (ctx) => publisher.run(ctx), { concurrency: 2, maxAttempts: PUBLISH_MAX_ATTEMPTS });
  jobs.register<{ accountId: string; expiresAt: number }>(REFRESH_JOB, (ctx) => tokens.refreshJob(ctx.payload), { maxAttempts: 8 });

  const emulated = [
    env.CLIPDESK_TIKTOK_API_BASE ? 'TikTok' : null,
    env.CLIPDESK_TELEGRAM_API_ROOT ? 'Telegram' : null,
  ].filter((x): x is string => x !== null);

  const info: AppInfo = {
    name: 'Clipdesk',
    version: options.version,
    mode: options.mode,
    dataDir: options.dataDir,
    platform: process.platform,
    secretBackend: options.cipher.backend,
    emulated,
  };

  // A publish job belongs to its post: cancelling or re-running it by hand would strand the
  // post or risk a second upload. The post's own Cancel and Retry know the rules.
  const refusePublishJob = (id: string): void => {
    if (jobs.get(id).kind === PUBLISH_JOB) throw new AppError('CONFLICT', "This is a post's publishing; use the post's Cancel or Retry instead.");
  };
  const handlers: Handlers = {
    'app.info': async () => info,
    'app.capabilities': async () => [...CAPABILITIES],
    'app.doctor': async () => {
      let tiktok;
      try {
        tiktok = { setup: await credentials.setup(), accounts: accounts.list() };
      } catch {
        tiktok = undefined; // secrets unreadable: the secrets check says so
      }
      return runDoctor({ dataDir: options.dataDir, secrets, env, tiktok });
    },
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      const { settings: next, changed } = settings.update(patch);
      if (changed.length) {
        audit.append({
          actor: 'app',
          action: 'settings.changed',
          subject: changed.join(', '),
          detail: changed.map((k) => `${k} = ${JSON.stringify(next[k])}`).join('; '),
        });
        bus.emit('settings.changed', next);
      }
      return next;
    },
    'posts.list': async (input) => posts.list(input),
    'activity.list': async (input) => audit.list(input),
    'jobs.list': async (input) => jobs.list(input.states),
    'jobs.cancel': async ({ id }) => {
      refusePublishJob(id);
      const job = jobs.cancel(id);
      audit.append({ actor: 'app', action: 'job.cancel', subject: id, detail: job.kind });
      return job;
    },
    'jobs.retry': async ({ id }) => {
      refusePublishJob(id);
      const job = jobs.retry(id);
      audit.append({ actor: 'app', action: 'job.retry', subject: id, detail: job.kind });
      return job;
    },
    'library.import': async ({ paths }) => library.importPaths(paths),
    'library.list': async (input) => library.list(input),
    'library.get': async ({ id }) => library.get(id),
    'library.remove': async ({ id }) => {
      await renders.removeForClip(id);
      await library.remove(id);
      return { removed: true as const };
    },
    'render.start': async ({ clipId, recipe }) => renders.start(clipId, recipe),
    'render.list': async (input) => renders.list(input),
    'render.cancel': async ({ id }) => renders.cancel(id),
    'render.retry': async ({ id }) => renders.retry(id),
    'tiktok.setup.get': async () => credentials.setup(),
    'tiktok.setup.set': async ({ clientKey, clientSecret }) => {
      await credentials.save(clientKey, clientSecret);
      audit.append({ actor: 'app', action: 'tiktok.setup', subject: 'client key', detail: clientSecret ? 'client key and secret saved' : 'client key saved' });
      return credentials.setup();
    },
    'tiktok.creatorInfo': async ({ accountId }) => accounts.creatorStatus(accountId),
    'accounts.list': async () => accounts.list(),
    'accounts.connect': async () => accounts.connect('app'),
    'accounts.connectWait': async ({ flowId }) => accounts.connectWait(flowId),
    'accounts.connectCancel': async ({ flowId }) => ({ cancelled: accounts.connectCancel(flowId) }),
    'accounts.disconnect': async ({ id }) => accounts.disconnect(id, 'app'),
    'posts.create': async (input) => postService.create(input, 'app'),
    'posts.get': async ({ id }) => posts.get(id),
    'posts.retry': async ({ id }) => postService.retry(id, 'app'),
    'posts.cancel': async ({ id }) => postService.cancel(id, 'app'),
    ...notBuiltYet([
      'telegram.status', 'telegram.setup', 'telegram.takeOverWebhook', 'telegram.remove', 'telegram.pair.start', 'telegram.pair.wait',
      'telegram.pair.cancel', 'telegram.approvers.update', 'telegram.approvers.remove', 'approvals.list', 'approvals.decide',
      'approvals.reschedule', 'approvals.editCaption',
    ] as const),
  };

  let closed = false;
  if (options.runJobs) {
    // We hold the data-folder lock: nothing else renders here, so any half-written output
    // is a leftover of a crash (swept before any render starts).
    renders.sweepPartialOutputs();
    jobs.start();
    // Sources may have moved while Clipdesk was closed: one stat a clip, after start-up
    // rather than in it, so a large library on a slow disk does not delay the first request.
    setImmediate(() => {
      if (!closed) library.verifySources();
    });
  }

  return {
    dataDir: options.dataDir,
    db,
    bus,
    audit,
    settings,
    secrets,
    jobs,
    posts,
    library,
    renders,
    accounts,
    postService,
    handlers,
    avatarFile: (id) => accounts.avatarFile(id),
    async close() {
      if (closed) return;
      closed = true;
      accounts.closeAll();
      await jobs.stop();
      db.close();
    },
  };
}

export { AppError };

// Placeholder while Telegram approvals are being built (issue 5); removed when they land.
function notBuiltYet<K extends keyof Handlers>(names: readonly K[]): Pick<Handlers, K> {
  const fail = async (): Promise<never> => {
    throw new AppError('NOT_BUILT', 'Telegram approvals are not built yet.');
  };
  return Object.fromEntries(names.map((n) => [n, fail])) as unknown as Pick<Handlers, K>;
}
