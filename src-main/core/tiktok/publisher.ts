// Publishing one post to TikTok, exactly once (docs/architecture.md §2; docs/platforms.md,
// TikTok §3): a durable job that walks the publish record through init → chunked upload →
// status polling, committing every step before taking the next, so a crash, a quit or a lost
// network resumes where it stopped. The rule that prevents duplicates: an upload TikTok has
// fully received is never initialised again — only polled. An incomplete upload may be
// re-initialised (an expired URL), because TikTok publishes nothing it has not fully received.
import crypto from 'node:crypto';
import path from 'node:path';
import fs from 'node:fs';
import { AppError } from '../../../src-shared/errors';
import type { HoldReason, PublishFailure } from '../../../src-shared/posts/post';
import { DAILY_POST_CAP, dailyCapFreesAt, overDailyCap } from '../../../src-shared/schedule/daily-cap';
import type { Account } from '../../../src-shared/tiktok/accounts';
import { describeFailReason } from '../../../src-shared/tiktok/tiktok-errors';
import type { TikTokPostSettings } from '../../../src-shared/tiktok/post-settings';
import { judgeLateness, lateWords, MISSED_DETAIL_PREFIX } from '../../../src-shared/posts/missed-post';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { EventBus } from '../event-bus';
import { DeferJob, permanent, retryable, type JobContext, type JobRunner } from '../jobs/job-runner';
import type { PostRepo, PostRow } from '../post-store/post-repo';
import { PUBLISH_JOB } from '../post-store/publish-queue';
import type { SecretStore } from '../secrets/secret-store';
import type { Db } from '../store/database';
import type { AccountRepo } from './account-repo';
import { planChunks } from './chunk-plan';
import { CONTENT_TYPES, UploadInterrupted, UploadUrlGone, uploadChunks } from './chunk-uploader';
import { retrySafety, videoAtTikTok, type PublishAttempts, type AttemptRow } from '../post-store/publish-attempts';
import type { RateLimiter } from './rate-limits';
import type { TikTokClient, DirectPostInfo } from './tiktok-client';
import { isTransient, TikTokApiError } from './tiktok-http';
import type { TokenKeeper } from './token-keeper';

/** An upload URL lives an hour; Clipdesk stops trusting it a little earlier. */
const UPLOAD_URL_TRUST_MS = 55 * 60_000;
/** Re-initialisations of one attempt (expired URLs, lost uploads) before giving up. */
const MAX_INITS = 4;
export const PUBLISH_MAX_ATTEMPTS = 12;

/** Status checks: quick at first, then every minute, then every 10 min; never past 72 h. */
export function nextPollDelayMs(polls: number, sinceUploadMs: number): number {
  if (sinceUploadMs > 30 * 60_000) return 10 * 60_000;
  return Math.min(3_000 * 1.6 ** polls, 60_000);
}
export const POLL_DEADLINE_MS = 72 * 3600_000;
/** While a post waits for its account to be reconnected, how often it looks again by itself. */
export const ACCOUNT_RECHECK_MS = 10 * 60_000;
/**
 * How long a post TikTok does not have yet (nothing of it can be published) waits for its
 * account, from the start of its publishing, before it fails and asks for a Retry instead. One
 * TikTok has the whole video of waits as long as status checks do (POLL_DEADLINE_MS).
 */
export const ACCOUNT_WAIT_MS = 24 * 3600_000;
/** How a wait for the account begins, in words (the hold's reason is `account`; nothing reads these back). */
const ACCOUNT_WAIT_WORDS = 'Waiting for the TikTok account';
/** The errors that mean the account cannot be used until the creator reconnects it. */
const isReconnectNeeded = (err: unknown): boolean => err instanceof AppError && !(err instanceof TikTokApiError) && err.code === 'RECONNECT_NEEDED';

