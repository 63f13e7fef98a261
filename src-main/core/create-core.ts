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
import { ensurePrivateDataDir, octal, PRIVATE_DIR_MODE } from './instance/private-dir';
import { describeOverrides, type OverrideReport } from './system/endpoint-overrides';
import { ApprovalRepo } from './approvals/approval-repo';
import { APP_DECIDER, ApprovalService, DEADLINE_JOB } from './approvals/approval-service';
import { timelineFrom } from '../../src-shared/posts/timeline';
import { actorLabel } from '../../src-shared/caller';
import { callerOf, requireHostPaths } from './caller';
import { dataHandlers, exportDownload, type DataDeps, type Dialogs } from './data/data-handlers';
import { checkHostPath } from './data/host-paths';
import { copyAssetIn } from './library/assets';
import { TELEGRAM_MEDIA_FOLDER } from './data/data-layout';
import { DeleteEverything } from './data/delete-everything';
import { Retention, RETENTION_JOB } from './data/retention';
import { requireTool } from './media/media-tools';
import { ApproverRepo } from './telegram/approver-repo';
import { installHandlers } from './telegram/bot-handlers';
import { Pairings } from './telegram/pairing';
import { TelegramBot, telegramApiRoot } from './telegram/telegram-bot';
import { TELEGRAM_JOBS } from './telegram/telegram-jobs';
import { prepareTelegramVideo } from './telegram/telegram-media';
import { TelegramSender } from './telegram/telegram-sender';
import { TelegramService } from './telegram/telegram-service';
import path from 'node:path';

