// Where the desktop shell finds its pieces. Pure path arithmetic, tested under Node.
//
// The main bundle is out/main/index.js, so everything is found relative to it rather than to
// app.getAppPath(): that is the project root under `electron .` but out/main under
// `electron out/main/index.js` (how Playwright launches it), and app.asar when packaged.
import path from 'node:path';

export interface BundlePaths {
  /** The app root: the folder holding package.json (or app.asar when packaged). */
  appRoot: string;
  preload: string;
  rendererDir: string;
}

export function bundlePaths(mainBundleDir: string): BundlePaths {
  const outDir = path.resolve(mainBundleDir, '..');
  return {
    appRoot: path.resolve(outDir, '..'),
    preload: path.join(outDir, 'preload', 'index.cjs'),
    rendererDir: path.join(outDir, 'renderer'),
  };
}

/** CLIPDESK_DATA_DIR, when set, replaces the per-user folder (tests, several profiles). */
export function dataDirOverride(env: NodeJS.ProcessEnv): string | null {
  const dir = env.CLIPDESK_DATA_DIR?.trim();
  return dir ? path.resolve(dir) : null;
}

/** Folder under node_modules where scripts/native-for-electron.js builds the Electron copy. */
export const ELECTRON_NATIVE_DIR = path.join('node_modules', '.clipdesk-electron', 'node_modules', 'better-sqlite3', 'build', 'Release');
export const SQLITE_BINDING_FILE = 'better_sqlite3.node';

/**
 * better-sqlite3 built for Electron's ABI. node_modules/better-sqlite3 itself stays built for
 * Node (the tests use it), so the app always names its own copy (docs/architecture.md §5): the
 * one electron-builder ships to resources/native when packaged, the one the postinstall script
 * built in development.
 */
export function nativeBindingPath(options: { isPackaged: boolean; resourcesPath: string; appRoot: string }): string {
  return options.isPackaged
    ? path.join(options.resourcesPath, 'native', SQLITE_BINDING_FILE)
    : path.join(options.appRoot, ELECTRON_NATIVE_DIR, SQLITE_BINDING_FILE);
}
