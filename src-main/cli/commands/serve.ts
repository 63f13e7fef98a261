// `clipdesk serve`: the headless host, for an always-on machine or a machine without
// Electron. Takes the data-folder lock (a second serve on the same folder exits with a clear
// message), runs the jobs, and serves the UI and the local API until stopped.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../src-shared/errors';
import { acquireLock } from '../../core/instance/data-lock';
import { createCore } from '../../core/create-core';
import { createKeyFileCipher } from '../../core/secrets/key-file-cipher';
import { createOpenBrowser } from '../../core/system/open-browser';
import { isLoopbackBind, machineNames } from '../../host/host-names';
import { startHost } from '../../host/start-host';
import { loadGivenIdentity, selfSignedIdentity, type TlsIdentity } from '../../host/tls';
import { APP_VERSION } from '../../version';

export interface ServeOptions {
  dataDir: string;
  port: number;
  host: string;
  /** The creator's HTTPS certificate and key (PEM files); beyond loopback, one is made if not given. */
  certFile?: string;
  keyFile?: string;
  /** More names the host may be reached by (--allowed-host), besides loopback and the machine's own. */
  allowedHosts?: readonly string[];
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

/** HTTPS: the creator's certificate if given, else beyond loopback a kept self-signed one; none on loopback. */
async function tlsIdentity(options: ServeOptions, allowedHosts: readonly string[]): Promise<TlsIdentity | undefined> {
  if (options.certFile || options.keyFile) {
    if (!options.certFile || !options.keyFile) throw new AppError('BAD_INPUT', '--cert and --key go together: give both PEM files.');
    return loadGivenIdentity(options.certFile, options.keyFile);
  }
  if (isLoopbackBind(options.host)) return undefined;
  const bound = options.host === '0.0.0.0' || options.host === '::' ? [] : [options.host.replace(/^\[|\]$/g, '')];
  return selfSignedIdentity(options.dataDir, [...new Set(['localhost', '127.0.0.1', '::1', ...bound, ...allowedHosts])]);
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
    const exposed = !isLoopbackBind(options.host);
    if (exposed) {
      warn(
        `WARNING: Clipdesk is listening on ${options.host}, not only on this computer. Anyone who can reach this address and ` +
          'learns the access link can publish to your accounts. Use it only on a network you trust, behind a firewall; ' +
          'an SSH tunnel (ssh -L PORT:127.0.0.1:PORT this-machine, with Clipdesk on 127.0.0.1) is simpler and safer.',
      );
    }
    const allowedHosts = [...(options.allowedHosts ?? []).map((h) => h.toLowerCase()), ...(exposed ? machineNames(options.host) : [])];
    const tls = await tlsIdentity(options, allowedHosts);
    const host = await startHost({ core, port: options.port, host: options.host, rendererDir: rendererDir(), tls, allowedHosts });
    lock.publish({ api: { url: host.apiUrl, token: host.localKey, ...(host.fingerprint256 ? { fingerprint256: host.fingerprint256 } : {}) }, uiUrl: host.uiUrl });
    core.audit.append({ actor: 'host', action: 'host.started', subject: `port ${host.port}`, detail: `clipdesk serve ${APP_VERSION}` });
    announce(`Clipdesk is running at ${host.uiUrl}`);
    if (host.fallbackUiUrl) {
      announce(`If your browser cannot open ${new URL(host.uiUrl).hostname}, use 127.0.0.1 in its place (see docs/architecture.md on why the name is better).`);
    }
    if (tls) {
      const where = tls.source.kind === 'given' ? `from ${tls.source.certFile}` : `self-signed, ${tls.source.created ? 'made now and ' : ''}kept in ${tls.source.certFile}`;
      announce(`HTTPS certificate (${where}) SHA-256 fingerprint: ${tls.fingerprint256}`);
      if (tls.source.kind === 'generated') announce('Your browser warns about a self-signed certificate: go on only if it shows this fingerprint.');
      if (exposed) announce(`Reachable by the names: ${[...new Set(allowedHosts)].join(', ')} (add more with --allowed-host NAME).`);
    }

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
