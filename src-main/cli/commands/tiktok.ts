// `clipdesk tiktok setup [--client-key KEY --client-secret SECRET]`: save the creator's TikTok
// developer app, or show what is set up and what to register with TikTok.
import { CliError } from '../cli-error';
import { openApiSession } from '../api-session';

type Values = Record<string, string | boolean | undefined>;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function tiktokCommand(dataDir: string, args: string[], values: Values): Promise<number> {
  if (args[0] !== 'setup') throw new CliError(`clipdesk tiktok: expected "setup", not "${args[0] ?? ''}"`, 2);
  const key = typeof values['client-key'] === 'string' ? values['client-key'] : undefined;
  let secret = typeof values['client-secret'] === 'string' ? values['client-secret'] : undefined;
  // `--client-secret -` reads it from standard input, out of the process list and shell history.
  if (secret === '-') secret = (await readStdin()).trim();
  if (secret !== undefined && key === undefined) throw new CliError('clipdesk tiktok setup: give --client-key with --client-secret.', 2);
  const session = await openApiSession(dataDir);
  try {
    const setup = key !== undefined ? await session.call('tiktok.setup.set', { clientKey: key, clientSecret: secret }) : await session.call('tiktok.setup.get', {});
    if (values.json) {
      process.stdout.write(`${JSON.stringify(setup, null, 2)}\n`);
      return 0;
    }
    const where = { app: 'saved in Clipdesk (secret encrypted)', environment: 'from CLIPDESK_TIKTOK_CLIENT_KEY / CLIPDESK_TIKTOK_CLIENT_SECRET', none: 'not set up' }[setup.source];
    process.stdout.write(
      [
        `TikTok app: ${where}${setup.clientKey ? ` — client key ${setup.clientKey}` : ''}${setup.hasClientSecret ? ', secret saved' : ''}`,
        `Register this redirect URI (Login Kit → Desktop): ${setup.redirectUri}`,
        `Enable these scopes: ${setup.scopes.join(', ')}`,
        setup.emulated ? `Using a local TikTok emulator at ${setup.authorizeUrl}` : '',
        setup.source === 'none' ? 'Then: clipdesk tiktok setup --client-key KEY --client-secret SECRET' : 'Next: clipdesk accounts connect tiktok',
      ]
        .filter(Boolean)
        .join('\n') + '\n',
    );
    return 0;
  } finally {
    await session.close();
  }
}
