// An approval: one request for a go-ahead on a post, its deliveries to Telegram, and the one
// decision that ends it — made in the app, on Telegram, or by the creator's no-answer rule.
import { z } from 'zod';
import { ApprovalStatusSchema, PostSummarySchema } from './post';

export { APPROVAL_STATUSES, ApprovalStatusSchema, type ApprovalStatus } from './post';

export const DECISION_VIAS = ['app', 'telegram', 'cli', 'browser', 'rule'] as const;
export const DecisionSchema = z.object({
  status: z.enum(['approved', 'rejected', 'cancelled']),
  /** Who decided, for people: "Ann (@ann) on Telegram", "you in the app", "you in the terminal", "you in the browser", "the no-answer rule". */
  by: z.string(),
  /** The activity log's actor: 'app', 'cli', 'browser', 'telegram:<user id>', 'rule'. */
  actor: z.string(),
  via: z.enum(DECISION_VIAS),
  at: z.string(),
});
export type Decision = z.infer<typeof DecisionSchema>;

export const DELIVERY_STATES = ['queued', 'sending', 'sent', 'failed'] as const;
export const DeliverySchema = z.object({
  approverId: z.string(),
  approverName: z.string(),
  state: z.enum(DELIVERY_STATES),
  /** Why it has not arrived and what to do ("Ann blocked the bot: …"); null once sent. */
  problem: z.string().nullable(),
  /** When Clipdesk tries again. */
  nextTryAt: z.string().nullable(),
  /** The video sent was a smaller preview (the posted file is over Telegram's 50 MB). */
  preview: z.boolean(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const ApprovalSchema = z.object({
  id: z.string(),
  postId: z.string(),
  status: ApprovalStatusSchema,
  requestedAt: z.string(),
  /** When the no-answer rule applies (the post's time); null for "post now" (it waits for an answer). */
  deadline: z.string().nullable(),
  // Whether (and since when) the no-answer rule held the post is `post.hold` (reason
  // no_answer: isApprovalHeld, approvalHeldSince in missed-post.ts), not a field here.
  decision: DecisionSchema.nullable(),
  deliveries: z.array(DeliverySchema),
  post: PostSummarySchema,
});
export type Approval = z.infer<typeof ApprovalSchema>;
