// The approvals feature: the one record of a go-ahead on a post, whoever gives it (the app, the
// terminal, an approver on Telegram, the no-answer rule), the approvers, and the deliveries the
// Telegram feature sends them (delivery-jobs.ts). It knows the post record, not the features
// that send or publish.
import { callerOf } from '../caller';
import type { Infra } from '../infra';
import { feature, job } from '../feature';
import type { PostStoreApi } from '../post-store';
import { ApprovalRepo } from './approval-repo';
import { ApprovalService, DEADLINE_JOB, deciderOf } from './approval-service';
import { ApproverRepo } from './approver-repo';
import { TELEGRAM_JOBS } from './delivery-jobs';

export type ApprovalCommands = 'approvals.list' | 'approvals.decide' | 'approvals.reschedule' | 'approvals.editCaption';

export interface ApprovalsApi {
  readonly approvals: ApprovalService;
  readonly repo: ApprovalRepo;
  readonly approvers: ApproverRepo;
  /** Ask every approver who may decide what to do with a post held for missing its time. */
  askAboutMissed(postId: string): void;
  /**
   * A source of answers that may not be read yet (Telegram's kept updates after a restart): the
   * no-answer rule waits while any says so, so a Reject given meanwhile is not beaten by it.
   */
  readAnswersFirst(unread: () => boolean): void;
}

export function createApprovalsFeature(infra: Infra, deps: { store: PostStoreApi }) {
  const { db, jobs, audit, bus, clock } = infra;
  const repo = new ApprovalRepo(db);
  const approvers = new ApproverRepo(db, clock);
  const unreadSources: (() => boolean)[] = [];
  const approvals = new ApprovalService({
    db,
    repo,
    posts: deps.store.posts,
    approvers,
    jobs,
    audit,
    bus,
    clock,
    settings: () => infra.settings.get(),
    timeZone: infra.timeZone,
    notify: infra.notify,
    telegramBacklog: () => unreadSources.some((unread) => unread()),
  });
  return feature<ApprovalCommands, ApprovalsApi>({
    handlers: {
      'approvals.list': async ({ limit }) => approvals.list(limit),
      // Decided by whoever asked: "you in the app", "you in the terminal", "you in the browser".
      'approvals.decide': async ({ postId, decision }, ctx) => approvals.decideForPost(postId, decision, deciderOf(callerOf(ctx).actor)),
      'approvals.reschedule': async ({ postId, at }, ctx) => approvals.reschedule(approvals.pendingRow(postId).id, Date.parse(at), deciderOf(callerOf(ctx).actor)),
      'approvals.editCaption': async ({ postId, caption }, ctx) => approvals.editCaption(approvals.pendingRow(postId).id, caption, deciderOf(callerOf(ctx).actor)),
    },
    jobs: [job(DEADLINE_JOB, async (ctx) => approvals.deadlineReached(ctx.payload), { maxAttempts: 5 })],
    api: {
      approvals,
      repo,
      approvers,
      askAboutMissed: (postId) => {
        const due = deps.store.posts.row(postId).scheduled_at ?? '';
        for (const a of approvers.deciders()) jobs.enqueue(TELEGRAM_JOBS.missed, { postId, approverId: a.id }, { dedupeKey: `tg-missed:${postId}:${a.id}:${due}` });
      },
      readAnswersFirst: (unread) => unreadSources.push(unread),
    },
  });
}
