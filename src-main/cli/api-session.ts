// Every CLI command except `serve` runs through here: with an instance running on the data
// folder, the command is carried out by that instance (so its scheduler sees the change at
// once); with none, the CLI opens the data folder itself for the length of the command.
import type { CommandInput, CommandName, CommandResult } from '../../src-shared/contract';
import { readLock } from '../core/instance/data-lock';
import { APP_VERSION } from '../version';

export interface ApiSession {
  /** 'instance' when a running Clipdesk carried the command out. */
  readonly via: 'instance' | 'local';
  readonly holderPid: number | null;
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandResult<K>>;
  close(): Promise<void>;
}

export async function openApiSession(dataDir: string): Promise<ApiSession> {
  const holder = readLock(dataDir);
  if (holder) {
    const { connectToInstance } = await import('./instance-client');
    const client = await connectToInstance(holder);
    return {
      via: 'instance',
      holderPid: holder.pid,
      call: (name, input) => client.call(name, input),
      close: async () => client.close(),
    };
  }
  const [{ createCore }, { createKeyFileCipher }, { buildRoutes }] = await Promise.all([
    import('../core/create-core'),
    import('../core/secrets/key-file-cipher'),
    import('../core/transport/routes'),
  ]);
  const core = createCore({ dataDir, mode: 'web', version: APP_VERSION, cipher: createKeyFileCipher(dataDir), runJobs: false });
  const routes = buildRoutes(core.handlers);
  return {
    via: 'local',
    holderPid: null,
    call: (name, input) => routes[name](input) as Promise<CommandResult<typeof name>>,
    close: () => core.close(),
  };
}
