// What the bot does with each update (docs/platforms.md, Telegram §1.9, §3). Every update is
// gated first: only a paired user in their paired chat may act; "/start <code>" is the one way
// in for anyone else. Strangers are ignored, answered at most with a neutral sentence, and
// written to the Activity log (at most once an hour each). Callback data is untrusted: parsed
// against a fixed shape, then checked against the request's chat and the presser's rights.
// Decisions are claimed in the database before anything else; the callback is always answered,
// and a late answer Telegram rejects changes nothing.
import type { Bot, Context } from 'grammy';
import { AppError } from '../../../src-shared/errors';
import { isApprovalHeld, isHeldMissed } from '../../../src-shared/posts/missed-post';
import { formatInZone, parseTimeReply, sameTimeNextDay, TIME_REPLY_EXAMPLES } from '../../../src-shared/time/zoned-time';
import { TimeZoneSchema } from '../../../src-shared/time/time-schemas';
import type { ApprovalRepo } from '../approvals/approval-repo';
import { captionProblem, telegramDecider, type ApprovalService } from '../approvals/approval-service';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Db } from '../store/database';
import type { PostRepo } from '../post-store/post-repo';
import type { PostService } from '../posts/post-service';
import { confirmKeyboard, escapeHtml, parseCallbackData, scheduleVersion, TELEGRAM_TEXT_MAX, cutToUtf16, type CallbackCommand } from './approval-message';
import { approverLabel, type ApproverRepo, type ApproverRow } from '../approvals/approver-repo';
import type { Pairings } from './pairing';

export interface HandlerDeps {
  db: Db;
  approvers: ApproverRepo;
  pairings: Pairings;
  approvals: ApprovalService;
  repo: ApprovalRepo;
  posts: PostRepo;
  postService: () => PostService;
  audit: AuditLog;
  clock: Clock;
  /** The creator's zone: a new approver's times show in it until they choose theirs. */
  timeZone: () => string;
  onPaired: (approver: ApproverRow, pairingId: string) => void;
}

const PROMPT_TTL_MS = 30 * 60_000;
const STRANGER_QUIET_MS = 3600_000;
const NEUTRAL_REPLY = 'This is a private bot.';
const HELP = [
  'Clipdesk sends you posts to approve before they go to TikTok.',
  '',
  'Use the buttons under each video: Approve, Reject, move it (+1 hour, tomorrow, or pick a time), or edit its caption.',
  '',
  '/queue – upcoming posts',
  '/pending – posts waiting for approval',
  '/timezone – the time zone your times are shown in (e.g. /timezone Europe/Berlin)',
  '/help – this message',
].join('\n');

type Who = { approver: ApproverRow };

