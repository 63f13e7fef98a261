// The Telegram feature: the creator's bot, pairing approvers, and the deliveries the approvals
// feature names (delivery-jobs.ts): requests with the video and buttons, their updates, results
// and missed-time questions. Answers given in Telegram become decisions through the approvals
// feature. The bot runs where the jobs run (the process holding the data folder).
import path from 'node:path';
import { callerName, callerOf } from '../caller';
import type { Infra } from '../infra';
import { feature, job } from '../feature';
import type { ApprovalsApi } from '../approvals';
import { TELEGRAM_JOBS } from '../approvals/delivery-jobs';
import { TELEGRAM_MEDIA_FOLDER } from '../instance/data-layout';
import { requireTool } from '../media/media-tools';
import type { PostStoreApi } from '../post-store';
import type { PostsApi } from '../posts';
import type { RenderQueueApi } from '../render-queue';
import { installHandlers } from './bot-handlers';
import { Pairings } from './pairing';
import { TelegramBot, telegramApiRoot } from './telegram-bot';
import { prepareTelegramVideo } from './telegram-media';
import { TelegramSender } from './telegram-sender';
import { TelegramService } from './telegram-service';

export type TelegramCommands =
  | 'telegram.status'
  | 'telegram.setup'
  | 'telegram.takeOverWebhook'
  | 'telegram.remove'
  | 'telegram.pair'
  | 'telegram.approvers.update'
  | 'telegram.approvers.remove';

export interface TelegramApi {
  readonly telegram: TelegramService;
}

export interface TelegramDeps {
  store: PostStoreApi;
  approvals: ApprovalsApi;
  posts: PostsApi;
  renders: RenderQueueApi;
  /** The poller's backoff and failed sends' retries (tests shorten them). */
  backoffMs?: (n: number) => number;
  retryDelayMs?: (n: number) => number;
  /** Largest video sent as is (default: the Bot API's 50 MB); larger ones go as a preview. */
  uploadLimitBytes?: number;
}

export function createTelegramFeature(infra: Infra, deps: TelegramDeps) {
  const { db, audit, bus, clock, secrets, env } = infra;
  const { approvals, repo, approvers } = deps.approvals;
  const posts = deps.store.posts;
  const pairings = new Pairings(db, clock);
  const apiRoot = telegramApiRoot(env);
  const logError = (err: unknown) => audit.append({ actor: 'telegram', action: 'telegram.error', subject: null, detail: err instanceof Error ? err.message : String(err) });
  // The bot and the service tell each other of changes; the service exists before the bot runs.
  const changed = () => telegram.changed();
  const bot = new TelegramBot({
    apiRoot,
    backoffMs: deps.backoffMs,
    onChange: changed,
    onError: logError,
    install: (b) =>
      installHandlers(b, {
        db,
        approvers,
        pairings,
        approvals,
        repo,
        posts,
        postService: () => deps.posts.postService,
        audit,
        clock,
        timeZone: infra.timeZone,
        onPaired: (_approver, pairingId) => {
          if (pairingId) pairings.notify(pairingId);
          changed();
        },
      }),
  });
  const telegram: TelegramService = new TelegramService({
    bot,
    runBot: infra.runsJobs,
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
  deps.approvals.readAnswersFirst(() => telegram.backlogUnread());
  const sender = new TelegramSender({
    repo,
    approvals,
    approvers,
    posts,
    audit,
    clock,
    settings: () => infra.settings.get(),
    api: () => telegram.api(),
    postFile: (postId) => deps.renders.renders.videoFileOf(posts.row(postId)),
    prepareVideo: (file, signal) =>
      prepareTelegramVideo(file, {
        ffmpeg: requireTool(env, 'ffmpeg'),
        ffprobe: requireTool(env, 'ffprobe'),
        cacheDir: path.join(infra.dataDir, TELEGRAM_MEDIA_FOLDER),
        signal,
        ...(deps.uploadLimitBytes ? { maxBytes: deps.uploadLimitBytes } : {}),
      }),
    timeZone: infra.timeZone,
    retryDelayMs: deps.retryDelayMs,
  });
  return feature<TelegramCommands, TelegramApi>({
    handlers: {
      'telegram.status': async () => telegram.status(),
      'telegram.setup': async ({ token }, ctx) => telegram.setup(token, callerName(ctx)),
      'telegram.takeOverWebhook': async (_, ctx) => telegram.takeOverWebhook(callerName(ctx)),
      'telegram.remove': async (_, ctx) => telegram.remove(callerName(ctx)),
      // One cancellable call: the pairing code and link reach the caller as progress.
      'telegram.pair': async (_, ctx) => telegram.pair(callerOf(ctx).signal, (start) => ctx?.progress?.(start)),
      'telegram.approvers.update': async ({ id, ...patch }, ctx) => telegram.updateApprover(id, patch, callerName(ctx)),
      'telegram.approvers.remove': async ({ id }, ctx) => telegram.removeApprover(id, callerName(ctx)),
    },
    // Requests are retried for as long as they wait (DeferJob uses no attempt); these caps only
    // stop a job that keeps crashing.
    jobs: [
      job(TELEGRAM_JOBS.request, (ctx) => sender.request(ctx), { concurrency: 2, maxAttempts: 20 }),
      // One edit at a time: each shows the request as it is when it runs, so the last one to run
      // shows the latest state (two at once could land out of order and bring back stale buttons).
      job(TELEGRAM_JOBS.sync, (ctx) => sender.sync(ctx), { concurrency: 1, maxAttempts: 20 }),
      job(TELEGRAM_JOBS.result, (ctx) => sender.result(ctx), { maxAttempts: 20 }),
      job(TELEGRAM_JOBS.missed, (ctx) => sender.missed(ctx), { maxAttempts: 20 }),
    ],
    start: () => {
      pairings.prune();
      void telegram.start().catch(logError);
    },
    stop: () => telegram.stop(),
    api: { telegram },
  });
}
