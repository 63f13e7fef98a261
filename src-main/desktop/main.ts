// The Electron entry (out/main/index.js). The desktop shell is thin: it starts a core with
// what only the desktop has (OS secret storage, the system browser, notifications) and
// adapts it to IPC, the window and the local API the CLI hands commands to. The order below
// matters and each step says why.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import type { BrowserWindow } from 'electron';
import { app, dialog, ipcMain, Menu, nativeImage, Notification, powerSaveBlocker, protocol, safeStorage, session, shell, Tray } from 'electron';
import { AppError } from '../../src-shared/errors';
import { callContext } from '../core/caller';
import { createCore, type Core } from '../core/create-core';
import { filterEndpointOverrides, type OverrideReport } from '../core/system/endpoint-overrides';
import { TRAY_NOTICE_FILE } from '../core/instance/data-layout';
import { acquireLock, type DataLock } from '../core/instance/data-lock';
import { createOpenBrowser } from '../core/system/open-browser';
import { tiktokEndpoints } from '../core/tiktok/endpoints';
import { buildRoutes } from '../core/transport/routes';
import { startHost, type RunningHost } from '../host/start-host';
import { APP_VERSION } from '../version';
import { APP_SCHEME, MEDIA_SCHEME, rendererSource } from './app-origin';
import { createAppProtocolHandler } from './app-protocol';
import { createMediaProtocolHandler } from './media-protocol';
import { resolveMediaFile } from '../core/transport/media-files';
import { autostartFile, HIDDEN_ARG, KeepAwake, setLinuxAutostart, trayMenu } from './background';
import { bundlePaths, dataDirOverride, nativeBindingPath } from './desktop-paths';
import { installGracefulQuit } from './graceful-quit';
import { registerIpcTransport, type EventTargetLike } from './ipc-transport';
import { createOpenExternal } from './open-external';
import { createSafeStorageCipher } from './safe-storage-cipher';
import { applySessionPolicy, applyWebContentsPolicy } from './web-contents-policy';
import { createMainWindow, focusWindow } from './window';
import { PRIVATE_MKDIR } from '../core/instance/private-dir';

const paths = bundlePaths(path.dirname(fileURLToPath(import.meta.url)));

// A data folder named by CLIPDESK_DATA_DIR becomes Electron's profile folder too, before the
// single-instance lock is asked for: that lock is keyed on userData, so it and the data-folder
// lock then agree, and two test runs with two folders do not take each other for "already
// running".
const dataOverride = dataDirOverride(process.env);
if (dataOverride) {
  fs.mkdirSync(dataOverride, PRIVATE_MKDIR); // setPath throws for a folder that does not exist; 0700 (private-dir.ts)
  app.setPath('userData', dataOverride);
}

// First of all: one desktop instance per profile. A second one hands over to the first
// (which comes to the front in 'second-instance') and leaves before touching anything.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Before 'ready', and once only: app:// serves the renderer as a secure, standard origin (not
  // file://); media:// streams local video to <video> with Range (docs/platforms.md, Electron
  // §5.2).
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true } },
  ]);
  runDesktop();
}

interface Running {
  /** Settles when start-up has finished or failed; shutdown waits for it. */
  startup?: Promise<unknown>;
  /** Kept in a module-level reference, or it is garbage-collected (docs/platforms.md, Electron §8). */
  tray?: Tray;
  lock?: DataLock;
  core?: Core;
  host?: RunningHost;
  disposeIpc?: () => void;
}

/** Set once everything was deleted: the window's closing or a quit restarts Clipdesk, empty. */
const deletion = { restarting: false };

