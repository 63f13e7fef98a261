// What the host's socket does with each message: run it, answer it with an error, or (only when
// it cannot be answered) close.
import { describe, expect, it } from 'vitest';
import { readEnvelope } from '../../src-main/host/socket-api';

const text = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

describe('socket envelopes', () => {
  it('runs a request, with a missing input as none', () => {
    expect(readEnvelope(text({ id: 1, cmd: 'app.info', input: {} }), false)).toEqual({ kind: 'call', id: 1, cmd: 'app.info', input: {} });
    expect(readEnvelope(text({ id: 2, cmd: 'app.info' }), false)).toEqual({ kind: 'call', id: 2, cmd: 'app.info', input: undefined });
  });

  it.each([
    [{ id: 3 }, 'cmd'],
    [{ id: 4, cmd: 7 }, 'cmd'],
    [{ id: 5, cmd: 'app.info', input: {}, extra: true }, 'extra'],
    [{ id: -1, cmd: 'app.info' }, 'id'],
    [{ id: 1.5, cmd: 'app.info' }, 'id'],
    [{ id: 6, cmd: 'x'.repeat(101) }, 'cmd'],
  ])('answers %j with BAD_INPUT and its id', (msg, mentions) => {
    const e = readEnvelope(text(msg), false);
    expect(e.kind).toBe('answer');
    if (e.kind !== 'answer') return;
    expect(e.reply).toMatchObject({ id: msg.id, ok: false, error: { code: 'BAD_INPUT' } });
    expect(JSON.stringify(e.reply)).toContain(mentions);
  });

  it.each([
    ['not JSON', 'nope{', 1007],
    ['JSON without an id', '{"cmd":"app.info"}', 1007],
    ['an id that is not a number', '{"id":"1","cmd":"app.info"}', 1007],
    ['an array', '[1,2]', 1007],
    ['null', 'null', 1007],
  ])('closes for %s', (_what, raw, code) => {
    expect(readEnvelope(text(raw), false)).toMatchObject({ kind: 'close', code });
  });

  it('reads a cancel, which needs no id of its own', () => {
    expect(readEnvelope(text({ cancel: 4 }), false)).toEqual({ kind: 'cancel', id: 4 });
  });

  it.each([[{ cancel: '4' }], [{ cancel: -1 }], [{ cancel: 1.5 }], [{ cancel: null }], [{ cancel: 4, extra: true }], [{ cancel: 4, cmd: 'app.info' }]])(
    'ignores the malformed cancel %j: nothing to answer, and no reason to close the socket under its other calls',
    (msg) => {
      expect(readEnvelope(text(msg), false)).toEqual({ kind: 'ignore' });
    },
  );

  it('answers a request that also carries a cancel key with BAD_INPUT and its id', () => {
    expect(readEnvelope(text({ id: 9, cmd: 'app.info', cancel: 3 }), false)).toMatchObject({ kind: 'answer', reply: { id: 9, ok: false, error: { code: 'BAD_INPUT' } } });
  });

  it('closes for binary frames', () => {
    expect(readEnvelope(text({ id: 1, cmd: 'app.info' }), true)).toMatchObject({ kind: 'close', code: 1003 });
  });
});
