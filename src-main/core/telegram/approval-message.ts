// What an approver sees on Telegram, as pure functions: the caption under the video (within
// Telegram's 1,024 characters, the post's caption trimmed with an indicator), the buttons, the
// outcome line that replaces them, and the callback data they carry (≤ 64 bytes, ids only:
// the data is untrusted input and is parsed, never evaluated).
import type { PostSummary } from '../../../src-shared/posts/post';
import { PRIVACY_LABELS } from '../../../src-shared/tiktok/composer-rules';
import { formatInZone } from '../../../src-shared/time/zoned-time';

/** Telegram's limits (docs/platforms.md, Telegram §2). */
export const TELEGRAM_CAPTION_MAX = 1024;
export const TELEGRAM_TEXT_MAX = 4096;
export const CALLBACK_DATA_MAX_BYTES = 64;

/** Ids that travel in callback data: 12 base64url characters (72 random bits). */
export const SHORT_ID = /^[A-Za-z0-9_-]{12}$/;

export type ApprovalAction = 'approve' | 'reject' | 'plus_hour' | 'tomorrow' | 'pick_time' | 'edit_caption';
const ACTION_CODES: Record<ApprovalAction, string> = {
  approve: 'ok',
  reject: 'no',
  plus_hour: 'h1',
  tomorrow: 'tm',
  pick_time: 'pt',
  edit_caption: 'ec',
};
const ACTION_BY_CODE = new Map(Object.entries(ACTION_CODES).map(([a, c]) => [c, a as ApprovalAction]));

/** Moves carry the post's time they were offered for: a double tap or a redelivered press moves once. */
const VERSIONED: ReadonlySet<ApprovalAction> = new Set(['plus_hour', 'tomorrow']);
const VERSION = /^[0-9a-z]{1,10}$/;

/** A post's time as a short version (base-36 minutes since 1970; '0' for none). */
export function scheduleVersion(scheduledAt: string | null): string {
  const ms = scheduledAt ? Date.parse(scheduledAt) : NaN;
  return Number.isFinite(ms) ? Math.floor(ms / 60_000).toString(36) : '0';
}

export type CallbackCommand =
  | { kind: 'approval'; approvalId: string; action: ApprovalAction; version?: string }
  | { kind: 'confirm'; promptId: string; save: boolean }
  | { kind: 'retry'; approvalId: string }
  | { kind: 'missed'; postId: string; action: 'now' | 'hour' };

/** Post ids are UUIDs (36 characters): `m:<id>:n` is 40 bytes. */
const POST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function callbackData(cmd: CallbackCommand): string {
  const data =
    cmd.kind === 'approval'
      ? `a:${cmd.approvalId}:${ACTION_CODES[cmd.action]}${VERSIONED.has(cmd.action) ? `:${cmd.version ?? '0'}` : ''}`
      : cmd.kind === 'confirm'
        ? `p:${cmd.promptId}:${cmd.save ? 'y' : 'n'}`
        : cmd.kind === 'missed'
          ? `m:${cmd.postId}:${cmd.action === 'now' ? 'n' : 'h'}`
          : `r:${cmd.approvalId}`;
  if (Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) throw new Error(`callback data over ${CALLBACK_DATA_MAX_BYTES} bytes: ${data}`);
  return data;
}

/** Reads callback data; anything not made by `callbackData` is null. */
export function parseCallbackData(data: string | undefined): CallbackCommand | null {
  if (!data || Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) return null;
  const [kind, id, arg, version, ...rest] = data.split(':');
  if (kind === 'm') {
    if (rest.length || version !== undefined || !id || !POST_ID.test(id) || (arg !== 'n' && arg !== 'h')) return null;
    return { kind: 'missed', postId: id, action: arg === 'n' ? 'now' : 'hour' };
  }
  if (rest.length || !id || !SHORT_ID.test(id)) return null;
  if (kind === 'a' && arg) {
    const action = ACTION_BY_CODE.get(arg);
    if (!action) return null;
    if (!VERSIONED.has(action)) return version === undefined ? { kind: 'approval', approvalId: id, action } : null;
    return version !== undefined && VERSION.test(version) ? { kind: 'approval', approvalId: id, action, version } : null;
  }
  if (version !== undefined) return null;
  if (kind === 'p' && (arg === 'y' || arg === 'n')) return { kind: 'confirm', promptId: id, save: arg === 'y' };
  if (kind === 'r' && arg === undefined) return { kind: 'retry', approvalId: id };
  return null;
}

export interface InlineButton {
  text: string;
  callback_data: string;
}
export type InlineKeyboardRows = InlineButton[][];

