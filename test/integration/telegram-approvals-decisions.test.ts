// Deciding on Telegram, as an approver's phone does it: Approve, Reject, move the post (+1 hour,
// tomorrow, a typed time) and edit its caption through ForceReply questions; double taps and
// two people pressing at once make exactly one decision.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/core-harness';
import {
  ANN,
  answerTo,
  BOB,
  BOT_TOKEN,
  botSaid,
  chat,
  createPost,
  messageNow,
  postIn,
  press,
  requestIn,
  useApprovalSetup,
  type BotMessage,
} from '../support/telegram-harness';
import type { TelegramEmulator } from '../emulators/telegram/index';

const { setup } = useApprovalSetup('clipdesk-tg-decisions-');

const HOUR = 3600_000;

/** "Thu 16 Jan, 14:05" in Berlin, formatted independently of the app's code. */
function berlinDayAndTime(ms: number): { date: string; time: string } {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
  return { date, time };
}

/** The caption line that says when the post goes out. */
function whenLine(m: BotMessage | undefined): string {
  return (m?.caption ?? '').split('\n').find((l) => l.startsWith('🕒')) ?? '';
}

/** The bot's newest message in a chat after `afterId` that matches. */
function nextBotMessage(tg: TelegramEmulator, chatId: number, afterId: number, match: (m: BotMessage) => boolean, what: string) {
  return botSaid(tg, chatId, (m) => m.messageId > afterId && match(m), what);
}

/** The publish jobs of a post, read from the jobs table. */
function publishJobs(fx: { h: { core: { db: { prepare(sql: string): { all(...a: unknown[]): unknown[] } } } } }, postId: string) {
  return fx.h.core.db.prepare("SELECT id FROM jobs WHERE kind = 'tiktok.publish' AND payload_json LIKE ?").all(`%${postId}%`);
}

