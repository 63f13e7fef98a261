// What an approver reads on Telegram: the summary under the video within Telegram's limits,
// the buttons and their callback data, and the data the bot accepts back.
import { describe, expect, it } from 'vitest';
import {
  approvalCaption,
  approvalKeyboard,
  callbackData,
  CALLBACK_DATA_MAX_BYTES,
  confirmKeyboard,
  cutToUtf16,
  escapeHtml,
  outcomeLine,
  parseCallbackData,
  scheduleVersion,
  retryKeyboard,
  TELEGRAM_CAPTION_MAX,
  visibleLength,
  type ApprovalView,
} from '../../src-main/core/telegram/approval-message';

const ID = 'AbCdEf012_-z';
const view = (over: Partial<ApprovalView> = {}, caption = 'Sunset 🌅 #beach'): ApprovalView => ({
  approvalId: ID,
  post: {
    caption,
    accountName: 'Maria <Bakes> & Co',
    scheduledAt: '2026-11-24T17:30:00.000Z',
    tiktok: { mode: 'direct', privacy: 'FOLLOWER_OF_CREATOR', allowComment: false, allowDuet: false, allowStitch: false, brandOrganic: false, brandContent: false, coverTimestampMs: null },
  },
  deadline: Date.parse('2026-11-24T17:30:00.000Z'),
  held: false,
  preview: false,
  outcome: null,
  ...over,
});

describe('approval request text', () => {
  it('says the account, the time in the approver’s zone, privacy, mode and the caption, with HTML escaped', () => {
    const text = approvalCaption(view(), 'Europe/Berlin');
    expect(text).toContain('Maria &lt;Bakes&gt; &amp; Co');
    expect(text).toContain('Tue 24 Nov, 18:30 CET');
    expect(approvalCaption(view(), 'America/New_York')).toContain('Tue 24 Nov, 12:30');
    expect(text).toContain('Followers · Direct Post');
    expect(text).toContain('Sunset 🌅 #beach');
    expect(approvalCaption(view({ deadline: null }), 'UTC')).toContain('as soon as it is approved');
    expect(approvalCaption(view({ post: { ...view().post, tiktok: { ...view().post.tiktok!, mode: 'inbox' } } }), 'UTC')).toContain('TikTok inbox');
    expect(approvalCaption(view({ preview: true }), 'UTC')).toContain('smaller preview');
    expect(approvalCaption(view({ held: true }), 'UTC')).toContain('Nobody answered');
  });

  it('fits Telegram’s 1,024 characters, cutting a long caption with how much is left out — emoji whole', () => {
    const long = '🎬'.repeat(600) + ' end'; // 1,204 UTF-16 units
    const text = approvalCaption(view({}, long), 'UTC');
    expect(visibleLength(text)).toBeLessThanOrEqual(TELEGRAM_CAPTION_MAX);
    expect(visibleLength(text)).toBeGreaterThan(TELEGRAM_CAPTION_MAX - 30);
    const left = Number(/\(\+(\d+) more in the app\)/.exec(text)?.[1]);
    const kept = /📝 (.*)… \(\+/su.exec(text)?.[1] ?? '';
    expect(kept.length + left).toBe(long.length);
    expect(kept).not.toMatch(/[\uD800-\uDBFF]$/); // no half of a surrogate pair
    // Short captions are not touched.
    expect(approvalCaption(view(), 'UTC')).not.toContain('more in the app');
  });

  it('counts what Telegram counts after entity parsing', () => {
    expect(visibleLength('<b>Hi</b> &amp; &lt;3')).toBe('Hi & <3'.length);
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href="x"&gt;&amp;&lt;/a&gt;');
    expect(cutToUtf16('ab😀cd', 3)).toBe('ab');
    expect(cutToUtf16('ab😀cd', 4)).toBe('ab😀');
  });

  it('shows the outcome with who and when', () => {
    const at = Date.parse('2026-11-24T11:03:00Z');
    expect(outcomeLine('approved', 'Ann (@ann) on Telegram', at, 'Europe/Berlin')).toBe('✅ <b>Approved</b> by Ann (@ann) on Telegram · Tue 24 Nov, 12:03 CET');
    expect(outcomeLine('rejected', 'you in the app', at, 'UTC')).toContain('Rejected');
    const decided = approvalCaption(view({ outcome: outcomeLine('approved', 'Ann', at, 'UTC') }), 'UTC');
    expect(decided).toContain('Approval request');
    expect(decided).toContain('Approved');
  });
});

describe('buttons and callback data', () => {
  it('offers Approve, Reject, the reschedules and Edit caption, each within 64 bytes', () => {
    const rows = approvalKeyboard(ID, scheduleVersion('2026-11-24T17:30:00.000Z'));
    expect(rows.flat().map((b) => b.text)).toEqual(['✅ Approve', '❌ Reject', '🕐 +1 hour', '📅 Tomorrow, same time', '⌨️ Pick a time', '✏️ Edit caption']);
    for (const b of [...rows.flat(), ...confirmKeyboard(ID).flat(), ...retryKeyboard(ID).flat()]) {
      expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
      expect(parseCallbackData(b.callback_data)).not.toBeNull();
    }
  });

  it('reads back exactly what it made, and nothing else', () => {
    expect(parseCallbackData(callbackData({ kind: 'approval', approvalId: ID, action: 'approve' }))).toEqual({ kind: 'approval', approvalId: ID, action: 'approve' });
    const v = scheduleVersion('2026-11-24T17:30:00.000Z');
    expect(v).toMatch(/^[0-9a-z]+$/);
    expect(scheduleVersion('2026-11-24T18:30:00.000Z')).not.toBe(v);
    expect(parseCallbackData(callbackData({ kind: 'approval', approvalId: ID, action: 'tomorrow', version: v }))).toEqual({ kind: 'approval', approvalId: ID, action: 'tomorrow', version: v });
    // Moves must say which time they were offered for; the others carry none.
    expect(parseCallbackData(`a:${ID}:h1`)).toBeNull();
    expect(parseCallbackData(`a:${ID}:ok:${v}`)).toBeNull();
    expect(parseCallbackData(`a:${ID}:h1:UPPER`)).toBeNull();
    expect(parseCallbackData(`p:${ID}:y`)).toEqual({ kind: 'confirm', promptId: ID, save: true });
    expect(parseCallbackData(`r:${ID}`)).toEqual({ kind: 'retry', approvalId: ID });
    const postId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(parseCallbackData(callbackData({ kind: 'missed', postId, action: 'now' }))).toEqual({ kind: 'missed', postId, action: 'now' });
    expect(parseCallbackData(`m:${postId}:h`)).toEqual({ kind: 'missed', postId, action: 'hour' });
    expect(Buffer.byteLength(`m:${postId}:h`)).toBeLessThanOrEqual(64);
    for (const bad of [`m:${postId}:x`, `m:${postId}`, `m:${postId.toUpperCase()}:n`, `m:${postId}:n:1`, 'm:../../etc:n']) expect(parseCallbackData(bad), bad).toBeNull();
    for (const forged of [undefined, '', 'a', `a:${ID}`, `a:${ID}:zz`, `a:${ID}:ok:extra:more`, `a:short:ok`, `a:${ID}x:ok`, `a:${ID.replace('_', '/')}:ok`, `p:${ID}:maybe`, `r:${ID}:ok`, `x:${ID}:ok`, 'a'.repeat(65)]) {
      expect(parseCallbackData(forged), String(forged)).toBeNull();
    }
  });
});