/** `version`: the post's time now (scheduleVersion), carried by the move buttons. */
export function approvalKeyboard(approvalId: string, version: string): InlineKeyboardRows {
  const b = (text: string, action: ApprovalAction): InlineButton => ({ text, callback_data: callbackData({ kind: 'approval', approvalId, action, version }) });
  return [
    [b('✅ Approve', 'approve'), b('❌ Reject', 'reject')],
    [b('🕐 +1 hour', 'plus_hour'), b('📅 Tomorrow, same time', 'tomorrow'), b('⌨️ Pick a time', 'pick_time')],
    [b('✏️ Edit caption', 'edit_caption')],
  ];
}

export function confirmKeyboard(promptId: string): InlineKeyboardRows {
  return [
    [
      { text: '💾 Save caption', callback_data: callbackData({ kind: 'confirm', promptId, save: true }) },
      { text: 'Cancel', callback_data: callbackData({ kind: 'confirm', promptId, save: false }) },
    ],
  ];
}

export function missedKeyboard(postId: string): InlineKeyboardRows {
  return [
    [
      { text: '▶️ Publish now', callback_data: callbackData({ kind: 'missed', postId, action: 'now' }) },
      { text: '🕐 In 1 hour', callback_data: callbackData({ kind: 'missed', postId, action: 'hour' }) },
    ],
  ];
}

export function retryKeyboard(approvalId: string): InlineKeyboardRows {
  return [[{ text: '🔁 Retry', callback_data: callbackData({ kind: 'retry', approvalId }) }]];
}

/** Text for parse_mode HTML: only &, < and > are special. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The length Telegram counts after entity parsing (tags gone, entities one character), in UTF-16 units — the stricter of the two readings. */
export function visibleLength(html: string): number {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot);/g, '_').length;
}

/** Cut `text` to at most `max` UTF-16 units without splitting a character (emoji stay whole). */
export function cutToUtf16(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

export interface ApprovalView {
  approvalId: string;
  post: Pick<PostSummary, 'caption' | 'accountName' | 'tiktok' | 'scheduledAt'>;
  /** null = "as soon as it is approved". */
  deadline: number | null;
  held: boolean;
  /** The video shown is a smaller preview of the file that will be posted. */
  preview: boolean;
  /** Shown instead of the buttons once decided (already escaped HTML). */
  outcome: string | null;
}

/**
 * The caption under an approval request, for one approver's zone. The post's caption gets
 * whatever room the rest leaves; when cut, "…" and how much was left out say so.
 */
export function approvalCaption(view: ApprovalView, timeZone: string): string {
  const settings = view.post.tiktok;
  const when = view.post.scheduledAt && view.deadline !== null ? formatInZone(Date.parse(view.post.scheduledAt), timeZone) : 'as soon as it is approved';
  const privacy = settings?.privacy ? PRIVACY_LABELS[settings.privacy] : 'not set';
  const mode = settings?.mode === 'inbox' ? 'to the TikTok inbox (a draft to finish in TikTok)' : 'Direct Post';
  const head = [
    `🎬 <b>${view.outcome ? 'Approval request' : 'Approval needed'}</b> · ${escapeHtml(view.post.accountName ?? 'no account')}`,
    `🕒 ${escapeHtml(when)}`,
    `👁 ${escapeHtml(privacy)} · ${escapeHtml(mode)}`,
  ].join('\n');
  const tail = [
    view.preview ? '<i>This is a smaller preview; the full-quality video is posted.</i>' : null,
    view.held && !view.outcome ? '⏰ <b>Nobody answered by the post’s time, so it is held.</b> Approving now publishes it at once.' : null,
    view.outcome,
  ]
    .filter((x): x is string => x !== null)
    .join('\n');
  const caption = view.post.caption.trim() || '(no caption)';
  const frame = (body: string) => `${head}\n\n📝 ${body}${tail ? `\n\n${tail}` : ''}`;
  const room = TELEGRAM_CAPTION_MAX - visibleLength(frame(''));
  if (caption.length <= room) return frame(escapeHtml(caption));
  // "… (+N more)" fits in the room along with as much of the caption as possible.
  let kept = cutToUtf16(caption, Math.max(0, room - 24));
  const left = caption.length - kept.length;
  kept = cutToUtf16(caption, Math.max(0, room - `… (+${left} more in the app)`.length));
  return frame(`${escapeHtml(kept)}… (+${caption.length - kept.length} more in the app)`);
}

/** The line that replaces the buttons once a request is decided. */
export function outcomeLine(status: 'approved' | 'rejected' | 'cancelled', by: string, atMs: number, timeZone: string): string {
  const when = formatInZone(atMs, timeZone);
  if (status === 'approved') return `✅ <b>Approved</b> by ${escapeHtml(by)} · ${escapeHtml(when)}`;
  if (status === 'rejected') return `❌ <b>Rejected</b> by ${escapeHtml(by)} · ${escapeHtml(when)}`;
  return `🚫 <b>Withdrawn</b>: ${escapeHtml(by)} · ${escapeHtml(when)}`;
}
