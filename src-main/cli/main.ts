// The `clipdesk` command. Kept light at start (`--help` must answer within 300 ms): every
// command's code is loaded only when that command runs.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { APP_VERSION } from '../version';
import { CliError } from './cli-error';

const HELP = `Clipdesk ${APP_VERSION} — render, review, approve and publish short-form video to TikTok, locally.

Usage: clipdesk <command> [options]

Commands:
  serve [--port N] [--host H] [--data DIR]   Run the headless app and print its local address
        [--cert FILE --key FILE]            Beyond loopback it serves HTTPS: your certificate, or a kept self-signed one
        [--allowed-host NAME]...            Names it may be reached by, besides loopback and this machine's name
  doctor [--json]                            Check ffmpeg, secret storage, the data folder and connections
  status [--json]                            Show whether Clipdesk is running for the data folder
  settings get [--json]                      Show settings
  settings set KEY VALUE                     Change a setting (true/false values)
  probe FILE [--json]                        Show a video's metadata and whether TikTok accepts it as is
  render FILE -o OUT [options]               Render a video TikTok-ready (1080x1920 H.264/AAC MP4)
      --fit crop|blur|letterbox   How a source that is not 9:16 fills the frame (default blur)
      --trim START-END            Keep only this part, in seconds or [h:]mm:ss (e.g. 1.5-12, 0:05-0:40)
      --captions FILE.srt         Burn in subtitles from an .srt file
      --text TEXT                 Burn in a line of text
      --loudness LUFS|off         Normalise loudness to this target (default -14), or leave it
      --watermark PNG             Overlay your own image (bottom right)
      --encoder NAME              H.264 encoder (default: the setting; auto picks a working hardware one)
      --cover SEC                 Also write the frame at SEC as OUT's cover image (OUT.jpg)
      --json                      Print progress and the result as JSON lines
  tiktok setup [--client-key KEY [--client-secret -]]
                                             Save your TikTok developer app (or show the redirect URI and scopes to register);
                                             the secret is read from standard input (or a hidden prompt), kept out of ps and history
  telegram setup [--token -] [--take-over-webhook]
                                             Save your bot's token from @BotFather, read from standard input (or a hidden prompt)
  telegram pair                              Print a one-time link and QR code; opening it on a phone pairs that chat (results only)
  telegram allow ID | results-only ID        Let a paired approver approve posts, or take that back
  telegram status [--json]                   The bot, whether it listens, and the paired approvers
  accounts connect tiktok                    Connect a TikTok account in your browser (BROWSER is honoured; else the link is printed)
  accounts list [--json]                     Connected accounts
  accounts disconnect ID                     Revoke Clipdesk's access at TikTok and delete the tokens here
  posts list [--state STATE[,STATE]] [--search TEXT] [--account ID|@USER] [--json]
             [--from DAY|TIME] [--to DAY|TIME] [--date scheduled|ended] [--sort newest|oldest|soonest]
             [--limit N] [--cursor C] [--all]
                                             Posts, newest first: state, time (your zone), account, caption, and why one is held or failed;
                                             a page of 50 (--limit, up to 200) and how to get the next, or --all for every one.
                                             --search finds words in the caption (any case, any script); --from/--to are on
                                             when a post goes (--date ended: when it finished)
  posts show ID [--json]                     One post: its settings, publish progress, approval and timeline
  posts settle ID --published|--failed [--note TEXT] [--json]
                                             After checking your TikTok profile, mark published or failed a post
                                             TikTok has whose result Clipdesk cannot learn (nothing is sent again)
  insights [--account ID|@USER] [--json]     Each account's followers, likes and videos (and when TikTok served them),
                                             then each post: views, likes, comments, shares, views at 24 h, engagement,
                                             why one has no public numbers; videos made outside Clipdesk are marked.
                                             --json: { accounts: [...], posts: [...] } with every snapshot (series); a
                                             post's "id" is null for a video made outside Clipdesk, "tiktokId" a string
  insights refresh [--account ID|@USER] [--json]
                                             Read the numbers from TikTok now, with progress per account; exits 1 when
                                             an account could not be read, saying why and what to do
  pause                                      Pause publishing: scheduled posts wait (nothing goes to TikTok)
  resume                                     Publish again: posts go at their times, those already due at once
  export OUT.zip [--media] [--force]         Export everything (posts, history, activity, settings without secrets) as one zip;
                                             --media adds the imported and rendered videos; --force replaces an existing OUT.zip
  delete-everything [--confirm "delete everything"] [--force] [--json]
                                             Revoke every TikTok account, unpair Telegram and delete what Clipdesk keeps
                                             in the data folder (shows what will be lost and asks for the phrase unless
                                             --confirm is given; --force goes on when a TikTok account cannot be revoked from here)
  post FILE --caption TEXT --privacy LEVEL [options]
                                             Post a video to TikTok (rendered first if it is not TikTok-ready)
      --privacy LEVEL             PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR or SELF_ONLY (or public, friends, followers, only-me)
      --account ID|@USER          Which connected account (needed when several are)
      --mode direct|inbox         Direct Post (default), or a draft in your TikTok inbox
      --at ISO-TIME               When, with its zone (e.g. 2026-12-01T18:00:00+01:00); default now
      --allow-comment, --allow-duet, --allow-stitch   Off unless given
      --wait                      Follow the post until it ends; exit 0 only when published

Options for every command:
  --data DIR     Data folder (default: $CLIPDESK_DATA_DIR, else the platform's app-data folder)
  -h, --help     Show this help
  -v, --version  Show the version

With Clipdesk running (desktop app or \`clipdesk serve\`), commands are carried out by it.
`;

