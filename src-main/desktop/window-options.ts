// The main window's settings, as data: the security-relevant ones (docs/platforms.md, Electron
// §9.3) are asserted by a unit test here and by the Electron smoke test where Electron runs.
import type { BrowserWindowConstructorOptions } from 'electron';

export function mainWindowOptions(options: { preload: string; isPackaged: boolean; icon?: string }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Clipdesk',
    // Shown on ready-to-show, so the creator never sees a blank white frame.
    show: false,
    backgroundColor: '#1b1b1f',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Inspecting the page is for development; an installed Clipdesk has no devtools.
      devTools: !options.isPackaged,
    },
  };
}
