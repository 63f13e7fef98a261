// Telegram approvals end to end over real HTTP: real grammY long-polling the Telegram emulator,
// real SQLite, real ffmpeg, and the TikTok emulator for the publishing that follows.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PostSummary } from '../../src-shared/posts/post';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { useCores, waitFor } from '../support/core-harness';
import { ANN, BOB, BOT_TOKEN, botSaid, chat, FAST_TELEGRAM, pair, setUpBot, telegramEnv, useTelegramEmulator } from '../support/telegram-harness';
import { useTempDirs } from '../support/temp-dir';
import { connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const tiktok = useTikTokEmulator();
const telegram = useTelegramEmulator();
const newCore = useCores('clipdesk-approvals-');
const tempDir = useTempDirs('clipdesk-approvals-media-');

async function setup(options: { pairBob?: boolean; dataDir?: string } = {}) {
  const tt = tiktok();
  const tg = telegram();
  tt.addUser({ displayName: 'Maria Bakes', username: 'maria' });
  const env = { ...tiktokEnv(tt), ...telegramEnv(tg) };
  const h = newCore({ env, openExternal: createOpenBrowser(env), ...FAST_TELEGRAM, timeZone: 'Europe/Berlin', ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  const account = await connectAccount(h.core);
  await setUpBot(h.core);
  const ann = await pair(h.core, tg, ANN);
  const bob = options.pairBob ? await pair(h.core, tg, BOB) : null;
  const clipId = await importReady(h.core, readyVideo(tempDir()));
  return { tt, tg, h, env, account, ann, bob, clipId };
}

function finalState(h: ReturnType<typeof newCore>, id: string, states: string[], timeoutMs = 60_000): Promise<PostSummary> {
  return waitFor(() => {
    const p = h.core.posts.get(id);
    return states.includes(p.state) ? p : undefined;
  }, timeoutMs, `post to reach ${states.join(' or ')}`);
}

describe('Telegram approvals', () => {
  it('pairs through the one-time link, sends the video for approval, and an Approve on the phone publishes it once', async () => {
    const { tt, tg, h, account, ann, clipId } = await setup();
    expect(ann).toMatchObject({ userId: ANN.id, chatId: ANN.id, name: 'Ann', username: 'ann', canApprove: true, timeZone: 'Europe/Berlin' });
    expect(h.core.telegram.status()).toMatchObject({ state: 'running', bot: { username: 'clipdesk_test_bot' }, emulated: true });
    // Paired → approval is on by default.
    expect(h.core.approvals.required()).toBe(true);

    const at = new Date(Date.now() + 3600_000).toISOString();
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'Sunset 🌅 #beach', tiktok: { ...DIRECT_SELF_ONLY }, publishAt: at });
    expect(post.state).toBe('awaiting_approval');
    expect(post.approval).toMatchObject({ status: 'pending' });
    expect(post.hold).toBeNull();

    const request = await botSaid(tg, ANN.id, (m) => m.kind === 'video', 'the approval request');
    // Dimensions and duration so it plays inline, streamable (index first).
    expect(request.video).toMatchObject({ width: 1080, height: 1920, duration: 2, supportsStreaming: true });
    expect(request.video?.thumbnail?.bytes).toBeGreaterThan(0);
    // The posted file itself (a stream copy with the index first), not a preview.
    expect(Math.abs(request.video!.bytes - fs.statSync(h.core.renders.videoFileOf(h.core.posts.row(post.id))!).size)).toBeLessThan(4096);
    expect(request.caption).toContain('Maria Bakes');
    expect(request.caption).toContain('Sunset 🌅 #beach');
    expect(request.caption).toContain('Only me');
    expect(request.caption).toContain('Direct Post');
    // The time in Ann's zone (Berlin), spelled out.
    const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
    expect(request.caption).toContain(berlin);
    const buttons = request.inlineKeyboard!.flat().map((b) => b.text);
    expect(buttons).toEqual(['✅ Approve', '❌ Reject', '🕐 +1 hour', '📅 Tomorrow, same time', '⌨️ Pick a time', '✏️ Edit caption']);
    for (const b of request.inlineKeyboard!.flat()) expect(Buffer.byteLength(b.callback_data!)).toBeLessThanOrEqual(64);
    await waitFor(() => h.core.approvals.list()[0]?.deliveries[0]?.state === 'sent', 10_000, 'delivery to show as sent');

    // Approve now for "now": move the post to now by approving after rescheduling is not needed —
    // approving a scheduled post publishes at its time; here it is an hour away, so check the state.
    const approveData = request.inlineKeyboard![0]![0]!.callback_data!;
    const cb = tg.pressButton(BOT_TOKEN, { from: ANN.id, chatId: ANN.id, messageId: request.messageId, data: approveData });
    const approved = await finalState(h, post.id, ['scheduled']);
    expect(approved.approval).toMatchObject({ status: 'approved', decidedBy: 'Ann (@ann) on Telegram' });
    await waitFor(() => tg.callbackAnswers(BOT_TOKEN).get(cb), 10_000, 'the press to be answered');
    expect(tg.callbackAnswers(BOT_TOKEN).get(cb)?.text).toMatch(/Approved/);
    // The message shows the outcome and has no buttons left.
    await waitFor(() => chat(tg, ANN.id).find((m) => m.messageId === request.messageId && m.inlineKeyboard === null), 10_000, 'the buttons to go');
    expect(chat(tg, ANN.id).find((m) => m.messageId === request.messageId)?.caption).toMatch(/Approved by Ann \(@ann\) on Telegram/);
    // The record says who and how.
    const view = h.core.approvals.list()[0]!;
    expect(view.decision).toMatchObject({ status: 'approved', by: 'Ann (@ann) on Telegram', actor: `telegram:${ANN.id}`, via: 'telegram' });
    expect(h.core.audit.list({ query: 'post.approve' })[0]).toMatchObject({ actor: `telegram:${ANN.id}` });
    expect(tt.posts).toHaveLength(0); // not yet: it is due in an hour
    // The post's history says who approved it, and where.
    const timeline = await h.core.handlers['posts.timeline']({ id: post.id });
    expect(timeline.map((s) => s.kind)).toEqual(['created', 'approval', 'approval', 'approved']);
    expect(timeline.at(-1)).toMatchObject({ title: 'Approved', by: 'Ann (@ann) on Telegram' });
  });
});
