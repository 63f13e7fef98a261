// The cancel protocol over a real WebSocket (docs/architecture.md §1, "Cancellable calls"): the
// host's socket (serveSocket) against a raw client speaking the wire format, and against the
// CLI's client of a running instance. Handlers are stand-ins that wait for their caller to give
// up, so each test sees exactly what a cancel, a progress message or a closed socket does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { CallContext } from '../../src-shared/caller';
import { COMMAND_NAMES, type Handlers } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import type { ConnectStart } from '../../src-shared/tiktok/accounts';
import { EventBus } from '../../src-main/core/event-bus';
import { buildRoutes } from '../../src-main/core/transport/routes';
import { serveSocket } from '../../src-main/host/socket-api';
import { connectToInstance } from '../../src-main/cli/instance-client';

const START: ConnectStart = { url: 'https://tiktok.example/consent', opened: true, expiresAt: '2026-01-01T00:00:00.000Z' };

interface Served {
  url: string;
  /** The signal of each accounts.connect call the host ran, in order. */
  signals: AbortSignal[];
  /** Sockets the host saw close. */
  closed: () => number;
}

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of servers.splice(0)) await stop();
});

/** A host socket whose accounts.connect tells its consent page and then waits to be given up; app.info answers at once. */
async function serve(): Promise<Served> {
  const signals: AbortSignal[] = [];
  const handlers = Object.fromEntries(
    COMMAND_NAMES.map((name) => [
      name,
      async () => {
        throw new Error(`${name} is not in this test`);
      },
    ]),
  ) as unknown as Handlers;
  handlers['accounts.connect'] = async (_input, ctx?: CallContext<ConnectStart>) => {
    signals.push(ctx!.signal);
    ctx!.progress?.(START);
    return new Promise<never>((_, reject) => ctx!.signal.addEventListener('abort', () => reject(new AppError('CANCELLED', 'Connecting was cancelled.'))));
  };
  handlers['app.info'] = async () => ({ name: 'Clipdesk', version: '0.0.0-test', mode: 'web', dataDir: '/data', platform: 'linux', secretBackend: 'test', emulated: [] });
  const routes = buildRoutes(handlers);
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  let closed = 0;
  wss.on('connection', (ws) => {
    ws.on('close', () => closed++);
    serveSocket(ws, routes, { bus: new EventBus() }, { kind: 'terminal' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api`, signals, closed: () => closed };
}

/** A client speaking the wire format by hand: every message it got, in order. */
async function rawClient(url: string) {
  const ws = new WebSocket(url);
  const got: Record<string, unknown>[] = [];
  ws.on('message', (d) => got.push(JSON.parse(d.toString()) as Record<string, unknown>));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return {
    ws,
    got,
    send: (msg: unknown) => ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg)),
    /** The reply (not progress) to call `id`, once it came. */
    reply: (id: number) => vi.waitFor(() => got.find((m) => m.id === id && 'ok' in m) ?? Promise.reject(new Error(`no reply to ${id} yet`))),
  };
}

describe('the host socket: cancel messages', () => {
  it("tells the caller its call's progress by id, and { cancel: id } aborts that call's signal, which answers CANCELLED", async () => {
    const host = await serve();
    const client = await rawClient(host.url);
    client.send({ id: 1, cmd: 'accounts.connect', input: {} });
    await vi.waitFor(() => expect(client.got).toContainEqual({ id: 1, progress: START }));
    expect(host.signals[0]?.aborted).toBe(false);
    client.send({ cancel: 1 });
    expect(await client.reply(1)).toEqual({ id: 1, ok: false, error: { code: 'CANCELLED', message: 'Connecting was cancelled.' } });
    expect(host.signals[0]?.aborted).toBe(true);
  });

  it('cancels only the call named, not the others of the socket', async () => {
    const host = await serve();
    const client = await rawClient(host.url);
    client.send({ id: 1, cmd: 'accounts.connect', input: {} });
    client.send({ id: 2, cmd: 'accounts.connect', input: {} });
    await vi.waitFor(() => expect(host.signals).toHaveLength(2));
    client.send({ cancel: 2 });
    await client.reply(2);
    expect(host.signals.map((s) => s.aborted)).toEqual([false, true]);
  });

  it('aborts every call of a socket when it closes', async () => {
    const host = await serve();
    const client = await rawClient(host.url);
    client.send({ id: 1, cmd: 'accounts.connect', input: {} });
    client.send({ id: 2, cmd: 'accounts.connect', input: {} });
    await vi.waitFor(() => expect(host.signals).toHaveLength(2));
    client.ws.close();
    await vi.waitFor(() => expect(host.signals.map((s) => s.aborted)).toEqual([true, true]));
  });

  it.each([
    ['a string id', { cancel: '1' }],
    ['a negative id', { cancel: -1 }],
    ['extra keys', { cancel: 1, evil: true }],
    ['an id under way nowhere', { cancel: 42 }],
    ['a finished call', { cancel: 7 }],
  ])('ignores a cancel with %s: no answer, the socket stays open, and the call under way goes on', async (_what, cancel) => {
    const host = await serve();
    const client = await rawClient(host.url);
    client.send({ id: 7, cmd: 'app.info', input: {} });
    await client.reply(7);
    client.send({ id: 1, cmd: 'accounts.connect', input: {} });
    await vi.waitFor(() => expect(host.signals).toHaveLength(1));
    client.send(cancel);
    // The socket still answers, so the cancel has been handled (messages are read in order).
    client.send({ id: 8, cmd: 'app.info', input: {} });
    expect(await client.reply(8)).toMatchObject({ ok: true });
    expect(host.signals[0]?.aborted).toBe(false);
    expect(client.got.filter((m) => 'ok' in m).map((m) => m.id)).toEqual([7, 8]);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('refuses a second call with the id of one still under way, leaving the first alone', async () => {
    const host = await serve();
    const client = await rawClient(host.url);
    client.send({ id: 1, cmd: 'accounts.connect', input: {} });
    await vi.waitFor(() => expect(host.signals).toHaveLength(1));
    client.send({ id: 1, cmd: 'app.info', input: {} });
    expect(await client.reply(1)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('still under way') } });
    expect(host.signals[0]?.aborted).toBe(false);
  });
});

describe("the CLI's client of a running instance: cancel messages", () => {
  const holder = (url: string) => ({ pid: process.pid, kind: 'serve' as const, startedAt: new Date().toISOString(), version: '0.0.0-test', api: { url, token: 'test' } });

  it('passes the progress on, and its signal rejects the call at once with CANCELLED and aborts it at the host', async () => {
    const host = await serve();
    const client = await connectToInstance(holder(host.url));
    try {
      const controller = new AbortController();
      const told: unknown[] = [];
      const call = client.call('accounts.connect', {}, { signal: controller.signal, onProgress: (p) => told.push(p) });
      await vi.waitFor(() => expect(told).toEqual([START]));
      controller.abort();
      await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
      await vi.waitFor(() => expect(host.signals[0]?.aborted).toBe(true));
      // The connection is as good as before.
      expect(await client.call('app.info', {})).toMatchObject({ name: 'Clipdesk' });
    } finally {
      client.close();
    }
  });

  it('sends nothing for a call whose signal was aborted before it started', async () => {
    const host = await serve();
    const client = await connectToInstance(holder(host.url));
    try {
      await expect(client.call('accounts.connect', {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(await client.call('app.info', {})).toMatchObject({ name: 'Clipdesk' });
      expect(host.signals).toHaveLength(0);
    } finally {
      client.close();
    }
  });

  it('closing the client aborts its calls at the host', async () => {
    const host = await serve();
    const client = await connectToInstance(holder(host.url));
    const call = client.call('accounts.connect', {});
    await vi.waitFor(() => expect(host.signals).toHaveLength(1));
    client.close();
    await expect(call).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await vi.waitFor(() => expect(host.signals[0]?.aborted).toBe(true));
  });
});
