// `clipdesk serve`: the headless host, for an always-on machine or a machine without
// Electron. Takes the data-folder lock (a second serve on the same folder exits with a clear
// message), runs the jobs, and serves the UI and the local API until stopped.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireLock } from '../../core/instance/data-lock';
import { createCore } from '../../core/create-core';
import { createKeyFileCipher } from '../../core/secrets/key-file-cipher';
import { createOpenBrowser } from '../../core/system/open-browser';
import { isLoopbackHost } from '../../host/access';
import { startHost } from '../../host/start-host';
import { APP_VERSION } from '../../version';

export interface ServeOptions {
  dataDir: string;
  port: number;
  host: string;
  /** Called with each line to print (where it runs, and that it stopped after a deletion); the default prints it. */
  announce?: (line: string) => void;
  warn?: (line: string) => void;
}

/** The built renderer: out/renderer, found upward from this bundle (out/main or a chunk folder below it). */
export function rendererDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'renderer');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('The Clipdesk UI is not built (out/renderer is missing). Run `npm run build`, then try again.');
}

export interface Serving {
  stop(): Promise<void>;
  /** Settles once stopped: by stop(), or on its own after everything was deleted. */
  readonly stopped: Promise<void>;
}

export async function serve(options: ServeOptions): Promise<Serving> {
  const warn = options.warn ?? ((l: string) => process.stderr.write(`${l}\n`));
  const announce = options.announce ?? ((l: string) => process.stdout.write(`${l}\n`));
  const lock = acquireLock(options.dataDir, 'serve', APP_VERSION);
  let core: ReturnType<typeof createCore> | undefined;
  try {
    core = createCore({
      dataDir: options.dataDir,
      mode: 'web',
      version: APP_VERSION,
      cipher: createKeyFileCipher(options.dataDir),
      runJobs: true,
      // The browser of the machine Clipdesk runs on (BROWSER honoured), for TikTok's consent page.
      openExternal: createOpenBrowser(process.env),
    });
    if (!isLoopbackHost(options.host)) {
      warn(
        `WARNING: Clipdesk is listening on ${options.host}, not only on this computer. Anyone who can reach this address and ` +
          'learns the access link can publish to your accounts. Use it only on a network you trust, behind a firewall.',
      );
    }
    const host = await startHost({ core, port: options.port, host: options.host, rendererDir: rendererDir() });
    lock.publish({ api: { url: host.apiUrl, token: host.localKey }, uiUrl: host.uiUrl });
    core.audit.append({ actor: 'host', action: 'host.started', subject: `port ${host.port}`, detail: `clipdesk serve ${APP_VERSION}` });
    announce(`Clipdesk is running at ${host.uiUrl}`);

    const started = core;
    let deleted = false;
    let stopping: Promise<void> | null = null;
    let stoppedNow = (): void => undefined;
    const stopped = new Promise<void>((resolve) => {
      stoppedNow = resolve;
    });
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        try {
          await host.close();
          // After a deletion there is no activity log left to write to.
          if (!deleted) started.audit.append({ actor: 'host', action: 'host.stopped', subject: `port ${host.port}` });
          await started.close();
          lock.release();
        } finally {
          stoppedNow();
        }
      })();
      return stopping;
    };
    // Everything was deleted and the core is closed: the host stops rather than serve a core
    // with no data folder; run again, it starts afresh. The answer to the command is sent
    // right after this event, so the sockets close on the next turn, after it went out.
    started.bus.subscribe((event) => {
      if (event !== 'data.deletedEverything') return;
      deleted = true;
      announce(`Everything Clipdesk kept in ${options.dataDir} was deleted; Clipdesk has stopped. Run clipdesk serve to start afresh.`);
      setImmediate(() => void stop());
    });
    return { stop, stopped };
  } catch (err) {
    await core?.close();
    lock.release();
    throw err;
  }
}
