// Who may use the bot: pairing through one-time links (valid, expired, reused, withdrawn),
// unpairing, strangers and forged button data, the commands a paired approver has, and the bot
// token kept out of the data folder, the Activity log and error messages.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { waitFor, type Harness } from '../support/core-harness';
import { fakeClock } from '../support/fake-clock';
import {
  ANN,
  answerTo,
  buttonData,
  BOB,
  BOT_TOKEN,
  BOT_USERNAME,
  botSaid,
  chat,
  createPost,
  messageNow,
  pair,
  press,
  requestIn,
  STRANGER,
  useApprovalSetup,
  type BotMessage,
} from '../support/telegram-harness';
import { listFiles } from '../support/temp-dir';
import { IN_WINDOW, startHandler } from '../support/callers';
import type { TelegramEmulator } from '../emulators/telegram/index';

const { setup } = useApprovalSetup('clipdesk-tg-pairing-');

const HOUR = 3600_000;
const REFUSED_LINK = 'This pairing link is not valid any more. Make a new one in Clipdesk (Settings → Telegram).';

/** One telegram.pair call under way: its link and code, its result, and a way to give it up. */
async function startPairing(h: Harness) {
  const call = startHandler(h.core.handlers['telegram.pair']);
  const start = await call.progress;
  const code = new URL(start.link).searchParams.get('start') ?? '';
  return { ...start, code, waiting: call.result, cancel: call.cancel };
}

/**
 * Waits until the bot has handled everything sent before: a paired person's stray message is
 * answered with a hint, and updates are handled in order.
 */
async function drained(tg: TelegramEmulator, person = ANN): Promise<void> {
  const last = chat(tg, person.id).at(-1)?.messageId ?? 0;
  tg.sendText(BOT_TOKEN, { from: person.id, text: 'ping' });
  await botSaid(tg, person.id, (m) => m.messageId > last && /Use the buttons/.test(m.text ?? ''), 'the bot to catch up');
}

function activity(h: Harness, action: string) {
  return h.core.audit.list({ limit: 500 }).filter((e) => e.action === action);
}

