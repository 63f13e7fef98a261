// After the decision: the no-answer rule at the post's time (hold, or publish anyway), a post
// meant for "now" that simply waits, and the publish result told in the chat that approved it,
// with a Retry button when trying again is safe.
import { describe, expect, it } from 'vitest';
import { isApprovalHeld } from '../../src-shared/posts/missed-post';
import { waitFor, type Harness } from '../support/core-harness';
import { fakeClock, type FakeClock } from '../support/fake-clock';
import { ANN, answerTo, BOT_TOKEN, createPost, messageNow, postIn, press, requestIn, useApprovalSetup, type BotMessage } from '../support/telegram-harness';
import type { TelegramEmulator } from '../emulators/telegram/index';

const { setup } = useApprovalSetup('clipdesk-tg-publish-');

const HOUR = 3600_000;

/** Waits for a post state while the fake clock moves on (publishing waits between its steps). */
function postInWhileTimePasses(h: Harness, clock: FakeClock, id: string, states: string[]) {
  return waitFor(() => {
    clock.advance(2_000);
    const p = h.core.posts.get(id);
    return states.includes(p.state) ? p : undefined;
  }, 60_000, `post to reach ${states.join(' or ')}`);
}

/** The bot's reply to a request message. */
function replyTo(tg: TelegramEmulator, request: BotMessage, match: RegExp, nth = 0) {
  return waitFor(() => tg.messages(BOT_TOKEN, ANN.id).filter((m) => m.replyToMessageId === request.messageId && match.test(m.text ?? ''))[nth], 30_000, `a reply matching ${match}`);
}

