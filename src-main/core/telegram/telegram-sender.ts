// What Clipdesk sends to Telegram, as durable jobs: each approver's copy of a request (the video
// itself, or a preview under the 50 MB limit, with its size, duration and thumbnail so it plays
// inline), edits that keep every copy showing the request's current state, and publish results.
// A send that cannot go now (offline, 429, blocked bot) is retried and its reason shown in the
// app; a request is retried for as long as it waits for a decision.
import { GrammyError, HttpError, InputFile, type Api } from 'grammy';
import { AppError } from '../../../src-shared/errors';
import { isApprovalHeld, isHeldMissed } from '../../../src-shared/posts/missed-post';
import type { Settings } from '../../../src-shared/settings';
import { formatInZone, inDailyWindow } from '../../../src-shared/time/zoned-time';
import type { ApprovalRepo, ApprovalMessageRow, ApprovalRow } from '../approvals/approval-repo';
import type { ApprovalService } from '../approvals/approval-service';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { iso } from '../clock';
import { DeferJob, permanent, type JobContext } from '../jobs/job-runner';
import type { PostRepo } from '../post-store/post-repo';
import { approvalCaption, approvalKeyboard, escapeHtml, missedKeyboard, outcomeLine, retryKeyboard, scheduleVersion, TELEGRAM_TEXT_MAX, cutToUtf16 } from './approval-message';
import { approverLabel, type ApproverRepo, type ApproverRow } from '../approvals/approver-repo';
import { tg } from './telegram-bot';
import type { TelegramVideo } from './telegram-media';

export interface SenderDeps {
  repo: ApprovalRepo;
  approvals: ApprovalService;
  approvers: ApproverRepo;
  posts: PostRepo;
  audit: AuditLog;
  clock: Clock;
  settings: () => Settings;
  /** The send client; 'loading' while the saved token is read at start; null when no bot token is saved. */
  api: () => Api | 'loading' | null;
  /** The file a post publishes. */
  postFile: (postId: string) => string | null;
  /** Prepares the video to send (original or preview) — core/telegram/telegram-media.ts. */
  prepareVideo: (file: string, signal: AbortSignal) => Promise<TelegramVideo>;
  /** The creator's zone (quiet hours are read in it). */
  timeZone: () => string;
  /** Delay before retry `n` of a send that could not go. Tests shorten it. */
  retryDelayMs?: (n: number) => number;
}

type Checkpoint = { failures: number };
type Ctx = JobContext<{ messageRowId: number; outcome?: 'published' | 'failed' }, Checkpoint>;

const RETRY_STEPS_MS = [5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];
const defaultRetryDelay = (n: number): number => RETRY_STEPS_MS[Math.min(n, RETRY_STEPS_MS.length) - 1]!;
/** Edits and results stop trying after this many failures (about a day at the longest step). */
const MAX_FOLLOW_UP_FAILURES = 150;

export class TelegramSender {
  constructor(private readonly deps: SenderDeps) {}

