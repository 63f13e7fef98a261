// Approvals: the one rule and record for a go-ahead on a post, whoever gives it — the app, the
// terminal, an approver on Telegram, or the creator's no-answer rule. A decision is claimed
// with a conditional update before anything else happens, and the post's state change, the
// publish job and the Telegram follow-ups are written in the same transaction: double taps,
// redelivered updates and a crash in between cannot decide twice or lose a decision.
import { z } from 'zod';
import { actorLabel, type Actor } from '../../../src-shared/caller';
import { AppError } from '../../../src-shared/errors';
import type { Approval, Delivery } from '../../../src-shared/posts/approval';
import type { PostState } from '../../../src-shared/posts/lifecycle';
import type { Settings } from '../../../src-shared/settings';
import { analyzeCaption, captionTextProblem } from '../../../src-shared/tiktok/caption';
import { formatInZone } from '../../../src-shared/time/zoned-time';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { EventBus } from '../event-bus';
import { DeferJob, type JobRunner } from '../jobs/job-runner';
import { jobKind } from '../jobs/job-kind';
import { enqueuePublish } from '../post-store/publish-queue';
import type { PostRepo, PostTransition } from '../post-store/post-repo';
import type { Db } from '../store/database';
import { approverLabel, type ApproverRepo } from './approver-repo';
import { TELEGRAM_JOBS } from './delivery-jobs';
import type { ApprovalRepo, ApprovalRow, DecisionRecord } from './approval-repo';

export const DEADLINE_JOB = jobKind('approval.deadline', z.object({ approvalId: z.string(), deadline: z.number() }));

/** Who is deciding, in the words the record keeps. */
export interface Decider {
  actor: string;
  by: string;
  via: DecisionRecord['via'];
}
export const APP_DECIDER: Decider = { actor: 'app', by: 'you in the app', via: 'app' };
export const CLI_DECIDER: Decider = { actor: 'cli', by: 'you in the terminal', via: 'cli' };
export const BROWSER_DECIDER: Decider = { actor: 'browser', by: 'you in the browser', via: 'browser' };
const RULE_DECIDER: Decider = { actor: 'rule', by: 'the no-answer rule (publish anyway)', via: 'rule' };
export function telegramDecider(a: { user_id: number; name: string; username: string | null }): Decider {
  return { actor: `telegram:${a.user_id}`, by: `${approverLabel(a)} on Telegram`, via: 'telegram' };
}

/**
 * The decider a command's caller is: the window is "you in the app", the terminal "you in the
 * terminal", a browser session of the host "you in the browser". Its actor is the caller's
 * activity-log name (actorLabel). Telegram's answers come through the bot, which knows the
 * approver's name (telegramDecider); a caller that is only a user id is named by it.
 */
export function deciderOf(actor: Actor): Decider {
  switch (actor.kind) {
    case 'window':
      return APP_DECIDER;
    case 'terminal':
      return CLI_DECIDER;
    case 'browser':
      return BROWSER_DECIDER;
    case 'telegram':
      return { actor: actorLabel(actor), by: `Telegram user ${actor.userId}`, via: 'telegram' };
    case 'rule':
      return { actor: actorLabel(actor), by: `the ${actor.rule} rule`, via: 'rule' };
  }
}

/** Which way a decision came, from the activity-log name of who made it (a post cancelled while it waited). */
export function decisionVia(actor: string): Decider['via'] {
  if (actor === 'app' || actor === 'cli' || actor === 'browser') return actor;
  if (actor.startsWith('telegram:')) return 'telegram';
  return 'rule';
}

export type DecideOutcome = { won: true; approval: ApprovalRow } | { won: false; approval: ApprovalRow };

export interface ApprovalServiceDeps {
  db: Db;
  repo: ApprovalRepo;
  posts: PostRepo;
  approvers: ApproverRepo;
  jobs: JobRunner;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
  settings: () => Settings;
  /** The computer's zone: the desk's notifications say times in it. */
  timeZone: () => string;
  notify?: (title: string, body: string) => void;
  /** True while Telegram may still hold decisions made while Clipdesk was closed (see TelegramService.backlogUnread). */
  telegramBacklog?: () => boolean;
}

/** How long the no-answer rule waits between looks while Telegram's kept updates are read. */
const BACKLOG_RECHECK_MS = 5_000;