type Options = NonNullable<ParseArgsConfig['options']>;
const COMMON: Options = { data: { type: 'string' }, help: { type: 'boolean', short: 'h' } };

interface CommandDef {
  options: Options;
  positionals: [min: number, max: number];
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

async function dataDirOf(values: Record<string, unknown>): Promise<string> {
  const { resolveDataDir } = await import('../core/instance/data-dir');
  return resolveDataDir(typeof values.data === 'string' ? values.data : undefined);
}

const COMMANDS: Record<string, CommandDef> = {
  serve: {
    options: { port: { type: 'string' }, host: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' }, 'allowed-host': { type: 'string', multiple: true } },
    positionals: [0, 0],
    async run(values) {
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, not "${String(values.port)}"`, 2);
      const { serve } = await import('./commands/serve');
      const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
      const allowedHosts = (values['allowed-host'] as unknown as string[] | undefined) ?? [];
      const { parseHostHeader } = await import('../host/host-names');
      for (const name of allowedHosts) {
        if (parseHostHeader(name)?.port !== null) throw new CliError(`--allowed-host takes a host name or address (IPv6 in brackets) without a port, not "${name}"`, 2);
      }
      const running = await serve({
        dataDir: await dataDirOf(values),
        port,
        host: str(values.host) ?? '127.0.0.1',
        certFile: str(values.cert),
        keyFile: str(values.key),
        allowedHosts,
      });
      const stop = (): void => void running.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // Stopped by a signal, or on its own once everything was deleted.
      await running.stopped;
      return 0;
    },
  },
  doctor: {
    options: { json: { type: 'boolean' } },
    positionals: [0, 0],
    async run(values) {
      const { doctor } = await import('./commands/doctor');
      return doctor(await dataDirOf(values), values.json === true);
    },
  },
  status: {
    options: { json: { type: 'boolean' } },
    positionals: [0, 0],
    async run(values) {
      const { status } = await import('./commands/status');
      return status(await dataDirOf(values), values.json === true);
    },
  },
  settings: {
    options: { json: { type: 'boolean' } },
    positionals: [1, 3],
    async run(values, positionals) {
      const { settingsCommand } = await import('./commands/settings');
      return settingsCommand(await dataDirOf(values), positionals, values.json === true);
    },
  },
  probe: {
    options: { json: { type: 'boolean' } },
    positionals: [1, 1],
    async run(values, positionals) {
      const { probeCommand } = await import('./commands/probe');
      return probeCommand(positionals[0] as string, values.json === true);
    },
  },
  render: {
    options: {
      output: { type: 'string', short: 'o' },
      fit: { type: 'string' },
      trim: { type: 'string' },
      captions: { type: 'string' },
      text: { type: 'string' },
      loudness: { type: 'string' },
      watermark: { type: 'string' },
      encoder: { type: 'string' },
      cover: { type: 'string' },
      json: { type: 'boolean' },
    },
    positionals: [1, 1],
    async run(values, positionals) {
      const { renderCommand } = await import('./commands/render');
      return renderCommand(await dataDirOf(values), positionals[0] as string, values);
    },
  },
  tiktok: {
    options: { 'client-key': { type: 'string' }, 'client-secret': { type: 'string' }, json: { type: 'boolean' } },
    positionals: [1, 1],
    async run(values, positionals) {
      const { tiktokCommand } = await import('./commands/tiktok');
      return tiktokCommand(await dataDirOf(values), positionals, values);
    },
  },
  telegram: {
    options: { token: { type: 'string' }, 'take-over-webhook': { type: 'boolean' }, json: { type: 'boolean' } },
    positionals: [1, 2],
    async run(values, positionals) {
      const { telegramCommand } = await import('./commands/telegram');
      return telegramCommand(await dataDirOf(values), positionals, values);
    },
  },
  accounts: {
    options: { json: { type: 'boolean' } },
    positionals: [1, 2],
    async run(values, positionals) {
      const { accountsCommand } = await import('./commands/accounts');
      return accountsCommand(await dataDirOf(values), positionals, values);
    },
  },
  post: {
    options: {
      caption: { type: 'string' },
      privacy: { type: 'string' },
      account: { type: 'string' },
      mode: { type: 'string' },
      at: { type: 'string' },
      'allow-comment': { type: 'boolean' },
      'allow-duet': { type: 'boolean' },
      'allow-stitch': { type: 'boolean' },
      wait: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    positionals: [1, 1],
    async run(values, positionals) {
      const { postCommand } = await import('./commands/post');
      return postCommand(await dataDirOf(values), positionals[0] as string, values);
    },
  },
  posts: {
    options: {
      state: { type: 'string' },
      search: { type: 'string' },
      account: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      date: { type: 'string' },
      sort: { type: 'string' },
      limit: { type: 'string' },
      cursor: { type: 'string' },
      all: { type: 'boolean' },
      published: { type: 'boolean' },
      failed: { type: 'boolean' },
      note: { type: 'string' },
      json: { type: 'boolean' },
    },
    positionals: [1, 2],
    async run(values, positionals) {
      const { postsCommand } = await import('./commands/schedule');
      return postsCommand(await dataDirOf(values), positionals, values);
    },
  },
  insights: {
    options: { account: { type: 'string' }, json: { type: 'boolean' } },
    positionals: [0, 1],
    async run(values, positionals) {
      const { insightsCommand } = await import('./commands/insights');
      return insightsCommand(await dataDirOf(values), positionals, values);
    },
  },
  pause: {
    options: {},
    positionals: [0, 0],
    async run(values) {
      const { pauseCommand } = await import('./commands/schedule');
      return pauseCommand(await dataDirOf(values), true);
    },
  },
  resume: {
    options: {},
    positionals: [0, 0],
    async run(values) {
      const { pauseCommand } = await import('./commands/schedule');
      return pauseCommand(await dataDirOf(values), false);
    },
  },
  export: {
    options: { media: { type: 'boolean' }, force: { type: 'boolean' }, json: { type: 'boolean' } },
    positionals: [1, 1],
    async run(values, positionals) {
      const { exportCommand } = await import('./commands/schedule');
      return exportCommand(await dataDirOf(values), positionals[0] as string, values);
    },
  },
  'delete-everything': {
    options: { confirm: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } },
    positionals: [0, 0],
    async run(values) {
      const { deleteEverythingCommand } = await import('./commands/delete-everything');
      return deleteEverythingCommand(await dataDirOf(values), values);
    },
  },
};

/**
 * `--loudness -14`: parseArgs reads a value that starts with '-' as another option and refuses
 * it as ambiguous. For a string option followed by a negative number, join the two as
 * `--loudness=-14`, which is what a person meant.
 */
export function joinNegativeValues(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (first === '-v' || first === '--version') {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  const def = COMMANDS[first];
  if (!def) throw new CliError(`clipdesk: unknown command "${first}". Run clipdesk --help for the list.`, 2);
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: joinNegativeValues(rest, def.options), options: { ...COMMON, ...def.options }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    throw new CliError(`clipdesk ${first}: ${(err as Error).message.split('\n')[0]}`, 2);
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [min, max] = def.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    throw new CliError(`clipdesk ${first}: expected ${min === max ? min : `${min} to ${max}`} argument(s), got ${parsed.positionals.length}. Run clipdesk --help.`, 2);
  }
  return def.run(parsed.values, parsed.positionals);
}
