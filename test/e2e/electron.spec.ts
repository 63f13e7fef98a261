// Electron smoke test: the built desktop app starts, its window is locked down, the page comes
// from app://bundle and reaches the core only through window.clipdesk. Runs where the Electron
// binary is installed; elsewhere (ELECTRON_SKIP_BINARY_DOWNLOAD, docs/architecture.md §5) it
// reports itself as skipped, with the reason. Everything below the shell is covered by the unit
// tests and by the browser end-to-end tests against `clipdesk serve`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.js';
import type { BridgeReply } from '../../src-shared/bridge';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'out', 'main', 'index.js');
const binary = findElectronBinary(ROOT);
const electronInstalled = binary.installed;

test.describe('desktop app (Electron)', () => {
  test.skip(!electronInstalled, 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD) — desktop smoke test skipped');

  let app: ElectronApplication | undefined;
  let dataDir = '';

  test.beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-electron-'));
  });

  test.afterEach(async () => {
    await app?.close();
    app = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens a locked-down window on app://bundle with only the bridge exposed', async () => {
    expect(fs.existsSync(MAIN), 'out/main/index.js is missing: run `npm run build` first').toBe(true);
    if (!binary.installed) return; // narrows the type; the skip above already applied

    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    // ELECTRON_RUN_AS_NODE (set by IDE terminals) would start plain Node and break the launch;
    // a dev server URL would replace app://bundle.
    delete env.ELECTRON_RUN_AS_NODE;
    delete env.ELECTRON_RENDERER_URL;
    env.CLIPDESK_DATA_DIR = dataDir;

    // executablePath given explicitly: Playwright's default require('electron') would try to
    // download a missing binary.
    app = await electron.launch({ executablePath: binary.path, args: [MAIN], env, cwd: ROOT });
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');

    expect(page.url()).toMatch(/^app:\/\/bundle\//);

    const prefs = await app.evaluate(({ BrowserWindow }) => {
      // getLastWebPreferences exists at run time but is missing from Electron's typings.
      type WithPrefs = { getLastWebPreferences(): { contextIsolation?: boolean; sandbox?: boolean; nodeIntegration?: boolean } | null };
      const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as WithPrefs | undefined;
      const p = contents?.getLastWebPreferences();
      return p ? { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration } : null;
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });

    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { bridge: typeof w.clipdesk, require: typeof w.require, process: typeof w.process, module: typeof w.module };
    });
    expect(globals).toEqual({ bridge: 'object', require: 'undefined', process: 'undefined', module: 'undefined' });

    // The bridge reaches the core over IPC, in desktop mode, on the test's data folder.
    const info: BridgeReply = await page.evaluate(() => window.clipdesk!.call('app.info', {}));
    expect(info).toMatchObject({ ok: true, result: { mode: 'desktop' } });
    expect(info.ok && (info.result as { dataDir: string }).dataDir).toContain(path.basename(dataDir));
  });
});