export function installHandlers(bot: Bot, deps: HandlerDeps): void {
  const who = new WeakMap<Context, Who>();
  const approverOf = (ctx: Context): ApproverRow => who.get(ctx)!.approver;

  // ── The gate ─────────────────────────────────────────────────────────────────────────────
  bot.use(async (ctx, next) => {
    const from = ctx.from;
    const chat = ctx.chat ?? ctx.callbackQuery?.message?.chat;
    if (!from || !chat || from.is_bot) {
      // A press on something Clipdesk never sent (an inline-mode message): stop the spinner.
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      return;
    }
    const approver = deps.approvers.find(from.id, chat.id);
    if (approver) {
      who.set(ctx, { approver });
      return next();
    }
    const text = ctx.message?.text ?? '';
    if (/^\/start(@\w+)?\s+\S/.test(text)) return pair(ctx, deps);
    await refuseStranger(ctx, deps, chat.type);
  });

  // ── Commands of paired approvers ─────────────────────────────────────────────────────────
  bot.command('start', async (ctx) => {
    const a = approverOf(ctx);
    if (ctx.match) return pair(ctx, deps); // re-pairing from a new link: refreshes names
    await ctx.reply(`You are paired with Clipdesk${a.can_approve ? ' as an approver' : ' (results only)'}. Times are shown in ${a.time_zone}.\n\n${HELP}`);
  });
  bot.command('help', (ctx) => ctx.reply(HELP));
  bot.command('queue', (ctx) => ctx.reply(queueText(deps, approverOf(ctx)), { parse_mode: 'HTML' }));
  bot.command('pending', (ctx) => ctx.reply(pendingText(deps, approverOf(ctx)), { parse_mode: 'HTML' }));
  bot.command('timezone', async (ctx) => {
    const a = approverOf(ctx);
    const zone = ctx.match.trim();
    if (!zone) return void (await ctx.reply(`Your times are shown in ${a.time_zone}. To change it, send e.g. /timezone Europe/Berlin`));
    const parsed = TimeZoneSchema.safeParse(zone);
    if (!parsed.success) return void (await ctx.reply(`“${zone.slice(0, 64)}” is not a time zone Clipdesk knows. Use a name such as Europe/Berlin or America/New_York.`));
    deps.approvers.update(a.id, { timeZone: parsed.data });
    deps.audit.append({ actor: `telegram:${a.user_id}`, action: 'telegram.approver_updated', subject: a.id, detail: `time zone ${parsed.data}` });
    deps.onPaired(deps.approvers.get(a.id), '');
    await ctx.reply(`Done: times are now shown in ${parsed.data}.`);
  });

  // ── Buttons ──────────────────────────────────────────────────────────────────────────────
  bot.on('callback_query:data', async (ctx) => {
    let answer: ButtonAnswer = { text: '' };
    try {
      const cmd = parseCallbackData(ctx.callbackQuery.data);
      answer = cmd ? await onButton(ctx, cmd, approverOf(ctx), deps) : { text: 'This button is no longer valid.' };
    } catch (err) {
      answer = { text: err instanceof AppError ? err.message : 'Something went wrong; try again in Clipdesk.', alert: true };
      if (!(err instanceof AppError)) throw err;
    } finally {
      // Always answered (the phone shows a spinner until then); a late answer that Telegram
      // refuses ("query is too old") does not undo what was decided.
      if (!answer.answered) await ctx.answerCallbackQuery({ text: cutToUtf16(answer.text, 200), show_alert: answer.alert ?? false }).catch(() => undefined);
    }
  });

  // ── Replies to the bot's questions ───────────────────────────────────────────────────────
  bot.on('message:text', async (ctx) => {
    const a = approverOf(ctx);
    // A reply read late (Clipdesk was closed) is read as of when it was sent: "18:30" typed at
    // 17:00 means today, and a question does not expire while the app was away.
    const now = sentAt(ctx.message.date, deps.clock.now());
    const replyTo = ctx.message.reply_to_message?.message_id;
    const prompt = deps.repo.openPrompt(ctx.chat.id, a.user_id, replyTo, now);
    if (!prompt) {
      const words = replyTo !== undefined ? 'That question was closed (or is not one of mine). Tap the button on the request again.' : 'Use the buttons under a request, or send /help.';
      return void (await ctx.reply(words));
    }
    // Demoted since the question was asked: the answer changes nothing.
    if (!a.can_approve) {
      deps.repo.advancePrompt(prompt.id, 'awaiting', 'cancelled');
      return void (await ctx.reply('You are paired to receive results only now; nothing was changed.'));
    }
    const text = ctx.message.text;
    const which = postLabel(deps, prompt.approval_id, a);
    if (prompt.kind === 'caption') {
      const problem = captionProblem(text);
      if (problem) return void (await ctx.reply(problem));
      if (!deps.repo.advancePrompt(prompt.id, 'awaiting', 'confirming', text)) return; // a redelivered reply
      await ctx.reply(`New caption for ${escapeHtml(which.replace(/^The/, 'the'))}:\n\n${escapeHtml(cutToUtf16(text, TELEGRAM_TEXT_MAX - 300))}\n\nSave it?`, {
        parse_mode: 'HTML',
        reply_markup: { inline_keyboard: confirmKeyboard(prompt.id) },
      });
      return;
    }
    const parsed = parseTimeReply(text, now, a.time_zone);
    if (!parsed.ok) return void (await ctx.reply(parsed.problem));
    try {
      deps.approvals.reschedule(prompt.approval_id, parsed.at, telegramDecider(a));
      deps.repo.advancePrompt(prompt.id, 'awaiting', 'done');
      await ctx.reply(`🕒 ${which} moved to ${formatInZone(parsed.at, a.time_zone)}. It still needs an approval.`);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      deps.repo.advancePrompt(prompt.id, 'awaiting', 'cancelled');
      await ctx.reply(err.message);
    }
  });
}

/** When a message was sent, if it waited (≤ a day) for Clipdesk; else now. */
function sentAt(dateSec: number, now: number): number {
  const sent = dateSec * 1000;
  return sent < now && now - sent < 24 * 3600_000 ? sent : now;
}