export interface PublisherDeps {
  db: Db;
  /** Where the publisher hears that an account is usable again (accounts.changed → connected). */
  bus: EventBus;
  jobs: JobRunner;
  posts: PostRepo;
  attempts: PublishAttempts;
  accounts: AccountRepo;
  tokens: TokenKeeper;
  client: TikTokClient;
  limiter: RateLimiter;
  secrets: SecretStore;
  clock: Clock;
  paused: () => boolean;
  /** The creator's grace window for posts that missed their time, in minutes. */
  missedGraceMinutes: () => number;
  audit: AuditLog;
  /** A post missed its time and waits for the creator: ask them where they are (Telegram). */
  onMissed?: (postId: string) => void;
  /** The file a post publishes (a render's output, or a clip used as is). */
  videoFile: (post: PostRow) => string | null;
  notify?: (title: string, body: string) => void;
  uploadOptions?: { chunkRetries?: number; retryDelayMs?: (n: number) => number };
}

const uploadUrlName = (attemptId: string) => `tiktok.upload.${attemptId}` as const;
const ACTOR = 'publisher';

export class Publisher {
  /** Posts being driven by this process: one worker a post, whatever enqueued a second job. */
  private readonly active = new Set<string>();
  constructor(private readonly deps: PublisherDeps) {
    // An account connected again (the same TikTok user reconnected, restored in place): every
    // post waiting on it carries on now, not at its next look ten minutes on.
    deps.bus.subscribe((name, payload) => {
      if (name !== 'accounts.changed') return;
      const account = payload as Account;
      if (account.state === 'connected') this.accountUsable(account.id);
    });
  }

  /**
   * The account can be used again: every post of it waiting on the account resumes at once —
   * a scheduled post held for it goes now; an upload or a status check carries on from the
   * publish record (a stored publish id is only ever polled, never initialised again). The
   * stale "reconnect" sentence goes. Returns the posts resumed.
   */
  accountUsable(accountId: string): string[] {
    const { db, posts, attempts, audit, clock, accounts } = this.deps;
    const now = clock.now();
    const name = accounts.find(accountId)?.display_name ?? 'The account';
    const rows = db
      .prepare("SELECT id, state FROM posts WHERE account_id = ? AND hold_kind = 'account' AND state IN ('scheduled', 'uploading', 'processing') ORDER BY created_at, id")
      .all(accountId) as { id: string; state: 'scheduled' | 'uploading' | 'processing' }[];
    const resumed: string[] = [];
    for (const row of rows) {
      let what: string;
      if (row.state === 'scheduled') {
        // Held only for the account, on purpose: it goes now, and is not judged missed for the wait.
        posts.release(row.id, now);
        what = 'it goes out now';
      } else {
        const attempt = attempts.latest(row.id);
        if (!attempt) continue;
        const polling = attempt.phase === 'processing';
        attempts.update(attempt.id, {
          next_check_at: now,
          detail: polling ? 'The account is connected again: asking TikTok how the post went…' : 'The account is connected again: carrying on with the upload…',
        });
        posts.release(row.id);
        what = polling ? `status checks carry on (publish ${attempt.publish_id ?? '?'})` : 'the upload carries on where it was';
      }
      this.runNow(row.id, now);
      audit.append({ actor: ACTOR, action: 'post.resumed', subject: row.id, detail: `${name} is connected again; ${what}` });
      resumed.push(row.id);
    }
    return resumed;
  }

  /** The post's publishing job, due now: the queued one moved, or (none queued) a new one. */
  private runNow(postId: string, now: number): void {
    const { jobs } = this.deps;
    const queued = jobs.queuedFor(PUBLISH_JOB, 'postId', postId);
    if (queued.length) for (const id of queued) jobs.runAt(id, now);
    // One worker a post (`active`), and the publish record decides each step: a second job is harmless.
    else if (!this.active.has(postId)) jobs.enqueue(PUBLISH_JOB, { postId }, { runAt: now, dedupeKey: `publish:${postId}:resume:${crypto.randomUUID()}` });
  }

