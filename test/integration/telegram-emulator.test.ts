// The Telegram emulator is only worth testing against if it is as strict as Telegram: these
// tests drive it with REAL grammY over HTTP (bot.api.* and bot.start() long polling, no app
// code) and check the wire protocol of docs/platforms.md, Telegram §4, the limits of §2, the
// error wording of §1.5, and every fault kind.
import { Bot, GrammyError, HttpError, InputFile } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTelegramEmulator, WORDS, type TelegramEmulator } from '../emulators/telegram';

const TOKEN = '123456789:AAtest-token_for_the_clipdesk_bot_x';
const OTHER_TOKEN = '987654321:AAanother-token_for_a_second_bot_y';
const BOT = 'clipdesk_test_bot';
const ANN = 42;
const BEN = 43;

let emu: TelegramEmulator;
const bots: Bot[] = [];

beforeAll(async () => {
  emu = await startTelegramEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  for (const b of bots.splice(0)) if (b.isRunning()) await b.stop().catch(() => undefined);
  emu.reset();
  emu.addBot({ token: TOKEN, username: BOT, firstName: 'Clipdesk' });
  emu.addUser({ id: ANN, firstName: 'Ann', username: 'ann' });
  emu.addUser({ id: BEN, firstName: 'Ben' });
});

function newBot(token = TOKEN): Bot {
  const bot = new Bot(token, { client: { apiRoot: emu.url } });
  bots.push(bot);
  return bot;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: () => T | undefined | false, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v) return v;
    if (Date.now() > until) throw new Error('Timed out waiting');
    await sleep(10);
  }
}

/** The GrammyError a call rejects with. */
async function grammyError(p: Promise<unknown>): Promise<GrammyError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GrammyError);
  return e as GrammyError;
}

/** Ann has written to the bot, so it may write to her. */
const annStarts = () => emu.sendText(TOKEN, { from: ANN, text: 'hello' });

const KEYBOARD = { inline_keyboard: [[{ text: '✅ Approve', callback_data: 'ap:abc:a' }, { text: '❌ Reject', callback_data: 'ap:abc:r' }]] };

const raw = (method: string, init?: RequestInit, token = TOKEN) => fetch(`${emu.url}/bot${token}/${method}`, init);

describe('basics', () => {
  it('getMe answers through grammY; unknown token 401, unknown method 404, names case-insensitive, always the envelope', async () => {
    const me = await newBot().api.getMe();
    expect(me).toMatchObject({ is_bot: true, username: BOT, first_name: 'Clipdesk', id: 123456789 });

    const e = await grammyError(new Bot('1:nope', { client: { apiRoot: emu.url } }).api.getMe());
    expect(e.error_code).toBe(401);
    expect(e.description).toBe('Unauthorized');

    const notFound = await raw('sendSticker', { method: 'POST' });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });

    const upper = await raw('GETME');
    expect(upper.status).toBe(200);
    expect(((await upper.json()) as { result: { username: string } }).result.username).toBe(BOT);
    expect(emu.requests.at(-1)).toMatchObject({ method: 'getMe', bot: BOT, httpMethod: 'GET', status: 200 });

    const form = await raw('sendMessage', { method: 'POST', body: new URLSearchParams({ chat_id: String(ANN), text: 'x' }) });
    expect(form.status).toBe(403);
    expect(await form.json()).toEqual({ ok: false, error_code: 403, description: `Forbidden: ${WORDS.cantInitiate}` });
  });
});

