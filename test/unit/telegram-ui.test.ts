// The Telegram approvals UI's own pure parts: what the bot's state says and asks of the
// creator, what "Require approval" shows when it was never chosen, how a request reached each
// approver, who decided, what the no-answer rule will do, the order of the Approvals list, and
// the caption counter at TikTok's limit — and that what the forms send passes the contract.
import { describe, expect, it } from 'vitest';
import { commands } from '../../src-shared/contract';
import type { Approval, Decision, Delivery } from '../../src-shared/posts/approval';
import type { PostHold, PostSummary } from '../../src-shared/posts/post';
import { BOT_STATES, type TelegramStatus } from '../../src-shared/telegram/telegram';
import {
  approverName,
  botStateWords,
  captionCount,
  deadlineWords,
  decisionWords,
  deliveryWords,
  NO_ANSWER_CHOICES,
  postApprovalBadge,
  quietHoursProblem,
  requireApprovalView,
  sortApprovals,
  timeZoneOptions,
} from '../../src-renderer/src/lib/approval-words';
import { formatDateTime, formatTime } from '../../src-renderer/src/lib/format-time';
import { checkSchedule } from '../../src-renderer/src/lib/schedule-time';

const NOW = new Date('2026-05-04T10:00:00Z');
const NO_ANSWER: PostHold = { reason: 'no_answer', since: '2026-05-04T08:30:00.000Z', until: null, detail: 'Nobody approved it by its time; it is held until someone does.' };
const WAITING = { state: 'awaiting_approval' as const, hold: null };

const status = (over: Partial<TelegramStatus>): TelegramStatus => ({
  state: 'running',
  problem: null,
  bot: { id: 42, username: 'clipdesk_maria_bot', name: 'Maria’s Clipdesk' },
  webhookUrl: null,
  approvers: [],
  emulated: false,
  ...over,
});

describe('the bot’s state, in words, with what to do', () => {
  it('says something distinct for every state', () => {
    const labels = new Set<string>();
    for (const state of BOT_STATES) {
      const words = botStateWords(status({ state }));
      expect(words.label, state).not.toBe('');
      expect(words.text.length, state).toBeGreaterThan(20);
      labels.add(words.label);
    }
    expect(labels.size).toBe(BOT_STATES.length);
  });

  it('names the bot it listens as', () => {
    expect(botStateWords(status({ state: 'running' }))).toMatchObject({ label: 'Listening', tone: 'success', action: null });
    expect(botStateWords(status({ state: 'running' })).text).toMatch(/^Listening as @clipdesk_maria_bot\./);
  });

  it('asks for a token when there is none, or Telegram refused it', () => {
    const off = botStateWords(status({ state: 'off', bot: null }));
    expect(off).toMatchObject({ label: 'Not set up', action: 'paste_token' });
    expect(off.text).toMatch(/@BotFather/);
    const refused = botStateWords(status({ state: 'unauthorized' }));
    expect(refused).toMatchObject({ tone: 'danger', action: 'paste_token' });
    expect(refused.text).toMatch(/revoked.*paste a new token/i);
  });

  it('says where the webhook points and offers to take it over', () => {
    const words = botStateWords(status({ state: 'webhook', webhookUrl: 'https://bots.example.com' }));
    expect(words.action).toBe('take_over');
    expect(words.text).toContain('https://bots.example.com');
    expect(words.text).toMatch(/stops getting/);
  });

  it('uses the core’s sentence for a conflict, and says Clipdesk keeps trying when offline', () => {
    const problem = 'This bot is being used by another program (Telegram answered 409). Stop it, or make a new bot for Clipdesk.';
    expect(botStateWords(status({ state: 'conflict', problem })).text).toBe(problem);
    expect(botStateWords(status({ state: 'conflict' })).text).toMatch(/another program/);
    expect(botStateWords(status({ state: 'offline' })).text).toMatch(/^Telegram cannot be reached; Clipdesk keeps trying/);
    expect(botStateWords(status({ state: 'not_running' })).text).toMatch(/only while the Clipdesk app is open/);
    expect(botStateWords(status({ state: 'starting' })).text).toMatch(/Checking the token/);
  });
});

describe('Require approval shows the value in effect', () => {
  it('not chosen: on once an approver is paired, saying why', () => {
    expect(requireApprovalView(null, 1)).toEqual({ checked: true, hint: 'On because a Telegram approver is paired.' });
    expect(requireApprovalView(null, 0)).toEqual({ checked: false, hint: expect.stringMatching(/Off until you pair a Telegram approver/) });
  });

  it('chosen: exactly what was chosen, with no hint, approvers or not', () => {
    expect(requireApprovalView(false, 2)).toEqual({ checked: false, hint: null });
    expect(requireApprovalView(true, 0)).toEqual({ checked: true, hint: null });
  });

  it('explains both no-answer rules', () => {
    expect(NO_ANSWER_CHOICES.map((c) => [c.value, c.label])).toEqual([
      ['hold', 'Hold the post'],
      ['publish', 'Publish anyway'],
    ]);
    for (const c of NO_ANSWER_CHOICES) expect(c.hint.length).toBeGreaterThan(20);
  });
});

