// Making, retrying and cancelling posts. Creating one checks it against its platform's rules
// (Publisher.validate: for TikTok, creator_info fetched fresh and the same pure rules the
// composer shows, src-shared/tiktok/composer-rules.ts) — so the CLI cannot post what the UI
// would refuse.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../../src-shared/errors';
import type { PostSummary } from '../../../src-shared/posts/post';
import { canSettle, MARKED_FAILED_CODE, settleFacts, type SettleOutcome } from '../../../src-shared/posts/settle';
import { planSlots } from '../../../src-shared/schedule/slot-plan';
import type { SpreadInput, SpreadResult } from '../../../src-shared/schedule/spread';
import type { TikTokPostSettings } from '../../../src-shared/tiktok/post-settings';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { JobRunner } from '../jobs/job-runner';
import type { Library } from '../library/library-service';
import type { RenderQueue } from '../render-queue/render-queue';
import type { Db } from '../store/database';
import { retrySafety, type PublishAttempts } from '../post-store/publish-attempts';
import type { ApprovalService, Decider } from '../approvals/approval-service';
import type { PostRepo } from '../post-store/post-repo';
import { enqueuePublish, PUBLISH_JOB } from '../post-store/publish-queue';
import type { PublishAccount, Publisher } from '../publishing';
import type { Publishers } from '../publishing/publishers';

export interface CreatePostInput {
  renderId?: string;
  clipId?: string;
  accountId: string;
  caption: string;
  tiktok: TikTokPostSettings;
  publishAt: 'now' | string;
}

/** What a new post sends. */
interface PostVideo {
  clipId: string;
  renderId: string | null;
  durationSec: number | null;
  file: string | null;
}

export interface PostServiceDeps {
  db: Db;
  posts: PostRepo;
  attempts: PublishAttempts;
  publishers: Publishers;
  library: Library;
  renders: RenderQueue;
  jobs: JobRunner;
  clock: Clock;
  approvals: ApprovalService;
}

/** An account a new post may use, and its platform. */
interface Target {
  account: PublishAccount;
  publisher: Publisher;
}

export class PostService {
  constructor(private readonly deps: PostServiceDeps) {}

  async create(input: CreatePostInput, actor: string): Promise<PostSummary> {
    const target = this.connectedAccount(input.accountId);
    const { account } = target;
    const video = this.resolveVideo(input);
    await target.publisher.validate(account, [{ caption: input.caption, durationSec: video.durationSec }], input.tiktok);
    const now = this.deps.clock.now();
    const at = input.publishAt === 'now' ? now : Date.parse(input.publishAt);
    if (!Number.isFinite(at)) throw new AppError('BAD_INPUT', `"${input.publishAt}" is not a time Clipdesk can read.`);
    return this.insert(video, account.id, input.caption, input.tiktok, Math.max(at, now), input.publishAt === 'now', actor);
  }

  /**
   * Several finished videos for one account, spread over daily posting slots in the creator's
   * zone: a preview says where each would go (days at TikTok's cap skipped, slots another post
   * of the account already holds skipped). Otherwise every video is checked first, then the plan
   * is made again and every post created in one transaction: all or none, and two batches at
   * once cannot take the same slots. When the caller sends the times it previewed and the plan
   * has changed since (a slot passed, another post took one), nothing is made and it is told.
   */
  async spread(input: SpreadInput, actor: string): Promise<SpreadResult> {
    const target = this.connectedAccount(input.accountId);
    const { account } = target;
    const videos = input.items.map((item, i) => {
      try {
        return this.resolveVideo(item);
      } catch (err) {
        if (err instanceof AppError) throw new AppError(err.code, `Video ${i + 1}: ${err.message}`);
        throw err;
      }
    });
    const settings = input.tiktok;
    if (input.preview || !settings) return this.planSpread(target, input);
    await target.publisher.validate(account, input.items.map((item, i) => ({ caption: item.caption, durationSec: videos[i]!.durationSec })), settings);

    const approvals = this.deps.approvals.required();
    const answer = this.deps.db.transaction((): SpreadResult => {
      const plan = this.planSpread(target, input);
      if (input.expectTimes && input.expectTimes.join() !== plan.times.join()) {
        throw new AppError('CONFLICT', 'The times changed since they were shown (a time passed, or another post of this account took one). Check the new times and schedule again.');
      }
      plan.posts = videos.map((video, i) => {
        const item = input.items[i]!;
        const tiktok = item.coverTimestampMs === undefined ? settings : { ...settings, coverTimestampMs: item.coverTimestampMs };
        return this.insert(video, account.id, item.caption, tiktok, Date.parse(plan.times[i]!), false, actor, { quiet: true });
      });
      return plan;
    })();
    if (approvals) this.deps.approvals.notifyWaiting(answer.posts.length, Date.parse(answer.times[0]!));
    return answer;
  }