describe('long polling with bot.start()', () => {
  it('holds getUpdates until an update arrives, then delivers a /start payload and a callback query', async () => {
    const bot = newBot();
    const seen: { match?: string; data?: string } = {};
    bot.command('start', async (ctx) => {
      seen.match = ctx.match;
      await ctx.reply('Linked. Approve?', { reply_markup: KEYBOARD });
    });
    bot.callbackQuery(/^ap:(\w+):([ar])$/, async (ctx) => {
      seen.data = ctx.callbackQuery.data;
      expect(ctx.from.id).toBe(ANN);
      expect(ctx.chat?.id).toBe(ANN);
      await ctx.answerCallbackQuery({ text: 'Approved ✓' });
      await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } });
    });
    const running = bot.start();
    await sleep(300);
    // The poll is held: nothing answered a timeout=30 getUpdates yet.
    expect(emu.requests.some((r) => r.method === 'getUpdates' && r.payload.timeout === 30)).toBe(false);
    const injectedAt = Date.now();
    emu.openStartLink(TOKEN, { from: ANN, payload: 'Zm9vYmFy_-' });
    await waitFor(() => seen.match);
    expect(seen.match).toBe('Zm9vYmFy_-');
    const poll = emu.requests.find((r) => r.method === 'getUpdates' && r.payload.timeout === 30)!;
    expect(poll.at).toBeLessThan(injectedAt);
    expect(poll.status).toBe(200);

    const [prompt] = await waitFor(() => emu.messages(TOKEN, ANN).length === 1 && emu.messages(TOKEN, ANN));
    const cbId = emu.pressButton(TOKEN, { from: ANN, chatId: ANN, messageId: prompt!.messageId, data: 'ap:abc:a' });
    await waitFor(() => emu.messages(TOKEN, ANN)[0]!.inlineKeyboard === null);
    expect(seen.data).toBe('ap:abc:a');
    expect(emu.callbackAnswers(TOKEN).get(cbId)).toMatchObject({ text: 'Approved ✓' });
    expect(emu.messages(TOKEN, ANN)[0]).toMatchObject({ edits: 1, text: 'Linked. Approve?' });

    await bot.stop();
    await running;
    expect(emu.pendingUpdates(TOKEN)).toEqual([]);
  });

  it('confirms handled updates on stop (no redelivery); unconfirmed ones come back after a crash', async () => {
    const first = newBot();
    const handled: string[] = [];
    first.on('message:text', (ctx) => void handled.push(ctx.msg.text));
    const running = first.start();
    emu.sendText(TOKEN, { from: ANN, text: 'one' });
    await waitFor(() => handled.length === 1);
    await first.stop();
    await running;
    expect(emu.pendingUpdates(TOKEN)).toEqual([]);

    // A crash: the handler throws, the error handler rethrows, start() rejects without confirming.
    emu.sendText(TOKEN, { from: ANN, text: 'two' });
    emu.sendText(TOKEN, { from: ANN, text: 'three' });
    const crashing = newBot();
    crashing.on('message:text', () => {
      throw new Error('boom');
    });
    crashing.catch((err) => {
      throw err.error;
    });
    await expect(crashing.start()).rejects.toThrow('boom');
    expect(emu.pendingUpdates(TOKEN).map((u) => u.message?.text)).toEqual(['two', 'three']);

    const again = newBot();
    const redelivered: string[] = [];
    again.on('message:text', (ctx) => void redelivered.push(ctx.msg.text));
    const run2 = again.start();
    await waitFor(() => redelivered.length === 2);
    expect(redelivered).toEqual(['two', 'three']);
    expect(handled).toEqual(['one']);
    await again.stop();
    await run2;
    expect(emu.pendingUpdates(TOKEN)).toEqual([]);
  });

  it('a second poller makes the first one fail with 409 terminated by other getUpdates', async () => {
    const a = newBot();
    const aRun = a.start();
    const aResult = aRun.then(
      () => undefined,
      (e: unknown) => e,
    );
    await sleep(200);
    const b = newBot();
    const got: string[] = [];
    b.on('message:text', (ctx) => void got.push(ctx.msg.text));
    const bRun = b.start();
    const e = await aResult;
    expect(e).toBeInstanceOf(GrammyError);
    expect((e as GrammyError).error_code).toBe(409);
    expect((e as GrammyError).description).toBe(WORDS.pollConflict);
    // B holds the bot now and receives.
    emu.sendText(TOKEN, { from: ANN, text: 'to b' });
    await waitFor(() => got.length === 1);
    await b.stop();
    await bRun;
  });

  it('a webhook makes getUpdates 409; getWebhookInfo reports it; deleteWebhook (drop_pending_updates) clears', async () => {
    const api = newBot().api;
    annStarts();
    emu.setWebhook(TOKEN, 'https://example.com/hook');
    const e = await grammyError(api.getUpdates());
    expect(e.error_code).toBe(409);
    expect(e.description).toBe(WORDS.webhookConflict);
    expect(await api.getWebhookInfo()).toEqual({ url: 'https://example.com/hook', has_custom_certificate: false, pending_update_count: 1 });
    await api.deleteWebhook({ drop_pending_updates: true });
    expect(await api.getUpdates({ timeout: 0 })).toEqual([]);
    expect(await api.getWebhookInfo()).toMatchObject({ url: '', pending_update_count: 0 });
    const bad = await grammyError(api.setWebhook('http://example.com/hook'));
    expect(bad.description).toBe('Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
  });

  it('getUpdates: offset confirms, limit caps, timeout 0 answers at once, allowed_updates filters new updates', async () => {
    const api = newBot().api;
    for (const t of ['a', 'b', 'c']) emu.sendText(TOKEN, { from: ANN, text: t });
    const two = await api.getUpdates({ limit: 2 });
    expect(two.map((u) => u.update_id)).toEqual([1, 2]);
    const rest = await api.getUpdates({ offset: 3 });
    expect(rest.map((u) => u.message?.text)).toEqual(['c']);
    expect(emu.pendingUpdates(TOKEN)).toHaveLength(1);
    await api.getUpdates({ offset: 4, allowed_updates: ['callback_query'] });
    emu.sendText(TOKEN, { from: ANN, text: 'filtered out' });
    expect(emu.pendingUpdates(TOKEN)).toEqual([]);
    const t0 = Date.now();
    emu.knobs.maxLongPollSeconds = 1;
    expect(await api.getUpdates({ timeout: 30 })).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe('sending', () => {
  it('sendVideo multipart with a thumbnail: records bytes, filename, dimensions; the file_id can be resent', async () => {
    annStarts();
    const api = newBot().api;
    const msg = await api.sendVideo(ANN, new InputFile(Buffer.alloc(50_000, 7), 'clip.mp4'), {
      caption: '<b>New clip</b> &amp; more',
      parse_mode: 'HTML',
      width: 1080,
      height: 1920,
      duration: 27,
      supports_streaming: true,
      thumbnail: new InputFile(Buffer.alloc(1_234, 1), 'clip_thumb.jpg'),
      reply_markup: KEYBOARD,
      disable_notification: true,
    });
    expect(msg.caption).toBe('New clip & more');
    expect(msg.caption_entities).toEqual([{ type: 'bold', offset: 0, length: 8 }]);
    expect(msg.video).toMatchObject({ width: 1080, height: 1920, duration: 27, mime_type: 'video/mp4', file_size: 50_000 });
    expect(msg.video?.thumbnail?.file_size).toBe(1_234);
    expect(msg.reply_markup).toEqual(KEYBOARD);
    const [rec] = emu.messages(TOKEN, ANN);
    expect(rec).toMatchObject({
      kind: 'video',
      caption: 'New clip & more',
      parseMode: 'HTML',
      disableNotification: true,
      inlineKeyboard: KEYBOARD.inline_keyboard,
      video: { bytes: 50_000, filename: 'clip.mp4', width: 1080, height: 1920, duration: 27, supportsStreaming: true, thumbnail: { bytes: 1_234, filename: 'clip_thumb.jpg' }, fileId: msg.video!.file_id },
    });
    const req = emu.requests.find((r) => r.method === 'sendVideo')!;
    const attach = String(req.payload.video);
    expect(attach).toMatch(/^attach:\/\//);
    expect(req.payload[attach.slice('attach://'.length)]).toEqual({ filename: 'clip.mp4', bytes: 50_000 });

    const again = await api.sendVideo(ANN, msg.video!.file_id, { caption: 'again' });
    expect(again.video?.file_id).toBe(msg.video!.file_id);
    expect(emu.messages(TOKEN, ANN)[1]!.video).toMatchObject({ bytes: 50_000, filename: 'clip.mp4' });
    const wrong = await grammyError(api.sendVideo(ANN, 'not-a-file-id'));
    expect(wrong.description).toBe(`Bad Request: ${WORDS.wrongFileId}`);

    const served = await fetch(`${emu.url}/__emulator/files/${encodeURIComponent(msg.video!.file_id)}`);
    expect(served.headers.get('content-type')).toBe('video/mp4');
    expect((await served.arrayBuffer()).byteLength).toBe(50_000);
  });

  it('413 over maxUploadBytes (bytes received, not a header), as a GrammyError', async () => {
    annStarts();
    emu.knobs.maxUploadBytes = 10_000;
    const e = await grammyError(newBot().api.sendVideo(ANN, new InputFile(Buffer.alloc(10_001), 'big.mp4')));
    expect(e.error_code).toBe(413);
    expect(e.description).toBe('Request Entity Too Large');
    expect(emu.messages(TOKEN)).toEqual([]);
    const ok = await newBot().api.sendVideo(ANN, new InputFile(Buffer.alloc(10_000), 'fits.mp4'));
    expect(ok.video?.file_size).toBe(10_000);
  });

  it('limits count the text after entity parsing: caption 1024, text 4096', async () => {
    annStarts();
    const api = newBot().api;
    const file = () => new InputFile(Buffer.alloc(10), 'c.mp4');
    const long = await grammyError(api.sendVideo(ANN, file(), { caption: 'x'.repeat(1025) }));
    expect(long.error_code).toBe(400);
    expect(long.description).toBe('Bad Request: message caption is too long');
    await api.sendVideo(ANN, file(), { caption: `<b>${'x'.repeat(1024)}</b>`, parse_mode: 'HTML' });
    expect((await grammyError(api.sendMessage(ANN, 'y'.repeat(4097)))).description).toBe('Bad Request: message is too long');
    await api.sendMessage(ANN, `<i>${'y'.repeat(4096)}</i>`, { parse_mode: 'HTML' });
    expect((await grammyError(api.sendMessage(ANN, '   '))).description).toBe('Bad Request: message text is empty');
  });

  it("malformed HTML → can't parse entities", async () => {
    annStarts();
    const api = newBot().api;
    const html = (text: string) => grammyError(api.sendMessage(ANN, text, { parse_mode: 'HTML' })).then((e) => e.description);
    expect(await html('<foo>x</foo>')).toBe(`Bad Request: can't parse entities: Unsupported start tag "foo" at byte offset 0`);
    expect(await html('<b>open')).toBe(`Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`);
    expect(await html('a < b')).toMatch(/^Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2$/);
    expect(await html('Tom & Jerry')).toMatch(/^Bad Request: can't parse entities: /);
    expect(await html('<b>x</i>')).toMatch(/Unmatched end tag at byte offset 4, expected "<\/b>", found "<\/i>"/);
    const ok = await api.sendMessage(ANN, '&lt;tag&gt; &quot;q&quot; &#65; <a href="https://e.x/?a=1&amp;b=2">link</a>', { parse_mode: 'HTML' });
    expect(ok.text).toBe('<tag> "q" A link');
    expect(ok.entities).toEqual([{ type: 'text_link', offset: 12, length: 4, url: 'https://e.x/?a=1&b=2' }]);
  });

  it('callback_data is 1–64 BYTES: 65 bytes (or 33 Cyrillic letters) → BUTTON_DATA_INVALID', async () => {
    annStarts();
    const api = newBot().api;
    const kb = (data: string) => ({ reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: data }]] } });
    expect((await grammyError(api.sendMessage(ANN, 'x', kb('a'.repeat(65))))).description).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect((await grammyError(api.sendMessage(ANN, 'x', kb('я'.repeat(33))))).description).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect((await grammyError(api.sendMessage(ANN, 'x', kb('')))).description).toBe('Bad Request: BUTTON_DATA_INVALID');
    await api.sendMessage(ANN, 'x', kb('a'.repeat(64)));
    await api.sendMessage(ANN, 'x', kb('я'.repeat(32)));
    expect(emu.messages(TOKEN, ANN)).toHaveLength(2);
  });

  it('force_reply and replies: the user answers the prompt, the bot sees reply_to_message', async () => {
    annStarts();
    const api = newBot().api;
    const prompt = await api.sendMessage(ANN, 'Send the new caption', { reply_markup: { force_reply: true, input_field_placeholder: 'New caption…' } });
    expect(emu.messages(TOKEN, ANN)[0]).toMatchObject({ forceReply: true, inlineKeyboard: null });
    const answer = emu.sendText(TOKEN, { from: ANN, text: 'better caption', replyToMessageId: prompt.message_id });
    const updates = await api.getUpdates();
    const last = updates.at(-1)!.message!;
    expect(last.message_id).toBe(answer.message_id);
    expect(last.reply_to_message).toMatchObject({ message_id: prompt.message_id, text: 'Send the new caption' });
    const replied = await api.sendMessage(ANN, 'ok', { reply_parameters: { message_id: answer.message_id } });
    expect(replied.reply_to_message?.message_id).toBe(answer.message_id);
    expect(emu.messages(TOKEN, ANN)[1]!.replyToMessageId).toBe(answer.message_id);
    expect((await grammyError(api.sendMessage(ANN, 'x', { reply_parameters: { message_id: 999 } }))).description).toBe('Bad Request: message to be replied not found');
  });

  it("403 for a never-started chat and a blocked bot; 400 for an unknown chat", async () => {
    const api = newBot().api;
    const never = await grammyError(api.sendMessage(ANN, 'hi'));
    expect(never.error_code).toBe(403);
    expect(never.description).toBe("Forbidden: bot can't initiate conversation with a user");
    annStarts();
    await api.sendMessage(ANN, 'hi');
    emu.setBlocked(TOKEN, ANN, true);
    const blocked = await grammyError(api.sendMessage(ANN, 'hi'));
    expect(blocked.error_code).toBe(403);
    expect(blocked.description).toBe('Forbidden: bot was blocked by the user');
    expect(emu.pendingUpdates(TOKEN).at(-1)?.my_chat_member?.new_chat_member.status).toBe('kicked');
    emu.setBlocked(TOKEN, ANN, false);
    await api.sendMessage(ANN, 'welcome back');
    expect((await grammyError(api.sendMessage(999, 'x'))).description).toBe('Bad Request: chat not found');
  });
});

describe('groups and commands', () => {
  it('a command with @botname gets one bot_command entity; in a group the bot (privacy mode) sees only commands, replies and mentions', async () => {
    emu.addGroup({ id: -1001, title: 'Team', memberIds: [ANN, BEN] });
    const api = newBot().api;
    const cmd = emu.sendText(TOKEN, { from: ANN, chatId: -1001, text: `/status@${BOT} now` });
    expect(cmd.entities).toEqual([{ type: 'bot_command', offset: 0, length: `/status@${BOT}`.length }]);
    emu.sendText(TOKEN, { from: BEN, chatId: -1001, text: 'just chatting' });
    const prompt = await api.sendMessage(-1001, 'Who approves?');
    emu.sendText(TOKEN, { from: BEN, chatId: -1001, text: 'me', replyToMessageId: prompt.message_id });
    emu.sendText(TOKEN, { from: ANN, chatId: -1001, text: `hey @${BOT}` });
    const texts = (await api.getUpdates()).map((u) => u.message?.text);
    expect(texts).toEqual([`/status@${BOT} now`, 'me', `hey @${BOT}`]);
    expect(cmd.chat).toEqual({ id: -1001, type: 'group', title: 'Team' });
    expect(() => emu.sendText(TOKEN, { from: ANN, chatId: BEN, text: 'x' })).toThrow(/private chat/);
    expect(emu.messages(TOKEN, -1001)).toHaveLength(1);
  });
});

describe('callbacks and edits', () => {
  async function videoWithButtons(): Promise<number> {
    annStarts();
    const msg = await newBot().api.sendVideo(ANN, new InputFile(Buffer.alloc(100), 'c.mp4'), { caption: 'Clip 1', reply_markup: KEYBOARD });
    return msg.message_id;
  }

  it('answerCallbackQuery once: a second answer, an unknown id or a too-old query → 400 query is too old', async () => {
    const id = await videoWithButtons();
    const api = newBot().api;
    const cb = emu.pressButton(TOKEN, { from: ANN, chatId: ANN, messageId: id, data: 'ap:abc:r' });
    await api.answerCallbackQuery(cb, { text: 'Rejected', show_alert: true });
    expect(emu.callbackAnswers(TOKEN).get(cb)).toMatchObject({ text: 'Rejected', showAlert: true });
    const twice = await grammyError(api.answerCallbackQuery(cb));
    expect(twice.description).toBe('Bad Request: query is too old and response timeout expired or query ID is invalid');
    expect((await grammyError(api.answerCallbackQuery('12345'))).error_code).toBe(400);
    emu.knobs.callbackAnswerWindowMs = 20;
    const late = emu.pressButton(TOKEN, { from: ANN, chatId: ANN, messageId: id, data: 'ap:abc:a' });
    await sleep(60);
    expect((await grammyError(api.answerCallbackQuery(late))).description).toBe(`Bad Request: ${WORDS.queryTooOld}`);
  });

  it('pressButton refuses a button that is not there unless forged; the forged data reaches the bot', async () => {
    const id = await videoWithButtons();
    expect(() => emu.pressButton(TOKEN, { from: ANN, chatId: ANN, messageId: id, data: 'ap:zzz:a' })).toThrow(/no button/);
    emu.pressButton(TOKEN, { from: ANN, chatId: ANN, messageId: id, data: 'ap:zzz:a', forge: true });
    const cq = emu.pendingUpdates(TOKEN).at(-1)!.callback_query!;
    expect(cq).toMatchObject({ data: 'ap:zzz:a', from: { id: ANN }, message: { message_id: id, caption: 'Clip 1', chat: { id: ANN, type: 'private' } } });
    expect(typeof cq.chat_instance).toBe('string');
  });

  it('editMessageCaption without reply_markup removes the buttons; the same edit again is "not modified"', async () => {
    const id = await videoWithButtons();
    const api = newBot().api;
    const edited = await api.editMessageCaption(ANN, id, { caption: 'Clip 1 — approved' });
    expect(edited).toMatchObject({ caption: 'Clip 1 — approved' });
    expect((edited as { reply_markup?: unknown }).reply_markup).toBeUndefined();
    expect(emu.messages(TOKEN, ANN)[0]).toMatchObject({ caption: 'Clip 1 — approved', inlineKeyboard: null, edits: 1 });
    const same = await grammyError(api.editMessageCaption(ANN, id, { caption: 'Clip 1 — approved' }));
    expect(same.description).toBe(`Bad Request: ${WORDS.notModified}`);
    // Putting the keyboard back is a change; the same keyboard again is not.
    await api.editMessageCaption(ANN, id, { caption: 'Clip 1 — approved', reply_markup: KEYBOARD });
    expect((await grammyError(api.editMessageReplyMarkup(ANN, id, { reply_markup: KEYBOARD }))).description).toBe(`Bad Request: ${WORDS.notModified}`);
    await api.editMessageReplyMarkup(ANN, id, { reply_markup: { inline_keyboard: [] } });
    expect(emu.messages(TOKEN, ANN)[0]).toMatchObject({ inlineKeyboard: null, edits: 3 });
  });

  it('editMessageText on a video → no text to edit; unknown message → not found; on text it drops the keyboard', async () => {
    const id = await videoWithButtons();
    const api = newBot().api;
    expect((await grammyError(api.editMessageText(ANN, id, 'x'))).description).toBe('Bad Request: there is no text in the message to edit');
    expect((await grammyError(api.editMessageCaption(ANN, 999, { caption: 'x' }))).description).toBe('Bad Request: message to edit not found');
    const text = await api.sendMessage(ANN, 'Approve?', { reply_markup: KEYBOARD });
    await api.editMessageText(ANN, text.message_id, 'Approved by Ann');
    expect(emu.messages(TOKEN, ANN)[1]).toMatchObject({ text: 'Approved by Ann', inlineKeyboard: null, edits: 1 });
    expect((await grammyError(api.editMessageText(ANN, text.message_id, 'Approved by Ann'))).description).toBe(`Bad Request: ${WORDS.notModified}`);
    expect((await grammyError(api.editMessageCaption(ANN, text.message_id, { caption: 'c' }))).description).toBe(`Bad Request: ${WORDS.noCaptionToEdit}`);
    expect(await api.deleteMessage(ANN, text.message_id)).toBe(true);
    expect(emu.messages(TOKEN, ANN)).toHaveLength(1);
  });
});

describe('faults', () => {
  it('429 reaches grammY as a GrammyError with parameters.retry_after; drop → HttpError; delay answers later', async () => {
    const api = newBot().api;
    emu.fault({ method: 'getme', kind: 'error', code: 429, retryAfter: 7 });
    const e = await grammyError(api.getMe());
    expect(e.error_code).toBe(429);
    expect(e.description).toBe('Too Many Requests: retry after 7');
    expect(e.parameters.retry_after).toBe(7);

    emu.fault({ method: 'getMe', kind: 'drop' });
    const dropped = await api.getMe().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(dropped).toBeInstanceOf(HttpError);
    expect(emu.requests.at(-1)).toMatchObject({ method: 'getMe', status: 0 });

    emu.fault({ method: 'getMe', kind: 'delay', ms: 300, times: 1 });
    const t0 = Date.now();
    await api.getMe();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);

    emu.fault({ method: 'sendMessage', kind: 'error', code: 502, times: 2 });
    expect(emu.pendingFaults()).toHaveLength(1);
    expect((await grammyError(api.sendMessage(ANN, 'x'))).error_code).toBe(502);
    expect((await grammyError(api.sendMessage(ANN, 'x'))).description).toBe('Bad Gateway');
    expect(emu.pendingFaults()).toEqual([]);
    expect(() => emu.fault({ method: 'sendPigeon', kind: 'drop' })).toThrow(/Unknown Bot API method/);
  });

  it('close() ends a held long poll promptly', async () => {
    const other = await startTelegramEmulator();
    other.addBot({ token: OTHER_TOKEN, username: 'other_test_bot' });
    const api = new Bot(OTHER_TOKEN, { client: { apiRoot: other.url } }).api;
    const held = api.getUpdates({ timeout: 30 });
    await sleep(100);
    const t0 = Date.now();
    await other.close();
    expect(await held).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('control API and the phone page', () => {
  const control = (route: string, body?: unknown) =>
    fetch(`${emu.url}/__emulator/${route}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('mirrors the programmatic API over HTTP', async () => {
    expect((await control('bots', { token: OTHER_TOKEN, username: 'second_test_bot' })).status).toBe(200);
    expect((await control('open-start-link', { from: BEN, link: `https://t.me/${BOT}?start=code123` })).status).toBe(200);
    expect(emu.pendingUpdates(TOKEN).at(-1)?.message).toMatchObject({ text: '/start code123', entities: [{ type: 'bot_command', offset: 0, length: 6 }] });
    const sent = await newBot().api.sendMessage(BEN, 'Pick', { reply_markup: KEYBOARD });
    const press = await control('press', { token: TOKEN, from: BEN, chatId: BEN, messageId: sent.message_id, data: 'ap:abc:a' });
    expect(((await press.json()) as { callbackQueryId: string }).callbackQueryId).toMatch(/^\d+$/);
    const bad = await control('press', { token: TOKEN, from: BEN, chatId: BEN, messageId: sent.message_id, data: 'nope' });
    expect(bad.status).toBe(400);
    expect((await control('faults', { method: 'sendVideo', kind: 'drop' })).status).toBe(200);
    expect(emu.pendingFaults()).toEqual([{ method: 'sendVideo', kind: 'drop' }]);
    await control('blocked', { token: TOKEN, userId: BEN, blocked: true });
    expect((await grammyError(newBot().api.sendMessage(BEN, 'x'))).error_code).toBe(403);
    await control('webhook', { token: TOKEN, url: 'https://example.com/x' });
    expect((await newBot().api.getWebhookInfo()).url).toBe('https://example.com/x');
    const messages = (await (await control(`messages?token=${encodeURIComponent(TOKEN)}&chatId=${BEN}`)).json()) as unknown[];
    expect(messages).toHaveLength(1);
    const requests = (await (await control('requests')).json()) as Array<{ method: string }>;
    expect(requests.map((r) => r.method)).toContain('sendMessage');
    expect((await control('state', { maxUploadBytes: 5 })).status).toBe(200);
    expect(emu.knobs.maxUploadBytes).toBe(5);
    expect((await control('state', { maxUploadByte: 5 })).status).toBe(400);
    await control('reset', {});
    expect(emu.requests).toEqual([]);
  });

  it('serves a labelled, self-contained phone page', async () => {
    const res = await control(`phone?token=${encodeURIComponent(TOKEN)}&user=${ANN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const page = await res.text();
    expect(page).toContain('Telegram emulator — nothing here reaches Telegram');
    expect(page).toContain('<label for="msg">Message</label>');
    expect(page).toContain('aria-label="t.me link"');
    expect(page).toMatch(/<button type="button" id="start">Start<\/button>/);
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
    const chat = await control(`chat?token=${encodeURIComponent(TOKEN)}&chatId=${ANN}`);
    expect(await chat.json()).toMatchObject({ bot: { username: BOT }, chatId: ANN, messages: [] });
  });
});