  async run(ctx: JobContext<{ postId: string }>): Promise<void> {
    if (this.active.has(ctx.payload.postId)) return;
    this.active.add(ctx.payload.postId);
    try {
      await this.runOne(ctx);
    } finally {
      this.active.delete(ctx.payload.postId);
    }
  }

  /** A write to the publish record and the post's state together, or neither (a crash between them would strand the post). */
  private together<T>(fn: () => T): T {
    return this.deps.db.transaction(fn)();
  }

  private async runOne(ctx: JobContext<{ postId: string }>): Promise<void> {
    const { posts } = this.deps;
    const post = posts.row(ctx.payload.postId);
    if (post.state === 'scheduled') {
      if (!this.beforeStart(post) || !this.start(post)) return;
    } else if (post.state !== 'uploading' && post.state !== 'processing') {
      return; // cancelled, failed, published, rescheduled elsewhere: nothing for this job.
    } else if (post.hold_kind === 'account' && post.account_id && this.deps.accounts.find(post.account_id)?.state === 'connected') {
      // Its account is usable again (however that came about): the wait is over. Still unusable,
      // the hold stays, and waitForAccount holds it again for the same reason, keeping its start.
      posts.release(post.id);
    }
    const attempt = this.deps.attempts.latest(post.id);
    if (!attempt) throw permanent(new AppError('INTERNAL', 'A publishing post has no publish record.'));
    try {
      await this.drive(attempt, ctx);
    } catch (err) {
      if (err instanceof DeferJob || ctx.signal.aborted) throw err;
      const current = this.deps.attempts.get(attempt.id);
      // Lasting network trouble: give up only after the job's attempts, and say whether a
      // retry is safe (it is while TikTok has not received the whole video).
      const transient = isTransient(err) || err instanceof UploadInterrupted;
      if (transient || !(err instanceof AppError)) {
        // Try again with the runner's backoff. After the last attempt the post fails — and may
        // be retried by the creator while TikTok lacks the video.
        if (ctx.attempt < PUBLISH_MAX_ATTEMPTS) throw retryable(err);
        this.fail(current, { code: transient ? 'network' : 'internal', message: err instanceof Error ? err.message : String(err), retryable: true, action: 'retry' });
        return;
      }
      if (err instanceof TikTokApiError) {
        this.fail(current, { code: err.tiktokCode, message: err.message, retryable: err.words.retryable, action: err.words.action });
        return;
      }
      // The account needs reconnecting: no reason to call the post failed. It waits for the
      // account and carries on the moment it is usable again (accountUsable).
      if (isReconnectNeeded(err)) {
        this.waitForAccount(current, err.message);
        return;
      }
      const reconnect = err.code === 'RECONNECT_NEEDED';
      this.fail(current, { code: err.code.toLowerCase(), message: err.message, retryable: true, action: reconnect ? 'reconnect' : 'retry' });
    }
  }