export interface CoreOptions {
  dataDir: string;
  mode: RunMode;
  version: string;
  cipher: SecretCipher;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** What the desktop did with the endpoint and browser overrides in its environment (endpoint-overrides.ts): logged and shown by doctor. */
  overrides?: OverrideReport;
  /** Path of the better-sqlite3 binding built for Electron (desktop only). */
  nativeBinding?: string;
  /** Opens a URL in the system browser (OAuth, links). */
  openExternal?: (url: string) => Promise<void>;
  /** Shows a desktop notification where there is a desktop. */
  notify?: (title: string, body: string) => void;
  /** The desktop's own dialogs, where there is a desktop (where the window's export goes). */
  dialogs?: Dialogs;
  /** Start the job runner: only the process holding the data-folder lock does. */
  runJobs?: boolean;
  /** This process holds the data-folder lock (default: when it runs the jobs). Deleting everything needs it. */
  holdsDataFolder?: boolean;
  /** ffmpeg-backed tools; tests may hand in others. Default: ffmpeg/ffprobe found from env. */
  mediaTools?: MediaTools;
  renderTools?: RenderTools;
  /** How long a TikTok consent may take (tests shorten it). */
  connectTimeoutMs?: number;
  /** Chunk retry pacing for uploads (tests shorten it). */
  uploadRetryDelayMs?: (attempt: number) => number;
  /** Telegram pacing: the poller's backoff and failed sends' retries (tests shorten them). */
  telegramBackoffMs?: (n: number) => number;
  telegramRetryDelayMs?: (n: number) => number;
  /** Largest video sent to Telegram as is (default: the Bot API's 50 MB); larger ones go as a preview. Tests make it small. */
  telegramUploadLimitBytes?: number;
  /** The creator's time zone (default: the computer's). */
  timeZone?: string;
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
  readonly approvals: ApprovalService;
  readonly telegram: TelegramService;
  readonly handlers: Handlers;
  /** Work that does not come through the handlers (a browser upload), guarded as they are while everything is deleted. */
  asCommand<T>(work: () => Promise<T>): Promise<T>;
  /**
   * "Export everything" streamed to a download: how a browser session of the host exports, since
   * it may not name a path of this machine. Guarded as commands are while everything is deleted.
   */
  exportTo(out: NodeJS.WritableStream, options: { includeMedia: boolean; actor: string }): Promise<{ bytes: number; entries: number }>;
  /** An account's saved avatar (media kind `avatar`). */
  avatarFile(accountId: string): string | null;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const env = options.env ?? process.env;
  const privacy = ensurePrivateDataDir(options.dataDir);
  const db = openDatabase(options.dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const bus = new EventBus();
  const audit = new AuditLog(db, clock, bus);
  const overridesSaid = options.overrides ? describeOverrides(options.overrides) : null;
  if (overridesSaid) audit.append({ actor: 'app', action: options.overrides?.ignored.length ? 'app.overrides_ignored' : 'app.overrides_used', subject: null, detail: overridesSaid });
  if (privacy.tightenedFrom !== null) {
    audit.append({ actor: 'app', action: 'data.permissions_tightened', subject: null, detail: `The data folder was open to other users (${octal(privacy.tightenedFrom)}); it is now ${octal(PRIVATE_DIR_MODE)}, the creator's only.` });
  }
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
  const timeZone = () => options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const approvalRepo = new ApprovalRepo(db);
  const approvers = new ApproverRepo(db, clock);
  const approvals = new ApprovalService({
    db,
    repo: approvalRepo,
    posts,
    approvers,
    jobs,
    audit,
    bus,
    clock,
    settings: () => settings.get(),
    timeZone,
    notify: options.notify,
    // `telegram` is made below; the rule asks it only when a deadline comes.
    telegramBacklog: () => telegram.backlogUnread(),
  });
  const postService = new PostService({ db, posts, attempts, accounts, library, renders, jobs, clock, approvals });
  const publisher = new Publisher({
    db,
    bus,
    jobs,
    posts,
    attempts,
    accounts: accountRepo,
    tokens,
    client: tiktok,
    limiter,
    secrets,
    clock,
    paused: () => settings.get().publishingPaused,
    missedGraceMinutes: () => settings.get().missedGraceMinutes,
    audit,
    // Held for missing its time: ask on Telegram too, where someone may decide.
    onMissed: (postId) => {
      const due = posts.row(postId).scheduled_at ?? '';
      for (const a of approvers.deciders()) jobs.enqueue(TELEGRAM_JOBS.missed, { postId, approverId: a.id }, { dedupeKey: `tg-missed:${postId}:${a.id}:${due}` });
    },
    videoFile: (post) => postService.videoFile(post),
    notify: options.notify,
    uploadOptions: options.uploadRetryDelayMs ? { retryDelayMs: options.uploadRetryDelayMs } : undefined,
  });
  jobs.register<{ postId: string }>(PUBLISH_JOB, (ctx) => publisher.run(ctx), { concurrency: 2, maxAttempts: PUBLISH_MAX_ATTEMPTS });
  jobs.register<{ accountId: string; expiresAt: number }>(REFRESH_JOB, (ctx) => tokens.refreshJob(ctx.payload), { maxAttempts: 8 });

  // Telegram: the bot runs where the jobs run (the process holding the data folder).
  const pairings = new Pairings(db, clock);
  const apiRoot = telegramApiRoot(env);
  // The bot's callbacks reach `telegram` (declared below) only once it runs.
  const telegramBot = new TelegramBot({
    apiRoot,
    backoffMs: options.telegramBackoffMs,
    onChange: () => telegram.changed(),
    onError: (err) => audit.append({ actor: 'telegram', action: 'telegram.error', subject: null, detail: err instanceof Error ? err.message : String(err) }),
    install: (bot) =>
      installHandlers(bot, {
        db,
        approvers,
        pairings,
        approvals,
        repo: approvalRepo,
        posts,
        postService: () => postService,
        audit,
        clock,
        timeZone,
        onPaired: (_approver, pairingId) => {
          if (pairingId) pairings.notify(pairingId);
          telegram.changed();
        },
      }),
  });
  const telegram: TelegramService = new TelegramService({
    bot: telegramBot,
    runBot: options.runJobs === true,
    apiRoot,
    emulated: Boolean(env.CLIPDESK_TELEGRAM_API_ROOT),
    secrets,
    approvers,
    pairings,
    audit,
    bus,
    clock,
    onApproverChanged: (id) => approvals.refreshForApprover(id),
  });
  const sender = new TelegramSender({
    repo: approvalRepo,
    approvals,
    approvers,
    posts,
    audit,
    clock,
    settings: () => settings.get(),
    api: () => telegram.api(),
    postFile: (postId) => postService.videoFile(posts.row(postId)),
    prepareVideo: (file, signal) =>
      prepareTelegramVideo(file, { ffmpeg: requireTool(env, 'ffmpeg'), ffprobe: requireTool(env, 'ffprobe'), cacheDir: path.join(options.dataDir, TELEGRAM_MEDIA_FOLDER), signal, ...(options.telegramUploadLimitBytes ? { maxBytes: options.telegramUploadLimitBytes } : {}) }),
    timeZone,
    retryDelayMs: options.telegramRetryDelayMs,
  });
  // Requests are retried for as long as they wait (DeferJob uses no attempt); these caps only
  // stop a job that keeps crashing.
  jobs.register<{ messageRowId: number }>(TELEGRAM_JOBS.request, (ctx) => sender.request(ctx as never), { concurrency: 2, maxAttempts: 20 });
  // One edit at a time: each shows the request as it is when it runs, so the last one to run
  // shows the latest state (two at once could land out of order and bring back stale buttons).
  jobs.register<{ messageRowId: number }>(TELEGRAM_JOBS.sync, (ctx) => sender.sync(ctx as never), { concurrency: 1, maxAttempts: 20 });
  jobs.register<{ messageRowId: number; outcome: 'published' | 'failed' }>(TELEGRAM_JOBS.result, (ctx) => sender.result(ctx as never), { maxAttempts: 20 });
  jobs.register<{ postId: string; approverId: string }>(TELEGRAM_JOBS.missed, (ctx) => sender.missed(ctx as never), { maxAttempts: 20 });
  jobs.register<{ approvalId: string; deadline: number }>(DEADLINE_JOB, async (ctx) => approvals.deadlineReached(ctx.payload), { maxAttempts: 5 });

  const retention = new Retention({ dataDir: options.dataDir, db, clock, audit, jobs, settings: () => settings.get(), onSourcesChanged: () => library.verifySources() });
  jobs.register<{ day: string }>(RETENTION_JOB, (ctx) => retention.run(ctx), { maxAttempts: 3 });

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

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    accounts.closeAll();
    await telegram.stop();
    await jobs.stop();
    db.close();
  };
  const deleteEverything = new DeleteEverything({
    dataDir: options.dataDir,
    db,
    holdsDataFolder: options.holdsDataFolder ?? options.runJobs === true,
    runsJobs: options.runJobs === true,
    jobs,
    accounts,
    telegram,
    bus,
    closeCore: close,
  });

