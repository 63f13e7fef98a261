// The "phone": one person's private chat with a bot, as a page a human (npm run demo) or
// Playwright can drive. Self-contained (inline CSS and JS, no external assets) and plainly
// labelled, so nobody mistakes it for Telegram. It polls /__emulator/chat and acts through
// the control API, exactly as a test would.
import type { Answer } from './answers';
import type { EmulatorContext } from './context';

export const BANNER = 'Telegram emulator — nothing here reaches Telegram';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON safe inside a <script> element. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

const STYLE = `
  * { box-sizing: border-box; }
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #d9e4ec; color: #111; }
  .banner { background: #ffd400; padding: 6px 12px; font-weight: 600; text-align: center; }
  .phone { max-width: 420px; margin: 12px auto; background: #fff; border-radius: 18px; box-shadow: 0 2px 12px #0003; overflow: hidden; display: flex; flex-direction: column; min-height: 640px; }
  header { background: #517da2; color: #fff; padding: 10px 14px; }
  header h1 { font-size: 17px; margin: 0; }
  header p { margin: 0; font-size: 12px; opacity: .85; }
  #log { list-style: none; margin: 0; padding: 10px; flex: 1; overflow-y: auto; background: #e6ebee; max-height: 60vh; }
  #log li { margin: 6px 0; display: flex; flex-direction: column; }
  .bubble { max-width: 85%; padding: 7px 10px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; }
  .bot .bubble { background: #fff; align-self: flex-start; }
  .me .bubble { background: #effdde; align-self: flex-end; }
  .me { align-items: flex-end; }
  .meta { font-size: 11px; color: #777; }
  .video { background: #222; color: #eee; border-radius: 8px; padding: 6px; margin-bottom: 4px; font-size: 12px; }
  .video video { width: 100%; max-height: 260px; display: block; background: #000; }
  .keyboard { display: flex; flex-direction: column; gap: 4px; margin-top: 4px; max-width: 85%; }
  .keyboard .row { display: flex; gap: 4px; }
  .keyboard button, .keyboard a { flex: 1; font: inherit; font-size: 13px; padding: 6px; border: 0; border-radius: 8px; background: #6a8dac; color: #fff; cursor: pointer; text-align: center; text-decoration: none; }
  .keyboard button[aria-busy="true"] { opacity: .6; }
  form, .link { display: flex; gap: 6px; padding: 8px; border-top: 1px solid #ddd; align-items: center; flex-wrap: wrap; }
  form input, .link input { flex: 1; font: inherit; padding: 7px; min-width: 0; }
  label { font-size: 12px; color: #555; width: 100%; }
  #replying { width: 100%; font-size: 12px; background: #eef5fb; padding: 4px 6px; border-left: 3px solid #517da2; }
  #toast { min-height: 1.4em; text-align: center; font-size: 13px; padding: 2px 8px; }
  #toast:not(:empty) { background: #333d; color: #fff; border-radius: 8px; margin: 4px 20px; }
  #alert { margin: 8px; padding: 10px; border: 2px solid #517da2; border-radius: 10px; background: #fff; }
  .error { color: #b00020; font-size: 13px; padding: 0 10px; min-height: 1em; }
`;

