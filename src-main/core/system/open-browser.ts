// Opening the system browser outside Electron (the headless host and the CLI). Honours
// `BROWSER` as xdg-open and most CLIs do — a command, or several separated by ':', given the
// URL (or with %s replaced by it) — so tests and headless machines can follow OAuth; else the
// platform's opener. Resolves once the opener started; a missing opener rejects, and the
// caller shows the link instead.
import { spawn } from 'node:child_process';

export type OpenBrowser = (url: string) => Promise<void>;

function platformOpener(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]];
  // rundll32 takes the URL as one argument: no cmd.exe parsing of & and ^ in a query string.
  if (process.platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  return ['xdg-open', [url]];
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'ignore', detached: process.platform !== 'win32', shell: false });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

export function createOpenBrowser(env: NodeJS.ProcessEnv): OpenBrowser {
  return async (url) => {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('Only web links are opened in the browser.');
    const browsers = (env.BROWSER ?? '').split(':').map((b) => b.trim()).filter(Boolean);
    let lastError: unknown = null;
    for (const browser of browsers) {
      // A command line, split on spaces (as xdg-open does); %s is the URL, else it goes last.
      const parts = browser.split(/\s+/);
      const args = parts.slice(1).map((a) => a.replace('%s', url));
      if (!browser.includes('%s')) args.push(url);
      try {
        await run(parts[0] as string, args, env);
        return;
      } catch (err) {
        lastError = err;
      }
    }
    if (browsers.length && lastError) throw lastError instanceof Error ? lastError : new Error(String(lastError));
    const [command, args] = platformOpener(url);
    await run(command, args, env);
  };
}