const delivery = (over: Partial<Delivery>): Delivery => ({
  approverId: 'ap1',
  approverName: 'Ann',
  state: 'sent',
  problem: null,
  nextTryAt: null,
  preview: false,
  ...over,
});

describe('how a request reached each approver', () => {
  it('ticks a sent one, and says when a smaller preview went instead', () => {
    expect(deliveryWords(delivery({}), NOW)).toEqual({ label: 'Sent ✓', tone: 'success', detail: null, preview: null });
    expect(deliveryWords(delivery({ preview: true }), NOW).preview).toMatch(/smaller preview.*50 MB/);
  });

  it('gives a failure’s reason and the next try', () => {
    const nextTryAt = '2026-05-04T10:05:00Z';
    const failed = deliveryWords(delivery({ state: 'failed', problem: 'Ann blocked the bot: ask her to unblock it.', nextTryAt }), NOW);
    expect(failed.tone).toBe('danger');
    expect(failed.label).toBe('Not delivered');
    expect(failed.detail).toBe(`Ann blocked the bot: ask her to unblock it. Next try ${formatTime(nextTryAt, { now: NOW }).short}.`);
    expect(deliveryWords(delivery({ state: 'failed' }), NOW).detail).toMatch(/did not take the message/);
  });

  it('shows queued and sending as on their way', () => {
    expect(deliveryWords(delivery({ state: 'queued' }), NOW)).toMatchObject({ label: 'Queued', tone: 'neutral' });
    expect(deliveryWords(delivery({ state: 'sending' }), NOW)).toMatchObject({ label: 'Sending…', tone: 'accent' });
  });
});

const decision = (over: Partial<Decision>): Decision => ({
  status: 'approved',
  by: 'Ann (@ann) on Telegram',
  actor: 'telegram:1001',
  via: 'telegram',
  at: '2026-05-04T09:03:00Z',
  ...over,
});

describe('who decided', () => {
  it('says the decision, who made it and when', () => {
    const at = '2026-05-04T09:03:00Z';
    expect(decisionWords(decision({}), NOW)).toEqual({ text: `Approved by Ann (@ann) on Telegram · ${formatTime(at, { now: NOW }).short}`, tone: 'success' });
    expect(decisionWords(decision({ status: 'rejected', by: 'you in the app', via: 'app', actor: 'app' }), NOW)).toMatchObject({
      text: expect.stringMatching(/^Rejected by you in the app · /),
      tone: 'danger',
    });
    expect(decisionWords(decision({ status: 'cancelled', by: '' }), NOW).text).toMatch(/^Cancelled · /);
  });

  it('badges a post in the lists by where its approval stands', () => {
    const base = { id: 'ap', decidedBy: null, decidedAt: null };
    const waiting = (approval: NonNullable<PostSummary['approval']>, hold: PostSummary['hold'] = null) => ({ state: 'awaiting_approval' as const, approval, hold });
    expect(postApprovalBadge({ state: 'scheduled', approval: null, hold: null })).toBeNull();
    expect(postApprovalBadge(waiting({ ...base, status: 'pending' }))).toEqual({ text: 'Waiting for approval', tone: 'warning' });
    // Held by the no-answer rule: the post's typed hold says so, the approval has no flag of its own.
    expect(postApprovalBadge(waiting({ ...base, status: 'pending' }, NO_ANSWER))).toEqual({ text: 'Held — nobody approved in time', tone: 'danger' });
    expect(postApprovalBadge(waiting({ ...base, status: 'pending' }, { ...NO_ANSWER, reason: 'paused' }))?.text).toBe('Waiting for approval');
    expect(postApprovalBadge({ state: 'scheduled', approval: { ...base, status: 'approved', decidedBy: 'Ann (@ann) on Telegram' }, hold: null })?.text).toBe('Approved by Ann (@ann) on Telegram');
    expect(postApprovalBadge({ state: 'rejected', approval: { ...base, status: 'rejected', decidedBy: 'you in the app' }, hold: null })?.text).toBe('Rejected by you in the app');
  });

  it('names an approver with their username when they have one', () => {
    expect(approverName({ name: 'Ann', username: 'ann' })).toBe('Ann (@ann)');
    expect(approverName({ name: 'Ben', username: null })).toBe('Ben');
  });
});