/** States whose post is still waiting for its approval: its caption and time may change. */
const WAITING: readonly PostState[] = ['awaiting_approval'];

export class ApprovalService {
  constructor(private readonly deps: ApprovalServiceDeps) {
    deps.posts.onTransition((t) => this.afterTransition(t));
  }

  /** Whether new posts wait for a go-ahead: the creator's choice, else on once someone can approve on Telegram. */
  required(): boolean {
    return this.deps.settings().requireApproval ?? this.deps.approvers.deciders().length > 0;
  }

  /**
   * Put a ready post up for approval: it waits in `awaiting_approval`, each approver who may
   * decide gets the request on Telegram (durable jobs), and at `at` the no-answer rule applies
   * — unless it was meant to go now, in which case it simply waits for an answer.
   */
  request(postId: string, at: number, now: boolean, actor: string, options: { quiet?: boolean } = {}): Approval {
    const { db, repo, posts, approvers, jobs } = this.deps;
    const approval = db.transaction(() => {
      posts.applyEvent(postId, 'request_approval', actor, now ? 'publishes once approved' : `for ${iso(at)}`, { scheduledAt: iso(at) });
      const row = repo.create(postId, this.deps.clock.now(), now ? null : at);
      for (const approver of approvers.deciders()) {
        const message = repo.addMessage(row.id, approver.id, approver.chat_id);
        if (message) jobs.enqueue(TELEGRAM_JOBS.request, { messageRowId: message.id }, { dedupeKey: `tg-request:${message.id}` });
      }
      if (row.deadline !== null) this.enqueueDeadline(row.id, row.deadline);
      this.deps.audit.append({ actor, action: 'approval.requested', subject: postId, detail: `${approvers.deciders().length} Telegram approver(s) asked` });
      return row;
    })();
    // A batch says it once for all its posts (see notifyWaiting).
    if (!options.quiet) this.notifyWaiting(1, now ? null : at);
    return this.changed(approval.id);
  }

  /** The desk is told, not only the phone: `count` posts wait for a go-ahead, the first due at `firstAt`. */
  notifyWaiting(count: number, firstAt: number | null): void {
    const where = `Approve ${count === 1 ? 'it' : 'them'} in Clipdesk${this.deps.approvers.deciders().length ? ' or on Telegram' : ''}.`;
    const when = firstAt === null ? 'It publishes once approved' : `${count === 1 ? 'Due' : 'The first is due'} ${formatInZone(firstAt, this.deps.timeZone())}`;
    this.deps.notify?.(count === 1 ? 'A post needs your approval' : `${count} posts need your approval`, `${when}. ${where}`);
  }

  /** Approve or reject. Exactly one decision wins; the others learn who made it. */
  decide(approvalId: string, decision: 'approve' | 'reject', who: Decider): DecideOutcome {
    const { db, repo, posts, jobs, clock } = this.deps;
    const outcome = db.transaction((): DecideOutcome => {
      const row = repo.get(approvalId);
      const at = clock.now();
      const status = decision === 'approve' ? 'approved' : 'rejected';
      if (!repo.claimDecision(approvalId, { status, by: who.by, actor: who.actor, via: who.via, at })) {
        return { won: false, approval: repo.get(approvalId) };
      }
      const post = posts.row(row.post_id);
      if (decision === 'approve') {
        const due = Math.max(post.scheduled_at ? Date.parse(post.scheduled_at) : at, at);
        // The time it goes is now part of the post: approved after its time, it is due at the
        // approval, not "missed" by the hours it waited for one.
        posts.applyEvent(row.post_id, 'approve', who.actor, `approved by ${who.by}`, { scheduledAt: iso(due) });
        enqueuePublish(jobs, row.post_id, due, `publish:${row.post_id}:approval:${approvalId}`);
      } else {
        posts.applyEvent(row.post_id, 'reject', who.actor, `rejected by ${who.by}`);
      }
      this.syncMessages(approvalId);
      return { won: true, approval: repo.get(approvalId) };
    })();
    if (outcome.won) this.changed(approvalId);
    return outcome;
  }

  decideForPost(postId: string, decision: 'approve' | 'reject', who: Decider): Approval {
    const row = this.pendingRow(postId);
    const outcome = this.decide(row.id, decision, who);
    if (!outcome.won) throw new AppError('CONFLICT', `Already ${outcome.approval.status} by ${outcome.approval.decided_by ?? 'someone else'}.`);
    return this.view(outcome.approval);
  }