  /** Where each video of a spread goes, with what was skipped; refused when they do not all fit. */
  private planSpread({ account, publisher }: Target, input: SpreadInput): SpreadResult {
    const now = this.deps.clock.now();
    const from = input.from ? Math.max(Date.parse(input.from), now) : now;
    const plan = planSlots({
      slots: input.slots,
      count: input.items.length,
      notBefore: from,
      timeZone: input.timeZone,
      dailyCap: publisher.dailyCap,
      taken: this.deps.posts.takenTimes(account.id),
    });
    if (plan.times.length < input.items.length) {
      throw new AppError('BAD_INPUT', `Only ${plan.times.length} of ${input.items.length} videos fit in the slots of the next year; add posting times.`);
    }
    return {
      times: plan.times.map(iso),
      fullDays: plan.fullDays,
      busySlots: plan.busySlots.map(iso),
      cappedSlots: plan.cappedSlots.map(iso),
      dailyCap: publisher.dailyCap,
      posts: [],
    };
  }

  private connectedAccount(accountId: string): Target {
    const target = this.deps.publishers.get(accountId);
    const { account } = target;
    if (!account.usable) throw new AppError('RECONNECT_NEEDED', account.problem ?? `Reconnect ${account.name} in Accounts first.`);
    return target;
  }

  /** The file a new post would send, checked: a finished render, or a clip TikTok takes as it is. */
  private resolveVideo(input: { renderId?: string | undefined; clipId?: string | undefined }): PostVideo {
    let video: PostVideo;
    if (input.renderId) {
      const render = this.deps.renders.get(input.renderId);
      if (render.state !== 'succeeded' || !render.outputPath) {
        throw new AppError('CONFLICT', 'This render has not finished; post it once it is done.');
      }
      video = { clipId: render.clipId, renderId: render.id, durationSec: render.output?.durationSec ?? null, file: render.outputPath };
    } else if (input.clipId) {
      const clip = this.deps.library.get(input.clipId);
      if (clip.readiness?.verdict !== 'fits') {
        throw new AppError('CONFLICT', `${clip.fileName} is not TikTok-ready as it is; render it first.`);
      }
      video = { clipId: clip.id, renderId: null, durationSec: clip.media?.durationSec ?? null, file: clip.sourcePath };
    } else {
      throw new AppError('BAD_INPUT', 'Say which render (or TikTok-ready clip) to post.');
    }
    if (!video.file || !fs.existsSync(video.file)) throw new AppError('FILE_MISSING', 'The video file is gone; render the clip again.');
    return video;
  }

  /** Make the post, then queue it at `at` — or put it up for approval first when approvals are on. */
  private insert(video: PostVideo, accountId: string, caption: string, tiktok: TikTokPostSettings, at: number, asap: boolean, actor: string, options: { quiet?: boolean } = {}): PostSummary {
    const row = this.deps.posts.create({ clipId: video.clipId, renderId: video.renderId, accountId, caption, settings: tiktok, state: 'ready', actor });
    // Waits for a go-ahead when the creator asked for approvals (here or on Telegram).
    if (this.deps.approvals.required()) return this.deps.approvals.request(row.id, at, asap, actor, options).post;
    return this.schedule(row.id, at, actor, 1);
  }

  private schedule(postId: string, at: number, actor: string, cycle: number): PostSummary {
    return this.deps.db.transaction(() => {
      const post = this.deps.posts.applyEvent(postId, 'schedule', actor, `for ${iso(at)}`, { scheduledAt: iso(at) });
      enqueuePublish(this.deps.jobs, postId, at, `publish:${postId}:${cycle}`);
      return post;
    })();
  }

  /** Try a failed post again — refused when TikTok may already have it (a duplicate risk). */
  retry(id: string, actor: string): PostSummary {
    const post = this.deps.posts.row(id);
    if (post.state !== 'failed') throw new AppError('CONFLICT', 'Only a failed post can be retried.');
    const last = this.deps.attempts.latest(id);
    const safety = last ? retrySafety(last) : { safe: true as const };
    if (!safety.safe) throw new AppError('CONFLICT', safety.reason);
    this.deps.posts.applyEvent(id, 'retry', actor);
    return this.schedule(id, this.deps.clock.now(), actor, (last?.attempt ?? 0) + 1);
  }