  /**
   * Checks before anything is sent: due, paused, the missed-post rule, the daily cap. False when
   * the post waits for the creator (it missed its time by more than the grace window).
   */
  private beforeStart(post: PostRow): boolean {
    const now = this.deps.clock.now();
    const due = post.scheduled_at ? Date.parse(post.scheduled_at) : now;
    if (due > now) throw new DeferJob(due, 'not due yet');
    if (this.deps.paused()) this.holdUntil(post.id, 'paused', now + 30_000, 'Publishing is paused; this post goes out when you resume.');
    // Late is measured from when it could first go: its time, or the end of a wait it was held
    // for on purpose (TikTok's daily cap, a pause just resumed), which is not "missed".
    const lateness = judgeLateness(Math.max(due, post.hold_until ?? 0), now, this.deps.missedGraceMinutes());
    if (lateness.kind === 'missed') {
      // Already held and asked (a second queued job of this post): say nothing twice.
      if (post.hold_kind === 'missed') return false;
      const reason = `${MISSED_DETAIL_PREFIX} (${iso(due)}) by ${lateWords(lateness.lateMs)}, more than your grace window, while Clipdesk could not publish (closed, asleep or offline). It waits for you: Publish now, or pick a new time.`;
      this.deps.posts.hold(post.id, 'missed', reason, null);
      this.deps.audit.append({ actor: 'scheduler', action: 'post.missed', subject: post.id, detail: `${lateWords(lateness.lateMs)} late; held and asked` });
      this.deps.notify?.('A post missed its time', 'Clipdesk was not running when it was due. Open Clipdesk to publish it now or pick a new time.');
      this.deps.onMissed?.(post.id);
      return false;
    }
    if (lateness.kind === 'late') {
      this.deps.audit.append({ actor: 'scheduler', action: 'post.late', subject: post.id, detail: `publishing ${lateWords(lateness.lateMs)} late (within the grace window): Clipdesk could not publish at its time` });
    }
    const account = post.account_id ? this.deps.accounts.find(post.account_id) : undefined;
    if (account) {
      const counted = this.deps.attempts.dailyCapTimes(account.id, post.id);
      if (overDailyCap(counted, now)) {
        const until = dailyCapFreesAt(counted, now);
        this.holdUntil(
          post.id,
          'daily_cap',
          until,
          `TikTok allows about ${DAILY_POST_CAP} posts a day per account (across every app), and ${account.display_name} has reached it. This post goes out when a slot frees up, at ${iso(until)}.`,
        );
      }
      // Known to need reconnecting: nothing is sent, and the post stays scheduled (it can still
      // be moved or cancelled) until the account is back, then goes at once (accountUsable).
      if (account.state === 'reconnect_needed') {
        this.holdUntil(
          post.id,
          'account',
          now + ACCOUNT_RECHECK_MS,
          `${ACCOUNT_WAIT_WORDS}: ${account.problem ?? `Reconnect ${account.display_name} in Accounts.`} This post goes out as soon as it is reconnected.`,
        );
      }
    }
    this.deps.posts.release(post.id);
    return true;
  }

  private holdUntil(postId: string, reason: HoldReason, until: number, detail: string): never {
    this.deps.posts.hold(postId, reason, detail, until);
    throw new DeferJob(until, detail);
  }

  /** Record the attempt before TikTok hears of it, and move the post to uploading. */
  private start(post: PostRow): boolean {
    const settings = this.deps.posts.settings(post);
    const file = this.deps.videoFile(post);
    const account = post.account_id ? this.deps.accounts.find(post.account_id) : undefined;
    let size = 0;
    try {
      size = file ? fs.statSync(file).size : 0;
    } catch {
      size = 0;
    }
    const attempt = this.deps.attempts.create({
      postId: post.id,
      accountId: post.account_id ?? '',
      mode: settings?.mode ?? 'direct',
      videoPath: file ?? '',
      videoSize: size,
    });
    this.deps.posts.applyEvent(post.id, 'publish_start', ACTOR, `attempt ${attempt.attempt}`, { failure: null });
    const problem = !account
      ? { code: 'account_missing', message: 'The TikTok account for this post is no longer connected. Choose another account or connect it again, then retry.', action: 'reconnect' as const }
      : !settings
        ? { code: 'settings_invalid', message: "This post's TikTok settings are incomplete. Edit the post and choose them again.", action: 'edit' as const }
        : !file || size === 0
          ? { code: 'file_missing', message: 'The video file for this post is gone. Render the clip again, then retry.', action: 'edit' as const }
          : null;
    if (problem) {
      this.fail(attempt, { ...problem, retryable: true });
      return false;
    }
    return true;
  }

  private async drive(start: AttemptRow, ctx: JobContext<{ postId: string }>): Promise<void> {
    let attempt = start;
    let initialisedHere = false;
    for (;;) {
      if (attempt.phase === 'initialising') {
        attempt = await this.init(attempt, ctx.signal);
        initialisedHere = true;
      } else if (attempt.phase === 'uploading') {
        attempt = await this.upload(attempt, initialisedHere, ctx.signal);
      } else if (attempt.phase === 'processing') {
        await this.poll(attempt, ctx.signal);
        return;
      } else {
        return;
      }
    }
  }

