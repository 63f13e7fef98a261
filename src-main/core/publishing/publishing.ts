// Publishing one post, exactly once, on whichever platform its account is (docs/architecture.md
// §2): a durable job that decides when the post goes — its time, a pause, the missed-post rule,
// the platform's daily cap, a wait for the account — and walks the publish record through the
// platform's upload and status checks, committing every step before taking the next, so a
// crash, a quit or a lost network resumes where it stopped. The rule that prevents duplicates
// is here, not in a platform: a record whose upload completed is never handed to a platform's
// upload again — only polled — and a failure after that is retryable only if the platform itself
// said it failed (retrySafety). A Publisher (publisher.ts) knows its platform's API and nothing
// of posts' rules.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../../src-shared/errors';
import type { HoldReason, PublishFailure } from '../../../src-shared/posts/post';
import { dailyCapFreesAt, overDailyCap } from '../../../src-shared/schedule/daily-cap';
import { judgeLateness, lateWords, MISSED_DETAIL_PREFIX } from '../../../src-shared/posts/missed-post';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { EventBus } from '../event-bus';
import { DeferJob, permanent, retryable, type JobContext, type JobRunner } from '../jobs/job-runner';
import type { PostRepo, PostRow } from '../post-store/post-repo';
import { PUBLISH_JOB } from '../post-store/publish-queue';
import { retrySafety, videoAtTikTok, type AttemptRow, type PublishAttempts } from '../post-store/publish-attempts';
import type { Db } from '../store/database';
import { AccountUnusable, PlatformUnreachable, PublishRefused, PublishWait } from './publish-errors';
import type { PublishAccount, Publisher, RecordPatch, SendStep } from './publisher';
import type { Publishers } from './publishers';

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
 * How long a post the platform does not have yet (nothing of it can be published) waits for its
 * account, from the start of its publishing, before it fails and asks for a Retry instead. One
 * the platform has the whole video of waits as long as status checks do (POLL_DEADLINE_MS).
 */
export const ACCOUNT_WAIT_MS = 24 * 3600_000;
/** How a wait for the account begins, in words (the hold's reason is `account`; nothing reads these back). */
const accountWaitWords = (label: string) => `Waiting for the ${label} account`;

export interface PublishingDeps {
  db: Db;
  /** Where publishing hears that an account is usable again (accounts.changed). */
  bus: EventBus;
  jobs: JobRunner;
  posts: PostRepo;
  attempts: PublishAttempts;
  publishers: Publishers;
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
}

const ACTOR = 'publisher';

export class Publishing {
  /** Posts being driven by this process: one worker a post, whatever enqueued a second job. */
  private readonly active = new Set<string>();
  constructor(private readonly deps: PublishingDeps) {
    // An account connected again (the same user reconnected, restored in place): every post
    // waiting on it carries on now, not at its next look ten minutes on.
    deps.bus.subscribe((name, payload) => {
      if (name !== 'accounts.changed') return;
      const { id } = payload as { id: string };
      if (deps.publishers.find(id)?.account.usable) this.accountUsable(id);
    });
  }

  /**
   * The account can be used again: every post of it waiting on the account resumes at once —
   * a scheduled post held for it goes now; an upload or a status check carries on from the
   * publish record (a stored publish id is only ever polled, never sent again). Returns the
   * posts resumed.
   */
  accountUsable(accountId: string): string[] {
    const { db, posts, attempts, audit, clock, publishers } = this.deps;
    const now = clock.now();
    const found = publishers.find(accountId);
    const name = found?.account.name ?? 'The account';
    const label = found?.publisher.label ?? 'the platform';
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
          detail: polling ? `The account is connected again: asking ${label} how the post went…` : 'The account is connected again: carrying on with the upload…',
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
    const { posts, publishers } = this.deps;
    const post = posts.row(ctx.payload.postId);
    if (post.state === 'scheduled') {
      if (!this.beforeStart(post) || !this.start(post)) return;
    } else if (post.state !== 'uploading' && post.state !== 'processing') {
      return; // cancelled, failed, published, rescheduled elsewhere: nothing for this job.
    } else if (post.hold_kind === 'account' && post.account_id && publishers.find(post.account_id)?.account.usable) {
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
      if (err instanceof PublishWait) this.wait(current, err);
      if (err instanceof AccountUnusable) return this.waitForAccount(current, err.message);
      if (err instanceof PublishRefused) return this.fail(current, err.failure);
      // Lasting network trouble, or a fault nobody foresaw: try again with the runner's
      // backoff; after the last attempt the post fails, retryable while the platform lacks the video.
      if (ctx.attempt < PUBLISH_MAX_ATTEMPTS) throw retryable(err);
      this.fail(current, {
        code: err instanceof PlatformUnreachable ? 'network' : 'internal',
        message: err instanceof Error ? err.message : String(err),
        retryable: true,
        action: 'retry',
      });
    }
  }