  /** Send one approver their copy of a request. */
  async request(ctx: Ctx): Promise<void> {
    const { repo } = this.deps;
    const m = repo.message(ctx.payload.messageRowId);
    if (!m || m.state === 'sent') return;
    const approval = repo.get(m.approval_id);
    const approver = this.approverOf(m);
    if (approval.status !== 'pending' || !approver) {
      repo.updateMessage(m.id, { state: 'failed', problem: approver ? 'Not sent: decided before it reached Telegram.' : 'Not sent: the approver was unpaired.', next_try_at: null });
      this.deps.approvals.changed(approval.id);
      return;
    }
    const api = this.requireApi(ctx, m);
    repo.updateMessage(m.id, { state: 'sending', problem: null, next_try_at: null });
    this.deps.approvals.changed(approval.id);

    const file = this.deps.postFile(approval.post_id);
    let video: TelegramVideo | null = null;
    let noVideo: string | null = null;
    try {
      if (!file) throw new AppError('FILE_MISSING', 'The video file is gone.');
      video = await this.deps.prepareVideo(file, ctx.signal);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      // The request still goes, as text: the approver can decide, and watch it in the app.
      noVideo = err instanceof AppError ? err.message : 'The video could not be prepared for Telegram.';
    }
    const caption = this.captionFor(approval, approver, video?.isPreview ?? false);
    const common = {
      parse_mode: 'HTML' as const,
      reply_markup: { inline_keyboard: approvalKeyboard(approval.id, this.version(approval)) },
      disable_notification: this.quiet(),
    };
    try {
      const sent = video
        ? await api.sendVideo(
            m.chat_id,
            new InputFile(video.path, 'clipdesk.mp4'),
            {
              ...common,
              caption,
              width: video.width,
              height: video.height,
              duration: video.durationSec,
              supports_streaming: video.supportsStreaming,
              thumbnail: new InputFile(video.thumbnailPath, 'thumbnail.jpg'),
            },
            tg(ctx.signal),
          )
        : await api.sendMessage(m.chat_id, `${caption}\n\n<i>${escapeHtml(noVideo ?? '')} Watch it in Clipdesk.</i>`, common, tg(ctx.signal));
      repo.updateMessage(m.id, { state: 'sent', message_id: sent.message_id, kind: video ? 'video' : 'text', preview: video?.isPreview ? 1 : 0, problem: null, next_try_at: null });
      this.deps.audit.append({ actor: 'telegram', action: 'telegram.request_sent', subject: approval.post_id, detail: `to ${approverLabel(approver)}${video?.isPreview ? ' (a smaller preview)' : ''}${video ? '' : ' (text only)'}` });
      // Changed while it was on its way: the copy went out with the buttons of that moment, and
      // the change's own refresh only saw copies already sent. Decided: show the outcome on every
      // copy. The approver unpaired or no longer allowed to approve: take this copy's buttons away.
      if (repo.get(approval.id).status !== 'pending') this.deps.approvals.refreshTelegram(approval.id);
      else if (this.approverOf(m)?.can_approve !== 1) this.deps.approvals.refreshForApprover(m.approver_id);
      this.deps.approvals.changed(approval.id);
    } catch (err) {
      this.handleFailure(ctx, err, m, approver, true);
    }
  }