  private openId(attempt: AttemptRow): string {
    return this.deps.accounts.find(attempt.account_id)?.external_id ?? attempt.account_id;
  }

  private withToken<T>(attempt: AttemptRow, signal: AbortSignal, fn: (token: string) => Promise<T>): Promise<T> {
    return this.deps.tokens.withToken(attempt.account_id, fn, signal);
  }

  private async rateLimited(attempt: AttemptRow, call: 'init' | 'status', what: string): Promise<void> {
    const wait = this.deps.limiter.waitMs(this.openId(attempt), call);
    if (wait > 0) {
      const until = this.deps.clock.now() + wait;
      this.deps.attempts.update(attempt.id, { detail: what, next_check_at: until });
      this.deps.posts.touched(attempt.post_id);
      throw new DeferJob(until, what);
    }
    this.deps.limiter.take(this.openId(attempt), call);
  }

  private async init(attempt: AttemptRow, signal: AbortSignal): Promise<AttemptRow> {
    // The one rule that makes publishing exactly-once. Nothing may get past it.
    if (attempt.upload_complete) throw new AppError('INTERNAL', 'Refusing to initialise a post TikTok has already received.');
    if (attempt.inits >= MAX_INITS) {
      throw new AppError('TIKTOK_ERROR', 'TikTok kept dropping the upload before it was complete. Nothing was published; try again later.');
    }
    const post = this.deps.posts.row(attempt.post_id);
    const settings = this.deps.posts.settings(post) as TikTokPostSettings;
    await this.rateLimited(attempt, 'init', 'Waiting: TikTok allows 6 uploads a minute per account');
    const plan = planChunks(attempt.video_size);
    const source = { video_size: plan.videoSize, chunk_size: plan.chunkSize, total_chunk_count: plan.totalChunkCount };
    // Counted before the call (a crash during it still counts against MAX_INITS), and only if
    // no other worker counted it first: then that one is initialising, not this.
    if (!this.deps.attempts.claimInit(attempt.id, attempt.inits)) throw new DeferJob(this.deps.clock.now() + 5_000, 'another worker has this upload');
    this.deps.attempts.update(attempt.id, { detail: 'Starting the upload…', next_check_at: null });
    let init;
    try {
      init = await this.withToken(attempt, signal, (token) =>
        settings.mode === 'inbox' ? this.deps.client.initInbox(token, source, signal) : this.deps.client.initDirect(token, postInfo(post.caption, settings), source, signal),
      );
    } catch (err) {
      // The token could not be had (the account needs reconnecting, is gone, the app's keys are
      // missing): init was never sent, so it does not count against MAX_INITS either.
      if (err instanceof AppError && !(err instanceof TikTokApiError) && ['RECONNECT_NEEDED', 'NOT_FOUND', 'NOT_CONFIGURED'].includes(err.code)) {
        this.deps.attempts.update(attempt.id, { inits: attempt.inits });
        throw err;
      }
      if (err instanceof TikTokApiError && err.tiktokCode === 'rate_limit_exceeded') {
        // A 429 created nothing at TikTok: it does not count against MAX_INITS.
        this.deps.attempts.update(attempt.id, { inits: attempt.inits });
        // Our own limiter should prevent this; another app on the same account may not. Each wait
        // costs no attempt, so a busy minute only delays the post.
        throw new DeferJob(this.deps.clock.now() + 15_000, 'TikTok asked Clipdesk to slow down');
      }
      throw err;
    }
    // publish_id the moment it returns (docs/architecture.md §2); the upload URL is a credential.
    await this.deps.secrets.set(uploadUrlName(attempt.id), init.uploadUrl);
    const next = this.deps.attempts.update(attempt.id, {
      phase: 'uploading',
      publish_id: init.publishId,
      chunk_size: plan.chunkSize,
      uploaded_bytes: 0,
      upload_url_expires_at: this.deps.clock.now() + UPLOAD_URL_TRUST_MS,
      detail: 'Uploading…',
    });
    this.deps.posts.touched(attempt.post_id);
    return next;
  }