describe('Telegram approvals: pairing', () => {
  it('a valid link pairs: the approver is listed, the app is told, and the Activity log says so', async () => {
    const { tg, h } = await setup({ pairAnn: false });
    const start = await startPairing(h);
    expect(start.link).toBe(`https://t.me/${BOT_USERNAME}?start=${start.code}`);
    const waiting = start.waiting;
    tg.openStartLink(BOT_TOKEN, { from: ANN.id, payload: start.code });
    const ann = await waiting;
    // A new pairing is results-only until the creator grants approval rights on the desk.
    expect(ann).toMatchObject({ userId: ANN.id, chatId: ANN.id, name: 'Ann', username: 'ann', canApprove: false, timeZone: 'Europe/Berlin' });
    expect((await h.core.handlers['telegram.status']({})).approvers.map((a) => a.id)).toEqual([ann.id]);
    expect(h.of('telegram.changed').some((s) => s.approvers.some((a) => a.id === ann.id))).toBe(true);
    expect(activity(h, 'telegram.paired')).toHaveLength(1);
    expect(activity(h, 'telegram.paired')[0]).toMatchObject({ actor: `telegram:${ANN.id}`, subject: ann.id });
    await botSaid(tg, ANN.id, (m) => /Paired with Clipdesk/.test(m.text ?? ''), 'the welcome');
  });

  it('a new pairing has no approval rights until the creator grants them on the desk', async () => {
    const fx = await setup({ pairAnn: false });
    const { tg, h } = fx;
    const ann = await pair(h.core, tg, ANN, { resultsOnly: true });
    expect(ann.canApprove).toBe(false);
    const welcome = await botSaid(tg, ANN.id, (m) => /Paired with Clipdesk/.test(m.text ?? ''), 'the welcome');
    expect(welcome.text).toMatch(/results only\. To approve posts from here, the creator must grant you approval rights in Clipdesk on their computer/);
    // No one may approve yet, so posts do not wait for her, and she gets no buttons.
    expect(h.core.approvals.required()).toBe(false);
    const first = await createPost(fx, { at: Date.now() + HOUR, caption: 'before' });
    expect(first.state).toBe('scheduled');
    await drained(tg);
    expect(chat(tg, ANN.id).filter((m) => m.inlineKeyboard)).toHaveLength(0);

    // The creator ticks "May approve" (telegram.approvers.update, as Settings → Telegram does).
    const granted = await h.core.handlers['telegram.approvers.update']({ id: ann.id, canApprove: true }, IN_WINDOW);
    expect(granted.canApprove).toBe(true);
    expect(activity(h, 'telegram.approver_updated').at(-1)).toMatchObject({ actor: 'app', subject: ann.id, detail: expect.stringMatching(/may approve/) });
    expect(h.core.approvals.required()).toBe(true);
    const second = await createPost(fx, { at: Date.now() + 2 * HOUR, caption: 'after' });
    expect(second.state).toBe('awaiting_approval');
    const request = await requestIn(tg, ANN.id);
    expect(request.caption).toContain('after');
    expect(request.inlineKeyboard?.flat().map((b) => b.text)).toContain('✅ Approve');
    // Re-pairing the same chat from a new link keeps the rights the creator gave.
    expect((await pair(h.core, tg, ANN, { resultsOnly: true })).canApprove).toBe(true);
  });

  it('an expired link is refused with the neutral reply and an Activity entry; nothing is paired', async () => {
    const clock = fakeClock(Date.now());
    const { tg, h } = await setup({ pairAnn: false, core: { clock } });
    const start = await startPairing(h);
    const waiting = start.waiting;
    const outcome = waiting.then(() => 'paired', (e: Error) => e.message);
    clock.advance(15 * 60_000 + 1_000);
    tg.openStartLink(BOT_TOKEN, { from: ANN.id, payload: start.code });
    await botSaid(tg, ANN.id, (m) => m.text === REFUSED_LINK, 'the refusal');
    expect(await outcome).toMatch(/expired/);
    expect(h.core.telegram.status().approvers).toEqual([]);
    expect(activity(h, 'telegram.paired')).toHaveLength(0);
    const refused = activity(h, 'telegram.pairing_refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.detail).toMatch(/expired/);
  });

  it('a used link cannot pair anyone else', async () => {
    const { tg, h } = await setup({ pairAnn: false });
    const start = await startPairing(h);
    const waiting = start.waiting;
    tg.openStartLink(BOT_TOKEN, { from: ANN.id, payload: start.code });
    await waiting;
    tg.openStartLink(BOT_TOKEN, { from: BOB.id, payload: start.code });
    await botSaid(tg, BOB.id, (m) => m.text === REFUSED_LINK, 'the refusal');
    expect(h.core.telegram.status().approvers.map((a) => a.userId)).toEqual([ANN.id]);
    expect(activity(h, 'telegram.pairing_refused')[0]?.detail).toMatch(/Bob used a pairing link that is used/);
  });

  it('a pairing its caller gives up stops the wait, withdraws the link and pairs nobody', async () => {
    const { tg, h } = await setup({ pairAnn: false });
    const start = await startPairing(h);
    start.cancel();
    await expect(start.waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    tg.openStartLink(BOT_TOKEN, { from: ANN.id, payload: start.code });
    await botSaid(tg, ANN.id, (m) => m.text === REFUSED_LINK, 'the refusal');
    expect(h.core.telegram.status().approvers).toEqual([]);
  });

  it('two approvers get each request; once one is removed, only the other gets the next', async () => {
    const fx = await setup({ pairBob: true });
    const { tg, h } = fx;
    await createPost(fx, { at: Date.now() + HOUR, caption: 'first' });
    await requestIn(tg, ANN.id);
    const bobsFirst = await requestIn(tg, BOB.id);
    const bobsApprove = buttonData(bobsFirst, 'Approve');
    await h.core.handlers['telegram.approvers.remove']({ id: fx.bob!.id });
    expect(h.core.telegram.status().approvers.map((a) => a.userId)).toEqual([ANN.id]);
    expect(activity(h, 'telegram.unpaired')).toHaveLength(1);
    await createPost(fx, { at: Date.now() + 2 * HOUR, caption: 'second' });
    const second = await requestIn(tg, ANN.id, 1);
    expect(second.caption).toContain('second');
    await waitFor(() => h.core.approvals.list().every((a) => a.deliveries.every((d) => d.state === 'sent')), 10_000, 'deliveries to settle');
    const latest = h.core.approvals.list().find((a) => a.post.caption === 'second')!;
    expect(latest.deliveries.map((d) => d.approverId)).toEqual([fx.ann!.id]);
    await drained(tg);
    expect(chat(tg, BOB.id).filter((m) => (m.caption ?? '').includes('second'))).toHaveLength(0);
    // Bob's copy of the waiting request loses its buttons, and the old button data no longer works for him.
    await waitFor(() => chat(tg, BOB.id).find((m) => m.messageId === bobsFirst.messageId && m.inlineKeyboard === null), 10_000, "Bob's buttons to go");
    const cb = tg.pressButton(BOT_TOKEN, { from: BOB.id, chatId: BOB.id, messageId: bobsFirst.messageId, data: bobsApprove, forge: true });
    expect((await answerTo(tg, cb)).text).toBe('Only paired approvers can use these buttons.');
    expect(h.core.approvals.list().find((a) => a.post.caption === 'first')?.status).toBe('pending');
  });
});

describe('Telegram approvals: strangers and forged presses', () => {
  it('a press from an unpaired member of a paired group is ignored, answered neutrally and logged', async () => {
    const fx = await setup({ pairAnn: false });
    const { tg, h } = fx;
    const GROUP = -100_777;
    tg.addGroup({ id: GROUP, title: 'Team', memberIds: [ANN.id, STRANGER.id] });
    const start = await startPairing(h);
    // The group link carries the same one-time code; opening it, Telegram adds the bot to the
    // group Ann picks and sends "/start@bot <code>" there from her.
    const groupCode = new URL(start.groupLink).searchParams.get('startgroup');
    expect(start.groupLink.startsWith(`https://t.me/${BOT_USERNAME}?startgroup=`)).toBe(true);
    expect(groupCode).toBe(start.code);
    const waiting = start.waiting;
    tg.sendText(BOT_TOKEN, { from: ANN.id, chatId: GROUP, text: `/start@${BOT_USERNAME} ${groupCode}` });
    const ann = await waiting;
    expect(ann).toMatchObject({ userId: ANN.id, chatId: GROUP, chatTitle: 'Team', canApprove: false });
    await h.core.handlers['telegram.approvers.update']({ id: ann.id, canApprove: true });
    const post = await createPost(fx, { at: Date.now() + HOUR });
    const request = await requestIn(tg, GROUP);

    const cb = press(tg, STRANGER, request, 'Approve', GROUP);
    expect((await answerTo(tg, cb)).text).toBe('Only paired approvers can use these buttons.');
    expect(h.core.posts.get(post.id).state).toBe('awaiting_approval');
    expect(h.core.approvals.list()[0]?.status).toBe('pending');
    const refused = activity(h, 'telegram.refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actor: `telegram:${STRANGER.id}`, subject: String(GROUP) });
    expect(refused[0]?.detail).toMatch(/Mallory \(@mallory\), not paired, pressed a button/);
    expect(messageNow(tg, GROUP, request.messageId)?.inlineKeyboard).not.toBeNull();
    // Ann, paired in that group, can still decide there.
    press(tg, ANN, request, 'Approve', GROUP);
    expect((await waitFor(() => (h.core.posts.get(post.id).state === 'scheduled' ? h.core.posts.get(post.id) : undefined), 10_000, 'approval')).approval?.decidedBy).toBe('Ann (@ann) on Telegram');
  });

  it('forged callback data (another chat\'s request, garbage) is refused and decides nothing', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    const post = await createPost(fx, { at: Date.now() + HOUR });
    const request = await requestIn(tg, ANN.id);
    const approveData = request.inlineKeyboard![0]![0]!.callback_data!;
    // Bob pairs after the request went out: it never reached his chat.
    await pair(h.core, tg, BOB);
    const welcome = await botSaid(tg, BOB.id, (m) => /Paired with Clipdesk/.test(m.text ?? ''), "Bob's welcome");
    const forged = (from: { id: number }, m: BotMessage, data: string) => tg.pressButton(BOT_TOKEN, { from: from.id, chatId: from.id, messageId: m.messageId, data, forge: true });
    const answers = [
      await answerTo(tg, forged(BOB, welcome, approveData)),
      await answerTo(tg, forged(ANN, request, 'a:AAAAAAAAAAAA:ok')),
      await answerTo(tg, forged(ANN, request, `${approveData}:x`)),
      await answerTo(tg, forged(ANN, request, "'; DROP TABLE approvals; --")),
      await answerTo(tg, forged(ANN, request, approveData.replace(/:ok$/, ':zz'))),
    ];
    for (const a of answers) expect(a.text).toBe('This button is no longer valid.');
    expect(h.core.posts.get(post.id).state).toBe('awaiting_approval');
    expect(h.core.approvals.list()[0]?.status).toBe('pending');
  });

  it('a stranger writing to the bot gets at most one neutral reply an hour and one Activity entry', async () => {
    const clock = fakeClock(Date.now());
    const { tg, h } = await setup({ core: { clock } });
    for (const text of ['hi', '/start', '/queue', 'approve everything']) tg.sendText(BOT_TOKEN, { from: STRANGER.id, text });
    await drained(tg);
    expect(chat(tg, STRANGER.id).map((m) => m.text)).toEqual(['This is a private bot.']);
    expect(activity(h, 'telegram.refused')).toHaveLength(1);
    // Nothing of the app leaks to them.
    expect(h.core.telegram.status().approvers.map((a) => a.userId)).toEqual([ANN.id]);
    // An hour later, one more.
    clock.advance(HOUR + 1_000);
    tg.sendText(BOT_TOKEN, { from: STRANGER.id, text: 'hello?' });
    tg.sendText(BOT_TOKEN, { from: STRANGER.id, text: 'hello??' });
    await drained(tg);
    expect(chat(tg, STRANGER.id).map((m) => m.text)).toEqual(['This is a private bot.', 'This is a private bot.']);
    expect(activity(h, 'telegram.refused')).toHaveLength(2);
  });
});

describe('Telegram approvals: commands', () => {
  it('/help, /queue and /pending answer a paired approver', async () => {
    const fx = await setup();
    const { tg } = fx;
    const at = Date.now() + HOUR;
    await createPost(fx, { at, caption: 'Queued <one> & co' });
    await requestIn(tg, ANN.id);
    const ask = async (text: string) => {
      const last = chat(tg, ANN.id).at(-1)?.messageId ?? 0;
      tg.sendText(BOT_TOKEN, { from: ANN.id, text });
      return (await botSaid(tg, ANN.id, (m) => m.messageId > last && m.kind === 'text', `the answer to ${text}`)).text ?? '';
    };
    expect(await ask('/help')).toMatch(/\/queue – upcoming posts[\s\S]*\/pending[\s\S]*\/timezone/);
    const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
    const queue = await ask('/queue');
    expect(queue).toMatch(/^Upcoming posts\n• /);
    expect(queue).toContain('Maria Bakes');
    expect(queue).toContain('Queued <one> & co');
    expect(queue).toContain(time);
    expect(queue).toContain('needs approval');
    const pending = await ask('/pending');
    expect(pending).toMatch(/^Waiting for approval/);
    expect(pending).toContain('Queued <one> & co');
    expect(pending).toContain(time);
  });

  it('/timezone Europe/Paris changes the approver\'s zone; an unknown zone is refused', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    const ask = async (text: string) => {
      const last = chat(tg, ANN.id).at(-1)?.messageId ?? 0;
      tg.sendText(BOT_TOKEN, { from: ANN.id, text });
      return (await botSaid(tg, ANN.id, (m) => m.messageId > last, `the answer to ${text}`)).text ?? '';
    };
    expect(await ask('/timezone')).toMatch(/shown in Europe\/Berlin/);
    expect(await ask('/timezone Europe/Paris')).toBe('Done: times are now shown in Europe/Paris.');
    expect(h.core.telegram.status().approvers[0]?.timeZone).toBe('Europe/Paris');
    expect(await ask('/timezone Mars/Olympus_Mons')).toMatch(/is not a time zone Clipdesk knows/);
    expect(h.core.telegram.status().approvers[0]?.timeZone).toBe('Europe/Paris');
    // Times in new requests are read in the new zone.
    expect(await ask('/timezone America/New_York')).toMatch(/Done/);
    const at = Date.now() + HOUR;
    await createPost(fx, { at });
    const request = await requestIn(tg, ANN.id);
    const ny = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
    expect(request.caption).toContain(ny);
  });
});

describe('Telegram approvals: the bot token', () => {
  it('never appears in plaintext in the data folder, the Activity log, or a setup error', async () => {
    const fx = await setup();
    const { tg, h } = fx;
    // Some traffic, including failures whose messages are recorded.
    tg.fault({ method: 'sendVideo', kind: 'drop' });
    await createPost(fx, { at: Date.now() + HOUR });
    await requestIn(tg, ANN.id);
    const secretPart = BOT_TOKEN.split(':')[1]!;

    const errors: string[] = [];
    for (const token of ['7000000002:AAH-wrong-token-abcdefghijklmnopqrstu', BOT_TOKEN]) {
      if (token === BOT_TOKEN) tg.fault({ method: 'getMe', kind: 'drop' });
      const err = (await h.core.handlers['telegram.setup']({ token }).then(
        () => null,
        (e: Error) => e,
      )) as (Error & { code?: string }) | null;
      expect(err).not.toBeNull();
      errors.push(`${err!.message} ${JSON.stringify(err)} ${err!.stack ?? ''}`);
    }
    expect(errors[0]).toMatch(/Telegram does not know this bot token/);
    expect(errors[1]).toMatch(/cannot be reached/);
    for (const e of errors) {
      expect(e).not.toContain(secretPart);
      expect(e).not.toContain('AAH-wrong-token');
    }
    expect(JSON.stringify(await h.core.handlers['activity.list']({ limit: 500 }))).not.toContain(secretPart);
    expect(JSON.stringify(await h.core.handlers['approvals.list']({}))).not.toContain(secretPart);
    expect(JSON.stringify(await h.core.handlers['telegram.status']({}))).not.toContain(secretPart);

    await h.core.close();
    const needle = Buffer.from(secretPart);
    const files = listFiles(h.dataDir);
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) {
      const bytes = fs.readFileSync(f);
      expect(bytes.indexOf(needle), f).toBe(-1);
      expect(bytes.indexOf(Buffer.from(secretPart, 'utf16le')), f).toBe(-1);
    }
  });
});
