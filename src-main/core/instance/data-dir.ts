// Where the creator's data lives: --data, then CLIPDESK_DATA_DIR, then the platform's
// app-data folder (the desktop app passes Electron's userData instead, which is the same
// place for a packaged app).
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Clipdesk');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Clipdesk');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Clipdesk');
}

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.CLIPDESK_DATA_DIR;
  return path.resolve(chosen && chosen.length > 0 ? chosen : defaultDataDir(env));
}
