// Every CLI command except `serve` runs through here: with an instance running on the data
// folder, the command is carried out by that instance (so its scheduler sees the change at
// once); with none, the CLI opens the data folder itself for the length of the command.
import type { Api, CommandResult } from '../../src-shared/contract';
import { cancelledError } from '../../src-shared/errors';
import { callContext } from '../core/caller';
import { readLock } from '../core/instance/data-lock';
import { APP_VERSION } from '../version';

export interface ApiSession {
  /** 'instance' when a running Clipdesk carried the command out. */
  readonly via: 'instance' | 'local';
  readonly holderPid: number | null;
  /** The renderer's call, options and all: a signal cancels the call, progress reaches `onProgress`. */
  call: Api['call'];
  /** Local sessions: stop running jobs (work queued from now on waits for Clipdesk to run). */
  stopJobs?(): Promise<void>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /**
   * Work that takes time (imports, renders, publishing) runs as jobs; with no instance running,
   * a command that waits for such work runs the jobs itself, holding the data folder meanwhile.
   */
  runJobs?: boolean;
  /** With no instance running, hold the data folder for the command without running jobs (deleting everything). */
  holdDataFolder?: boolean;
}

export async function openApiSession(dataDir: string, options: SessionOptions = {}): Promise<ApiSession> {
  const holder = readLock(dataDir);
  if (holder) {
    const { connectToInstance } = await import('./instance-client');
    const client = await connectToInstance(holder);
    return {
      via: 'instance',
      holderPid: holder.pid,
      call: (name, input, callOptions) => client.call(name, input, callOptions),
      close: async () => client.close(),
    };
  }
  const [{ createCore }, { createKeyFileCipher }, { buildRoutes }, { createOpenBrowser }, { acquireLock }] = await Promise.all([
    import('../core/create-core'),
    import('../core/secrets/key-file-cipher'),
    import('../core/transport/routes'),
    import('../core/system/open-browser'),
    import('../core/instance/data-lock'),
  ]);
  const lock = options.runJobs || options.holdDataFolder ? acquireLock(dataDir, 'cli', APP_VERSION) : null;
  try {
    const core = createCore({
      dataDir,
      mode: 'web',
      version: APP_VERSION,
      cipher: createKeyFileCipher(dataDir),
      runJobs: options.runJobs ?? false,
      holdsDataFolder: lock !== null,
      openExternal: createOpenBrowser(process.env),
      notify: () => undefined,
    });
    const routes = buildRoutes(core.handlers);
    // The session is the CLI's connection: closing it aborts every call it still has under way,
    // as a socket closing does on the host.
    const session = new AbortController();
    return {
      via: 'local',
      holderPid: null,
      call: async (name, input, callOptions = {}) => {
        const signal = callOptions.signal ? AbortSignal.any([session.signal, callOptions.signal]) : session.signal;
        const onProgress = callOptions.onProgress as ((payload: unknown) => void) | undefined;
        const run = routes[name](input, callContext({ kind: 'terminal' }, signal, onProgress)) as Promise<CommandResult<typeof name>>;
        if (!callOptions.signal) return run;
        // Like a remote call, one cancelled here rejects at once, while its handler winds down.
        return Promise.race([run, untilAborted(callOptions.signal)]);
      },
      stopJobs: () => core.jobs.stop(),
      close: async () => {
        session.abort();
        await core.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** Rejects with CANCELLED once the signal aborts (and never resolves). */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(cancelledError());
    signal.addEventListener('abort', () => reject(cancelledError()), { once: true });
  });
}
