// The desktop shell's settings as data: window security, where its pieces are found, where
// the Electron build of better-sqlite3 lives. Pure functions; no Electron needed.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePaths, dataDirOverride, nativeBindingPath } from '../../../src-main/desktop/desktop-paths';
import { mainWindowOptions } from '../../../src-main/desktop/window-options';

describe('main window options', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security on', () => {
    const prefs = mainWindowOptions({ preload: '/app/out/preload/index.cjs', isPackaged: true }).webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/out/preload/index.cjs',
    });
  });

  it('has devtools only in an unpackaged app', () => {
    expect(mainWindowOptions({ preload: 'p', isPackaged: true }).webPreferences!.devTools).toBe(false);
    expect(mainWindowOptions({ preload: 'p', isPackaged: false }).webPreferences!.devTools).toBe(true);
  });
});

describe('desktop paths', () => {
  it('finds the preload and renderer beside the main bundle', () => {
    const p = bundlePaths(path.join('/app', 'out', 'main'));
    expect(p).toEqual({
      appRoot: path.resolve('/app'),
      preload: path.resolve('/app/out/preload/index.cjs'),
      rendererDir: path.resolve('/app/out/renderer'),
    });
  });

  it('uses the Electron copy of better-sqlite3, never the Node build', () => {
    const dev = nativeBindingPath({ isPackaged: false, resourcesPath: '/r', appRoot: '/app' });
    expect(dev).toBe(path.join('/app', 'node_modules', '.clipdesk-electron', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
    expect(nativeBindingPath({ isPackaged: true, resourcesPath: '/r', appRoot: '/app' })).toBe(path.join('/r', 'native', 'better_sqlite3.node'));
  });

  it('takes the data folder from CLIPDESK_DATA_DIR when set', () => {
    expect(dataDirOverride({ CLIPDESK_DATA_DIR: '/tmp/x' })).toBe(path.resolve('/tmp/x'));
    expect(dataDirOverride({ CLIPDESK_DATA_DIR: '  ' })).toBeNull();
    expect(dataDirOverride({})).toBeNull();
  });
});
