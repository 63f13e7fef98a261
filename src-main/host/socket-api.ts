// The contract over one WebSocket: requests in, replies, progress and pushed events out. A
// request this socket cannot run is answered, not punished: a message with a numeric id gets an
// error reply with that id, whatever else is wrong with it, so one bad call from a client does
// not close the socket under its other calls. Only a message that cannot be answered — binary,
// not JSON, or without an id — closes it, with a close code that says why.
//
// Each call under way has its own AbortController, found by its id: `{ cancel: id }` aborts
// that call's `ctx.signal`, and the socket closing aborts all of them (docs/architecture.md §1,
// "Cancellable calls"; the model is VS Code's ChannelServer and its active requests).
import type { WebSocket } from 'ws';
import { callContext } from '../core/caller';
import type { Actor } from '../../src-shared/caller';
import { CancelSchema, MAX_MESSAGE_BYTES, RequestSchema, type Reply, type ServerMessage } from '../../src-shared/protocol';
import type { Core } from '../core/create-core';
import { dispatch, type Routes } from '../core/transport/routes';

/** What to do with one text message. */
export type Envelope =
  | { kind: 'call'; id: number; cmd: string; input: unknown }
  | { kind: 'cancel'; id: number }
  | { kind: 'answer'; reply: Reply }
  /** A cancel that is not one (a wrong id, extra keys): nothing to answer, and no reason to close the socket under its other calls. */
  | { kind: 'ignore' }
  | { kind: 'close'; code: 1003 | 1007; reason: string };

export function readEnvelope(data: Buffer | string, isBinary: boolean): Envelope {
  if (isBinary) return { kind: 'close', code: 1003, reason: 'text only' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString());
  } catch {
    return { kind: 'close', code: 1007, reason: 'not JSON' };
  }
  const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  if (isObject && Object.hasOwn(parsed as object, 'cancel') && !Object.hasOwn(parsed as object, 'id')) {
    const cancel = CancelSchema.safeParse(parsed);
    return cancel.success ? { kind: 'cancel', id: cancel.data.cancel } : { kind: 'ignore' };
  }
  const id = isObject ? (parsed as { id?: unknown }).id : undefined;
  if (typeof id !== 'number' || !Number.isFinite(id)) return { kind: 'close', code: 1007, reason: 'no request id' };
  const req = RequestSchema.safeParse(parsed);
  if (!req.success) {
    const parts = req.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : 'request'}: ${i.message}`);
    return { kind: 'answer', reply: { id, ok: false, error: { code: 'BAD_INPUT', message: `The request was not valid — ${parts.join('; ')}.` } } };
  }
  // A missing input is an empty one: routes parse `undefined` as `{}`, so commands whose input
  // is all optional accept it and the others say which field is missing.
  return { kind: 'call', id: req.data.id, cmd: req.data.cmd, input: req.data.input };
}

export interface SocketSession {
  /** Whether the caller's session is still live (checked before each call); absent for keys. */
  stillValid?: () => boolean;
  /** Called once the socket has closed. */
  onClose?: () => void;
}

export function serveSocket(ws: WebSocket, routes: Routes, core: Pick<Core, 'bus'>, actor: Actor, session: SocketSession = {}): void {
  /** The calls under way, by the id their client gave them. */
  const calls = new Map<number, AbortController>();
  const send = (msg: ServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    // A client that stopped reading gets cut off rather than growing our memory.
    if (ws.bufferedAmount > 8 * MAX_MESSAGE_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(msg));
  };
  const unsubscribe = core.bus.subscribe((event, payload) => send({ event, payload }));
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    // The caller went away: every call it had under way learns so.
    for (const call of calls.values()) call.abort();
    calls.clear();
    session.onClose?.();
  };
  ws.on('close', close);
  ws.on('error', close);
  ws.on('message', (data, isBinary) => {
    if (session.stillValid && !session.stillValid()) return ws.close(1008, 'session ended; open the access link again');
    const envelope = readEnvelope(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data), isBinary);
    if (envelope.kind === 'close') return ws.close(envelope.code, envelope.reason);
    if (envelope.kind === 'answer') return send(envelope.reply);
    if (envelope.kind === 'ignore') return;
    if (envelope.kind === 'cancel') return calls.get(envelope.id)?.abort();
    const { id, cmd, input } = envelope;
    // Ids name calls for cancel and progress: two under way with one id could not be told apart.
    if (calls.has(id)) {
      return send({ id, ok: false, error: { code: 'BAD_INPUT', message: `A call with id ${id} is still under way on this connection; give each call its own id.` } });
    }
    const controller = new AbortController();
    calls.set(id, controller);
    const context = callContext(actor, controller.signal, (progress) => send({ id, progress }));
    void dispatch(routes, cmd, input, context).then((r) => {
      calls.delete(id);
      send(r.ok ? { id, ok: true, result: r.result } : { id, ok: false, error: r.error });
    });
  });
}
