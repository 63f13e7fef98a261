// The contract over IPC, end to end against a real core on a temporary data folder, with
// a fake ipcMain and a fake webContents standing in for Electron (which cannot run on this
// machine). The fakes implement only what the transport touches.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type BridgeReply } from '../../../src-shared/bridge';
import { createCore, type Core } from '../../../src-main/core/create-core';
import type { SecretCipher } from '../../../src-main/core/secrets/secret-store';
import { buildRoutes } from '../../../src-main/core/transport/routes';
import {
  REFUSED_REPLY,
  registerIpcTransport,
  type EventTargetLike,
  type InvokeEventLike,
  type IpcMainLike,
} from '../../../src-main/desktop/ipc-transport';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs('clipdesk-ipc-');

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

/** Stands in for Electron's ipcMain: records handlers by channel, like the real one refuses duplicates. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke from a frame at `url` would get back. */
  invoke(url: string | null, ...args: unknown[]): Promise<BridgeReply> {
    const listener = this.handlers.get(IPC_CALL_CHANNEL);
    if (!listener) throw new Error('no handler');
    return listener({ senderFrame: url === null ? null : { url, parent: null } }, ...args) as Promise<BridgeReply>;
  }
}

/** Stands in for the window's webContents: remembers what was sent. */
class FakeWebContents implements EventTargetLike {
  readonly sent: unknown[][] = [];
  destroyed = false;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
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

  it('unregisters the channel and stops forwarding when disposed', () => {
    const { core, ipcMain, contents, dispose } = setUp();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    core.audit.append({ actor: 'test', action: 'after.dispose' });
    expect(contents.sent).toHaveLength(0);
  });
});
