// The contract over IPC, end to end against a real core on a temporary data folder, with
// a fake ipcMain and a fake webContents standing in for Electron (which cannot run on this
// machine). The fakes implement only what the transport touches.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../../src-shared/caller';
import { AppError } from '../../../src-shared/errors';
import { IPC_CALL_CHANNEL, IPC_CANCEL_CHANNEL, IPC_EVENT_CHANNEL, IPC_PROGRESS_CHANNEL, type BridgeReply } from '../../../src-shared/bridge';
import { createCore, type Core } from '../../../src-main/core/create-core';
import type { SecretCipher } from '../../../src-main/core/secrets/secret-store';
import { buildRoutes } from '../../../src-main/core/transport/routes';
import {
  REFUSED_REPLY,
  registerIpcTransport,
  type CallerContentsLike,
  type EventTargetLike,
  type InvokeEventLike,
  type IpcMainLike,
} from '../../../src-main/desktop/ipc-transport';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs('clipdesk-ipc-');

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;
type OnListener = (event: InvokeEventLike, ...args: unknown[]) => void;

/** Stands in for a window's webContents: remembers what was sent, and plays its lifecycle events. */
class FakeWebContents implements EventTargetLike, CallerContentsLike {
  readonly sent: unknown[][] = [];
  destroyed = false;
  private readonly listeners = new Map<string, Set<(...args: never[]) => void>>();
  constructor(readonly id = 1) {}
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  on(event: string, listener: (...args: never[]) => void): this {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return this;
  }
  removeListener(event: string, listener: (...args: never[]) => void): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }
  /** Plays an Electron event: 'destroyed', 'render-process-gone', 'did-start-navigation'. */
  emit(event: string, ...args: unknown[]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) (l as (...a: unknown[]) => void)(...args);
  }
  listenerCount(): number {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }
  /** What this page heard on the progress channel, as [callId, payload]. */
  progress(): unknown[][] {
    return this.sent.filter(([channel]) => channel === IPC_PROGRESS_CHANNEL).map(([, id, payload]) => [id, payload]);
  }
}

/** Stands in for Electron's ipcMain: records handlers by channel, like the real one refuses duplicates. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  readonly listeners = new Map<string, Set<OnListener>>();
  /** The page calls come from unless told otherwise. */
  page = new FakeWebContents();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  on(channel: string, listener: OnListener): this {
    const set = this.listeners.get(channel) ?? new Set();
    this.listeners.set(channel, set);
    set.add(listener);
    return this;
  }
  removeListener(channel: string, listener: OnListener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  /** What ipcRenderer.invoke from a frame at `url` would get back. */
  invoke(url: string | null, ...args: unknown[]): Promise<BridgeReply> {
    return this.invokeFrom(this.page, url, ...args);
  }
  invokeFrom(page: FakeWebContents, url: string | null, ...args: unknown[]): Promise<BridgeReply> {
    const listener = this.handlers.get(IPC_CALL_CHANNEL);
    if (!listener) throw new Error('no handler');
    return listener({ senderFrame: url === null ? null : { url, parent: null }, sender: page }, ...args) as Promise<BridgeReply>;
  }
  /** What ipcRenderer.send(IPC_CANCEL_CHANNEL, callId) from a frame at `url` does. */
  cancel(url: string, callId: unknown, page = this.page): void {
    for (const l of this.listeners.get(IPC_CANCEL_CHANNEL) ?? []) l({ senderFrame: { url, parent: null }, sender: page }, callId);
  }
}

/** A test cipher: the real ones need an OS keyring or a key file. */
const testCipher: SecretCipher = {
  backend: 'test',
  strong: true,
  encrypt: async (plain) => Buffer.from(plain, 'utf8').reverse(),
  decrypt: async (data) => Buffer.from(data).reverse().toString('utf8'),
};

const opened: Core[] = [];
afterEach(async () => {
  for (const core of opened.splice(0)) await core.close();
});

function setUp(overrides: Partial<Core['handlers']> = {}) {
  const core = createCore({ dataDir: tempDir(), mode: 'desktop', version: '0.0.0-test', cipher: testCipher });
  opened.push(core);
  const ipcMain = new FakeIpcMain();
  const contents = new FakeWebContents();
  const refusals: string[] = [];
  let target: FakeWebContents | null = contents;
  const dispose = registerIpcTransport({
    ipcMain,
    routes: buildRoutes({ ...core.handlers, ...overrides }),
    bus: core.bus,
    trustedOrigins: ['app://bundle'],
    eventTarget: () => target,
    onRefused: (why) => refusals.push(why),
  });
  return { core, ipcMain, contents, refusals, dispose, setTarget: (t: FakeWebContents | null) => (target = t) };
}

