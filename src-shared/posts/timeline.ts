// A post's history as a person reads it: rendered, sent for approval, approved by whom,
// uploaded, processed, published (with the link) — built from the activity log, the one
// append-only record of what happened. Pure.
import { z } from 'zod';
import type { ActivityEntry } from '../domain';

export const TimelineStepSchema = z.object({
  at: z.string(),
  /** A stable word for the step (for icons and tests). */
  kind: z.enum(['rendered', 'created', 'approval', 'approved', 'rejected', 'changed', 'held', 'uploading', 'processing', 'published', 'failed', 'cancelled', 'other']),
  title: z.string(),
  /** Who: 'you in the app', 'Ann (@ann) on Telegram', 'the scheduler'… */
  by: z.string(),
  detail: z.string().nullable(),
});
export type TimelineStep = z.infer<typeof TimelineStepSchema>;

const ACTOR_WORDS: Record<string, string> = {
  app: 'you in the app',
  cli: 'you in the terminal',
  browser: 'you in the browser',
  publisher: 'Clipdesk',
  scheduler: 'the scheduler',
  rule: 'the no-answer rule',
  telegram: 'Telegram',
  desktop: 'Clipdesk',
  host: 'Clipdesk',
};

const STEPS: Record<string, { kind: TimelineStep['kind']; title: (d: string | null) => string }> = {
  'render.done': { kind: 'rendered', title: () => 'Rendered' },
  'post.created': { kind: 'created', title: (d) => `Created (${d ?? 'Direct Post'})` },
  'approval.requested': { kind: 'approval', title: () => 'Sent for approval' },
  'telegram.request_sent': { kind: 'approval', title: (d) => `Approval request delivered ${d ?? ''}`.trim() },
  'post.approve': { kind: 'approved', title: () => 'Approved' },
  'post.reject': { kind: 'rejected', title: () => 'Rejected' },
  'approval.held': { kind: 'held', title: () => 'Held: nobody approved by its time' },
  'post.rescheduled': { kind: 'changed', title: (d) => `Moved ${d ?? ''}`.trim() },
  'post.caption_edited': { kind: 'changed', title: () => 'Caption edited' },
  'post.schedule': { kind: 'created', title: (d) => `Scheduled ${d ?? ''}`.trim() },
  'post.late': { kind: 'changed', title: (d) => d ?? 'Published late' },
  'post.missed': { kind: 'held', title: (d) => `Missed its time: ${d ?? 'held'}` },
  'post.publish_now': { kind: 'changed', title: () => 'Publish now' },
  'post.publish_start': { kind: 'uploading', title: (d) => `Uploading to TikTok${d ? ` (${d})` : ''}` },
  'post.upload_done': { kind: 'processing', title: () => 'Uploaded; TikTok is processing it' },
  'post.published': { kind: 'published', title: () => 'Published' },
  'post.publish_failed': { kind: 'failed', title: () => 'Failed' },
  'post.retry': { kind: 'changed', title: () => 'Retried' },
  'post.cancel': { kind: 'cancelled', title: () => 'Cancelled' },
  'post.resumed': { kind: 'changed', title: () => 'Carried on: the account is connected again' },
  'post.settle_published': { kind: 'published', title: () => 'Marked published after checking TikTok' },
  'post.settle_failed': { kind: 'failed', title: () => 'Marked failed after checking TikTok' },
};

/** Entries about the post (and its render), oldest first, as steps. Entries of other kinds are left out. */
export function timelineFrom(entries: readonly ActivityEntry[]): TimelineStep[] {
  return [...entries]
    .sort((a, b) => a.id - b.id)
    .flatMap((e) => {
      const step = STEPS[e.action];
      if (!step) return [];
      const named = /\bby (.+)$/.exec(e.detail ?? '')?.[1] ?? null;
      const by = named ?? (e.actor.startsWith('telegram:') ? 'an approver on Telegram' : (ACTOR_WORDS[e.actor] ?? e.actor));
      return [{ at: e.at, kind: step.kind, title: step.title(e.detail), by, detail: named ? null : e.detail }];
    });
}