/** "the post for Maria Bakes at Tue 24 Nov, 18:30 CET (“Sunset…”)" — which post a question or answer is about. */
function postLabel(deps: HandlerDeps, approvalId: string, a: ApproverRow): string {
  const approval = deps.repo.find(approvalId);
  if (!approval) return 'The post';
  const p = deps.posts.get(approval.post_id);
  const when = approval.deadline === null ? 'going out once approved' : `at ${formatInZone(approval.deadline, a.time_zone)}`;
  return `The post for ${p.accountName ?? 'TikTok'} ${when} (“${cutToUtf16(p.caption || 'no caption', 40)}${p.caption.length > 40 ? '…' : ''}”)`;
}

type ButtonAnswer = { text: string; alert?: boolean; answered?: boolean };

async function onButton(ctx: Context, cmd: CallbackCommand, a: ApproverRow, deps: HandlerDeps): Promise<ButtonAnswer> {
  const chatId = ctx.chat?.id ?? ctx.callbackQuery?.message?.chat.id;
  if (!a.can_approve) return { text: 'You are paired to receive results only; the creator can let you approve in Clipdesk.', alert: true };
  const decider = telegramDecider(a);
  if (cmd.kind === 'confirm') {
    const prompt = deps.repo.prompt(cmd.promptId);
    if (!prompt || prompt.chat_id !== chatId || prompt.user_id !== a.user_id) return { text: 'This button is no longer valid.' };
    if (prompt.state !== 'confirming') return { text: prompt.state === 'done' ? 'Already saved.' : 'This question was closed.' };
    if (!cmd.save) {
      deps.repo.advancePrompt(prompt.id, 'confirming', 'cancelled');
      await ctx.editMessageText('Caption not changed.').catch(() => undefined);
      return { text: 'Not changed' };
    }
    deps.approvals.editCaption(prompt.approval_id, prompt.proposed ?? '', decider);
    deps.repo.advancePrompt(prompt.id, 'confirming', 'done');
    await ctx.editMessageText('💾 Caption saved. The request above shows it; it still needs an approval.').catch(() => undefined);
    return { text: 'Caption saved' };
  }
  if (cmd.kind === 'missed') return onMissedButton(ctx, cmd, a, deps);

  const approval = deps.repo.find(cmd.approvalId);
  // The request must have been sent to this chat: data naming another chat's request is refused.
  if (!approval || chatId === undefined || !deps.repo.messageInChat(approval.id, chatId)) return { text: 'This button is no longer valid.' };

  if (cmd.kind === 'retry') {
    deps.postService().retry(approval.post_id, decider.actor);
    return { text: 'Trying again — you will get the result here.' };
  }

  const decided = () => `Already ${approval.status === 'pending' ? 'decided' : approval.status} by ${deps.repo.get(approval.id).decided_by ?? 'someone'}.`;
  switch (cmd.action) {
    case 'approve':
    case 'reject': {
      const outcome = deps.approvals.decide(approval.id, cmd.action, decider);
      if (outcome.won) {
        return { text: cmd.action === 'approve' ? '✅ Approved. It will be published.' : '❌ Rejected. It will not be published.' };
      }
      // Someone else was first: say who, and replace this copy's stale buttons.
      deps.approvals.refreshTelegram(approval.id);
      return { text: `Already ${outcome.approval.status} by ${outcome.approval.decided_by ?? 'someone'}. Nothing changed.`, alert: true };
    }
    case 'plus_hour':
    case 'tomorrow': {
      if (approval.status !== 'pending') return { text: decided(), alert: true };
      const post = deps.posts.row(approval.post_id);
      // Offered for another time: already moved (a double tap, a redelivered press).
      if (cmd.version !== scheduleVersion(post.scheduled_at)) {
        deps.approvals.refreshTelegram(approval.id);
        return { text: `Already moved to ${post.scheduled_at ? formatInZone(Date.parse(post.scheduled_at), a.time_zone) : 'another time'}. Nothing changed.`, alert: true };
      }
      const now = deps.clock.now();
      const base = Math.max(post.scheduled_at ? Date.parse(post.scheduled_at) : now, now);
      const at = cmd.action === 'plus_hour' ? base + 3600_000 : sameTimeNextDay(base, a.time_zone);
      deps.approvals.reschedule(approval.id, at, decider);
      return { text: `🕒 Moved to ${formatInZone(at, a.time_zone)}` };
    }
    case 'pick_time':
    case 'edit_caption': {
      if (approval.status !== 'pending') return { text: decided(), alert: true };
      const kind = cmd.action === 'pick_time' ? 'time' : 'caption';
      const now = deps.clock.now();
      const prompt = deps.repo.addPrompt({ kind, approval_id: approval.id, chat_id: chatId, user_id: a.user_id, created_at: now, expires_at: now + PROMPT_TTL_MS });
      const post = deps.posts.row(approval.post_id);
      const which = postLabel(deps, approval.id, a);
      const question =
        kind === 'time'
          ? `When should ${which.replace(/^The/, 'the')} go out? Reply to this message with a time in ${a.time_zone}, e.g. ${TIME_REPLY_EXAMPLES}.`
          : `Reply to this message with the new caption for ${which.replace(/^The/, 'the')} (up to 2,200 characters; emoji count double).\n\nNow:\n${cutToUtf16(post.caption || '(no caption)', 3000)}`;
      // Answer the press first: sending the question may take a while, and the phone spins until then.
      await ctx.answerCallbackQuery({ text: kind === 'time' ? 'Reply with the time' : 'Reply with the new caption' }).catch(() => undefined);
      try {
        // No `selective`: in a group it would show the reply field to nobody (the question
        // replies to no one); only the approver's reply is read anyway.
        const sent = await ctx.reply(question, { reply_markup: { force_reply: true, input_field_placeholder: kind === 'time' ? 'e.g. tomorrow 18:30' : 'New caption…' } });
        deps.repo.setPromptMessage(prompt.id, sent.message_id);
      } catch (err) {
        // Not asked: the person's next text must not be taken as its answer.
        deps.repo.advancePrompt(prompt.id, 'awaiting', 'cancelled');
        throw err;
      }
      return { text: '', answered: true };
    }
  }
}

