// /__emulator/*: the same controls a test has in process, over HTTP, for tests that run the
// emulator in another process (Playwright, `npm run demo`), plus the phone page and the files
// it plays. Loopback callers only.
import type { IncomingMessage } from 'node:http';
import { json, type Answer } from './answers';
import { resetContext, setKnobs, type EmulatorContext } from './context';
import type { TelegramFault } from './faults';
import { addBot, addGroup, addUser, botOf, openStartLink, parseStartLink, pressButton, sendText, setBlocked, setWebhookOf, type BotInput, type PressInput, type SendTextInput } from './people';
import { phonePage } from './phone';
import type { EmulatedUser } from './state';
import { botMessages, callbackAnswers, chatView } from './views';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const refuse = (status: number, message: string): Answer => json(status, { error: message });

async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > 1 << 20) throw new Error('Control request body over 1 MB');
    parts.push(part);
  }
  const text = Buffer.concat(parts).toString('utf8');
  const parsed: unknown = text.trim() ? JSON.parse(text) : {};
  if (typeof parsed !== 'object' || parsed === null) throw new Error('Expected a JSON object');
  return parsed as Record<string, unknown>;
}

const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string') throw new Error(`${name} must be a string`);
  return v;
};

const int = (v: unknown, name: string): number => {
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new Error(`${name} must be an integer`);
  return n;
};

function file(ctx: EmulatorContext, fileId: string): Answer {
  const f = ctx.files.get(fileId);
  if (!f) return refuse(404, 'No such file');
  const type = f.kind === 'video' ? 'video/mp4' : 'image/jpeg';
  return { status: 200, headers: { 'Content-Type': type, 'Cache-Control': 'no-store' }, body: f.data };
}

export async function control(ctx: EmulatorContext, req: IncomingMessage, url: URL): Promise<Answer> {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return refuse(403, 'The emulator control API answers loopback callers only.');
  const path = url.pathname;
  const q = url.searchParams;
  const route = `${req.method} ${path}`;
  try {
    if (req.method === 'GET' && path.startsWith('/__emulator/files/')) return file(ctx, decodeURIComponent(path.slice('/__emulator/files/'.length)));
    switch (route) {
      case 'GET /__emulator/state':
        return json(200, {
          url: ctx.url,
          knobs: ctx.knobs,
          bots: [...ctx.bots.values()].map((b) => ({ ...b.info, webhookUrl: b.webhookUrl, pendingUpdates: b.queue.length })),
          users: [...ctx.users.values()],
          groups: [...ctx.groups.values()],
        });
      case 'POST /__emulator/state':
        return json(200, setKnobs(ctx, await readJsonBody(req)));
      case 'POST /__emulator/bots':
        return json(200, addBot(ctx, (await readJsonBody(req)) as unknown as BotInput));
      case 'POST /__emulator/users':
        return json(200, addUser(ctx, (await readJsonBody(req)) as unknown as EmulatedUser));
      case 'POST /__emulator/groups': {
        const b = await readJsonBody(req);
        return json(200, addGroup(ctx, { id: int(b.id, 'id'), title: str(b.title, 'title'), memberIds: (b.memberIds as unknown[]).map((m) => int(m, 'memberIds[]')) }));
      }
      case 'POST /__emulator/send-text': {
        const b = await readJsonBody(req);
        const p: SendTextInput = { from: int(b.from, 'from'), text: str(b.text, 'text') };
        if (b.chatId !== undefined && b.chatId !== null) p.chatId = int(b.chatId, 'chatId');
        if (b.replyToMessageId !== undefined && b.replyToMessageId !== null) p.replyToMessageId = int(b.replyToMessageId, 'replyToMessageId');
        return json(200, sendText(ctx, str(b.token, 'token'), p));
      }
      case 'POST /__emulator/open-start-link': {
        // Either {token, from, payload} or what a person pastes: {from, link}.
        const b = await readJsonBody(req);
        const target = b.link !== undefined ? parseStartLink(ctx, str(b.link, 'link')) : { token: str(b.token, 'token'), payload: str(b.payload ?? '', 'payload') };
        if (b.token !== undefined && b.token !== target.token) throw new Error('That link is for another bot');
        return json(200, openStartLink(ctx, target.token, { from: int(b.from, 'from'), payload: target.payload }));
      }
      case 'POST /__emulator/press': {
        const b = await readJsonBody(req);
        const p: PressInput = { from: int(b.from, 'from'), chatId: int(b.chatId, 'chatId'), messageId: int(b.messageId, 'messageId'), data: str(b.data, 'data'), forge: b.forge === true };
        return json(200, { callbackQueryId: pressButton(ctx, str(b.token, 'token'), p) });
      }
      case 'POST /__emulator/faults': {
        const body: unknown = await readJsonBody(req).catch(() => null);
        const list = Array.isArray(body) ? body : [body];
        for (const f of list) ctx.faults.add(f as TelegramFault);
        return json(200, { pending: ctx.faults.pending() });
      }
      case 'GET /__emulator/faults':
        return json(200, { pending: ctx.faults.pending() });
      case 'POST /__emulator/webhook': {
        const b = await readJsonBody(req);
        setWebhookOf(ctx, str(b.token, 'token'), b.url === null || b.url === undefined ? null : str(b.url, 'url'));
        return json(200, {});
      }
      case 'POST /__emulator/blocked': {
        const b = await readJsonBody(req);
        setBlocked(ctx, str(b.token, 'token'), int(b.userId, 'userId'), b.blocked === true);
        return json(200, {});
      }
      case 'POST /__emulator/reset':
        resetContext(ctx);
        return json(200, {});
      case 'GET /__emulator/messages': {
        const chatId = q.get('chatId');
        return json(200, botMessages(ctx, q.get('token') ?? '', chatId ? int(chatId, 'chatId') : undefined));
      }
      case 'GET /__emulator/chat':
        return json(200, chatView(ctx, q.get('token') ?? '', int(q.get('chatId') ?? q.get('user'), 'chatId')));
      case 'GET /__emulator/callback-answers':
        return json(200, Object.fromEntries(callbackAnswers(ctx, q.get('token') ?? '')));
      case 'GET /__emulator/updates':
        return json(200, structuredClone(botOf(ctx, q.get('token') ?? '').queue));
      case 'GET /__emulator/requests':
        return json(200, ctx.requests);
      case 'GET /__emulator/phone': {
        const token = q.get('token') ?? '';
        botOf(ctx, token);
        const user = int(q.get('user'), 'user');
        if (!ctx.users.has(user)) throw new Error(`No user ${user}`);
        return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }, body: phonePage(token, user) };
      }
      default:
        return refuse(404, `No control route ${route}`);
    }
  } catch (e) {
    return refuse(400, e instanceof Error ? e.message : String(e));
  }
}