describe('Telegram approvals: the no-answer rule', () => {
  it('"hold": at the post\'s time it is held and the creator told; approving later publishes at once', async () => {
    const clock = fakeClock(Date.now());
    const fx = await setup({ core: { clock } });
    const { tg, h, tt } = fx;
    const post = await createPost(fx, { at: clock.now() + HOUR });
    const request = await requestIn(tg, ANN.id);
    // The desk is told too, not only the phone.
    expect(h.notifications).toContainEqual({ title: 'A post needs your approval', body: expect.stringMatching(/^Due .+\. Approve it in Clipdesk or on Telegram\.$/) });
    expect(h.core.approvals.list()[0]?.deadline).toBe(new Date(Date.parse(h.core.posts.get(post.id).scheduledAt!)).toISOString());

    clock.advance(HOUR - 60_000);
    await h.core.jobs.tick();
    await h.core.jobs.idle();
    expect(isApprovalHeld(h.core.posts.get(post.id))).toBe(false);
    expect(h.core.posts.get(post.id).hold).toBeNull();

    clock.advance(61_000);
    const held = await waitFor(() => (isApprovalHeld(h.core.posts.get(post.id)) ? h.core.posts.get(post.id) : undefined), 10_000, 'the post to be held');
    expect(held.state).toBe('awaiting_approval');
    // Why it waits is the post's typed hold, stamped when the rule held it.
    expect(held.hold).toEqual({ reason: 'no_answer', since: new Date(clock.now()).toISOString(), until: null, detail: expect.stringMatching(/^Nobody approved it by its time/) });
    // The hold is the one record of it: neither the approval nor the post's summary of it keeps a flag beside it.
    expect(held.approval).not.toHaveProperty('held');
    expect(h.core.approvals.get(held.approval!.id)).not.toHaveProperty('heldAt');
    expect(h.core.audit.list({ query: 'approval.held' })).toHaveLength(1);
    expect(h.notifications).toContainEqual({ title: 'A post is held', body: expect.stringMatching(/Nobody approved it by its time/) });
    const heldCopy = await waitFor(() => {
      const m = messageNow(tg, ANN.id, request.messageId);
      return m && /so it is held/.test(m.caption ?? '') ? m : undefined;
    }, 10_000, 'the request to say held');
    expect(heldCopy.caption).toMatch(/Approving now publishes it at once/);
    expect(heldCopy.inlineKeyboard).not.toBeNull();
    expect(tt.posts).toHaveLength(0);

    // Half an hour later Ann approves: it goes now, not at some later time.
    clock.advance(30 * 60_000);
    press(tg, ANN, heldCopy, 'Approve');
    const done = await postInWhileTimePasses(h, clock, post.id, ['published', 'failed']);
    expect(done.state).toBe('published');
    expect(tt.posts).toHaveLength(1);
    expect(done.approval).toMatchObject({ status: 'approved', decidedBy: 'Ann (@ann) on Telegram' });
    expect(done.hold).toBeNull();
  });

  it('"publish": at the post\'s time it is published without anyone answering, decided by the rule', async () => {
    const clock = fakeClock(Date.now());
    const fx = await setup({ core: { clock } });
    const { tg, h, tt } = fx;
    await h.core.handlers['settings.update']({ noAnswerRule: 'publish' });
    const post = await createPost(fx, { at: clock.now() + HOUR });
    const request = await requestIn(tg, ANN.id);
    clock.advance(HOUR + 1_000);
    const done = await postInWhileTimePasses(h, clock, post.id, ['published', 'failed']);
    expect(done.state).toBe('published');
    expect(tt.posts).toHaveLength(1);
    expect(h.core.approvals.list()[0]?.decision).toMatchObject({ status: 'approved', via: 'rule', actor: 'rule', by: 'the no-answer rule (publish anyway)' });
    await waitFor(() => {
      const m = messageNow(tg, ANN.id, request.messageId);
      return m && m.inlineKeyboard === null && /Approved by the no-answer rule/.test(m.caption ?? '') ? m : undefined;
    }, 10_000, 'the request to show the rule decided');
  });

  it('a post for "now" waits for an answer however long it takes (no deadline)', async () => {
    const clock = fakeClock(Date.now());
    const fx = await setup({ core: { clock } });
    const { tg, h, tt } = fx;
    const post = await createPost(fx, { at: 'now' });
    expect(post.state).toBe('awaiting_approval');
    const request = await requestIn(tg, ANN.id);
    expect(request.caption).toContain('as soon as it is approved');
    expect(h.core.approvals.list()[0]?.deadline).toBeNull();
    clock.advance(48 * HOUR);
    await h.core.jobs.tick();
    await h.core.jobs.idle();
    expect(h.core.posts.get(post.id).state).toBe('awaiting_approval');
    expect(h.core.posts.get(post.id).approval).toMatchObject({ status: 'pending' });
    expect(isApprovalHeld(h.core.posts.get(post.id))).toBe(false);
    expect(tt.posts).toHaveLength(0);
    press(tg, ANN, request, 'Approve');
    expect((await postInWhileTimePasses(h, clock, post.id, ['published', 'failed'])).state).toBe('published');
  });
});

