// What reaches an approver's phone and how: the request's caption within Telegram's limits
// (long captions trimmed with an indicator, HTML-looking text taken literally), a smaller
// preview when the file is over the upload limit, quiet hours, sends Telegram refuses for a
// while (429, a blocked bot), and a decision made while Clipdesk was closed.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCaption } from '../../src-shared/tiktok/caption';
import { createKeyFileCipher } from '../../src-main/core/secrets/key-file-cipher';
import { waitFor } from '../support/core-harness';
import { ANN, BOT_TOKEN, createPost, messageNow, postIn, press, requestIn, requestsOf, useApprovalSetup } from '../support/telegram-harness';

const { setup, telegram } = useApprovalSetup('clipdesk-tg-delivery-');

const HOUR = 3600_000;

/** HH:MM in Berlin, `offsetMs` from now. */
function berlinClock(offsetMs: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + offsetMs));
}

describe('Telegram approvals: what the request looks like', () => {
  it('trims a long caption (2,200 characters with emoji) to Telegram\'s 1,024 with an indicator, and Telegram accepts it', async () => {
    const fx = await setup();
    const { tg } = fx;
    let caption = 'Big day 🎂🎉 ';
    while (analyzeCaption(`${caption}word `).length <= 2_190) caption += 'word ';
    caption = `${caption.trim()} END`;
    expect(analyzeCaption(caption).over).toBe(false);
    expect(caption.length).toBeGreaterThan(2_100);
    await createPost(fx, { at: Date.now() + HOUR, caption });
    const request = await requestIn(tg, ANN.id);
    expect(requestsOf(tg, 'sendVideo').map((r) => r.status)).toEqual([200]);
    expect(request.caption!.length).toBeLessThanOrEqual(1_024);
    expect(request.caption!.length).toBeGreaterThan(900);
    expect(request.caption).toContain('Big day 🎂🎉 word');
    expect(request.caption).not.toContain(' END');
    const more = /… \(\+(\d+) more in the app\)/.exec(request.caption!);
    expect(more).not.toBeNull();
    const kept = request.caption!.slice(request.caption!.indexOf('Big day'), more!.index);
    expect(kept.length + Number(more![1])).toBe(caption.length);
  });

  it('shows HTML-looking text in a caption literally', async () => {
    const fx = await setup();
    const caption = 'Tips <b>not bold</b> & "quotes" <script>x</script> a&amp;b 5 > 3';
    await createPost(fx, { at: Date.now() + HOUR, caption });
    const request = await requestIn(fx.tg, ANN.id);
    expect(request.caption).toContain(caption);
    expect(requestsOf(fx.tg, 'sendVideo').map((r) => r.status)).toEqual([200]);
  });

  it('sends a smaller preview when the file is over the upload limit, and says so', async () => {
    const limit = 1_000_000;
    telegram().knobs.maxUploadBytes = limit;
    const fx = await setup({ core: { telegramUploadLimitBytes: limit } });
    const { tg, h } = fx;
    const post = await createPost(fx, { at: Date.now() + HOUR });
    const request = await requestIn(tg, ANN.id, 0, 60_000);
    const original = fs.statSync(h.core.renders.videoFileOf(h.core.posts.row(post.id))!).size;
    expect(original).toBeGreaterThan(limit);
    expect(request.video?.bytes).toBeGreaterThan(0);
    expect(request.video!.bytes).toBeLessThanOrEqual(limit);
    expect(request.video?.thumbnail?.bytes).toBeGreaterThan(0);
    expect(request.caption).toMatch(/This is a smaller preview; the full-quality video is posted\./);
    expect(requestsOf(tg, 'sendVideo').map((r) => r.status)).toEqual([200]);
    await waitFor(() => h.core.approvals.list()[0]?.deliveries[0]?.state === 'sent', 10_000, 'sent');
    expect(h.core.approvals.list()[0]?.deliveries[0]?.preview).toBe(true);
  });

  it('arrives silently in quiet hours (the creator\'s zone) and with a sound outside them', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    await h.core.handlers['settings.update']({ quietHours: { start: berlinClock(-HOUR), end: berlinClock(HOUR) } });
    await createPost(fx, { at: Date.now() + HOUR, caption: 'quiet' });
    const quiet = await requestIn(tg, ANN.id, 0);
    expect(quiet.disableNotification).toBe(true);
    await h.core.handlers['settings.update']({ quietHours: { start: berlinClock(2 * HOUR), end: berlinClock(3 * HOUR) } });
    await createPost(fx, { at: Date.now() + 2 * HOUR, caption: 'loud' });
    const loud = await requestIn(tg, ANN.id, 1);
    expect(loud.caption).toContain('loud');
    expect(loud.disableNotification).toBe(false);
  });
});

