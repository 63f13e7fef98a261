// The desktop entry (src-main/desktop/main.ts) run for real against a fake `electron`
// module: Electron cannot run on this machine, so `fake` below stands in for it — app,
// protocol, ipcMain, BrowserWindow, session, safeStorage, dialog — recording what main does
// and in which order. Everything else is real: the lock, the core on a temp data folder, the
// local API host. Only the native binding is redirected to better-sqlite3's Node build,
// because here main runs under Node rather than Electron.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../src-shared/bridge';
import { acquireLock, lockPath, readLock } from '../../../src-main/core/instance/data-lock';
import type * as DesktopPaths from '../../../src-main/desktop/desktop-paths';
import { useTempDirs } from '../../support/temp-dir';

const fake = await vi.hoisted(async () => {
  // This runs before the test file's imports, so it imports what it needs itself.
  const { EventEmitter } = await import('node:events');
  const state = {
    log: [] as string[],
    singleInstance: true,
    userData: '/nonexistent/default-user-data',
    quitted: false,
    schemes: [] as unknown[],
    handlers: new Map<string, (...args: unknown[]) => unknown>(),
    protocols: new Map<string, unknown>(),
    errors: [] as [string, string][],
    windows: [] as FakeWindow[],
  };

  /** Stands in for Electron's WebContents. */
  class FakeContents extends EventEmitter {
    sent: unknown[][] = [];
    openHandler: ((d: { url: string }) => unknown) | null = null;
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    isDestroyed() {
      return false;
    }
    setWindowOpenHandler(h: (d: { url: string }) => unknown) {
      this.openHandler = h;
    }
  }

  /** Stands in for Electron's BrowserWindow. */
  class FakeWindow extends EventEmitter {
    static getAllWindows() {
      return state.windows;
    }
    webContents = new FakeContents();
    url = '';
    constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
      super();
      state.windows.push(this);
      state.log.push('new BrowserWindow');
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    isVisible() {
      return true;
    }
    show() {}
    focus() {}
    restore() {}
  }

  /** Stands in for Electron's app: quit() emits before-quit and goes through unless prevented. */
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    setPath(name: string, p: string) {
      if (name === 'userData') state.userData = p;
    },
    getPath(name: string) {
      if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
      return state.userData;
    },
    requestSingleInstanceLock() {
      state.log.push('requestSingleInstanceLock');
      return state.singleInstance;
    },
    whenReady() {
      state.log.push('whenReady');
      return Promise.resolve();
    },
    quit() {
      state.log.push('quit');
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) state.quitted = true;
    },
    setAppUserModelId() {},
  });

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    protocol: {
      registerSchemesAsPrivileged(schemes: unknown[]) {
        state.log.push('registerSchemesAsPrivileged');
        state.schemes = schemes;
      },
      handle(scheme: string, handler: unknown) {
        state.log.push(`protocol.handle ${scheme}`);
        state.protocols.set(scheme, handler);
      },
    },
    ipcMain: {
      handle(channel: string, h: (...args: unknown[]) => unknown) {
        state.log.push(`ipcMain.handle ${channel}`);
        state.handlers.set(channel, h);
      },
      removeHandler(channel: string) {
        state.handlers.delete(channel);
      },
      // The cancel channel (ipc-transport.ts): listened to, never used by these tests.
      on() {},
      removeListener() {},
    },
    session: { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s).reverse(),
      decryptString: (b: Buffer) => Buffer.from(b).reverse().toString(),
      getSelectedStorageBackend: () => 'gnome_libsecret',
    },
    shell: { openExternal: async () => undefined },
    dialog: {
      showErrorBox(title: string, message: string) {
        state.errors.push([title, message]);
      },
    },
    Notification: Object.assign(function Notification() {}, { isSupported: () => false }),
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));
// Under Node the Electron build of better-sqlite3 would not load; use the Node build.
vi.mock('../../../src-main/desktop/desktop-paths', async (importOriginal) => {
  const original = await importOriginal<typeof DesktopPaths>();
  const { createRequire } = await import('node:module');
  const path = await import('node:path');
  const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
  return { ...original, nativeBindingPath: () => path.join(path.dirname(pkg), 'build', 'Release', 'better_sqlite3.node') };
});

const tempDir = useTempDirs('clipdesk-main-');
let dataDir = '';
let signalListeners: { SIGINT: unknown[]; SIGTERM: unknown[] };

beforeEach(() => {
  vi.resetModules();
  dataDir = tempDir();
  process.env.CLIPDESK_DATA_DIR = dataDir;
  Object.assign(fake.state, { log: [], singleInstance: true, quitted: false, schemes: [], errors: [], windows: [] });
  fake.state.handlers.clear();
  fake.state.protocols.clear();
  fake.electron.app.removeAllListeners();
  signalListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
});