describe('Telegram approvals: decisions', () => {
  it('refuses a caption edit with a lone UTF-16 surrogate from the desk, and the caption stays as it was', async () => {
    const fx = await setup();
    const post = await createPost(fx, { at: Date.now() + HOUR, caption: 'Old caption' });
    await expect(fx.h.core.handlers['approvals.editCaption']({ postId: post.id, caption: 'half an emoji \ud83c here' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/broken character at position 15/),
    });
    expect(fx.h.core.posts.get(post.id).caption).toBe('Old caption');
  });

  it('a Reject from one approver rejects the post, shows the outcome on every copy and removes the buttons', async () => {
    const fx = await setup({ pairBob: true });
    const { tg, h } = fx;
    const post = await createPost(fx, { at: Date.now() + HOUR });
    const annCopy = await requestIn(tg, ANN.id);
    const bobCopy = await requestIn(tg, BOB.id);
    await waitFor(() => h.core.approvals.list()[0]?.deliveries.every((d) => d.state === 'sent'), 10_000, 'both copies delivered');

    const cb = press(tg, ANN, annCopy, 'Reject');
    const rejected = await postIn(h, post.id, ['rejected']);
    expect(rejected.approval).toMatchObject({ status: 'rejected', decidedBy: 'Ann (@ann) on Telegram' });
    expect((await answerTo(tg, cb)).text).toMatch(/Rejected/);
    for (const [chatId, copy] of [
      [ANN.id, annCopy],
      [BOB.id, bobCopy],
    ] as const) {
      const now = await waitFor(() => {
        const m = messageNow(tg, chatId, copy.messageId);
        return m && m.inlineKeyboard === null ? m : undefined;
      }, 10_000, `the buttons to go from chat ${chatId}`);
      expect(now.caption).toMatch(/Rejected by Ann \(@ann\) on Telegram/);
    }
    expect(publishJobs(fx, post.id)).toHaveLength(0);
    expect(fx.tt.posts).toHaveLength(0);
  });

  it('+1 hour and "Tomorrow, same time" move the post; the caption shows the new time and the buttons stay', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    const at = Date.now() + 2 * HOUR;
    const post = await createPost(fx, { at });
    const request = await requestIn(tg, ANN.id);
    const scheduledAt = () => Date.parse(h.core.posts.get(post.id).scheduledAt ?? '');
    const original = scheduledAt();

    const cb1 = press(tg, ANN, request, '+1 hour');
    await waitFor(() => scheduledAt() === original + HOUR, 10_000, 'the post to move an hour');
    expect((await answerTo(tg, cb1)).text).toMatch(/Moved to/);
    const afterHour = berlinDayAndTime(original + HOUR);
    const edited = await waitFor(() => {
      const m = messageNow(tg, ANN.id, request.messageId);
      return m && whenLine(m).includes(afterHour.time) ? m : undefined;
    }, 10_000, 'the request to show the new time');
    expect(edited.inlineKeyboard?.flat().map((b) => b.text)).toContain('✅ Approve');
    expect(h.core.posts.get(post.id).state).toBe('awaiting_approval');

    press(tg, ANN, edited, 'Tomorrow');
    const moved = await waitFor(() => (scheduledAt() !== original + HOUR ? scheduledAt() : undefined), 10_000, 'the post to move to tomorrow');
    // Same wall-clock time in Ann's zone (Berlin), the next calendar day there.
    const before = berlinDayAndTime(original + HOUR);
    const after = berlinDayAndTime(moved);
    expect(after.time).toBe(before.time);
    expect(Date.parse(`${after.date}T00:00:00Z`) - Date.parse(`${before.date}T00:00:00Z`)).toBe(24 * HOUR);
    const shown = await waitFor(() => {
      const m = messageNow(tg, ANN.id, request.messageId);
      return m && m.edits >= 2 ? m : undefined;
    }, 10_000, 'the request to show tomorrow');
    expect(whenLine(shown)).toContain(after.time);
    expect(whenLine(shown)).toContain(String(Number(after.date.slice(8, 10))));
    expect(shown.inlineKeyboard).not.toBeNull();
    // The no-answer rule moved with it.
    expect(h.core.approvals.list()[0]?.deadline).toBe(new Date(moved).toISOString());
  });

  it('"Pick a time" asks with ForceReply; an unreadable time gets help and the question stays open; "tomorrow 9:00" moves the post', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    const post = await createPost(fx, { at: Date.now() + HOUR });
    const request = await requestIn(tg, ANN.id);
    const original = h.core.posts.get(post.id).scheduledAt;

    const cb = press(tg, ANN, request, 'Pick a time');
    const question = await nextBotMessage(tg, ANN.id, request.messageId, (m) => m.forceReply, 'the time question');
    expect(question.text).toMatch(/When should the post for Maria Bakes at .* go out\? Reply to this message with a time in Europe\/Berlin/s);
    expect((await answerTo(tg, cb)).text).toMatch(/Reply with the time/);

    tg.sendText(BOT_TOKEN, { from: ANN.id, text: 'whenever you like', replyToMessageId: question.messageId });
    const help = await nextBotMessage(tg, ANN.id, question.messageId, (m) => /could not read/.test(m.text ?? ''), 'the help for an unreadable time');
    expect(help.text).toMatch(/Try .*tomorrow 9:00/);
    expect(h.core.posts.get(post.id).scheduledAt).toBe(original);

    // The question is still open: a readable reply to it now moves the post.
    tg.sendText(BOT_TOKEN, { from: ANN.id, text: 'tomorrow 9:00', replyToMessageId: question.messageId });
    const moved = await waitFor(() => {
      const p = h.core.posts.get(post.id);
      return p.scheduledAt !== original ? p : undefined;
    }, 10_000, 'the post to move');
    const tomorrowInBerlin = berlinDayAndTime(Date.now() + 24 * HOUR).date;
    expect(berlinDayAndTime(Date.parse(moved.scheduledAt!))).toEqual({ date: tomorrowInBerlin, time: '09:00' });
    expect(moved.state).toBe('awaiting_approval');
    await nextBotMessage(tg, ANN.id, help.messageId, (m) => /The post for Maria Bakes .* moved to .*09:00/.test(m.text ?? ''), 'the confirmation');
    await waitFor(() => whenLine(messageNow(tg, ANN.id, request.messageId)).includes('09:00'), 10_000, 'the request to show 09:00');

    // Answered: a second reply to it is not taken as a time any more (and says the question is closed).
    const last = chat(tg, ANN.id).at(-1)!.messageId;
    tg.sendText(BOT_TOKEN, { from: ANN.id, text: 'tomorrow 10:00', replyToMessageId: question.messageId });
    await nextBotMessage(tg, ANN.id, last, (m) => /That question was closed/.test(m.text ?? ''), 'the hint');
    expect(h.core.posts.get(post.id).scheduledAt).toBe(moved.scheduledAt);
  });

  it('Edit caption: the reply is confirmed with Save/Cancel; Save changes the post and the request, Cancel changes nothing, an over-long caption is refused', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    const post = await createPost(fx, { at: Date.now() + HOUR, caption: 'Old caption' });
    const request = await requestIn(tg, ANN.id);

    // Over-long: refused with the reason, nothing to confirm.
    press(tg, ANN, request, 'Edit caption');
    const q1 = await nextBotMessage(tg, ANN.id, request.messageId, (m) => m.forceReply, 'the caption question');
    expect(q1.text).toMatch(/Reply to this message with the new caption for the post for Maria Bakes[\s\S]*Old caption/);
    tg.sendText(BOT_TOKEN, { from: ANN.id, text: 'x'.repeat(2300), replyToMessageId: q1.messageId });
    const refusal = await nextBotMessage(tg, ANN.id, q1.messageId, (m) => /over TikTok's limit/.test(m.text ?? ''), 'the refusal');
    expect(refusal.text).toMatch(/100 characters over/);
    expect(h.core.posts.get(post.id).caption).toBe('Old caption');

    // A caption that fits (the same question is still open): confirm, then Cancel.
    tg.sendText(BOT_TOKEN, { from: ANN.id, text: 'Not this one', replyToMessageId: q1.messageId });
    const confirm1 = await nextBotMessage(tg, ANN.id, refusal.messageId, (m) => /Save it\?/.test(m.text ?? ''), 'the confirmation question');
    expect(confirm1.text).toContain('Not this one');
    expect(confirm1.inlineKeyboard?.flat().map((b) => b.text)).toEqual(['💾 Save caption', 'Cancel']);
    const cancelCb = press(tg, ANN, confirm1, 'Cancel');
    expect((await answerTo(tg, cancelCb)).text).toMatch(/Not changed/);
    await waitFor(() => messageNow(tg, ANN.id, confirm1.messageId)?.text === 'Caption not changed.', 10_000, 'the cancel to show');
    expect(h.core.posts.get(post.id).caption).toBe('Old caption');

    // Again, and Save: HTML-looking text is taken literally.
    press(tg, ANN, messageNow(tg, ANN.id, request.messageId)!, 'Edit caption');
    const q2 = await nextBotMessage(tg, ANN.id, confirm1.messageId, (m) => m.forceReply, 'the second caption question');
    const fresh = 'New <b>caption</b> & more 🎉';
    tg.sendText(BOT_TOKEN, { from: ANN.id, text: fresh, replyToMessageId: q2.messageId });
    const confirm2 = await nextBotMessage(tg, ANN.id, q2.messageId, (m) => /Save it\?/.test(m.text ?? ''), 'the second confirmation');
    expect(confirm2.text).toContain(fresh);
    const saveCb = press(tg, ANN, confirm2, 'Save caption');
    expect((await answerTo(tg, saveCb)).text).toMatch(/Caption saved/);
    await waitFor(() => h.core.posts.get(post.id).caption === fresh, 10_000, 'the caption to change');
    expect(h.core.posts.get(post.id).state).toBe('awaiting_approval');
    await waitFor(() => messageNow(tg, ANN.id, request.messageId)?.caption?.includes(fresh), 10_000, 'the request to show the new caption');
    expect(messageNow(tg, ANN.id, confirm2.messageId)?.text).toMatch(/Caption saved/);
    // Pressing Save again changes nothing.
    const again = tg.pressButton(BOT_TOKEN, { from: ANN.id, chatId: ANN.id, messageId: confirm2.messageId, data: confirm2.inlineKeyboard![0]![0]!.callback_data!, forge: true });
    expect((await answerTo(tg, again)).text).toMatch(/Already saved/);
  });

  it('a double tap on Approve decides once: one publish job, the second tap told who approved', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    const post = await createPost(fx, { at: Date.now() + HOUR });
    const request = await requestIn(tg, ANN.id);
    // Both taps are queued before the bot sees either.
    const first = press(tg, ANN, request, 'Approve');
    const second = press(tg, ANN, request, 'Approve');
    await postIn(h, post.id, ['scheduled']);
    const answers = [await answerTo(tg, first), await answerTo(tg, second)];
    expect(answers.filter((a) => /^✅ Approved/.test(a.text ?? ''))).toHaveLength(1);
    expect(answers.filter((a) => /^Already approved by Ann \(@ann\) on Telegram\. Nothing changed\./.test(a.text ?? ''))).toHaveLength(1);
    expect(publishJobs(fx, post.id)).toHaveLength(1);
    expect(h.core.audit.list({ query: 'post.approve' }).filter((e) => e.subject === post.id)).toHaveLength(1);
    expect(h.core.approvals.list()[0]?.decision).toMatchObject({ status: 'approved', actor: `telegram:${ANN.id}` });
  });

  it('Ann and Bob pressing at once: exactly one decision; the other is told and their stale copy loses its buttons', async () => {
    const fx = await setup({ pairBob: true });
    const { tg, h } = fx;
    const post = await createPost(fx, { at: Date.now() + HOUR });
    const annCopy = await requestIn(tg, ANN.id);
    const bobCopy = await requestIn(tg, BOB.id);
    const annCb = press(tg, ANN, annCopy, 'Approve');
    const bobCb = press(tg, BOB, bobCopy, 'Reject');
    const decided = await postIn(h, post.id, ['scheduled', 'rejected']);
    // Updates are handled in order: Ann's came first.
    expect(decided.state).toBe('scheduled');
    expect((await answerTo(tg, annCb)).text).toMatch(/Approved/);
    const bobAnswer = await answerTo(tg, bobCb);
    expect(bobAnswer.text).toBe('Already approved by Ann (@ann) on Telegram. Nothing changed.');
    expect(bobAnswer.showAlert).toBe(true);
    expect(publishJobs(fx, post.id)).toHaveLength(1);
    const view = h.core.approvals.list()[0]!;
    expect(view.decision).toMatchObject({ status: 'approved', by: 'Ann (@ann) on Telegram' });
    const stale = await waitFor(() => {
      const m = messageNow(tg, BOB.id, bobCopy.messageId);
      return m && m.inlineKeyboard === null ? m : undefined;
    }, 10_000, "Bob's buttons to go");
    expect(stale.caption).toMatch(/Approved by Ann/);
    expect(h.core.posts.get(post.id).state).toBe('scheduled');
  });
});

