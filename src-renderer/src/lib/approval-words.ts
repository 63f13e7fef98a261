// Telegram approvals in words: where the bot is and what to do about it, what "require
// approval" means right now, how a request reached each approver, who decided, and what the
// no-answer rule will do. Pure (the clock is passed in where it matters), so the tests read
// exactly what the creator reads.
import type { Approval, Decision, Delivery } from '../../../src-shared/posts/approval';
import { approvalHeldSince, isApprovalHeld } from '../../../src-shared/posts/missed-post';
import type { PostSummary } from '../../../src-shared/posts/post';
import type { NoAnswerRule } from '../../../src-shared/settings';
import type { BotState, TelegramStatus } from '../../../src-shared/telegram/telegram';
import { analyzeCaption } from '../../../src-shared/tiktok/caption';
import { formatDateTime, formatTime } from './format-time';

export type Tone = 'neutral' | 'accent' | 'warning' | 'success' | 'danger';

export interface BotStateWords {
  /** A word or two for the badge. */
  label: string;
  tone: Tone;
  /** What is going on, and what to do about it. */
  text: string;
  /** The one thing the creator can do here, if any. */
  action: 'paste_token' | 'take_over' | null;
}

/** The bot's state for Settings → Telegram; the core's own sentence wins where it gives one. */
export function botStateWords(status: Pick<TelegramStatus, 'state' | 'problem' | 'bot' | 'webhookUrl'>): BotStateWords {
  const at = status.bot ? `@${status.bot.username}` : 'the bot';
  const problem = status.problem?.trim() || null;
  const words: Record<BotState, BotStateWords> = {
    off: {
      label: 'Not set up',
      tone: 'neutral',
      text: 'No bot yet. Make one with @BotFather in Telegram and paste its token here to get approval requests on your phone.',
      action: 'paste_token',
    },
    starting: { label: 'Starting', tone: 'accent', text: problem ?? `Checking the token with Telegram and starting ${at}…`, action: null },
    running: { label: 'Listening', tone: 'success', text: `Listening as ${at}. Approval requests go to the approvers below.`, action: null },
    webhook: {
      label: 'Webhook set elsewhere',
      tone: 'warning',
      text:
        `Another program gets this bot’s messages through a webhook${status.webhookUrl ? ` (${status.webhookUrl})` : ''}. ` +
        'Clipdesk can take the bot over; that program then stops getting its messages.',
      action: 'take_over',
    },
    conflict: {
      label: 'In use elsewhere',
      tone: 'warning',
      text: problem ?? 'This bot is being used by another program at the same time. Stop that program, or make a separate bot for Clipdesk; Clipdesk keeps trying.',
      action: null,
    },
    unauthorized: {
      label: 'Token refused',
      tone: 'danger',
      text: problem ?? 'Telegram refused the bot token: it was probably revoked in @BotFather. Paste a new token from @BotFather.',
      action: 'paste_token',
    },
    offline: {
      label: 'Offline',
      tone: 'warning',
      text: problem ?? 'Telegram cannot be reached; Clipdesk keeps trying. Requests are sent once it is back.',
      action: null,
    },
    not_running: {
      label: 'Not running',
      tone: 'neutral',
      text: problem ?? 'The bot runs only while the Clipdesk app is open: approval requests are sent and answers read once it is.',
      action: null,
    },
  };
  return words[status.state];
}

export interface RequireApprovalView {
  /** What the checkbox shows: the value in effect, not the raw setting. */
  checked: boolean;
  /** Why it is in effect when the creator has not chosen; null once they have. */
  hint: string | null;
}

/** `requireApproval: null` means "on once a Telegram approver is paired". */
export function requireApprovalView(setting: boolean | null, approverCount: number): RequireApprovalView {
  if (setting !== null) return { checked: setting, hint: null };
  return approverCount > 0
    ? { checked: true, hint: 'On because a Telegram approver is paired.' }
    : { checked: false, hint: 'Off until you pair a Telegram approver; it then turns on by itself.' };
}

export const NO_ANSWER_CHOICES: readonly { value: NoAnswerRule; label: string; hint: string }[] = [
  {
    value: 'hold',
    label: 'Hold the post',
    hint: 'It waits until someone approves it, and then publishes at once. Nothing goes out unseen.',
  },
  {
    value: 'publish',
    label: 'Publish anyway',
    hint: 'It goes out at its time as planned; a later Reject comes too late for it.',
  },
];

export const NOW_POSTS_NOTE = 'Posts set to go “now” have no time to miss: they always wait for an answer.';

export interface DeliveryWords {
  label: string;
  tone: Tone;
  /** What went wrong and when Clipdesk tries again; null when there is nothing to add. */
  detail: string | null;
  /** Said when a smaller preview was sent instead of the posted file. */
  preview: string | null;
}

export const PREVIEW_NOTE = 'a smaller preview was sent: the video is over Telegram’s 50 MB';