describe('IPC transport', () => {
  it('registers exactly one call channel', () => {
    const { ipcMain } = setUp();
    expect([...ipcMain.handlers.keys()]).toEqual([IPC_CALL_CHANNEL]);
  });

  it('runs a command for the app window and returns its result in an envelope', async () => {
    const { ipcMain } = setUp();
    const reply = await ipcMain.invoke('app://bundle/index.html', 'app.info', {});
    expect(reply.ok).toBe(true);
    expect(reply.ok && (reply.result as { mode: string; version: string })).toMatchObject({ mode: 'desktop', version: '0.0.0-test' });
  });

  it('parses input with the contract schema: bad input is BAD_INPUT and reaches no handler', async () => {
    let called = false;
    const { ipcMain } = setUp({
      'jobs.cancel': async () => {
        called = true;
        throw new Error('unreachable');
      },
    });
    const wrongType = await ipcMain.invoke('app://bundle/index.html', 'jobs.cancel', { id: 42 });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const extraKey = await ipcMain.invoke('app://bundle/index.html', 'app.info', { evil: true });
    expect(extraKey).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(called).toBe(false);
  });

  it('maps failures to { code, message } and nothing more', async () => {
    const { ipcMain } = setUp({
      'jobs.retry': async () => {
        throw new AppError('NOT_FOUND', 'There is no job called j1.');
      },
      'jobs.cancel': async () => {
        throw Object.assign(new Error('disk on fire'), { stack: 'at secret/place.ts:1' });
      },
    });
    expect(await ipcMain.invoke('app://bundle/index.html', 'jobs.retry', { id: 'j1' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'There is no job called j1.' },
    });
    const internal = await ipcMain.invoke('app://bundle/index.html', 'jobs.cancel', { id: 'j1' });
    expect(internal.ok).toBe(false);
    if (!internal.ok) {
      expect(Object.keys(internal.error).sort()).toEqual(['code', 'message']);
      expect(internal.error.code).toBe('INTERNAL');
      expect(internal.error.message).not.toContain('secret/place');
    }
  });

  it('refuses an unknown command', async () => {
    const { ipcMain } = setUp();
    for (const name of ['app.shutdown', '__proto__', 'constructor', 42, undefined]) {
      const reply = await ipcMain.invoke('app://bundle/index.html', name, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    }
  });

  it('refuses a foreign or vanished sender before running anything', async () => {
    let called = false;
    const { ipcMain, refusals } = setUp({
      'settings.get': async () => {
        called = true;
        throw new Error('unreachable');
      },
    });
    expect(await ipcMain.invoke('https://evil.example/', 'settings.get', {})).toEqual(REFUSED_REPLY);
    expect(await ipcMain.invoke('app://bundle.evil/index.html', 'settings.get', {})).toEqual(REFUSED_REPLY);
    expect(await ipcMain.invoke(null, 'settings.get', {})).toEqual(REFUSED_REPLY);
    expect(called).toBe(false);
    expect(refusals).toEqual(['sent from a foreign origin', 'sent from a foreign origin', 'the sending frame is gone']);
  });

  it('reads the sender synchronously, before any await', async () => {
    const { ipcMain } = setUp();
    // Electron nulls senderFrame once the frame navigates: a getter that only answers during
    // the synchronous part of the call proves the check never happens after an await.
    let live = true;
    const event = {
      get senderFrame() {
        return live ? { url: 'app://bundle/index.html', parent: null } : null;
      },
      sender: ipcMain.page,
    };
    const pending = ipcMain.handlers.get(IPC_CALL_CHANNEL)!(event, 'app.info', {});
    live = false;
    expect(await pending).toMatchObject({ ok: true });
  });

  it('forwards core events to the window on the event channel', () => {
    const { core, contents, setTarget } = setUp();
    core.audit.append({ actor: 'test', action: 'thing.happened' });
    expect(contents.sent).toHaveLength(1);
    const [channel, name, payload] = contents.sent[0]!;
    expect(channel).toBe(IPC_EVENT_CHANNEL);
    expect(name).toBe('activity.appended');
    expect(payload).toMatchObject({ actor: 'test', action: 'thing.happened' });

    // A destroyed or absent window is skipped, not an error.
    contents.destroyed = true;
    core.audit.append({ actor: 'test', action: 'after.close' });
    setTarget(null);
    core.audit.append({ actor: 'test', action: 'no.window' });
    expect(contents.sent).toHaveLength(1);
  });

  it('unregisters the channels and stops forwarding when disposed', () => {
    const { core, ipcMain, contents, dispose } = setUp();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listeners.get(IPC_CANCEL_CHANNEL)?.size ?? 0).toBe(0);
    core.audit.append({ actor: 'test', action: 'after.dispose' });
    expect(contents.sent).toHaveLength(0);
  });
});