  /** Move a waiting post to another time; it still needs its approval, and the no-answer rule moves with it. */
  reschedule(approvalId: string, at: number, who: Decider): Approval {
    const { db, repo, posts, clock } = this.deps;
    if (!(at > clock.now())) throw new AppError('BAD_INPUT', 'That time has already passed; choose a time in the future.');
    db.transaction(() => {
      const row = this.stillPending(approvalId);
      posts.amend(row.post_id, WAITING, { scheduledAt: iso(at) }, who.actor, 'post.rescheduled', `to ${iso(at)} by ${who.by}`);
      // A new time is a new chance for an answer: a post held for want of one is held no longer.
      repo.setDeadline(approvalId, at);
      posts.release(row.post_id);
      this.enqueueDeadline(approvalId, at);
      this.syncMessages(approvalId);
    })();
    return this.changed(approvalId);
  }

  /** Change the caption of a waiting post, within TikTok's limit. */
  editCaption(approvalId: string, caption: string, who: Decider): Approval {
    const { db, posts } = this.deps;
    const problem = captionProblem(caption);
    if (problem) throw new AppError('BAD_INPUT', problem);
    db.transaction(() => {
      const row = this.stillPending(approvalId);
      posts.amend(row.post_id, WAITING, { caption }, who.actor, 'post.caption_edited', `by ${who.by}`);
      this.syncMessages(approvalId);
    })();
    return this.changed(approvalId);
  }

  pendingRow(postId: string): ApprovalRow {
    const row = this.deps.repo.pendingFor(postId);
    if (row) return row;
    const latest = this.deps.repo.latestFor(postId);
    if (latest) throw new AppError('CONFLICT', `This post's approval is already ${latest.status}${latest.decided_by ? ` (by ${latest.decided_by})` : ''}.`);
    throw new AppError('NOT_FOUND', 'This post is not waiting for an approval.');
  }

  /** The no-answer rule, at the post's time: publish anyway, or hold and tell the creator. */
  deadlineReached(payload: { approvalId: string; deadline: number }): void {
    const { repo, posts, clock, audit } = this.deps;
    const row = repo.find(payload.approvalId);
    // Rescheduled since (a newer deadline job exists), decided, or gone: nothing to do.
    if (!row || row.status !== 'pending' || row.deadline !== payload.deadline) return;
    // An answer given on Telegram while Clipdesk was closed may be waiting to be read: it
    // comes before the rule (a Reject must not lose to "publish anyway").
    if (this.deps.telegramBacklog?.()) throw new DeferJob(clock.now() + BACKLOG_RECHECK_MS, 'reading the answers Telegram kept while Clipdesk was closed');
    if (this.deps.settings().noAnswerRule === 'publish') {
      this.decide(row.id, 'approve', RULE_DECIDER);
      return;
    }
    const held = this.deps.db.transaction(() => {
      if (!repo.markHeld(row.id, clock.now())) return false;
      // The post says why it waits (hold reason no_answer); an answer, a new time or a cancel ends it.
      posts.hold(row.post_id, 'no_answer', 'Nobody approved it by its time; it is held until someone does.', null);
      audit.append({ actor: 'rule', action: 'approval.held', subject: row.post_id, detail: "nobody approved by the post's time; held until someone does" });
      this.syncMessages(row.id);
      return true;
    })();
    if (!held) return;
    this.changed(row.id);
    this.deps.notify?.('A post is held', "Nobody approved it by its time. Approve it in Clipdesk or on Telegram to publish it now.");
  }

  list(limit = 100): Approval[] {
    return this.deps.repo.list(limit).map((r) => this.view(r));
  }

  get(approvalId: string): Approval {
    return this.view(this.deps.repo.get(approvalId));
  }

  view(row: ApprovalRow): Approval {
    const approvers = new Map(this.deps.approvers.list().map((a) => [a.id, a]));
    const deliveries: Delivery[] = this.deps.repo.messages(row.id).map((m) => {
      const a = approvers.get(m.approver_id);
      return {
        approverId: m.approver_id,
        approverName: a ? approverLabel(a) : 'a removed approver',
        state: m.state,
        problem: m.problem,
        nextTryAt: m.next_try_at === null ? null : iso(m.next_try_at),
        preview: m.preview === 1,
      };
    });
    return {
      id: row.id,
      postId: row.post_id,
      status: row.status,
      requestedAt: iso(row.requested_at),
      deadline: row.deadline === null ? null : iso(row.deadline),
      decision:
        row.status === 'pending' || row.decided_at === null
          ? null
          : {
              status: row.status,
              by: row.decided_by ?? 'someone',
              actor: row.decided_actor ?? 'app',
              via: (row.decided_via ?? 'app') as DecisionRecord['via'],
              at: iso(row.decided_at),
            },
      deliveries,
      post: this.deps.posts.get(row.post_id),
    };
  }