  /** Make a sent copy show its request's current state. */
  async sync(ctx: Ctx): Promise<void> {
    const { repo } = this.deps;
    const m = repo.message(ctx.payload.messageRowId);
    if (!m || m.state !== 'sent' || m.message_id === null) return;
    const approval = repo.get(m.approval_id);
    const approver = this.approverOf(m);
    const api = this.requireApi(ctx, m);
    const tz = approver?.time_zone ?? this.deps.timeZone();
    const caption = this.captionFor(approval, approver, m.preview === 1, tz);
    // Buttons only while it waits, and only for someone who may still decide.
    const live = approval.status === 'pending' && approver !== undefined && approver.can_approve === 1;
    const markup = { inline_keyboard: live ? approvalKeyboard(approval.id, this.version(approval)) : [] };
    try {
      if (m.kind === 'video') await api.editMessageCaption(m.chat_id, m.message_id, { caption, parse_mode: 'HTML', reply_markup: markup }, tg(ctx.signal));
      else await api.editMessageText(m.chat_id, m.message_id, caption, { parse_mode: 'HTML', reply_markup: markup }, tg(ctx.signal));
    } catch (err) {
      if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return;
      if (err instanceof GrammyError && /message to edit not found|message can't be edited/i.test(err.description)) return;
      this.handleFailure(ctx, err, m, approver, false);
    }
  }

  /** Tell the chat that approved a post how its publishing went. */
  async result(ctx: Ctx): Promise<void> {
    const { repo, posts } = this.deps;
    const m = repo.message(ctx.payload.messageRowId);
    // Nobody to tell: never delivered, or the approver was unpaired since.
    if (!m || m.message_id === null || !this.approverOf(m)) return;
    const approval = repo.get(m.approval_id);
    const post = posts.get(approval.post_id);
    const api = this.requireApi(ctx, m);
    let text: string;
    let keyboard: ReturnType<typeof retryKeyboard> | undefined;
    const account = escapeHtml(post.accountName ?? 'the account');
    if (ctx.payload.outcome === 'published') {
      if (post.tiktok?.mode === 'inbox') text = `📥 <b>Sent to ${account}'s TikTok inbox.</b> Finish it in the TikTok app to post it.`;
      else if (post.publish?.postUrl) text = `✅ <b>Published</b> on ${account}: ${escapeHtml(post.publish.postUrl)}`;
      else text = `✅ <b>Published</b> on ${account} (visible to: ${post.tiktok?.privacy === 'SELF_ONLY' ? 'only the creator' : 'the chosen audience'}).`;
    } else {
      const failure = post.publish?.failure;
      text = `⚠️ <b>Publishing failed</b> on ${account}: ${escapeHtml(cutToUtf16(failure?.message ?? 'for a reason Clipdesk did not get.', TELEGRAM_TEXT_MAX - 200))}`;
      if (failure?.retryable && post.state === 'failed') keyboard = retryKeyboard(approval.id);
    }
    try {
      await api.sendMessage(
        m.chat_id,
        text,
        {
          parse_mode: 'HTML',
          reply_parameters: { message_id: m.message_id, allow_sending_without_reply: true },
          ...(keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
          disable_notification: this.quiet(),
        },
        tg(ctx.signal),
      );
    } catch (err) {
      this.handleFailure(ctx, err, m, this.approverOf(m), false);
    }
  }

  /** The post's current time, as the version the move buttons carry (a double tap moves once). */
  private version(approval: ApprovalRow): string {
    return scheduleVersion(this.deps.posts.row(approval.post_id).scheduled_at);
  }

  /** Ask one approver what to do with a post that missed its time. */
  async missed(ctx: JobContext<{ postId: string; approverId: string }, Checkpoint>): Promise<void> {
    const approver = this.deps.approvers.byId(ctx.payload.approverId);
    const post = this.deps.posts.get(ctx.payload.postId);
    // Unpaired since, or no longer held (published, moved, cancelled): nothing to ask.
    if (!approver || approver.can_approve !== 1 || !isHeldMissed(post)) return;
    const api = this.deps.api();
    if (api === 'loading') throw new DeferJob(this.deps.clock.now() + 2_000, 'the bot token is being read');
    if (!api) return;
    const due = post.scheduledAt ? formatInZone(Date.parse(post.scheduledAt), approver.time_zone) : 'its time';
    const text = [
      `⏰ <b>A post missed its time</b> · ${escapeHtml(post.accountName ?? 'TikTok')}`,
      `It was due ${escapeHtml(due)}, while Clipdesk could not publish (closed, asleep or offline), and it is later than the grace window, so it waits.`,
      `📝 ${escapeHtml(cutToUtf16(post.caption || '(no caption)', 300))}`,
      'Publish it now, or in an hour?',
    ].join('\n\n');
    try {
      await api.sendMessage(approver.chat_id, text, { parse_mode: 'HTML', reply_markup: { inline_keyboard: missedKeyboard(post.id) }, disable_notification: this.quiet() }, tg(ctx.signal));
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const failures = (ctx.checkpoint?.failures ?? 0) + 1;
      if (err instanceof GrammyError && err.error_code === 429) throw new DeferJob(this.deps.clock.now() + (err.parameters.retry_after ?? 5) * 1000, 'Telegram asked to slow down');
      const transient = err instanceof HttpError || (err instanceof GrammyError && err.error_code >= 500);
      if (!transient || failures > MAX_FOLLOW_UP_FAILURES) throw permanent(err);
      ctx.saveCheckpoint({ failures });
      throw new DeferJob(this.deps.clock.now() + (this.deps.retryDelayMs ?? defaultRetryDelay)(failures), 'Telegram cannot be reached');
    }
  }

  private approverOf(m: ApprovalMessageRow): ApproverRow | undefined {
    return this.deps.approvers.byId(m.approver_id);
  }

  private requireApi(ctx: Ctx, m: ApprovalMessageRow): Api {
    const api = this.deps.api();
    // At start the token is still being decrypted (asynchronously on the desktop): wait for it.
    if (api === 'loading') throw new DeferJob(this.deps.clock.now() + 2_000, 'the bot token is being read');
    if (api) return api;
    this.deps.repo.updateMessage(m.id, { state: 'failed', problem: 'No Telegram bot is set up any more.', next_try_at: null });
    throw permanent('No Telegram bot is set up.');
  }

  private captionFor(approval: ApprovalRow, approver: ApproverRow | undefined, preview: boolean, tz = approver?.time_zone ?? this.deps.timeZone()): string {
    const post = this.deps.posts.get(approval.post_id);
    const outcome =
      approval.status === 'pending' || approval.decided_at === null
        ? null
        : outcomeLine(approval.status, approval.decided_by ?? 'someone', approval.decided_at, tz);
    return approvalCaption({ approvalId: approval.id, post, deadline: approval.deadline, held: approval.status === 'pending' && isApprovalHeld(post), preview, outcome }, tz);
  }

  private quiet(): boolean {
    const window = this.deps.settings().quietHours;
    return window !== null && inDailyWindow(this.deps.clock.now(), window, this.deps.timeZone());
  }

  /**
   * A send that did not go: wait out a 429, retry network trouble, 5xx, a blocked bot and a
   * refused token with growing pauses (the reason shown on the request in the app); anything
   * else is a mistake retrying cannot fix.
   */
  private handleFailure(ctx: Ctx, err: unknown, m: ApprovalMessageRow, approver: ApproverRow | undefined, isRequest: boolean): never {
    if (ctx.signal.aborted) throw err;
    const { repo, clock } = this.deps;
    const failures = (ctx.checkpoint?.failures ?? 0) + 1;
    const who = approver ? approverLabel(approver) : 'The approver';
    let problem: string;
    let until: number;
    if (err instanceof GrammyError && err.error_code === 429) {
      const wait = (err.parameters.retry_after ?? 5) * 1000;
      until = clock.now() + wait;
      problem = `Telegram asked Clipdesk to slow down; sending again at ${iso(until)}.`;
    } else {
      until = clock.now() + (this.deps.retryDelayMs ?? defaultRetryDelay)(failures);
      if (err instanceof GrammyError && err.error_code === 403) {
        problem = `${who} blocked the bot or never pressed Start in it. Ask them to open the bot in Telegram and press Start (or Unblock); Clipdesk tries again.`;
      } else if (err instanceof GrammyError && err.error_code === 401) {
        problem = 'Telegram refused the bot token. Paste the current token in Settings → Telegram; Clipdesk tries again.';
      } else if (err instanceof HttpError || (err instanceof GrammyError && err.error_code >= 500)) {
        problem = 'Telegram cannot be reached right now; Clipdesk tries again.';
      } else {
        const what = err instanceof GrammyError ? err.description : err instanceof Error ? err.message : String(err);
        if (isRequest) {
          repo.updateMessage(m.id, { state: 'failed', problem: `Telegram refused the request: ${what}`, next_try_at: null });
          this.deps.approvals.changed(m.approval_id);
        }
        throw permanent(what);
      }
    }
    if (!isRequest && failures > MAX_FOLLOW_UP_FAILURES) throw permanent(problem);
    ctx.saveCheckpoint({ failures });
    if (isRequest) {
      repo.updateMessage(m.id, { state: 'failed', problem, next_try_at: until });
      this.deps.approvals.changed(m.approval_id);
      if (failures === 1) this.deps.audit.append({ actor: 'telegram', action: 'telegram.request_not_delivered', subject: m.approval_id, detail: problem });
    }
    throw new DeferJob(until, problem);
  }
}