describe('IPC transport: cancellable calls', () => {
  const PAGE = 'app://bundle/index.html';
  const START = { url: 'https://tiktok.example/consent', opened: true, expiresAt: '2026-01-01T00:00:00.000Z' };

  /** A connect that tells its consent page, then waits until its caller gives it up. */
  function waitingConnect(signals: AbortSignal[]) {
    return {
      'accounts.connect': async (_input: unknown, ctx?: CallContext<typeof START>) => {
        signals.push(ctx!.signal);
        ctx!.progress?.(START);
        return new Promise<never>((_, reject) => ctx!.signal.addEventListener('abort', () => reject(new AppError('CANCELLED', 'Connecting was cancelled.'))));
      },
    } as Partial<Core['handlers']>;
  }

  it('tells the calling page its progress, and a cancel from that page aborts the call, which answers CANCELLED', async () => {
    const signals: AbortSignal[] = [];
    const { ipcMain } = setUp(waitingConnect(signals));
    const reply = ipcMain.invoke(PAGE, 'accounts.connect', {}, 7);
    await vi.waitFor(() => expect(ipcMain.page.progress()).toEqual([[7, START]]));
    expect(signals[0]?.aborted).toBe(false);
    ipcMain.cancel(PAGE, 7);
    expect(signals[0]?.aborted).toBe(true);
    expect(await reply).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'Connecting was cancelled.' } });
  });

  it.each([
    ['the window is closed', (page: FakeWebContents) => page.emit('destroyed')],
    ['its renderer crashes', (page: FakeWebContents) => page.emit('render-process-gone')],
    ['the page reloads', (page: FakeWebContents) => page.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false })],
  ])('aborts every call of the page when %s', async (_what, goAway) => {
    const signals: AbortSignal[] = [];
    const { ipcMain } = setUp(waitingConnect(signals));
    const replies = [ipcMain.invoke(PAGE, 'accounts.connect', {}, 1), ipcMain.invoke(PAGE, 'accounts.connect', {})];
    await vi.waitFor(() => expect(signals).toHaveLength(2));
    goAway(ipcMain.page);
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
    for (const reply of await Promise.all(replies)) expect(reply).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    // The page is forgotten: nothing of it is watched any more.
    expect(ipcMain.page.listenerCount()).toBe(0);
  });

  it('leaves calls alone for a navigation inside the page or in a subframe, and for another window going away', async () => {
    const signals: AbortSignal[] = [];
    const { ipcMain } = setUp(waitingConnect(signals));
    void ipcMain.invoke(PAGE, 'accounts.connect', {}, 1);
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    ipcMain.page.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    ipcMain.page.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    new FakeWebContents(2).emit('destroyed');
    // Another window cancelling "its" call 1 is not this window's call 1.
    ipcMain.cancel(PAGE, 1, new FakeWebContents(2));
    expect(signals[0]?.aborted).toBe(false);
  });

  it.each([['a string id', '1'], ['a negative id', -1], ['a fraction', 1.5], ['an object', { id: 1 }], ['nothing', undefined], ['an id under way nowhere', 99]])(
    'ignores a cancel with %s, harming no call',
    async (_what, callId) => {
      const signals: AbortSignal[] = [];
      const { ipcMain, refusals } = setUp(waitingConnect(signals));
      void ipcMain.invoke(PAGE, 'accounts.connect', {}, 1);
      await vi.waitFor(() => expect(signals).toHaveLength(1));
      ipcMain.cancel(PAGE, callId);
      expect(signals[0]?.aborted).toBe(false);
      // The call is still under way and cancellable.
      ipcMain.cancel(PAGE, 1);
      expect(signals[0]?.aborted).toBe(true);
      expect(refusals).toEqual([]);
    },
  );

  it('refuses a cancel from a foreign frame', async () => {
    const signals: AbortSignal[] = [];
    const { ipcMain, refusals } = setUp(waitingConnect(signals));
    void ipcMain.invoke(PAGE, 'accounts.connect', {}, 1);
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    ipcMain.cancel('https://evil.example/', 1);
    expect(signals[0]?.aborted).toBe(false);
    expect(refusals).toEqual(['cancel sent from a foreign origin']);
  });

  it('answers BAD_INPUT for a call id that is not one, or one already under way, and runs nothing for it', async () => {
    const signals: AbortSignal[] = [];
    const { ipcMain } = setUp(waitingConnect(signals));
    expect(await ipcMain.invoke(PAGE, 'accounts.connect', {}, 'seven')).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    void ipcMain.invoke(PAGE, 'accounts.connect', {}, 3);
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    expect(await ipcMain.invoke(PAGE, 'accounts.connect', {}, 3)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('still under way') } });
    expect(signals).toHaveLength(1);
  });

  it('aborts the calls under way when disposed (the app quits)', async () => {
    const signals: AbortSignal[] = [];
    const { ipcMain, dispose } = setUp(waitingConnect(signals));
    const reply = ipcMain.invoke(PAGE, 'accounts.connect', {}, 1);
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    dispose();
    expect(await reply).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });
});