describe('Telegram approvals: publish results in the chat', () => {
  it('an approved public post publishes and the chat gets "Published" with the link, as a reply to the request', async () => {
    const fx = await setup();
    const { tg, h, tt } = fx;
    const post = await createPost(fx, { at: 'now', privacy: 'PUBLIC_TO_EVERYONE' });
    const request = await requestIn(tg, ANN.id);
    press(tg, ANN, request, 'Approve');
    const done = await postIn(h, post.id, ['published', 'failed']);
    expect(done.state).toBe('published');
    const reply = await replyTo(tg, request, /Published/);
    expect(reply.text).toBe(`✅ Published on Maria Bakes: ${done.publish!.postUrl}`);
    expect(done.publish?.postUrl).toMatch(new RegExp(`^https://www\\.tiktok\\.com/@maria/video/${tt.posts[0]!.publicPostId}$`));
    expect(reply.inlineKeyboard).toBeNull();
  });

  it('a failure TikTok says is final: "Publishing failed" with the reason and no Retry button', async () => {
    const fx = await setup();
    const { tg, h, tt } = fx;
    tt.fault({ endpoint: 'init', kind: 'error', code: 'spam_risk_too_many_posts', httpStatus: 403 });
    const post = await createPost(fx, { at: 'now' });
    const request = await requestIn(tg, ANN.id);
    press(tg, ANN, request, 'Approve');
    const failed = await postIn(h, post.id, ['published', 'failed']);
    expect(failed.state).toBe('failed');
    expect(failed.publish?.failure?.retryable).toBe(false);
    const reply = await replyTo(tg, request, /Publishing failed/);
    expect(reply.text).toContain(failed.publish!.failure!.message);
    expect(reply.text).toMatch(/15|day/);
    expect(reply.inlineKeyboard).toBeNull();
  });

  it('a failure that may be retried: the reply has Retry, and pressing it publishes', async () => {
    const fx = await setup();
    const { tg, h, tt } = fx;
    // TikTok's own processing failed (fail_reason "internal"): it has no post, so trying again is safe.
    tt.state.failNext = 'internal';
    const post = await createPost(fx, { at: 'now' });
    const request = await requestIn(tg, ANN.id);
    press(tg, ANN, request, 'Approve');
    const failed = await postIn(h, post.id, ['published', 'failed']);
    expect(failed.state).toBe('failed');
    expect(failed.publish?.failure?.retryable).toBe(true);
    const reply = await replyTo(tg, request, /Publishing failed/);
    expect(reply.text).toMatch(/TikTok had a problem on its side/);
    expect(reply.inlineKeyboard?.flat().map((b) => b.text)).toEqual(['🔁 Retry']);
    const cb = press(tg, ANN, reply, 'Retry');
    expect((await answerTo(tg, cb)).text).toMatch(/Trying again/);
    const done = await postIn(h, post.id, ['published']);
    expect(done.publish?.attempt).toBe(2);
    expect(tt.posts).toHaveLength(1);
    await replyTo(tg, request, /Published/);
    expect(h.core.audit.list({ query: 'post.retr' }).some((e) => e.actor === `telegram:${ANN.id}`)).toBe(true);
  });
});

describe('Telegram: a post that missed its time', () => {
  it('is held, the approver is asked on Telegram, and "Publish now" there sends it once', async () => {
    const clock = fakeClock(Date.now());
    const fx = await setup({ core: { clock } });
    const { tg, h, tt } = fx;
    await h.core.handlers['settings.update']({ requireApproval: false, missedGraceMinutes: 60 });
    const post = await createPost(fx, { at: clock.now() + HOUR });
    expect(post.state).toBe('scheduled');
    await h.core.close();
    clock.advance(4 * HOUR); // Clipdesk was closed through the post's time, and then some

    const h2 = fx.reopen();
    const question = await waitFor(() => tg.messages(BOT_TOKEN, ANN.id).find((m) => /missed its time/.test(m.text ?? '')), 20_000, 'the question on Telegram');
    expect(question.text).toContain('Sunset 🌅 #beach');
    expect(question.inlineKeyboard?.flat().map((b) => b.text)).toEqual(['▶️ Publish now', '🕐 In 1 hour']);
    expect(h2.core.posts.get(post.id).hold).toMatchObject({ reason: 'missed', until: null, detail: expect.stringMatching(/^It missed its time/) });
    expect(tt.posts).toHaveLength(0);

    const cb = press(tg, ANN, question, 'Publish now');
    expect((await answerTo(tg, cb)).text).toBe('Publishing now');
    const done = await postInWhileTimePasses(h2, clock, post.id, ['published', 'failed']);
    expect(done.state).toBe('published');
    expect(tt.posts).toHaveLength(1);
    await waitFor(() => messageNow(tg, ANN.id, question.messageId)?.inlineKeyboard === null || undefined, 10_000, 'the buttons to go');
    // A second press (another approver, a double tap) finds nothing to do.
    const again = tg.pressButton(BOT_TOKEN, { from: ANN.id, chatId: ANN.id, messageId: question.messageId, data: question.inlineKeyboard!.flat()[0]!.callback_data!, forge: true });
    expect((await answerTo(tg, again)).text).toMatch(/Already handled/);
    expect(tt.posts).toHaveLength(1);
    expect(h2.core.audit.list({ actions: ['post.publish_now'] })[0]?.actor).toBe(`telegram:${ANN.id}`);
  });
});
