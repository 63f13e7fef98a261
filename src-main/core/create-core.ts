// The application: everything Clipdesk does, with no knowledge of Electron, HTTP or the
// terminal. Shells (desktop, host, CLI) create one with what differs between them — how
// secrets are encrypted, how the browser opens, how notifications show — and adapt its
// handlers to a transport.
//
// This is the composition root (docs/architecture.md §1, "Feature modules"): it builds the
// infrastructure, calls each feature's entry in dependency order with the interfaces of the
// features below it, and merges what they return. A new feature is a folder with an entry and
// one line here; nothing of a feature's inside belongs in this file.
import { commands, type CommandName, type Handlers } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import type { AuditLog } from './audit/audit-log';
import type { EventBus } from './event-bus';
import { mergeHandlers, registerJobs } from './feature';
import { createInfra, type InfraOptions } from './infra';
import type { JobRunner } from './jobs/job-runner';
import type { SecretStore } from './secrets/secret-store';
import type { SettingsStore } from './settings/settings-store';
import type { Db } from './store/database';
import { createAppFeature } from './app';
import { createApprovalsFeature } from './approvals';
import type { ApprovalService } from './approvals/approval-service';
import { createDataFeature } from './data';
import type { Dialogs } from './data/data-handlers';
import { createDoctorFeature } from './doctor';
import { createLibraryFeature } from './library';
import type { Library } from './library/library-service';
import type { MediaTools } from './media/media-tools';
import { createPostStore } from './post-store';
import type { PostRepo } from './post-store/post-repo';
import { createPostsFeature } from './posts';
import { createPublishingFeature, type Publisher } from './publishing';
import type { PostService } from './posts/post-service';
import { createRenderQueueFeature } from './render-queue';
import type { RenderQueue, RenderTools } from './render-queue/render-queue';
import { createTelegramFeature } from './telegram';
import type { TelegramService } from './telegram/telegram-service';
import { createTikTokFeature } from './tiktok';
import { createInsightsFeature, type InsightsApi } from './insights';
import type { AccountsService } from './tiktok/accounts-service';
import type { TikTokDisplay } from './tiktok/display';

/** What a shell hands the core: the infrastructure's options (infra.ts) and the features' own. */
export interface CoreOptions extends InfraOptions {
  /** Opens a URL in the system browser (OAuth, links). */
  openExternal?: (url: string) => Promise<void>;
  /** The desktop's own dialogs, where there is a desktop (where the window's export goes). */
  dialogs?: Dialogs;
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
  /**
   * Platforms to publish to besides TikTok, each serving the accounts of its `provider`. Only a
   * test registers one today (test/integration/second-publisher.test.ts); a real second
   * platform becomes a feature that registers itself as TikTok's does (docs/architecture.md §1).
   */
  publishers?: readonly Publisher[];
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
  /** TikTok's Display API per account (stats, profile, videos): what Insights reads. */
  readonly tiktokDisplay: TikTokDisplay;
  /** Insights' tables, reader and snapshot runs (tests look inside). */
  readonly insights: InsightsApi;
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

/** The features in the order they are built (each uses only those before it) and stopped in reverse. */
export function buildFeatures(options: CoreOptions, closeCore: () => Promise<void>) {
  const infra = createInfra(options);
  const store = createPostStore(infra);
  const library = createLibraryFeature(infra, { tools: options.mediaTools });
  const renders = createRenderQueueFeature(infra, { library: library.api, tools: options.renderTools });
  const approvals = createApprovalsFeature(infra, { store: store.api });
  const publishing = createPublishingFeature(infra, {
    store: store.api,
    videoFile: (post) => renders.api.renders.videoFileOf(post),
    // Held for missing its time: ask on Telegram too, where someone may decide.
    onMissed: (postId) => approvals.api.askAboutMissed(postId),
  });
  for (const publisher of options.publishers ?? []) publishing.api.publishers.register(publisher);
  const tiktok = createTikTokFeature(infra, {
    store: store.api,
    publishing: publishing.api,
    openExternal: options.openExternal,
    connectTimeoutMs: options.connectTimeoutMs,
    uploadRetryDelayMs: options.uploadRetryDelayMs,
  });
  const insights = createInsightsFeature(infra, { store: store.api, tiktok: tiktok.api });
  const posts = createPostsFeature(infra, { store: store.api, library: library.api, renders: renders.api, publishing: publishing.api, approvals: approvals.api });
  const telegram = createTelegramFeature(infra, {
    store: store.api,
    approvals: approvals.api,
    posts: posts.api,
    renders: renders.api,
    backoffMs: options.telegramBackoffMs,
    retryDelayMs: options.telegramRetryDelayMs,
    uploadLimitBytes: options.telegramUploadLimitBytes,
  });
  const doctor = createDoctorFeature(infra, { tiktok: tiktok.api, telegram: telegram.api });
  const app = createAppFeature(infra);
  const data = createDataFeature(infra, {
    library: library.api,
    tiktok: tiktok.api,
    telegram: telegram.api,
    insights: insights.api,
    dialogs: options.dialogs,
    holdsDataFolder: options.holdsDataFolder ?? options.runJobs === true,
    closeCore,
  });
  const features = [store, library, renders, approvals, publishing, tiktok, insights, posts, telegram, doctor, app, data] as const;
  return { infra, features, store, library, renders, approvals, publishing, tiktok, insights, posts, telegram, data };
}

export function createCore(options: CoreOptions): Core {
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const f of [...built.features].reverse()) await f.stop();
    await infra.jobs.stop();
    infra.db.close();
  };
  const built = buildFeatures(options, close);
  const { infra, features, data } = built;
  const handlers = data.api.guard(mergeHandlers(features, Object.keys(commands) as CommandName[]));
  registerJobs(infra.jobs, features);
  if (infra.runsJobs) {
    for (const f of features) f.start();
    infra.jobs.start();
  }

  return {
    dataDir: options.dataDir,
    db: infra.db,
    bus: infra.bus,
    audit: infra.audit,
    settings: infra.settings,
    secrets: infra.secrets,
    jobs: infra.jobs,
    posts: built.store.api.posts,
    library: built.library.api.library,
    renders: built.renders.api.renders,
    accounts: built.tiktok.api.accounts,
    tiktokDisplay: built.tiktok.api.display,
    insights: built.insights.api,
    postService: built.posts.api.postService,
    approvals: built.approvals.api.approvals,
    telegram: built.telegram.api.telegram,
    handlers,
    asCommand: (work) => data.api.asCommand(work),
    exportTo: (out, exportOptions) => data.api.exportTo(out, exportOptions),
    avatarFile: (id) => built.tiktok.api.accounts.avatarFile(id),
    close,
  };
}

export { AppError };
