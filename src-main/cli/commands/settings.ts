import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsPatch } from '../../../src-shared/settings';
import { CliError } from '../cli-error';
import { openApiSession } from '../api-session';

/**
 * A value as typed, read the way the setting's schema takes it: true/false (on/off, yes/no),
 * numbers, words, `auto` or `off` for a setting that may be unset (null), and HH:MM-HH:MM for
 * a daily window such as quiet hours.
 */
export function parseValue(key: string, raw: string): unknown {
  const schema = SettingsSchema.shape[key as keyof Settings];
  const window = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(raw);
  const candidates: unknown[] = [
    ['true', 'on', 'yes'].includes(raw) ? true : ['false', 'off', 'no'].includes(raw) ? false : undefined,
    raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : undefined,
    ['auto', 'off', 'none'].includes(raw) ? null : undefined,
    window ? { start: window[1], end: window[2] } : undefined,
    raw,
  ];
  for (const value of candidates) {
    if (value !== undefined && schema.safeParse(value).success) return value;
  }
  const issue = schema.safeParse(raw).error?.issues[0]?.message;
  throw new CliError(`clipdesk settings set: "${raw}" is not a value ${key} takes${issue ? ` (${issue})` : ''}. Current value: ${JSON.stringify(DEFAULT_SETTINGS[key as keyof Settings])} by default.`, 2);
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
