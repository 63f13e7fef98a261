// The durable jobs that carry approvals to the approvers on Telegram (docs/architecture.md §2):
// each survives a quit or a crash and is retried until it is done or no longer needed. The
// approvals feature names and enqueues them (in the same transaction as the decision they
// follow); the Telegram feature, built above it, runs them.
import { z } from 'zod';
import { jobKind } from '../jobs/job-kind';

/** What a delivery job keeps between its runs: how many times Telegram could not be reached. */
const deliveryCheckpoint = z.object({ failures: z.number().int().nonnegative() });
const message = z.object({ messageRowId: z.number().int() });

export const TELEGRAM_JOBS = {
  /** Send one approver their copy of an approval request (the video, the summary, the buttons). */
  request: jobKind('telegram.request', message, deliveryCheckpoint),
  /** Make one sent copy show the request's current state (time, caption, buttons or outcome). */
  sync: jobKind('telegram.sync', message, deliveryCheckpoint),
  /** Tell one chat how publishing went (the link, or the reason and a Retry button). */
  result: jobKind('telegram.result', message.extend({ outcome: z.enum(['published', 'failed']) }), deliveryCheckpoint),
  /** Ask one approver what to do with a post that missed its time (Publish now / in an hour). */
  missed: jobKind('telegram.missed', z.object({ postId: z.string(), approverId: z.string() }), deliveryCheckpoint),
} as const;