  // A publish job belongs to its post: cancelling or re-running it by hand would strand the
  // post or risk a second upload. The post's own Cancel and Retry know the rules.
  const refusePublishJob = (id: string): void => {
    if (jobs.get(id).kind === PUBLISH_JOB) throw new AppError('CONFLICT', "This is a post's publishing; use the post's Cancel or Retry instead.");
  };
  const dataDeps: DataDeps = {
    dataDir: options.dataDir,
    db,
    secretBackend: options.cipher.backend,
    version: options.version,
    clock,
    audit,
    jobs,
    settings: () => settings.get(),
    onSourcesChanged: () => library.verifySources(),
    dialogs: options.dialogs,
  };
  const handlers: Handlers = deleteEverything.guard({
    'app.info': async () => info,
    'app.capabilities': async () => [...CAPABILITIES],
    'app.doctor': async () => {
      let tiktok;
      try {
        tiktok = { setup: await credentials.setup(), accounts: accounts.list() };
      } catch {
        tiktok = undefined; // secrets unreadable: the secrets check says so
      }
      return runDoctor({ dataDir: options.dataDir, secrets, env, tiktok, telegram: telegram.status(), ...(options.overrides ? { overrides: options.overrides } : {}) });
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
    'library.import': async ({ paths }, ctx) => {
      requireHostPaths(ctx, 'import a video', 'drop the videos on the window or use Add videos: they are uploaded to Clipdesk.');
      return library.importPaths(paths, actorLabel(callerOf(ctx).actor));
    },
    'assets.add': async ({ path: file }, ctx) => {
      requireHostPaths(ctx, 'add an image', 'choose the image with Choose image: it is uploaded to Clipdesk.');
      const source = checkHostPath(file, options.dataDir, 'image');
      const asset = await copyAssetIn(library.paths.assets, source);
      audit.append({ actor: actorLabel(callerOf(ctx).actor), action: 'asset.add', subject: asset, detail: path.basename(source) });
      return { asset, fileName: path.basename(source) };
    },
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
    'accounts.connect': async (_, ctx) => accounts.connect('app', callerOf(ctx).signal, (start) => ctx?.progress?.(start)),
    'accounts.disconnect': async ({ id }) => accounts.disconnect(id, 'app'),
    'posts.create': async (input) => postService.create(input, 'app'),
    'posts.get': async ({ id }) => posts.get(id),
    'posts.retry': async ({ id }) => postService.retry(id, 'app'),
    'posts.cancel': async ({ id }) => postService.cancel(id, 'app'),
    'posts.settle': async ({ id, outcome, note }, ctx) => postService.settle(id, outcome, note, actorLabel(callerOf(ctx).actor)),
    'telegram.status': async () => telegram.status(),
    'telegram.setup': async ({ token }) => telegram.setup(token, 'app'),
    'telegram.takeOverWebhook': async () => telegram.takeOverWebhook('app'),
    'telegram.remove': async () => telegram.remove('app'),
    'telegram.pair': async (_, ctx) => telegram.pair(callerOf(ctx).signal, (start) => ctx?.progress?.(start)),
    'telegram.approvers.update': async ({ id, ...patch }) => telegram.updateApprover(id, patch, 'app'),
    'telegram.approvers.remove': async ({ id }) => telegram.removeApprover(id, 'app'),
    'approvals.list': async ({ limit }) => approvals.list(limit),
    'approvals.decide': async ({ postId, decision }) => approvals.decideForPost(postId, decision, APP_DECIDER),
    'approvals.reschedule': async ({ postId, at }) => approvals.reschedule(approvals.pendingRow(postId).id, Date.parse(at), APP_DECIDER),
    'approvals.editCaption': async ({ postId, caption }) => approvals.editCaption(approvals.pendingRow(postId).id, caption, APP_DECIDER),
    'activity.exportCsv': async (filter) => audit.exportCsv(filter),
    'posts.reschedule': async ({ id, at }) => postService.reschedule(id, Date.parse(at), 'app'),
    'posts.publishNow': async ({ id }) => postService.publishNow(id, 'app'),
    'posts.spread': async (input) => postService.spread(input, 'app'),
    'posts.timeline': async ({ id }) => {
      const post = posts.row(id);
      const subjects = [id, post.render_id].filter((s): s is string => s !== null);
      return timelineFrom(audit.about(subjects));
    },
    ...dataHandlers(dataDeps),
    'data.deletePreview': async () => deleteEverything.preview(),
    'data.deleteEverything': async ({ confirm }) => deleteEverything.run(confirm),
  });

  if (options.runJobs) {
    // We hold the data-folder lock: nothing else renders here, so any half-written output
    // is a leftover of a crash (swept before any render starts).
    renders.sweepPartialOutputs();
    jobs.start();
    pairings.prune();
    retention.enqueue();
    void telegram.start().catch((err) => audit.append({ actor: 'telegram', action: 'telegram.error', subject: null, detail: err instanceof Error ? err.message : String(err) }));
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
    approvals,
    telegram,
    handlers,
    asCommand: (work) => deleteEverything.asCommand(work),
    exportTo: (out, exportOptions) => deleteEverything.asCommand(() => exportDownload(dataDeps, out, exportOptions)),
    avatarFile: (id) => accounts.avatarFile(id),
    close,
  };
}

export { AppError };