  /** Tell the UI an approval moved. */
  changed(approvalId: string): Approval {
    const view = this.get(approvalId);
    this.deps.bus.emit('approvals.changed', view);
    return view;
  }

  private stillPending(approvalId: string): ApprovalRow {
    const row = this.deps.repo.get(approvalId);
    if (row.status !== 'pending') throw new AppError('CONFLICT', `This request is already ${row.status}${row.decided_by ? ` (by ${row.decided_by})` : ''}.`);
    return row;
  }

  private enqueueDeadline(approvalId: string, deadline: number): void {
    this.deps.jobs.enqueue(DEADLINE_JOB, { approvalId, deadline }, { runAt: deadline, dedupeKey: `approval-deadline:${approvalId}:${deadline}` });
  }

  /** An approver was unpaired or may no longer decide: their copies of waiting requests lose the buttons. */
  refreshForApprover(approverId: string): void {
    const rows = this.deps.db
      .prepare("SELECT m.id FROM approval_messages m JOIN approvals a ON a.id = m.approval_id WHERE m.approver_id = ? AND a.status = 'pending' AND m.state = 'sent'")
      .all(approverId) as { id: number }[];
    for (const { id } of rows) this.deps.jobs.enqueue(TELEGRAM_JOBS.sync, { messageRowId: id });
  }

  /** Bring every Telegram copy up to date (e.g. a stale copy whose buttons were pressed after the decision). */
  refreshTelegram(approvalId: string): void {
    this.syncMessages(approvalId);
  }

  /** Bring every Telegram copy of this request up to date (buttons, time, caption, outcome). */
  private syncMessages(approvalId: string): void {
    for (const m of this.deps.repo.messages(approvalId)) {
      if (m.state === 'sent') this.deps.jobs.enqueue(TELEGRAM_JOBS.sync, { messageRowId: m.id });
    }
  }

  /**
   * Follow-ups of a post's state change, in its transaction: a post that leaves approval by any
   * other way (cancelled) withdraws its request; a published or failed one tells the
   * chats that approved it.
   */
  private afterTransition(t: PostTransition): void {
    const { repo, jobs, clock } = this.deps;
    if (t.from === 'awaiting_approval' && t.event !== 'approve' && t.event !== 'reject') {
      const row = repo.pendingFor(t.postId);
      if (row) {
        const by = 'the post was cancelled';
        repo.claimDecision(row.id, { status: 'cancelled', by, actor: t.actor, via: decisionVia(t.actor), at: clock.now() });
        this.syncMessages(row.id);
        queueMicrotask(() => this.changed(row.id));
      }
    }
    // Settled by the creator after a failure: the chats that approved it hear the outcome too.
    const settled = t.event === 'settle_published' && t.from === 'failed';
    if ((t.to === 'published' || t.to === 'failed') && (t.from === 'uploading' || t.from === 'processing' || settled)) {
      const approval = repo.latestFor(t.postId);
      if (!approval || approval.status !== 'approved') return;
      const attempt = (this.deps.db.prepare('SELECT MAX(attempt) AS n FROM publish_attempts WHERE post_id = ?').get(t.postId) as { n: number | null }).n ?? 0;
      for (const m of repo.messages(approval.id)) {
        if (m.state !== 'sent') continue;
        jobs.enqueue(TELEGRAM_JOBS.result, { messageRowId: m.id, outcome: t.to }, { dedupeKey: `tg-result:${m.id}:${t.to}:${attempt}` });
      }
    }
  }
}

/** Why a caption cannot go to TikTok, or null. */
export function captionProblem(caption: string): string | null {
  const broken = captionTextProblem(caption);
  if (broken) return broken;
  const a = analyzeCaption(caption);
  return a.over ? `The caption is ${a.length - a.max} characters over TikTok's limit of ${a.max} (emoji count double). Shorten it and send it again.` : null;
}