/** How a request reached one approver. */
export function deliveryWords(d: Delivery, now: Date = new Date()): DeliveryWords {
  const preview = d.preview ? PREVIEW_NOTE : null;
  switch (d.state) {
    case 'sent':
      return { label: 'Sent ✓', tone: 'success', detail: null, preview };
    case 'queued':
      return { label: 'Queued', tone: 'neutral', detail: d.nextTryAt ? `Sends at ${formatTime(d.nextTryAt, { now }).short}` : null, preview };
    case 'sending':
      return { label: 'Sending…', tone: 'accent', detail: null, preview };
    case 'failed': {
      const parts = [d.problem?.trim() || 'Telegram did not take the message.'];
      if (d.nextTryAt) parts.push(`Next try ${formatTime(d.nextTryAt, { now }).short}.`);
      return { label: 'Not delivered', tone: 'danger', detail: parts.join(' '), preview };
    }
  }
}

const DECIDED: Record<Decision['status'], { verb: string; tone: Tone }> = {
  approved: { verb: 'Approved', tone: 'success' },
  rejected: { verb: 'Rejected', tone: 'danger' },
  cancelled: { verb: 'Cancelled', tone: 'neutral' },
};

/** "Approved by Ann (@ann) on Telegram · 12:03". */
export function decisionWords(decision: Decision, now: Date = new Date()): { text: string; tone: Tone } {
  const { verb, tone } = DECIDED[decision.status];
  const by = decision.by.trim();
  return { text: `${verb}${by ? ` by ${by}` : ''} · ${formatTime(decision.at, { now }).short}`, tone };
}

/** The small badge on a post in the Queue and History; null when the post needed no approval. */
export function postApprovalBadge(post: Pick<PostSummary, 'state' | 'approval' | 'hold'>): { text: string; tone: Tone } | null {
  const { approval } = post;
  if (!approval) return null;
  const by = approval.decidedBy?.trim();
  switch (approval.status) {
    case 'pending':
      return isApprovalHeld(post) ? { text: 'Held — nobody approved in time', tone: 'danger' } : { text: 'Waiting for approval', tone: 'warning' };
    case 'approved':
      return { text: by ? `Approved by ${by}` : 'Approved', tone: 'success' };
    case 'rejected':
      return { text: by ? `Rejected by ${by}` : 'Rejected', tone: 'danger' };
    case 'cancelled':
      return { text: 'Approval cancelled', tone: 'neutral' };
  }
}

/** What happens if nobody answers, for a pending request. */
export function deadlineWords(
  approval: Pick<Approval, 'deadline'> & { post: Pick<PostSummary, 'state' | 'hold'> },
  rule: NoAnswerRule | null,
  now: Date = new Date(),
): string {
  const heldSince = approvalHeldSince(approval.post);
  if (heldSince) {
    return `Held since ${formatTime(heldSince, { now }).short}: nobody answered in time. Approving publishes it at once.`;
  }
  if (!approval.deadline) return 'Set to go now: it waits for an answer, however long that takes.';
  const when = formatDateTime(approval.deadline, now).short;
  if (rule === 'publish') return `If nobody answers by ${when}, it is published anyway.`;
  if (rule === 'hold') return `If nobody answers by ${when}, it is held until someone approves it.`;
  return `Answer by ${when}.`;
}

/** Waiting ones first, oldest first (the one closest to its deadline on top); then decisions, newest first. */
export function sortApprovals<T extends Pick<Approval, 'id' | 'status' | 'requestedAt' | 'decision'>>(list: readonly T[]): T[] {
  const decidedAt = (a: T): string => a.decision?.at ?? a.requestedAt;
  return [...list].sort((a, b) => {
    const ap = a.status === 'pending';
    const bp = b.status === 'pending';
    if (ap !== bp) return ap ? -1 : 1;
    if (ap) return a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id);
    return decidedAt(b).localeCompare(decidedAt(a)) || b.id.localeCompare(a.id);
  });
}

export interface CaptionCount {
  /** "2,198 / 2,200" */
  text: string;
  over: boolean;
  /** The sentence a screen reader and the error line give when it is too long. */
  problem: string | null;
}

/** The caption's length as TikTok counts it (UTF-16 code units: an emoji is 2 or more). */
export function captionCount(caption: string): CaptionCount {
  const a = analyzeCaption(caption);
  const problem = a.over ? (a.hints.find((h) => h.startsWith('The caption is')) ?? `The caption is over ${a.max}`) : null;
  return { text: `${a.length.toLocaleString('en-US')} / ${a.max.toLocaleString('en-US')}`, over: a.over, problem };
}

/** Zones for an approver's select: Intl's list, with the current one kept even when Intl leaves it out ("UTC"). */
export function timeZoneOptions(current: string, supported: readonly string[]): string[] {
  return supported.includes(current) ? [...supported] : [current, ...supported];
}

export function supportedTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/** Quiet hours as the creator entered them: both times, and not the same (an empty window). */
export function quietHoursProblem(start: string, end: string): string | null {
  const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (!clock.test(start) || !clock.test(end)) return 'Give a start and an end time.';
  if (start === end) return 'The start and the end are the same time: choose a window, or turn quiet hours off.';
  return null;
}

/** "Ann (@ann)" — how an approver is named in a sentence. */
export function approverName(a: { name: string; username: string | null }): string {
  return a.username ? `${a.name} (@${a.username})` : a.name;
}