describe('Telegram approvals: moves and answers land on the right post, once', () => {
  it('+1 hour pressed twice (a double tap) moves the post one hour, and the second press says so', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    const post = await createPost(fx, { at: Date.now() + HOUR });
    const request = await requestIn(tg, ANN.id);
    const original = Date.parse(h.core.posts.get(post.id).scheduledAt!);
    const first = press(tg, ANN, request, '+1 hour');
    const second = press(tg, ANN, request, '+1 hour'); // same button, same data: before any edit
    expect((await answerTo(tg, first)).text).toMatch(/Moved to/);
    const again = await answerTo(tg, second);
    expect(again.text).toMatch(/Already moved to .*Nothing changed/);
    expect(Date.parse(h.core.posts.get(post.id).scheduledAt!)).toBe(original + HOUR);
    expect(h.core.audit.list({ query: 'post.rescheduled' })).toHaveLength(1);
  });

  it('a reply to the question about one post never changes another, and questions name their post', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    const a = await createPost(fx, { at: Date.now() + HOUR, caption: 'Post A' });
    const b = await createPost(fx, { at: Date.now() + 2 * HOUR, caption: 'Post B' });
    const reqA = await requestIn(tg, ANN.id, 0);
    const reqB = await requestIn(tg, ANN.id, 1);
    const [forA, forB] = reqA.caption!.includes('Post A') ? [reqA, reqB] : [reqB, reqA];
    const timeA = h.core.posts.get(a.id).scheduledAt;
    const timeB = h.core.posts.get(b.id).scheduledAt;

    press(tg, ANN, forA, 'Pick a time');
    const qA = await nextBotMessage(tg, ANN.id, Math.max(reqA.messageId, reqB.messageId), (m) => m.forceReply, 'the question about A');
    expect(qA.text).toContain('“Post A”');
    press(tg, ANN, forB, 'Pick a time');
    const qB = await nextBotMessage(tg, ANN.id, qA.messageId, (m) => m.forceReply, 'the question about B');
    expect(qB.text).toContain('“Post B”');

    // Asking about B closed the question about A: answering A's now changes nothing at all.
    tg.sendText(BOT_TOKEN, { from: ANN.id, text: '+3h', replyToMessageId: qA.messageId });
    await nextBotMessage(tg, ANN.id, qB.messageId, (m) => /That question was closed/.test(m.text ?? ''), 'the refusal');
    expect(h.core.posts.get(a.id).scheduledAt).toBe(timeA);
    expect(h.core.posts.get(b.id).scheduledAt).toBe(timeB);

    // A reply to B's question moves B, and says which post moved.
    tg.sendText(BOT_TOKEN, { from: ANN.id, text: '+3h', replyToMessageId: qB.messageId });
    const done = await nextBotMessage(tg, ANN.id, qB.messageId, (m) => /moved to/.test(m.text ?? ''), 'the confirmation');
    expect(done.text).toContain('“Post B”');
    expect(h.core.posts.get(b.id).scheduledAt).not.toBe(timeB);
    expect(h.core.posts.get(a.id).scheduledAt).toBe(timeA);
  });
});