describe('Telegram approvals: send faults', () => {
  it('429 on sendVideo: the request waits the time Telegram asked, then arrives', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    tg.fault({ method: 'sendVideo', kind: 'error', code: 429, retryAfter: 2 });
    await createPost(fx, { at: Date.now() + HOUR });
    const waiting = await waitFor(() => h.core.approvals.list()[0]?.deliveries.find((d) => d.state === 'failed'), 10_000, 'the delivery to wait');
    expect(waiting.problem).toMatch(/asked Clipdesk to slow down/);
    expect(waiting.nextTryAt).not.toBeNull();
    await requestIn(tg, ANN.id);
    const sends = requestsOf(tg, 'sendVideo');
    expect(sends.map((r) => r.status)).toEqual([429, 200]);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(1_900);
    await waitFor(() => h.core.approvals.list()[0]?.deliveries[0]?.state === 'sent', 10_000, 'sent');
  });

  it('403 (Ann blocked the bot): the delivery shows failed with the problem and the next try, is retried, and arrives after she unblocks', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    tg.setBlocked(BOT_TOKEN, ANN.id, true);
    await createPost(fx, { at: Date.now() + HOUR });
    const failed = await waitFor(() => h.core.approvals.list()[0]?.deliveries.find((d) => d.state === 'failed'), 10_000, 'the delivery to fail');
    expect(failed.problem).toMatch(/Ann \(@ann\) blocked the bot or never pressed Start/);
    expect(Date.parse(failed.nextTryAt!)).toBeGreaterThan(Date.now() - 1_000);
    await waitFor(() => requestsOf(tg, 'sendVideo').filter((r) => r.status === 403).length >= 2 || undefined, 10_000, 'a retry');
    expect(h.core.audit.list({ query: 'telegram.request_not_delivered' })).toHaveLength(1);
    tg.setBlocked(BOT_TOKEN, ANN.id, false);
    await requestIn(tg, ANN.id);
    const sent = await waitFor(() => h.core.approvals.list()[0]?.deliveries.find((d) => d.state === 'sent'), 10_000, 'sent');
    expect(sent).toMatchObject({ problem: null, nextTryAt: null });
  });
});