  private async upload(attempt: AttemptRow, initialisedHere: boolean, signal: AbortSignal): Promise<AttemptRow> {
    let from = attempt.uploaded_bytes;
    if (!initialisedHere && attempt.publish_id) {
      // Resumed after a crash or a restart: TikTok knows best how much it holds. If it has all
      // of it, the last chunk went through before we could write that down.
      const held = await this.checkHeld(attempt, signal);
      if (held !== null && held >= attempt.video_size) return this.uploadDone(attempt);
      if (held !== null) from = held;
    }
    const url = await this.deps.secrets.get(uploadUrlName(attempt.id));
    if (!url || (attempt.upload_url_expires_at ?? 0) <= this.deps.clock.now()) {
      return this.restartUpload(attempt, signal, 'The upload link expired; starting the upload again…');
    }
    const plan = planChunks(attempt.video_size);
    let lastEmit = 0;
    try {
      await uploadChunks({
        file: attempt.video_path,
        uploadUrl: url,
        plan,
        contentType: CONTENT_TYPES[path.extname(attempt.video_path).toLowerCase()] ?? 'video/mp4',
        fromByte: from,
        signal,
        onLastChunk: () => {
          this.deps.attempts.update(attempt.id, { last_chunk_sent: 1 });
        },
        onChunkAccepted: (bytes) => {
          this.deps.attempts.update(attempt.id, { uploaded_bytes: bytes, detail: `Uploading ${Math.floor((100 * bytes) / attempt.video_size)} %` });
          this.deps.posts.touched(attempt.post_id);
        },
        onProgress: (sent) => {
          const now = Date.now();
          if (now - lastEmit < 250) return;
          lastEmit = now;
          this.deps.attempts.update(attempt.id, { detail: `Uploading ${Math.floor((100 * sent) / attempt.video_size)} %` });
          this.deps.posts.touched(attempt.post_id);
        },
        ...this.deps.uploadOptions,
      });
    } catch (err) {
      if (err instanceof UploadUrlGone) return this.restartUpload(attempt, signal, 'TikTok dropped the upload; starting it again…');
      throw err;
    }
    return this.uploadDone(attempt);
  }

  /**
   * Start the upload over with a fresh init — safe only while TikTok lacks part of the video,
   * since it publishes nothing it has not fully received. Once the last chunk went out, TikTok
   * must say so itself (status/fetch) before anything is sent again; if it cannot, wait.
   */
  private async restartUpload(attempt: AttemptRow, signal: AbortSignal, detail: string): Promise<AttemptRow> {
    const current = this.deps.attempts.get(attempt.id);
    if (current.last_chunk_sent && current.publish_id) {
      const held = await this.checkHeld(current, signal);
      if (held !== null && held >= current.video_size) return this.uploadDone(current);
      if (held === null) {
        // Asked again later; nothing is re-initialised on a guess.
        throw retryable('TikTok could not confirm how much of the video it received; Clipdesk asks again before sending anything.');
      }
    }
    return this.deps.attempts.update(attempt.id, { phase: 'initialising', last_chunk_sent: 0, detail });
  }

  /** TikTok's own count of received bytes, or null when it cannot say. */
  private async checkHeld(attempt: AttemptRow, signal: AbortSignal): Promise<number | null> {
    await this.rateLimited(attempt, 'status', 'Waiting: TikTok allows 30 status checks a minute');
    try {
      const status = await this.withToken(attempt, signal, (token) => this.deps.client.status(token, attempt.publish_id as string, signal));
      if (status.status !== 'PROCESSING_UPLOAD') return attempt.video_size; // past uploading: it has everything
      return status.uploadedBytes;
    } catch (err) {
      if (err instanceof TikTokApiError && err.tiktokCode === 'invalid_publish_id') return 0;
      throw err;
    }
  }

