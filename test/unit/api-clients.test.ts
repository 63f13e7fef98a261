// The renderer's two api clients speak the cancel protocol (docs/architecture.md §1,
// "Cancellable calls"): over the preload bridge (IPC) and over the host's WebSocket, a call's
// signal rejects it at once with CANCELLED and tells the other side, its progress reaches its
// own onProgress only, and nothing the call says after it was given up reaches the flow.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BridgeReply, DesktopBridge } from '../../src-shared/bridge';
import { startCall } from '../../src-shared/running-call';
import { createIpcApi } from '../../src-renderer/src/api/ipc-api';
import { createWsApi } from '../../src-renderer/src/api/ws-api';

const START = { url: 'https://tiktok.example/consent', opened: true, expiresAt: '2026-01-01T00:00:00.000Z' };

/** The preload bridge, played by hand: what was called and cancelled, and how to answer. */
function fakeBridge() {
  const calls: { name: string; callId: number | undefined; answer: (reply: BridgeReply) => void }[] = [];
  const cancels: number[] = [];
  let progress: (callId: number, payload: unknown) => void = () => undefined;
  const bridge: DesktopBridge = {
    call: (name, _input, callId) => new Promise((resolve) => calls.push({ name, callId, answer: resolve })),
    cancel: (callId) => void cancels.push(callId),
    onEvent: () => () => undefined,
    onProgress: (listener) => {
      progress = listener;
      return () => undefined;
    },
    getPathForFile: () => '',
  };
  return { bridge, calls, cancels, progress: (callId: number, payload: unknown) => progress(callId, payload) };
}

describe('the IPC api client', () => {
  it('numbers each call, hands its progress to it alone, and on abort cancels that number and rejects with CANCELLED', async () => {
    const fake = fakeBridge();
    const api = createIpcApi(fake.bridge);
    const told: unknown[] = [];
    const controller = new AbortController();
    const connecting = api.call('accounts.connect', {}, { signal: controller.signal, onProgress: (p) => told.push(p) });
    const other = api.call('app.info', {});
    const [first, second] = fake.calls;
    expect(first?.callId).not.toBe(second?.callId);
    fake.progress(second!.callId!, { url: 'not for the connect' });
    fake.progress(first!.callId!, START);
    expect(told).toEqual([START]);
    controller.abort();
    await expect(connecting).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(fake.cancels).toEqual([first!.callId]);
    // A late answer or progress for the cancelled call is dropped; the other call is unharmed.
    first!.answer({ ok: true, result: { id: 'a1' } });
    fake.progress(first!.callId!, START);
    expect(told).toEqual([START]);
    second!.answer({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } });
    await expect(other).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'gone' });
  });
});

/** The browser's WebSocket, played by hand. */
class FakeSocket {
  static readonly OPEN = 1;
  static last: FakeSocket | null = null;
  readyState = 0;
  readonly sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  deliver(msg: unknown): void {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

describe('the WebSocket api client', () => {
  afterEach(() => vi.unstubAllGlobals());

  function open() {
    vi.stubGlobal('WebSocket', FakeSocket);
    const api = createWsApi('ws://host.test/api');
    const socket = FakeSocket.last!;
    return { api, socket };
  }

  it('sends { cancel: id } when a call is given up, rejects it with CANCELLED, and drops what the host still says of it', async () => {
    const { api, socket } = open();
    socket.open();
    const told: unknown[] = [];
    const controller = new AbortController();
    const connecting = api.call('accounts.connect', {}, { signal: controller.signal, onProgress: (p) => told.push(p) });
    const { id } = socket.sent[0] as { id: number };
    expect(socket.sent[0]).toEqual({ id, cmd: 'accounts.connect', input: {} });
    socket.deliver({ id, progress: START });
    expect(told).toEqual([START]);
    controller.abort();
    await expect(connecting).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(socket.sent[1]).toEqual({ cancel: id });
    socket.deliver({ id, progress: { url: 'late' } });
    socket.deliver({ id, ok: false, error: { code: 'CANCELLED', message: 'Connecting was cancelled.' } });
    expect(told).toEqual([START]);
  });

  it('never sends a call given up while the socket was still opening', async () => {
    const { api, socket } = open();
    const controller = new AbortController();
    const connecting = api.call('accounts.connect', {}, { signal: controller.signal });
    const info = api.call('app.info', {});
    controller.abort();
    await expect(connecting).rejects.toMatchObject({ code: 'CANCELLED' });
    socket.open();
    expect(socket.sent).toEqual([{ id: expect.any(Number), cmd: 'app.info', input: {} }]);
    socket.deliver({ id: (socket.sent[0] as { id: number }).id, ok: true, result: { name: 'Clipdesk' } });
    expect(await info).toEqual({ name: 'Clipdesk' });
  });
});

describe('startCall, the one flow of the connect and pairing screens and commands', () => {
  it('passes progress on until cancelled, then nothing, and says it was cancelled', async () => {
    const fake = fakeBridge();
    const told: unknown[] = [];
    const run = startCall(createIpcApi(fake.bridge), 'accounts.connect', {}, (p) => told.push(p));
    const callId = fake.calls[0]!.callId!;
    fake.progress(callId, START);
    expect(run.cancelled).toBe(false);
    run.cancel();
    fake.progress(callId, { url: 'late' });
    expect(told).toEqual([START]);
    expect(run.cancelled).toBe(true);
    expect(fake.cancels).toEqual([callId]);
    await expect(run.result).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