  /**
   * Checks before anything is sent: due, paused, the missed-post rule, the daily cap, the
   * account. False when the post waits for the creator (it missed its time by more than the
   * grace window).
   */
  private beforeStart(post: PostRow): boolean {
    const now = this.deps.clock.now();
    const due = post.scheduled_at ? Date.parse(post.scheduled_at) : now;
    if (due > now) throw new DeferJob(due, 'not due yet');
    if (this.deps.paused()) this.holdUntil(post.id, 'paused', now + 30_000, 'Publishing is paused; this post goes out when you resume.');
    // Late is measured from when it could first go: its time, or the end of a wait it was held
    // for on purpose (the daily cap, a pause just resumed), which is not "missed".
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
    const found = post.account_id ? this.deps.publishers.find(post.account_id) : undefined;
    if (found) {
      const { publisher, account } = found;
      const cap = publisher.dailyCap;
      const counted = this.deps.attempts.dailyCapTimes(account.id, post.id);
      if (overDailyCap(counted, now, cap)) {
        const until = dailyCapFreesAt(counted, now, cap);
        this.holdUntil(
          post.id,
          'daily_cap',
          until,
          `${publisher.label} allows about ${cap} posts a day per account (across every app), and ${account.name} has reached it. This post goes out when a slot frees up, at ${iso(until)}.`,
        );
      }
      // Known to need reconnecting: nothing is sent, and the post stays scheduled (it can still
      // be moved or cancelled) until the account is back, then goes at once (accountUsable).
      if (!account.usable) {
        this.holdUntil(
          post.id,
          'account',
          now + ACCOUNT_RECHECK_MS,
          `${accountWaitWords(publisher.label)}: ${account.problem ?? `Reconnect ${account.name} in Accounts.`} This post goes out as soon as it is reconnected.`,
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

  /** Record the attempt before the platform hears of it, and move the post to uploading. */
  private start(post: PostRow): boolean {
    const settings = this.deps.posts.settings(post);
    const file = this.deps.videoFile(post);
    const found = post.account_id ? this.deps.publishers.find(post.account_id) : undefined;
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
    const problem = !found
      ? { code: 'account_missing', message: 'The account for this post is no longer connected. Choose another account or connect it again, then retry.', action: 'reconnect' as const }
      : (found.publisher.ready(post) ??
        (!file || size === 0 ? { code: 'file_missing', message: 'The video file for this post is gone. Render the clip again, then retry.', action: 'edit' as const } : null));
    if (problem) {
      this.fail(attempt, { ...problem, retryable: true });
      return false;
    }
    return true;
  }

  /** The step a platform works with, for this record. */
  private step(record: AttemptRow, publisher: Publisher, account: PublishAccount, signal: AbortSignal): SendStep {
    const { attempts, posts } = this.deps;
    const post = posts.row(record.post_id);
    return {
      post,
      record,
      account,
      signal,
      update: (patch: RecordPatch) => {
        const next = attempts.update(record.id, patch);
        posts.touched(record.post_id);
        return next;
      },
      current: () => attempts.get(record.id),
      claimStart: (r) => attempts.claimInit(r.id, r.inits),
    };
  }

  private async drive(start: AttemptRow, ctx: JobContext<{ postId: string }>): Promise<void> {
    const found = this.deps.publishers.find(start.account_id);
    if (!found) return this.accountGone(start);
    const { publisher, account } = found;
    let attempt = start;
    if (attempt.phase === 'initialising' || attempt.phase === 'uploading') {
      // The one rule that makes publishing exactly-once. Nothing may get past it.
      if (attempt.upload_complete) throw permanent(new AppError('INTERNAL', 'Refusing to send a post the platform has already received.'));
      await publisher.upload(this.step(attempt, publisher, account, ctx.signal));
      attempt = this.uploadDone(this.deps.attempts.get(attempt.id), publisher);
    }
    if (attempt.phase === 'processing') await this.poll(attempt, publisher, account, ctx.signal);
  }

  /**
   * Its account was disconnected mid-publish. Not sent yet: it fails, and Retry (after
   * connecting an account) is safe. Sent: the platform may publish it, so it is never sent again;
   * Clipdesk looks again now and then, and the creator can settle it (settle.ts).
   */
  private accountGone(attempt: AttemptRow): void {
    if (!attempt.upload_complete) {
      this.fail(attempt, {
        code: 'account_missing',
        message: 'The account for this post is no longer connected. Choose another account or connect it again, then retry.',
        retryable: true,
        action: 'reconnect',
      });
      return;
    }
    this.wait(attempt, new PublishWait(this.deps.clock.now() + ACCOUNT_RECHECK_MS, 'The video was received, but Clipdesk cannot ask how it went: its account is no longer connected. Connect it again in Accounts.'));
  }

  private uploadDone(attempt: AttemptRow, publisher: Publisher): AttemptRow {
    const now = this.deps.clock.now();
    const next = this.together(() => {
      const updated = this.deps.attempts.update(attempt.id, {
        phase: 'processing',
        upload_complete: 1,
        upload_completed_at: now,
        uploaded_bytes: attempt.video_size,
        upload_url_expires_at: null,
        next_check_at: now,
        detail: `${publisher.label} is processing the video; this can take a few minutes.`,
      });
      this.deps.posts.applyEvent(attempt.post_id, 'upload_done', ACTOR, `publish ${attempt.publish_id ?? ''}`.trim());
      return updated;
    });
    publisher.forget(next);
    return next;
  }

  private async poll(attempt: AttemptRow, publisher: Publisher, account: PublishAccount, signal: AbortSignal): Promise<void> {
    const now = this.deps.clock.now();
    const since = now - (attempt.upload_completed_at ?? now);
    const label = publisher.label;
    if (since > POLL_DEADLINE_MS) {
      this.fail(attempt, {
        code: 'status_timeout',
        message: `${label} received the video but has not said whether it was published, for 3 days. Check your ${label} profile. Clipdesk will not upload it again, so it cannot appear twice.`,
        retryable: false,
        action: 'none',
      });
      return;
    }
    let result;
    try {
      result = await publisher.poll(this.step(attempt, publisher, account, signal));
    } catch (err) {
      // The platform has the video: an account that needs reconnecting is no reason to call the
      // post failed. Keep checking until the account is back or time is up; a reconnect
      // resumes it at once.
      if (err instanceof AccountUnusable) return this.waitForAccount(attempt, err.message);
      if (err instanceof PlatformUnreachable) {
        const until = this.deps.clock.now() + nextPollDelayMs(attempt.polls, since) * 2;
        this.deps.attempts.update(attempt.id, { polls: attempt.polls + 1, next_check_at: until, detail: `${label} could not be reached to check; trying again soon.` });
        this.deps.posts.touched(attempt.post_id);
        throw new DeferJob(until, 'status check failed');
      }
      throw err;
    }
    if (result.status === 'published' || result.status === 'inbox') {
      const inbox = result.status === 'inbox';
      const publicId = result.status === 'published' ? result.publicId : null;
      const url = result.status === 'published' ? result.url : null;
      this.together(() => {
        this.deps.attempts.update(attempt.id, {
          phase: inbox ? 'inbox' : 'published',
          tiktok_status: result.platformStatus,
          public_post_id: publicId,
          public_url: url,
          next_check_at: null,
          detail: inbox ? `Sent to your ${label} inbox: open the ${label} app to finish posting.` : `Published on ${label}.`,
        });
        this.deps.posts.applyEvent(attempt.post_id, 'published', ACTOR, inbox ? `sent to the ${label} inbox` : `published ${publicId ?? '(private)'}`);
      });
      const post = this.deps.posts.get(attempt.post_id);
      this.deps.notify?.(inbox ? `Sent to your ${label} inbox` : `Published on ${label}`, post.fileName ?? post.caption.slice(0, 80));
      return;
    }
    if (result.status === 'failed') {
      // The platform's own word that it failed: the one fact that makes a retry safe once it had the video.
      this.deps.attempts.update(attempt.id, { tiktok_status: FAILED_STATUS });
      this.fail(this.deps.attempts.get(attempt.id), result.failure);
      return;
    }
    const until = this.deps.clock.now() + nextPollDelayMs(attempt.polls, since);
    this.deps.attempts.update(attempt.id, {
      tiktok_status: result.platformStatus,
      polls: attempt.polls + 1,
      next_check_at: until,
      detail: `${label} is processing the video; this can take a few minutes.`,
    });
    this.deps.posts.touched(attempt.post_id);
    throw new DeferJob(until, 'processing');
  }

  /** A wait the platform asked for (a rate window): said under the post when it is news, and no attempt used. */
  private wait(attempt: AttemptRow, wait: PublishWait): never {
    if (wait.show) {
      this.deps.attempts.update(attempt.id, { detail: wait.message, next_check_at: wait.until });
      this.deps.posts.touched(attempt.post_id);
    }
    throw new DeferJob(wait.until, wait.message);
  }

  /**
   * The account must be reconnected before anything more can be sent or asked: wait for it
   * (looking again every ACCOUNT_RECHECK_MS, and at once when it is reconnected), saying so. A
   * post the platform does not have yet gives up after ACCOUNT_WAIT_MS (then Retry); one it has
   * the whole video of waits as long as status checks would, and is never sent again.
   */
  private waitForAccount(attempt: AttemptRow, problem: string): void {
    const { attempts, publishers, clock, posts } = this.deps;
    const now = clock.now();
    const current = attempts.get(attempt.id);
    const found = publishers.find(current.account_id);
    // Reconnected while this step was under way: carry on now instead of waiting.
    if (found?.account.usable) throw new DeferJob(now, 'the account is connected again');
    const label = found?.publisher.label ?? 'The platform';
    const atPlatform = videoAtTikTok(current);
    const since = atPlatform ? (current.upload_completed_at ?? Date.parse(current.created_at)) : Date.parse(current.created_at);
    if (now - since > (atPlatform ? POLL_DEADLINE_MS : ACCOUNT_WAIT_MS)) {
      this.fail(
        current,
        atPlatform
          ? {
              code: 'status_timeout',
              message: `${label} received the video, but the account was not reconnected for 3 days, so Clipdesk could not ask how it went. Check your ${label} profile. Clipdesk will not upload it again, so it cannot appear twice.`,
              retryable: false,
              action: 'none',
            }
          : { code: 'reconnect_needed', message: `${problem} Nothing was published; reconnect the account, then Retry.`, retryable: true, action: 'reconnect' },
      );
      return;
    }
    const until = now + ACCOUNT_RECHECK_MS;
    const next = atPlatform
      ? `${label} has the video: Clipdesk asks how it went as soon as the account is back, and never sends it again.`
      : 'Publishing carries on as soon as the account is back.';
    const detail = `${accountWaitWords(label)}: ${problem} ${next}`;
    attempts.update(current.id, { next_check_at: until, detail });
    posts.hold(current.post_id, 'account', detail, until);
    throw new DeferJob(until, 'waiting for the account');
  }

  private fail(attempt: AttemptRow, failure: PublishFailure): void {
    // Once the platform has the whole video, only its own FAILED makes a retry safe (retrySafety).
    const final = { ...failure, retryable: failure.retryable && retrySafety(this.deps.attempts.get(attempt.id)).safe };
    this.together(() => {
      this.deps.attempts.update(attempt.id, { phase: 'failed', next_check_at: null, detail: final.message });
      this.deps.posts.applyEvent(attempt.post_id, 'publish_failed', ACTOR, `${final.code}: ${final.message}`, { failure: final });
    });
    const publisher = this.deps.publishers.find(attempt.account_id)?.publisher;
    publisher?.forget(attempt);
    this.deps.notify?.(publisher ? `A ${publisher.label} post failed` : 'A post failed', final.message);
  }
}

/** The status retrySafety reads as the platform's own word that a post failed. */
const FAILED_STATUS = 'FAILED';