/**
 * "Publish now" / "In 1 hour" on a post that missed its time. Any approver who may decide can
 * answer; the first answer acts, a later one finds the post no longer held.
 */
async function onMissedButton(ctx: Context, cmd: { postId: string; action: 'now' | 'hour' }, a: ApproverRow, deps: HandlerDeps): Promise<ButtonAnswer> {
  const post = deps.posts.get(cmd.postId);
  const held = isHeldMissed(post);
  if (!held) {
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
    return { text: `Already handled: the post is ${post.state === 'scheduled' ? 'scheduled again' : post.state.replace(/_/g, ' ')}.` };
  }
  const who = telegramDecider(a);
  if (cmd.action === 'now') deps.postService().publishNow(post.id, who.actor);
  else deps.postService().reschedule(post.id, deps.clock.now() + 3600_000, who);
  const words = cmd.action === 'now' ? `▶️ Publishing now (${approverLabel(a)})` : `🕐 Moved to ${formatInZone(deps.clock.now() + 3600_000, a.time_zone)} (${approverLabel(a)})`;
  await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
  await ctx.reply(words).catch(() => undefined);
  return { text: cmd.action === 'now' ? 'Publishing now' : 'Moved one hour on' };
}

/** "/start <code>": claim the one-time code and pair this user and chat. */
async function pair(ctx: Context, deps: HandlerDeps): Promise<void> {
  const from = ctx.from!;
  const chat = ctx.chat!;
  const code = (ctx.message?.text ?? '').replace(/^\/start(@\w+)?\s+/, '').trim();
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ');
  let approver: ApproverRow | null = null;
  const claim = deps.db.transaction(() => {
    const result = deps.pairings.claim(code, () => {
      approver = deps.approvers.upsert({
        userId: from.id,
        chatId: chat.id,
        chatTitle: chat.type === 'private' ? null : (chat.title ?? 'a group'),
        name,
        username: from.username ?? null,
        timeZone: deps.approvers.find(from.id, chat.id)?.time_zone ?? deps.timeZone(),
      });
      return approver.id;
    });
    if (!result.ok && approver) throw new RollbackPairing(result.why); // lost a race: keep nothing
    return result;
  });
  let result;
  try {
    result = claim();
  } catch (err) {
    if (!(err instanceof RollbackPairing)) throw err;
    result = { ok: false as const, why: err.why };
    approver = null;
  }
  if (!result.ok || !approver) {
    if (logStranger(deps, from.id)) {
      deps.audit.append({ actor: `telegram:${from.id}`, action: 'telegram.pairing_refused', subject: String(chat.id), detail: `${name} used a pairing link that is ${result.ok ? 'unknown' : result.why}` });
    }
    await ctx.reply('This pairing link is not valid any more. Make a new one in Clipdesk (Settings → Telegram).').catch(() => undefined);
    return;
  }
  const paired = approver as ApproverRow;
  deps.audit.append({ actor: `telegram:${from.id}`, action: 'telegram.paired', subject: paired.id, detail: `${approverLabel(paired)}${paired.chat_title ? ` in ${paired.chat_title}` : ''}` });
  deps.onPaired(paired, result.pairingId);
  await ctx.reply(
    paired.can_approve
      ? `✅ Paired with Clipdesk as an approver. Posts that need your approval arrive here. Times are shown in ${paired.time_zone} (change it with /timezone).\n\n${HELP}`
      : `✅ Paired with Clipdesk to receive results only. To approve posts from here, the creator must grant you approval rights in Clipdesk on their computer (Settings → Telegram → “May approve”). Times are shown in ${paired.time_zone} (change it with /timezone).\n\n${HELP}`,
  );
}

