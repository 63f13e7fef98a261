import { DEFAULT_SETTINGS, type SettingsPatch } from '../../../src-shared/settings';
import { CliError } from '../cli-error';
import { openApiSession } from '../api-session';

function parseValue(key: string, raw: string): unknown {
  const kind = typeof DEFAULT_SETTINGS[key as keyof typeof DEFAULT_SETTINGS];
  if (kind === 'boolean') {
    if (raw === 'true' || raw === 'on' || raw === 'yes') return true;
    if (raw === 'false' || raw === 'off' || raw === 'no') return false;
    throw new CliError(`clipdesk settings set: ${key} takes true or false, not "${raw}"`, 2);
  }
  if (kind === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new CliError(`clipdesk settings set: ${key} takes a number, not "${raw}"`, 2);
    return n;
  }
  return raw;
}

export async function settingsCommand(dataDir: string, args: string[], json: boolean): Promise<number> {
  const [action, key, value] = args;
  if (action !== 'get' && action !== 'set') throw new CliError(`clipdesk settings: expected "get" or "set", not "${action}"`, 2);
  if (action === 'set') {
    if (key === undefined || value === undefined) throw new CliError('clipdesk settings set: expected KEY VALUE', 2);
    if (!(key in DEFAULT_SETTINGS)) {
      throw new CliError(`clipdesk settings set: unknown setting "${key}" (known: ${Object.keys(DEFAULT_SETTINGS).join(', ')})`, 2);
    }
  }
  const session = await openApiSession(dataDir);
  try {
    const settings =
      action === 'get'
        ? await session.call('settings.get', {})
        : await session.call('settings.update', { [key as string]: parseValue(key as string, value as string) } as SettingsPatch);
    if (json) process.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
    else for (const [k, v] of Object.entries(settings)) process.stdout.write(`${k} = ${JSON.stringify(v)}\n`);
    return 0;
  } finally {
    await session.close();
  }
}