function runDesktop(): void {
  const source = rendererSource({ isPackaged: app.isPackaged, devUrl: process.env.ELECTRON_RENDERER_URL });
  const running: Running = {};
  let win: BrowserWindow | null = null;
  let lastRefusal = 0;
  // Set when the person really quits (tray, menu, Cmd+Q): closing the window then closes.
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  const closeToTray = (): boolean => running.core?.settings.get().closeToTray ?? false;

  const audit = (action: string, detail: string): void => {
    running.core?.audit.append({ actor: 'desktop', action, subject: null, detail });
  };
  // Throttled: a page retrying in a loop must not flood the activity log.
  const refused = (what: string): void => {
    const now = Date.now();
    if (now - lastRefusal < 10_000) return;
    lastRefusal = now;
    audit('access.refused', what);
  };

  // The endpoint and browser overrides (emulators, BROWSER) count only in a development build,
  // or a packaged one started with CLIPDESK_DEVELOPER=1 (endpoint-overrides.ts); what was
  // dropped or used is logged by the core.
  const overrides = filterEndpointOverrides(process.env, { packaged: app.isPackaged });
  const env = overrides.env;
  // BROWSER, when set, is honoured as xdg-open does (docs/architecture.md §3): headless tests and
  // people with their own browser choice. An emulated TikTok's consent page is let through.
  const opener = env.BROWSER ? { openExternal: createOpenBrowser(env) } : shell;
  const authOrigin = tiktokEndpoints(env).emulated ? [new URL(tiktokEndpoints(env).authorizeUrl).origin] : [];
  const openExternal = createOpenExternal(opener, (origin) => refused(`open in browser: ${origin}`), authOrigin);

  app.on('second-instance', () => focusWindow(win));
  // Every webContents, present and future, gets the same limits.
  app.on('web-contents-created', (_event, contents) =>
    applyWebContentsPolicy(contents, { trustedOrigins: source.trustedOrigins, openExternal, onRefused: refused }),
  );

  installGracefulQuit(app, {
    shutdown: () => shutdown(running),
    onError: (err) => console.error(`Clipdesk: ${err instanceof Error ? err.message : String(err)}`),
  });
  // Ctrl-C in a terminal (npm start) quits the same careful way.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app.on('window-all-closed', () => {
    // After "delete everything", closing the window starts Clipdesk afresh (restartAfterDeletion):
    // quitting here would end the process before it clears the browser data and relaunches.
    if (deletion.restarting) return;
    // In the tray, Clipdesk keeps publishing and answering Telegram with no window open.
    if (process.platform !== 'darwin' && !closeToTray()) app.quit();
  });

  const icon = path.join(paths.appRoot, 'resources', 'build', 'icon.png');
  const openWindow = (show = true): void => {
    win = createMainWindow({
      preload: paths.preload,
      isPackaged: app.isPackaged,
      url: source.url,
      show,
      ...(!app.isPackaged && fs.existsSync(icon) ? { icon } : {}),
      onLoadFailed: (why) => {
        console.error(`Clipdesk: the window failed to load: ${why}`);
        audit('window.load-failed', why);
      },
    });
    win.on('close', (event) => {
      // Only with a tray to come back from and quit with (GNOME without AppIndicator has none).
      if (quitting || !closeToTray() || !running.core || !running.tray) return;
      event.preventDefault();
      win?.hide();
      firstTimeTrayNotice(running.core.dataDir);
    });
    win.on('closed', () => {
      win = null;
    });
  };
  const showWindow = (): void => (win ? focusWindow(win) : openWindow());

  app.on('activate', () => {
    // macOS: the dock icon brings the window back once the app is running (hidden in the tray, or closed).
    if (running.host) showWindow();
  });

  running.startup = app
    .whenReady()
    .then(async () => {
      if (process.platform === 'win32') app.setAppUserModelId('com.clipdesk.app'); // notifications need it
      const { core, lock } = await startCore(running, {
        env,
        overrides: { used: overrides.used, ignored: overrides.ignored },
        trustedOrigins: source.trustedOrigins,
        openExternal,
        onRefused: refused,
        eventTarget: () => (win && !win.isDestroyed() ? win.webContents : null),
        window: () => (win && !win.isDestroyed() ? win : null),
      });
      // Started at login: stay in the tray until the person opens the window.
      // (macOS passes no arguments to login items: it says so through wasOpenedAtLogin.)
      const atLogin = process.argv.includes(HIDDEN_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
      openWindow(!atLogin);
      running.tray = createTray(core, fs.existsSync(icon) ? icon : null, showWindow);
      applyLaunchAtLogin(core.settings.get().launchAtLogin);
      // One wake lock while uploads and renders run: the laptop must not sleep mid-upload.
      const keepAwake = new KeepAwake({ start: () => powerSaveBlocker.start('prevent-app-suspension'), stop: (id) => powerSaveBlocker.stop(id) });
      core.bus.subscribe((name, payload) => {
        if (name === 'data.deletedEverything') restartAfterDeletion(running, () => win);
        if (name === 'jobs.changed') keepAwake.jobChanged(payload as { id: string; kind: string; state: string });
        if (name === 'settings.changed') {
          const next = payload as { launchAtLogin: boolean; publishingPaused: boolean };
          applyLaunchAtLogin(next.launchAtLogin);
          refreshTray(running.tray, core, showWindow);
        }
      });
      // The local API last: the CLI may hand work over only once everything is up.
      running.host = await startHost({ core, port: 0, host: '127.0.0.1' });
      lock.publish({ api: { url: running.host.apiUrl, token: running.host.localKey } });
      audit('desktop.started', `Clipdesk ${APP_VERSION}`);
    })
    .catch((err: unknown) => {
      const locked = err instanceof AppError && err.code === 'LOCKED';
      dialog.showErrorBox(
        locked ? 'Clipdesk is already running' : 'Clipdesk could not start',
        err instanceof Error ? err.message : String(err),
      );
      app.quit();
    });
}