describe('Telegram approvals: a decision made while Clipdesk was closed', () => {
  it('is applied when Clipdesk starts again, even though answering the old press fails', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    const post = await createPost(fx, { at: Date.now() + HOUR });
    const request = await requestIn(tg, ANN.id);
    await waitFor(() => h.core.approvals.list()[0]?.deliveries[0]?.state === 'sent', 10_000, 'sent');
    await h.core.close();

    tg.knobs.callbackAnswerWindowMs = 1;
    const cb = press(tg, ANN, request, 'Approve');
    expect(tg.pendingUpdates(BOT_TOKEN).some((u) => u.callback_query?.id === cb)).toBe(true);
    // Telegram now gives an answer 1 ms: the new core is later than that.

    const h2 = fx.reopen();
    const approved = await postIn(h2, post.id, ['scheduled'], 20_000);
    expect(approved.approval).toMatchObject({ status: 'approved', decidedBy: 'Ann (@ann) on Telegram' });
    await waitFor(() => requestsOf(tg, 'answerCallbackQuery').length > 0 || undefined, 10_000, 'the answer attempt');
    expect(requestsOf(tg, 'answerCallbackQuery').map((r) => r.status)).toEqual([400]);
    expect(tg.callbackAnswers(BOT_TOKEN).get(cb)).toBeUndefined();
    await waitFor(() => messageNow(tg, ANN.id, request.messageId)?.inlineKeyboard === null || undefined, 10_000, 'the buttons to go');
    expect(h2.core.posts.get(post.id).state).toBe('scheduled');
    // The press is confirmed to Telegram by the next getUpdates offset, a moment later.
    await waitFor(() => tg.pendingUpdates(BOT_TOKEN).every((u) => !u.callback_query) || undefined, 10_000, 'the press to be confirmed');
  });
});

describe('Telegram approvals: what was pressed while Clipdesk was closed comes before the no-answer rule', () => {
  it('a Reject pressed while closed wins over "publish anyway" whose time passed meanwhile: nothing is published', async () => {
    const fx = await setup();
    const { tg, tt, h } = fx;
    await h.core.handlers['settings.update']({ noAnswerRule: 'publish' });
    // Due in 3 s: by the time Clipdesk opens again, the rule's time has passed.
    const post = await createPost(fx, { at: Date.now() + 3_000 });
    const request = await requestIn(tg, ANN.id);
    await waitFor(() => h.core.approvals.list()[0]?.deliveries[0]?.state === 'sent', 10_000, 'sent');
    await h.core.close();

    press(tg, ANN, request, 'Reject');
    await new Promise((r) => setTimeout(r, 3_500)); // the post's time passes while Clipdesk is closed
    // Telegram keeps the press; the deadline job is due the moment the new core starts.
    tg.fault({ method: 'getUpdates', kind: 'delay', ms: 1_500 });

    const h2 = fx.reopen();
    const decided = await postIn(h2, post.id, ['rejected', 'scheduled', 'uploading', 'processing', 'published'], 20_000);
    expect(decided.state).toBe('rejected');
    expect(decided.approval).toMatchObject({ status: 'rejected', decidedBy: 'Ann (@ann) on Telegram' });
    // The rule then finds nothing to do, and TikTok never hears of the post.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(h2.core.posts.get(post.id).state).toBe('rejected');
    expect(tt.posts).toHaveLength(0);
    expect(h2.core.audit.list({ query: 'post.approve' })).toHaveLength(0);
  });
});

describe('Telegram approvals: starting with a slow keychain', () => {
  it('a request due at start waits for the bot token to be decrypted instead of being dropped', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    // Ann blocked the bot: the request waits to be retried when Clipdesk closes.
    tg.setBlocked(BOT_TOKEN, ANN.id, true);
    const post = await createPost(fx, { at: Date.now() + HOUR });
    await waitFor(() => h.core.approvals.list()[0]?.deliveries[0]?.state === 'failed', 10_000, 'the delivery to fail');
    await h.core.close();
    tg.setBlocked(BOT_TOKEN, ANN.id, false);

    // The desktop decrypts asynchronously (the OS keychain): the first job tick comes first.
    const key = createKeyFileCipher(h.dataDir);
    const slow = { backend: key.backend, strong: key.strong, encrypt: (p: string) => key.encrypt(p), decrypt: async (d: Buffer) => (await new Promise((r) => setTimeout(r, 1_500)), key.decrypt(d)) };
    const h2 = fx.reopen({ cipher: slow });
    await requestIn(tg, ANN.id);
    const delivered = await waitFor(() => h2.core.approvals.list().find((a) => a.postId === post.id)?.deliveries.find((d) => d.state === 'sent'), 20_000, 'delivery after start');
    expect(delivered.problem).toBeNull();
  });
});