class RollbackPairing extends Error {
  constructor(readonly why: 'unknown' | 'expired' | 'used' | 'withdrawn') {
    super(why);
  }
}

/** Strangers: an Activity entry and (in a private chat) a neutral reply, each at most once an hour a person. */
async function refuseStranger(ctx: Context, deps: HandlerDeps, chatType: string): Promise<void> {
  const from = ctx.from!;
  const what = ctx.callbackQuery ? 'pressed a button' : ctx.message?.text?.startsWith('/') ? 'sent a command' : 'sent a message';
  if (logStranger(deps, from.id)) {
    deps.audit.append({
      actor: `telegram:${from.id}`,
      action: 'telegram.refused',
      subject: String(ctx.chat?.id ?? ctx.callbackQuery?.message?.chat.id ?? ''),
      detail: `${[from.first_name, from.last_name].filter(Boolean).join(' ')}${from.username ? ` (@${from.username})` : ''}, not paired, ${what}; ignored`,
    });
  }
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: 'Only paired approvers can use these buttons.' }).catch(() => undefined);
    return;
  }
  if (chatType === 'private' && replyToStranger(deps, from.id)) await ctx.reply(NEUTRAL_REPLY).catch(() => undefined);
}

function logStranger(deps: HandlerDeps, userId: number): boolean {
  const now = deps.clock.now();
  const row = deps.db.prepare('SELECT last_logged_at FROM telegram_strangers WHERE user_id = ?').get(userId) as { last_logged_at: number } | undefined;
  if (row && now - row.last_logged_at < STRANGER_QUIET_MS) return false;
  deps.db
    .prepare('INSERT INTO telegram_strangers (user_id, last_logged_at) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET last_logged_at = excluded.last_logged_at')
    .run(userId, now);
  return true;
}

function replyToStranger(deps: HandlerDeps, userId: number): boolean {
  const now = deps.clock.now();
  const row = deps.db.prepare('SELECT last_replied_at FROM telegram_strangers WHERE user_id = ?').get(userId) as { last_replied_at: number | null } | undefined;
  if (row?.last_replied_at && now - row.last_replied_at < STRANGER_QUIET_MS) return false;
  deps.db.prepare('UPDATE telegram_strangers SET last_replied_at = ? WHERE user_id = ?').run(now, userId);
  return true;
}

function queueText(deps: HandlerDeps, a: ApproverRow): string {
  const rows = deps.db
    .prepare("SELECT id FROM posts WHERE state IN ('awaiting_approval', 'scheduled') ORDER BY scheduled_at LIMIT 10")
    .all() as { id: string }[];
  if (!rows.length) return 'Nothing is queued.';
  const lines = rows.map(({ id }) => {
    const p = deps.posts.get(id);
    const when = p.scheduledAt ? formatInZone(Date.parse(p.scheduledAt), a.time_zone) : 'no time';
    const state = p.state === 'awaiting_approval' ? (isApprovalHeld(p) ? ' — held, needs approval' : ' — needs approval') : '';
    return `• ${escapeHtml(when)} · ${escapeHtml(p.accountName ?? '')} · ${escapeHtml(cutToUtf16(p.caption || '(no caption)', 60))}${state}`;
  });
  return `<b>Upcoming posts</b>\n${lines.join('\n')}`;
}

function pendingText(deps: HandlerDeps, a: ApproverRow): string {
  const pending = deps.repo.pending();
  if (!pending.length) return 'Nothing is waiting for approval.';
  const lines = pending.slice(0, 20).map((row) => {
    const p = deps.posts.get(row.post_id);
    const when = row.deadline === null ? 'as soon as approved' : formatInZone(row.deadline, a.time_zone);
    return `• ${escapeHtml(when)} · ${escapeHtml(p.accountName ?? '')} · ${escapeHtml(cutToUtf16(p.caption || '(no caption)', 60))}${isApprovalHeld(p) ? ' — held' : ''}`;
  });
  return `<b>Waiting for approval</b> (the buttons are on each request)\n${lines.join('\n')}`;
}
