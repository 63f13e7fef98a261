// The durable jobs that carry approvals to the approvers on Telegram (docs/architecture.md §2):
// each survives a quit or a crash and is retried until it is done or no longer needed. The
// approvals feature names and enqueues them (in the same transaction as the decision they
// follow); the Telegram feature, built above it, runs them.
export const TELEGRAM_JOBS = {
  /** Send one approver their copy of an approval request (the video, the summary, the buttons). */
  request: 'telegram.request',
  /** Make one sent copy show the request's current state (time, caption, buttons or outcome). */
  sync: 'telegram.sync',
  /** Tell one chat how publishing went (the link, or the reason and a Retry button). */
  result: 'telegram.result',
  /** Ask one approver what to do with a post that missed its time (Publish now / in an hour). */
  missed: 'telegram.missed',
} as const;
