// `clipdesk tiktok setup [--client-key KEY [--client-secret -]]`: save the creator's TikTok
// developer app, or show what is set up and what to register with TikTok.
import { CliError } from '../cli-error';
import { openApiSession } from '../api-session';
import { readSecret } from '../secret-input';

type Values = Record<string, string | boolean | undefined>;

export async function tiktokCommand(dataDir: string, args: string[], values: Values): Promise<number> {
  if (args[0] !== 'setup') throw new CliError(`clipdesk tiktok: expected "setup", not "${args[0] ?? ''}"`, 2);
  const key = typeof values['client-key'] === 'string' ? values['client-key'] : undefined;
  const given = typeof values['client-secret'] === 'string' ? values['client-secret'] : undefined;
  if (given !== undefined && key === undefined) throw new CliError('clipdesk tiktok setup: give --client-key with --client-secret.', 2);
  // The secret comes from standard input (secret-input.ts): `--client-secret -`, or piped in
  // with --client-key alone. Without --client-key nothing is saved, so nothing is read.
  const secret = key === undefined ? undefined : await readSecret({ value: given, flag: '--client-secret', prompt: 'TikTok client secret (Enter for none)' });
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
        setup.source === 'none' ? 'Then: clipdesk tiktok setup --client-key KEY --client-secret - (and give the secret on standard input)' : 'Next: clipdesk accounts connect tiktok',
      ]
        .filter(Boolean)
        .join('\n') + '\n',
    );
    return 0;
  } finally {
    await session.close();
  }
}