/**
 * Everything was deleted and the core has closed itself. The window keeps showing what was
 * revoked and what is left to do; once the person closes it, Clipdesk starts afresh on a data
 * folder with nothing of Clipdesk's left in it (at once when no window is open, e.g. the
 * deletion came from the CLI).
 */
function restartAfterDeletion(running: Running, window: () => BrowserWindow | null): void {
  // Nothing may reach the closed core any more: the tray, close-to-tray, the quit sequence.
  running.core = undefined;
  running.tray?.destroy();
  running.tray = undefined;
  deletion.restarting = true;
  let started = false;
  const restart = (): void => {
    if (started) return;
    started = true;
    void clearBrowserData().finally(() => {
      app.relaunch();
      app.exit(0);
    });
  };
  // Quitting (Cmd+Q, the menu) while the final screen is shown restarts afresh too.
  app.on('before-quit', (event) => {
    event.preventDefault();
    restart();
  });
  // The next turn: the answer to the command goes out first.
  setImmediate(() => {
    void (async () => {
      await running.host?.close().catch(() => undefined);
      running.host = undefined;
      running.lock?.release();
      running.lock = undefined;
      const win = window();
      if (win && !win.isDestroyed() && win.isVisible()) win.once('closed', restart);
      else restart();
    })();
  });
}

/**
 * The data folder is also Chromium's profile (userData): cookies, localStorage with the UI's
 * remembered choices, caches. The wipe leaves those files, which are not Clipdesk's entries and
 * which Chromium has open while it runs, so their contents are cleared here instead, once the
 * window is gone and before starting afresh. A failure is logged and does not stop the restart.
 * Not covered by the tests: they run no Electron.
 */