// Runs in the browser. Kept as plain ES2017 so any Chromium/Firefox/WebKit runs it.
const SCRIPT = `
const log = document.getElementById('log');
const toast = document.getElementById('toast');
const alertBox = document.getElementById('alert');
const alertText = document.getElementById('alert-text');
const errorBox = document.getElementById('error');
const msg = document.getElementById('msg');
const replying = document.getElementById('replying');
const replyingText = document.getElementById('replying-text');
let lastSig = '';
let replyTo = null;
let dismissedReplyFor = null;
const pending = new Set();
const shown = new Set();

async function call(route, body) {
  const res = await fetch(route, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const out = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(out.error || ('HTTP ' + res.status));
  return out;
}
function showError(e) { errorBox.textContent = e ? String(e.message || e) : ''; }
function size(n) { return n >= 1048576 ? (n / 1048576).toFixed(1) + ' MB' : n >= 1024 ? Math.round(n / 1024) + ' kB' : n + ' B'; }
function el(tag, props, kids) {
  const e = document.createElement(tag);
  Object.assign(e, props || {});
  for (const k of kids || []) e.append(k);
  return e;
}

function render(view) {
  const sig = JSON.stringify(view.messages);
  if (sig === lastSig) return;
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  lastSig = sig;
  log.replaceChildren();
  for (const m of view.messages) {
    const li = el('li', { className: m.fromBot ? 'bot' : 'me' });
    li.dataset.messageId = m.messageId;
    const bubble = el('div', { className: 'bubble' });
    if (m.video) {
      const v = m.video;
      const dims = [v.width && v.height ? v.width + '×' + v.height : null, v.duration ? v.duration + ' s' : null].filter(Boolean).join(' · ');
      const player = el('video', { controls: true, preload: 'metadata', src: '/__emulator/files/' + encodeURIComponent(v.fileId) });
      player.setAttribute('aria-label', 'Video ' + v.filename);
      bubble.append(el('div', { className: 'video' }, [player, el('div', { textContent: '🎬 ' + v.filename + ' · ' + size(v.bytes) + (dims ? ' · ' + dims : '') })]));
    }
    const text = m.text !== undefined ? m.text : m.caption;
    if (text) bubble.append(el('div', { textContent: text }));
    li.append(bubble);
    if (m.inlineKeyboard) {
      const kb = el('div', { className: 'keyboard' });
      for (const row of m.inlineKeyboard) {
        const r = el('div', { className: 'row' });
        for (const b of row) {
          if (b.url) { r.append(el('a', { href: b.url, target: '_blank', rel: 'noopener', textContent: b.text })); continue; }
          const btn = el('button', { type: 'button', textContent: b.text });
          if (b.callback_data !== undefined) btn.addEventListener('click', () => press(btn, m.messageId, b.callback_data));
          r.append(btn);
        }
        kb.append(r);
      }
      li.append(kb);
    }
    li.append(el('div', { className: 'meta', textContent: (m.fromBot ? 'bot' : 'you') + ' · #' + m.messageId + (m.edits ? ' · edited' : '') }));
    log.append(li);
  }
  if (atBottom) log.scrollTop = log.scrollHeight;
  const last = view.messages[view.messages.length - 1];
  if (last && last.fromBot && last.forceReply && dismissedReplyFor !== last.messageId) setReply(last);
}

function setReply(m) {
  replyTo = m ? m.messageId : null;
  replying.hidden = !m;
  replyingText.textContent = m ? 'Replying to: ' + (m.text || m.caption || ('#' + m.messageId)) : '';
  if (m) msg.focus();
}

function showAnswers(answers) {
  for (const id of pending) {
    const a = answers[id];
    if (!a) continue;
    pending.delete(id);
    if (shown.has(id)) continue;
    shown.add(id);
    document.querySelectorAll('[data-callback="' + id + '"]').forEach((b) => b.removeAttribute('aria-busy'));
    if (!a.text) continue;
    if (a.showAlert) { alertText.textContent = a.text; alertBox.hidden = false; }
    else { toast.textContent = a.text; setTimeout(() => { if (toast.textContent === a.text) toast.textContent = ''; }, 4000); }
  }
}

async function press(btn, messageId, data) {
  showError(null);
  try {
    btn.setAttribute('aria-busy', 'true');
    const out = await call('/__emulator/press', { token: TOKEN, from: USER, chatId: USER, messageId, data });
    btn.dataset.callback = out.callbackQueryId;
    pending.add(out.callbackQueryId);
  } catch (e) { btn.removeAttribute('aria-busy'); showError(e); }
}

async function poll() {
  try {
    const res = await fetch('/__emulator/chat?token=' + encodeURIComponent(TOKEN) + '&chatId=' + USER, { cache: 'no-store' });
    if (res.ok) { const view = await res.json(); render(view); showAnswers(view.answers); document.getElementById('status').textContent = view.blocked ? 'You blocked this bot' : 'bot'; }
  } catch (e) { /* the emulator restarting: try again next tick */ }
  setTimeout(poll, 500);
}

document.getElementById('compose').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const text = msg.value;
  if (!text.trim()) return;
  showError(null);
  try {
    const body = { token: TOKEN, from: USER, text };
    if (replyTo !== null) { body.replyToMessageId = replyTo; dismissedReplyFor = replyTo; }
    await call('/__emulator/send-text', body);
    msg.value = '';
    setReply(null);
  } catch (e) { showError(e); }
});
document.getElementById('cancel-reply').addEventListener('click', () => { dismissedReplyFor = replyTo; setReply(null); });
document.getElementById('alert-ok').addEventListener('click', () => { alertBox.hidden = true; });
document.getElementById('start').addEventListener('click', async () => {
  const input = document.getElementById('link');
  showError(null);
  try {
    await call('/__emulator/open-start-link', { token: TOKEN, from: USER, link: input.value });
    input.value = '';
  } catch (e) { showError(e); }
});
poll();
`;

