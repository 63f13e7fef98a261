// The one Clipdesk window. Its page comes from app://bundle (or the dev server when
// unpackaged); its powers are fixed by mainWindowOptions and by the web-contents policy
// applied to every webContents in main.ts.
import { BrowserWindow } from 'electron';
import { mainWindowOptions } from './window-options';

export interface MainWindowOptions {
  preload: string;
  isPackaged: boolean;
  /** app://bundle/index.html, or the dev server's address. */
  url: string;
  icon?: string;
  /** False when started at login: the window is made but stays hidden (Clipdesk is in the tray). */
  show?: boolean;
  onLoadFailed?: (description: string) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(options));
  if (options.show !== false) win.once('ready-to-show', () => win.show());
  // A preload that fails to load (ESM, an npm import under the sandbox) fails silently
  // otherwise, leaving a page without window.clipdesk (docs/platforms.md, Electron §10).
  win.webContents.on('preload-error', (_event, _path, error) => options.onLoadFailed?.(`preload: ${error.message}`));
  win.webContents.on('did-fail-load', (_event, code, description, _url, isMainFrame) => {
    if (isMainFrame) options.onLoadFailed?.(`${description} (${code})`);
  });
  void win.loadURL(options.url).catch(() => undefined); // did-fail-load reports it
  return win;
}

/** Bring the window to the front (a second instance was started, or the dock icon clicked). */
export function focusWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
