// `clipdesk accounts connect tiktok | list [--json] | disconnect ID`.
import type { Account } from '../../../src-shared/tiktok/accounts';
import { CliError } from '../cli-error';
import { openApiSession } from '../api-session';
import { startCall } from '../../../src-shared/running-call';

type Values = Record<string, string | boolean | undefined>;

function describe(a: Account): string {
  const who = a.username ? `${a.displayName} (@${a.username})` : a.displayName;
  const state = a.state === 'connected' ? 'connected' : `RECONNECT NEEDED — ${a.problem ?? ''}`;
  const missing = a.missingScopes.length ? `\n    not granted: ${a.missingScopes.map((m) => `${m.scope} (${m.without})`).join('; ')}` : '';
  return `${a.id}  ${who}  ${state}${missing}`;
}

export async function accountsCommand(dataDir: string, args: string[], values: Values): Promise<number> {
  const [action, arg] = args;
  if (action === 'list') {
    const session = await openApiSession(dataDir);
    try {
      const accounts = await session.call('accounts.list', {});
      if (values.json) process.stdout.write(`${JSON.stringify(accounts, null, 2)}\n`);
      else if (!accounts.length) process.stdout.write('No TikTok accounts connected. Connect one: clipdesk accounts connect tiktok\n');
      else process.stdout.write(`${accounts.map(describe).join('\n')}\n`);
      return 0;
    } finally {
      await session.close();
    }
  }
  if (action === 'connect') {
    if (arg !== 'tiktok') throw new CliError('clipdesk accounts connect: the only service is "tiktok" (clipdesk accounts connect tiktok).', 2);
    const session = await openApiSession(dataDir);
    try {
      // One cancellable call: the consent page comes as its progress, Ctrl-C gives it up and
      // the running Clipdesk closes its listener (src-shared/running-call.ts).
      const connecting = startCall(session, 'accounts.connect', {}, (start) =>
        process.stderr.write(
          start.opened
            ? `TikTok's consent page is open in your browser. Finish there; waiting…\n(If nothing opened, visit: ${start.url})\n`
            : `Open this link in a browser on this computer to connect TikTok (waiting until ${start.expiresAt}):\n${start.url}\n`,
        ),
      );
      process.once('SIGINT', connecting.cancel);
      try {
        const account = await connecting.result;
        if (values.json) process.stdout.write(`${JSON.stringify(account, null, 2)}\n`);
        else process.stdout.write(`Connected: ${describe(account)}\n`);
        return 0;
      } finally {
        process.off('SIGINT', connecting.cancel);
      }
    } finally {
      await session.close();
    }
  }
  if (action === 'disconnect') {
    if (!arg) throw new CliError('clipdesk accounts disconnect: give the account id (see clipdesk accounts list).', 2);
    const session = await openApiSession(dataDir);
    try {
      const result = await session.call('accounts.disconnect', { id: arg });
      process.stdout.write(`${result.message}\n`);
      return 0;
    } finally {
      await session.close();
    }
  }
  throw new CliError(`clipdesk accounts: expected connect, list or disconnect, not "${action ?? ''}"`, 2);
}