async function clearBrowserData(): Promise<void> {
  const browser = session.defaultSession;
  for (const clear of [() => browser.clearStorageData(), () => browser.clearCache()]) {
    try {
      await clear();
    } catch (err) {
      console.error(`Clipdesk: could not clear the window's browser data: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** The tray: open, pause or resume publishing, quit. */
function createTray(core: Core, iconPath: string | null, show: () => void): Tray | undefined {
  try {
    const image = iconPath ? nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }) : nativeImage.createEmpty();
    const tray = new Tray(image);
    tray.setToolTip('Clipdesk');
    tray.on('click', show);
    refreshTray(tray, core, show);
    return tray;
  } catch (err) {
    // No tray on this desktop (GNOME without an AppIndicator extension): Clipdesk still runs.
    console.error(`Clipdesk: no system tray: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** Linux menus must be set again after a change (docs/platforms.md, Electron §8). */
function refreshTray(tray: Tray | undefined, core: Core, show: () => void): void {
  if (!tray) return;
  const act = (id: string): void => {
    if (id === 'open') show();
    else if (id === 'quit') app.quit();
    // The tray is the desktop app's own, as its window is: the log says 'app', not the terminal
    // an in-process call with no caller would be.
    else void core.handlers['settings.update']({ publishingPaused: id === 'pause' }, callContext({ kind: 'window' }));
  };
  tray.setContextMenu(Menu.buildFromTemplate(trayMenu({ paused: core.settings.get().publishingPaused }).map((item) => ({ label: item.label, click: () => act(item.id) }))));
}

/** Launch at login: Electron's login items on macOS and Windows, an XDG autostart entry on Linux. */
function applyLaunchAtLogin(enabled: boolean): void {
  try {
    if (process.platform === 'linux') {
      // An AppImage runs from a temporary mount; the file itself is what must start at login.
      setLinuxAutostart(enabled, autostartFile(process.env, os.homedir()), process.env.APPIMAGE ?? process.execPath, app.isPackaged ? [] : [app.getAppPath()]);
    } else {
      app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
    }
  } catch (err) {
    console.error(`Clipdesk: could not change launch at login: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Once: say that closing the window leaves Clipdesk running in the tray. */
function firstTimeTrayNotice(dataDir: string): void {
  const marker = path.join(dataDir, TRAY_NOTICE_FILE);
  if (fs.existsSync(marker)) return;
  fs.writeFileSync(marker, new Date().toISOString());
  if (Notification.isSupported()) {
    new Notification({ title: 'Clipdesk is still running', body: 'Scheduled posts and Telegram approvals go on. Quit from the tray icon, or turn this off in Settings.' }).show();
  }
}

interface StartOptions {
  env: NodeJS.ProcessEnv;
  overrides: OverrideReport;
  trustedOrigins: readonly string[];
  openExternal: (url: string) => Promise<void>;
  onRefused: (what: string) => void;
  eventTarget: () => EventTargetLike | null;
  /** The window dialogs belong to. */
  window: () => BrowserWindow | null;
}

/** Lock, secrets, core, protocol and IPC; each piece is recorded in `running` as it opens. */
async function startCore(running: Running, options: StartOptions): Promise<{ core: Core; lock: DataLock }> {
  const dataDir = app.getPath('userData');
  // Before the core: if `clipdesk serve` already runs on this folder, the AppError names it
  // (process, address) and the dialog shows it; nothing else was opened.
  const lock = acquireLock(dataDir, 'desktop', APP_VERSION);
  running.lock = lock;

  const nativeBinding = nativeBindingPath({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appRoot: paths.appRoot });
  if (!fs.existsSync(nativeBinding)) {
    throw new Error(
      app.isPackaged
        ? `This Clipdesk installation is incomplete (${nativeBinding} is missing). Reinstall Clipdesk.`
        : 'The database module has not been built for Electron yet. Run `node scripts/native-for-electron.js` in the Clipdesk folder, then start again.',
    );
  }

  // safeStorage only works after 'ready', which is where we are.
  const cipher = await createSafeStorageCipher(safeStorage);
  const core = createCore({
    dataDir,
    mode: 'desktop',
    version: APP_VERSION,
    cipher,
    nativeBinding,
    env: options.env,
    overrides: options.overrides,
    openExternal: options.openExternal,
    notify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
    runJobs: true,
    // Where the window's export goes comes from here, the main process, never from the page.
    dialogs: {
      async chooseSavePath({ title, defaultName }) {
        const saveOptions = { title, defaultPath: path.join(app.getPath('documents'), defaultName), filters: [{ name: 'Zip archive', extensions: ['zip'] }] };
        const parent = options.window();
        const chosen = parent ? await dialog.showSaveDialog(parent, saveOptions) : await dialog.showSaveDialog(saveOptions);
        return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
      },
    },
  });
  running.core = core;

  applySessionPolicy(session.defaultSession, options.trustedOrigins);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir));
  protocol.handle(MEDIA_SCHEME, createMediaProtocolHandler((kind, id) => resolveMediaFile(core, kind, id)));
  running.disposeIpc = registerIpcTransport({
    ipcMain,
    routes: buildRoutes(core.handlers),
    bus: core.bus,
    trustedOrigins: options.trustedOrigins,
    eventTarget: options.eventTarget,
    onRefused: (why) => options.onRefused(`ipc ${why}`),
  });
  return { core, lock };
}

/**
 * Undo whatever start-up got to, newest first, once start-up has settled (a quit during
 * start-up must not race it). Each step runs even if an earlier one failed.
 */
async function shutdown(running: Running): Promise<void> {
  await running.startup?.catch(() => undefined);
  const errors: unknown[] = [];
  const step = async (fn: () => unknown): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      errors.push(err);
    }
  };
  await step(() => running.disposeIpc?.());
  await step(() => running.host?.close());
  await step(() => running.core?.audit.append({ actor: 'desktop', action: 'desktop.stopped', subject: null, detail: `Clipdesk ${APP_VERSION}` }));
  await step(() => running.core?.close());
  await step(() => running.lock?.release());
  if (errors.length) throw errors[0];
}