export function phonePage(token: string, userId: number): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Telegram emulator — chat</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<div class="banner" role="note" data-testid="emulator-banner">${escapeHtml(BANNER)}</div>
<div class="phone">
  <header><h1 id="title">Chat with the bot</h1><p id="status">bot</p></header>
  <ol id="log" role="log" aria-label="Messages" aria-live="polite"></ol>
  <div id="toast" role="status" aria-live="polite"></div>
  <div id="alert" role="alert" hidden><span id="alert-text"></span> <button type="button" id="alert-ok">OK</button></div>
  <p id="error" class="error" aria-live="assertive"></p>
  <form id="compose" aria-label="Write a message">
    <div id="replying" hidden><span id="replying-text"></span> <button type="button" id="cancel-reply">Cancel reply</button></div>
    <label for="msg">Message</label>
    <input id="msg" name="message" type="text" autocomplete="off">
    <button type="submit">Send</button>
  </form>
  <div class="link" role="group" aria-labelledby="link-heading">
    <label id="link-heading" for="link">Open a t.me link (paste https://t.me/&lt;bot&gt;?start=&lt;code&gt;)</label>
    <input id="link" type="url" aria-label="t.me link" placeholder="https://t.me/your_bot?start=…">
    <button type="button" id="start">Start</button>
  </div>
</div>
<script>
const TOKEN = ${scriptJson(token)};
const USER = ${scriptJson(userId)};
fetch('/__emulator/chat?token=' + encodeURIComponent(TOKEN) + '&chatId=' + USER).then((r) => r.json()).then((v) => { if (v.bot) document.getElementById('title').textContent = v.bot.firstName + ' (@' + v.bot.username + ')'; }).catch(() => {});
${SCRIPT}
</script>
</body>
</html>
`;
}

export const indexPage = (ctx: EmulatorContext): Answer => ({
  status: 200,
  headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Telegram emulator</title></head><body>
<p role="note"><strong>${escapeHtml(BANNER)}</strong></p>
<p>Bot API at ${escapeHtml(ctx.url)}/bot&lt;token&gt;/&lt;method&gt;; control API under /__emulator/ (see test/emulators/telegram/README.md).</p>
<ul>${[...ctx.bots.values()]
    .flatMap((b) => [...ctx.users.values()].map((u) => `<li><a href="/__emulator/phone?token=${encodeURIComponent(b.info.token)}&amp;user=${u.id}">${escapeHtml(u.firstName)} ↔ @${escapeHtml(b.info.username)}</a></li>`))
    .join('')}</ul>
</body></html>`,
});
