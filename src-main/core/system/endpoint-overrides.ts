// Which environment variables may point Clipdesk somewhere else. CLIPDESK_TIKTOK_API_BASE,
// CLIPDESK_TIKTOK_AUTH_URL and CLIPDESK_TELEGRAM_API_ROOT send tokens, the client secret, the bot
// token and the creator's videos to whatever address they name; BROWSER runs any command with
// the OAuth link. They exist for the emulators (tests, `npm run demo`). An installed desktop app
// is started from a launcher whose environment the creator does not see (a login script, a
// .desktop file, launchctl setenv can set one), so the packaged app ignores them unless the
// developer flag says otherwise. `clipdesk serve` and the CLI are run by the person at their
// own terminal, and keep honouring them (docs/security.md).

export const OVERRIDE_VARIABLES = ['CLIPDESK_TIKTOK_API_BASE', 'CLIPDESK_TIKTOK_AUTH_URL', 'CLIPDESK_TELEGRAM_API_ROOT', 'BROWSER'] as const;

/** `CLIPDESK_DEVELOPER=1` lets a packaged desktop app honour the variables above. */
export const DEVELOPER_FLAG = 'CLIPDESK_DEVELOPER';

export interface OverrideReport {
  /** Variables set and honoured, with their values. */
  used: ReadonlyArray<{ name: string; value: string }>;
  /** Variables set but ignored (packaged app, no developer flag), by name. */
  ignored: readonly string[];
}

export interface FilteredEnv extends OverrideReport {
  /** The environment to run with: `env` without the ignored variables. */
  env: NodeJS.ProcessEnv;
}

/** Pure: the environment a process should use, and what of it was honoured or dropped. */
export function filterEndpointOverrides(env: NodeJS.ProcessEnv, options: { packaged: boolean }): FilteredEnv {
  const honour = !options.packaged || env[DEVELOPER_FLAG] === '1';
  const set = OVERRIDE_VARIABLES.filter((name) => (env[name] ?? '').trim() !== '');
  if (honour) return { env, used: set.map((name) => ({ name, value: env[name] as string })), ignored: [] };
  const filtered: NodeJS.ProcessEnv = { ...env };
  for (const name of OVERRIDE_VARIABLES) delete filtered[name];
  return { env: filtered, used: [], ignored: set };
}

/** The activity log's and doctor's words for a report; null when nothing was set. */
export function describeOverrides(report: OverrideReport): string | null {
  const parts: string[] = [];
  if (report.ignored.length) {
    parts.push(`Ignored ${report.ignored.join(', ')}: an installed Clipdesk talks only to TikTok and Telegram themselves and opens links in the system browser, unless ${DEVELOPER_FLAG}=1 is set.`);
  }
  if (report.used.length) parts.push(`Developer overrides in use: ${report.used.map((u) => `${u.name}=${u.value}`).join(', ')}.`);
  return parts.length ? parts.join(' ') : null;
}