  /**
   * Move a scheduled post to another time (a drag in the calendar, a held post given a new
   * time). Its publishing job moves with it; none is added, so it cannot go twice. `who` is
   * the caller as a decider: a post still waiting for its approval is moved by them.
   */
  reschedule(id: string, at: number, who: Decider): PostSummary {
    const now = this.deps.clock.now();
    if (!Number.isFinite(at) || at <= now) throw new AppError('BAD_INPUT', 'Choose a time in the future.');
    // Still waiting for its go-ahead: the approval (and its no-answer rule) moves with it.
    if (this.deps.posts.row(id).state === 'awaiting_approval') {
      return this.deps.approvals.reschedule(this.deps.approvals.pendingRow(id).id, at, who).post;
    }
    return this.requeue(id, at, who.actor, 'post.rescheduled', `to ${iso(at)}`);
  }

  /** Publish a scheduled post now: e.g. one held because it missed its time while Clipdesk was closed. */
  publishNow(id: string, actor: string): PostSummary {
    return this.requeue(id, this.deps.clock.now(), actor, 'post.publish_now', 'publish now');
  }

  private requeue(id: string, at: number, actor: string, action: string, detail: string): PostSummary {
    const { db, posts, jobs } = this.deps;
    const post = db.transaction(() => {
      const summary = posts.amend(id, ['scheduled'], { scheduledAt: iso(at) }, actor, action, detail);
      posts.release(id);
      const queued = jobs.queuedFor(PUBLISH_JOB, 'postId', id);
      if (queued.length) for (const job of queued) jobs.runAt(job, at);
      // A key of its own: an earlier job for the same time may have ended (a missed post), and
      // a dedupe key that matched it would queue nothing. The transaction and the move above
      // already keep this to one queued job a post.
      else enqueuePublish(jobs, id, at, `publish:${id}:requeue:${crypto.randomUUID()}`);
      return summary;
    })();
    return posts.get(post.id);
  }

  /**
   * The creator's word on a post TikTok has but whose result Clipdesk cannot learn (the rule is
   * settle.ts's): marked published or failed, recorded with who said so and why. Nothing is sent
   * to TikTok, now or later; the post's status checks stop.
   */
  settle(id: string, outcome: SettleOutcome, note: string | undefined, actor: string): PostSummary {
    const { db, posts, attempts, jobs, clock } = this.deps;
    const settled = db.transaction(() => {
      const post = posts.get(id);
      const check = canSettle(settleFacts(post), clock.now());
      if (!check.ok) throw new AppError('CONFLICT', check.reason);
      const attempt = attempts.latest(id);
      if (!attempt) throw new AppError('CONFLICT', 'This post has no publish record to settle.');
      const said = note?.trim() ? `; note: ${note.trim()}` : '';
      const why = `${check.why.replace(/_/g, ' ')}${attempt.publish_id ? `, publish ${attempt.publish_id}` : ''}`;
      attempts.update(attempt.id, {
        phase: outcome === 'published' ? 'published' : 'failed',
        next_check_at: null,
        detail: outcome === 'published' ? 'Marked published after checking TikTok.' : 'Marked failed after checking TikTok.',
      });
      posts.release(id);
      return outcome === 'published'
        ? posts.applyEvent(id, 'settle_published', actor, `marked published after checking TikTok (${why})${said}`, { failure: null })
        : posts.applyEvent(id, 'settle_failed', actor, `marked failed after checking TikTok (${why})${said}`, {
            failure: {
              code: MARKED_FAILED_CODE,
              message: `Marked failed after checking TikTok${note?.trim() ? `: ${note.trim()}` : ''}. Clipdesk will not send this video again; post it anew from the library if you want it on TikTok.`,
              retryable: false,
              action: 'none',
            },
          });
    })();
    // Its status checks end here (a check already under way finds the post settled and stops).
    for (const job of jobs.queuedFor(PUBLISH_JOB, 'postId', id)) jobs.cancel(job);
    return settled;
  }

  cancel(id: string, actor: string): PostSummary {
    return this.deps.posts.applyEvent(id, 'cancel', actor);
  }
}