afterEach(async () => {
  // Quit whatever is still running so the core and host close, then drop main's signal hooks.
  if (!fake.state.quitted) fake.electron.app.quit();
  await vi.waitFor(() => expect(fake.state.quitted).toBe(true), { timeout: 5000 });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const l of process.listeners(signal)) if (!signalListeners[signal].includes(l)) process.off(signal, l as () => void);
  }
  delete process.env.CLIPDESK_DATA_DIR;
});

async function startMain(): Promise<void> {
  await import('../../../src-main/desktop/main');
}

describe('desktop main', () => {
  it('starts in order: single instance, schemes, ready, core, IPC, window, then the local API', async () => {
    await startMain();
    await vi.waitFor(() => expect(readLock(dataDir)?.api?.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/api$/), { timeout: 5000 });

    const log = fake.state.log;
    expect(log.slice(0, 3)).toEqual(['requestSingleInstanceLock', 'registerSchemesAsPrivileged', 'whenReady']);
    expect(log.indexOf('protocol.handle app')).toBeGreaterThan(log.indexOf('whenReady'));
    expect(log.indexOf(`ipcMain.handle ${IPC_CALL_CHANNEL}`)).toBeLessThan(log.indexOf('new BrowserWindow'));
    expect(fake.state.userData).toBe(dataDir);
    expect(fake.state.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
      { scheme: 'media', privileges: { standard: true, secure: true, stream: true } },
    ]);

    const [win] = fake.state.windows;
    expect(win?.url).toBe('app://bundle/index.html');
    expect(win?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: true });
    // The web-contents policy reached the window through web-contents-created.
    expect(win?.webContents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });

    // A call from the window reaches the real core on the test's data folder.
    const call = fake.state.handlers.get(IPC_CALL_CHANNEL)!;
    // The window's webContents, as far as the transport watches it (for its calls' cancellation).
    const sender = { id: 1, send() {}, isDestroyed: () => false, on() {}, removeListener() {} };
    const reply = await call({ senderFrame: { url: 'app://bundle/index.html', parent: null }, sender }, 'app.info', {});
    expect(reply).toMatchObject({ ok: true, result: { mode: 'desktop', dataDir, secretBackend: 'safeStorage:gnome_libsecret' } });
    expect(await call({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // Core events reach the window.
    await vi.waitFor(() => expect(win?.webContents.sent.some(([ch, name]) => ch === IPC_EVENT_CHANNEL && name === 'activity.appended')).toBe(true));
  });

  it('quits only after closing the host and core, and releases the lock', async () => {
    await startMain();
    await vi.waitFor(() => expect(readLock(dataDir)?.api).toBeDefined(), { timeout: 5000 });
    const apiUrl = readLock(dataDir)!.api!.url.replace('ws://', 'http://').replace('/api', '/healthz');

    fake.electron.app.quit();
    expect(fake.state.quitted).toBe(false); // held while shutting down
    await vi.waitFor(() => expect(fake.state.quitted).toBe(true), { timeout: 5000 });
    expect(fs.existsSync(lockPath(dataDir))).toBe(false);
    expect(fake.state.handlers.has(IPC_CALL_CHANNEL)).toBe(false);
    await expect(fetch(apiUrl)).rejects.toThrow();
  });

  it('names the `clipdesk serve` holding the data folder, and quits', async () => {
    const serve = acquireLock(dataDir, 'serve', 'test');
    serve.publish({ uiUrl: 'http://127.0.0.1:4312/?token=SECRET' });
    try {
      await startMain();
      await vi.waitFor(() => expect(fake.state.quitted).toBe(true), { timeout: 5000 });
      expect(fake.state.errors).toHaveLength(1);
      const [title, message] = fake.state.errors[0]!;
      expect(title).toBe('Clipdesk is already running');
      expect(message).toContain('`clipdesk serve`');
      expect(message).toContain('http://127.0.0.1:4312/');
      expect(message).not.toContain('SECRET');
      expect(fake.state.windows).toHaveLength(0);
      expect(readLock(dataDir)?.kind).toBe('serve'); // the other holder's lock is left alone
    } finally {
      serve.release();
    }
  });

  it('as a second instance, quits before registering or opening anything', async () => {
    fake.state.singleInstance = false;
    await startMain();
    expect(fake.state.log).toEqual(['requestSingleInstanceLock', 'quit']);
    expect(fake.state.quitted).toBe(true);
    expect(fs.existsSync(lockPath(dataDir))).toBe(false);
  });
});