  private uploadDone(attempt: AttemptRow): AttemptRow {
    const now = this.deps.clock.now();
    const next = this.together(() => {
      const updated = this.deps.attempts.update(attempt.id, {
      phase: 'processing',
      upload_complete: 1,
      upload_completed_at: now,
      uploaded_bytes: attempt.video_size,
      upload_url_expires_at: null,
      next_check_at: now,
      detail: 'TikTok is processing the video; this can take a few minutes.',
      });
      this.deps.posts.applyEvent(attempt.post_id, 'upload_done', ACTOR, `publish ${attempt.publish_id ?? ''}`.trim());
      return updated;
    });
    this.deps.secrets.delete(uploadUrlName(attempt.id));
    return next;
  }

  private async poll(attempt: AttemptRow, signal: AbortSignal): Promise<void> {
    const now = this.deps.clock.now();
    const since = now - (attempt.upload_completed_at ?? now);
    if (since > POLL_DEADLINE_MS) {
      this.fail(attempt, {
        code: 'status_timeout',
        message:
          'TikTok received the video but has not said whether it was published, for 3 days. Check your TikTok profile. Clipdesk will not upload it again, so it cannot appear twice.',
        retryable: false,
        action: 'none',
      });
      return;
    }
    await this.rateLimited(attempt, 'status', 'Waiting: TikTok allows 30 status checks a minute');
    let status;
    try {
      status = await this.withToken(attempt, signal, (token) => this.deps.client.status(token, attempt.publish_id as string, signal));
    } catch (err) {
      // TikTok has the video: an account that needs reconnecting (or was disconnected) is no
      // reason to call the post failed. Keep checking until the account is back or time is up;
      // a reconnect resumes it at once.
      if (isReconnectNeeded(err)) {
        this.waitForAccount(attempt, (err as AppError).message);
        return; // it waits (thrown) or, waited too long, failed: nothing more to write.
      }
      if (err instanceof AppError && (err.code === 'RECONNECT_NEEDED' || err.code === 'NOT_FOUND' || err.code === 'NOT_CONFIGURED')) {
        const until = this.deps.clock.now() + 10 * 60_000;
        this.deps.attempts.update(attempt.id, { next_check_at: until, detail: `TikTok has the video, but Clipdesk cannot ask how it went: ${err.message}` });
        this.deps.posts.touched(attempt.post_id);
        throw new DeferJob(until, 'waiting for the account');
      }
      if (isTransient(err)) {
        const until = this.deps.clock.now() + nextPollDelayMs(attempt.polls, since) * 2;
        this.deps.attempts.update(attempt.id, { polls: attempt.polls + 1, next_check_at: until, detail: 'TikTok could not be reached to check; trying again soon.' });
        this.deps.posts.touched(attempt.post_id);
        throw new DeferJob(until, 'status check failed');
      }
      throw err;
    }
    if (status.status === 'PUBLISH_COMPLETE' || status.status === 'SEND_TO_USER_INBOX') {
      const inbox = status.status === 'SEND_TO_USER_INBOX';
      this.together(() => {
        this.deps.attempts.update(attempt.id, {
        phase: inbox ? 'inbox' : 'published',
        tiktok_status: status.status,
        public_post_id: status.publicPostIds[0] ?? null,
        next_check_at: null,
        detail: inbox ? 'Sent to your TikTok inbox: open the TikTok app to finish posting.' : 'Published on TikTok.',
        });
        this.deps.posts.applyEvent(attempt.post_id, 'published', ACTOR, inbox ? 'sent to the TikTok inbox' : `published ${status.publicPostIds[0] ?? '(private)'}`);
      });
      const post = this.deps.posts.get(attempt.post_id);
      this.deps.notify?.(inbox ? 'Sent to your TikTok inbox' : 'Published on TikTok', post.fileName ?? post.caption.slice(0, 80));
      return;
    }
    if (status.status === 'FAILED') {
      const words = describeFailReason(status.failReason ?? 'internal');
      this.deps.attempts.update(attempt.id, { tiktok_status: 'FAILED' });
      this.fail(this.deps.attempts.get(attempt.id), { code: status.failReason ?? 'internal', message: words.message, retryable: words.retryable, action: words.action });
      return;
    }
    const until = this.deps.clock.now() + nextPollDelayMs(attempt.polls, since);
    this.deps.attempts.update(attempt.id, {
      tiktok_status: status.status,
      polls: attempt.polls + 1,
      next_check_at: until,
      detail: 'TikTok is processing the video; this can take a few minutes.',
    });
    this.deps.posts.touched(attempt.post_id);
    throw new DeferJob(until, 'processing');
  }