describe('what the no-answer rule will do', () => {
  const deadline = '2026-05-05T18:00:00Z';
  it('names the deadline with its date and the rule’s outcome', () => {
    const when = formatDateTime(deadline, NOW).short;
    expect(deadlineWords({ deadline, post: WAITING }, 'hold', NOW)).toBe(`If nobody answers by ${when}, it is held until someone approves it.`);
    expect(deadlineWords({ deadline, post: WAITING }, 'publish', NOW)).toBe(`If nobody answers by ${when}, it is published anyway.`);
  });

  it('a post set to go now waits; a held one publishes at once when approved', () => {
    expect(deadlineWords({ deadline: null, post: WAITING }, 'publish', NOW)).toMatch(/waits for an answer/);
    // Held since when the post's hold (no_answer) began.
    const held = deadlineWords({ deadline, post: { ...WAITING, hold: NO_ANSWER } }, 'hold', NOW);
    expect(held).toBe(`Held since ${formatTime(NO_ANSWER.since, { now: NOW }).short}: nobody answered in time. Approving publishes it at once.`);
    // Another hold is not the no-answer rule's.
    expect(deadlineWords({ deadline, post: { ...WAITING, hold: { ...NO_ANSWER, reason: 'paused' } } }, 'hold', NOW)).toMatch(/^If nobody answers by/);
  });
});

type Sortable = Pick<Approval, 'id' | 'status' | 'requestedAt' | 'decision'>;
const item = (id: string, requestedAt: string, decidedAt?: string): Sortable => ({
  id,
  requestedAt,
  status: decidedAt ? 'approved' : 'pending',
  decision: decidedAt ? decision({ at: decidedAt }) : null,
});

describe('the Approvals list’s order', () => {
  it('waiting ones first, oldest first; then decisions, newest first', () => {
    const list = [
      item('decided-old', '2026-05-01T08:00:00Z', '2026-05-01T09:00:00Z'),
      item('wait-new', '2026-05-04T08:00:00Z'),
      item('decided-new', '2026-05-02T08:00:00Z', '2026-05-03T09:00:00Z'),
      item('wait-old', '2026-05-02T08:00:00Z'),
    ];
    expect(sortApprovals(list).map((a) => a.id)).toEqual(['wait-old', 'wait-new', 'decided-new', 'decided-old']);
  });
});

describe('the caption counter at TikTok’s 2,200', () => {
  it('counts as TikTok does: an emoji is two', () => {
    expect(captionCount('a'.repeat(2200))).toEqual({ text: '2,200 / 2,200', over: false, problem: null });
    expect(captionCount(`${'a'.repeat(2198)}😀`)).toMatchObject({ text: '2,200 / 2,200', over: false });
    const over = captionCount(`${'a'.repeat(2199)}😀`);
    expect(over).toMatchObject({ text: '2,201 / 2,200', over: true });
    expect(over.problem).toMatch(/1 character over/);
    expect(captionCount('').text).toBe('0 / 2,200');
  });
});

describe('Settings → Telegram details', () => {
  it('keeps an approver’s zone in the list even when Intl leaves it out', () => {
    expect(timeZoneOptions('UTC', ['Europe/Berlin'])).toEqual(['UTC', 'Europe/Berlin']);
    expect(timeZoneOptions('Europe/Berlin', ['Europe/Berlin', 'Asia/Tokyo'])).toEqual(['Europe/Berlin', 'Asia/Tokyo']);
  });

  it('refuses an empty quiet-hours window, and allows one across midnight', () => {
    expect(quietHoursProblem('22:00', '07:00')).toBeNull();
    expect(quietHoursProblem('22:00', '22:00')).toMatch(/same time/);
    expect(quietHoursProblem('', '07:00')).toMatch(/start and an end/);
  });
});

describe('what the forms send passes the contract', () => {
  it('a new time, a new caption, a decision and an approver’s zone', () => {
    const at = checkSchedule('2030-05-04T09:00', NOW);
    if (!at.ok) throw new Error(at.problem);
    expect(commands['approvals.reschedule'].input.safeParse({ postId: 'p1', at: at.iso }).success).toBe(true);
    expect(commands['approvals.editCaption'].input.safeParse({ postId: 'p1', caption: `${'a'.repeat(2198)}😀` }).success).toBe(true);
    expect(commands['approvals.decide'].input.safeParse({ postId: 'p1', decision: 'reject' }).success).toBe(true);
    expect(commands['telegram.approvers.update'].input.safeParse({ id: 'ap1', timeZone: 'Asia/Kolkata' }).success).toBe(true);
    expect(commands['settings.update'].input.safeParse({ requireApproval: null, noAnswerRule: 'publish', quietHours: { start: '22:00', end: '07:00' } }).success).toBe(true);
  });
});