  /**
   * The account must be reconnected before anything more can be sent or asked: wait for it
   * (looking again every ACCOUNT_RECHECK_MS, and at once when it is reconnected), saying so. A
   * post TikTok does not have yet gives up after ACCOUNT_WAIT_MS (then Retry); one TikTok has
   * the whole video of waits as long as status checks would, and is never sent again.
   */
  private waitForAccount(attempt: AttemptRow, problem: string): void {
    const { attempts, accounts, clock, posts } = this.deps;
    const now = clock.now();
    const current = attempts.get(attempt.id);
    // Reconnected while this step was under way: carry on now instead of waiting.
    if (accounts.find(current.account_id)?.state === 'connected') throw new DeferJob(now, 'the account is connected again');
    const atTikTok = videoAtTikTok(current);
    const since = atTikTok ? (current.upload_completed_at ?? Date.parse(current.created_at)) : Date.parse(current.created_at);
    if (now - since > (atTikTok ? POLL_DEADLINE_MS : ACCOUNT_WAIT_MS)) {
      this.fail(
        current,
        atTikTok
          ? {
              code: 'status_timeout',
              message: `TikTok received the video, but the account was not reconnected for 3 days, so Clipdesk could not ask how it went. Check your TikTok profile. Clipdesk will not upload it again, so it cannot appear twice.`,
              retryable: false,
              action: 'none',
            }
          : { code: 'reconnect_needed', message: `${problem} Nothing was published; reconnect the account, then Retry.`, retryable: true, action: 'reconnect' },
      );
      return;
    }
    const until = now + ACCOUNT_RECHECK_MS;
    const next = atTikTok
      ? 'TikTok has the video: Clipdesk asks how it went as soon as the account is back, and never sends it again.'
      : 'Publishing carries on as soon as the account is back.';
    const detail = `${ACCOUNT_WAIT_WORDS}: ${problem} ${next}`;
    attempts.update(current.id, { next_check_at: until, detail });
    posts.hold(current.post_id, 'account', detail, until);
    throw new DeferJob(until, 'waiting for the account');
  }

  private fail(attempt: AttemptRow, failure: PublishFailure): void {
    // Once TikTok has the whole video, only TikTok's own FAILED makes a retry safe (retrySafety).
    const final = { ...failure, retryable: failure.retryable && retrySafety(this.deps.attempts.get(attempt.id)).safe };
    this.together(() => {
      this.deps.attempts.update(attempt.id, { phase: 'failed', next_check_at: null, detail: final.message });
      this.deps.posts.applyEvent(attempt.post_id, 'publish_failed', ACTOR, `${final.code}: ${final.message}`, { failure: final });
    });
    this.deps.secrets.delete(uploadUrlName(attempt.id));
    this.deps.notify?.('A TikTok post failed', final.message);
  }
}

function postInfo(caption: string, s: TikTokPostSettings): DirectPostInfo {
  const info: DirectPostInfo = {
    privacy_level: s.privacy as NonNullable<TikTokPostSettings['privacy']>,
    disable_comment: !s.allowComment,
    disable_duet: !s.allowDuet,
    disable_stitch: !s.allowStitch,
    brand_content_toggle: s.brandContent,
    brand_organic_toggle: s.brandOrganic,
  };
  if (caption) info.title = caption;
  if (s.coverTimestampMs !== null) info.video_cover_timestamp_ms = s.coverTimestampMs;
  return info;
}
