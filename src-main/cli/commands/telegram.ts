// `clipdesk telegram setup | pair | status | allow ID | results-only ID`: the Telegram bot from
// the terminal.
// setup and pair need the bot listening, so with no Clipdesk running they run it here (holding
// the data folder) for as long as the command lasts; with Clipdesk running, it does the work.
import type { TelegramStatus } from '../../../src-shared/telegram/telegram';
import { CliError } from '../cli-error';
import { startCall } from '../../../src-shared/running-call';
import { openApiSession, type ApiSession } from '../api-session';
import { readSecret } from '../secret-input';

type Values = Record<string, string | boolean | undefined>;


const STATE_WORDS: Record<TelegramStatus['state'], string> = {
  off: 'no bot set up',
  starting: 'starting',
  running: 'listening',
  webhook: 'waiting: another program has a webhook on this bot',
  conflict: 'another program uses this bot',
  unauthorized: 'token refused by Telegram',
  offline: 'Telegram cannot be reached (retrying)',
  not_running: 'not running (Clipdesk is not open)',
};

export function describeStatus(s: TelegramStatus): string {
  const lines = [`Telegram: ${s.bot ? `@${s.bot.username} (${s.bot.name}) — ` : ''}${STATE_WORDS[s.state]}${s.emulated ? ' [emulated Telegram]' : ''}`];
  if (s.problem) lines.push(`  ${s.problem}`);
  if (s.approvers.length) {
    lines.push('Approvers:');
    for (const a of s.approvers) {
      const who = a.username ? `${a.name} (@${a.username})` : a.name;
      lines.push(`  ${a.id}  ${who}${a.chatTitle ? ` in ${a.chatTitle}` : ''}  ${a.canApprove ? 'may approve' : 'results only'}  ${a.timeZone}`);
    }
  } else if (s.state !== 'off') {
    lines.push('No approvers paired yet. Pair a phone: clipdesk telegram pair');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Waits until the bot has settled: out of 'starting' and in the same state for a couple of
 * seconds — another program polling the same bot shows up as 409s only after a round or two.
 */
async function settled(session: ApiSession, timeoutMs = 20_000, steadyMs = 2_500): Promise<TelegramStatus> {
  const deadline = Date.now() + timeoutMs;
  let since = Date.now();
  let last: TelegramStatus['state'] | null = null;
  for (;;) {
    const s = await session.call('telegram.status', {});
    if (s.state !== last) {
      last = s.state;
      since = Date.now();
    }
    const steady = s.state !== 'starting' && (Date.now() - since >= steadyMs || s.state === 'webhook' || s.state === 'unauthorized');
    if (steady || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function telegramCommand(dataDir: string, args: string[], values: Values): Promise<number> {
  const [action] = args;
  if (action === 'status') {
    const session = await openApiSession(dataDir);
    try {
      const s = await session.call('telegram.status', {});
      process.stdout.write(values.json ? `${JSON.stringify(s, null, 2)}\n` : describeStatus(s));
      return 0;
    } finally {
      await session.close();
    }
  }
  if (action === 'setup') {
    // From standard input (secret-input.ts): `--token -`, piped in, or typed at a hidden prompt.
    const token = await readSecret({ value: typeof values.token === 'string' ? values.token : undefined, flag: '--token', prompt: 'Bot token from @BotFather' });
    if (!token) throw new CliError('clipdesk telegram setup: give the bot token from @BotFather on standard input (--token -, or at the prompt).', 2);
    const session = await openApiSession(dataDir, { runJobs: true });
    try {
      await session.call('telegram.setup', { token });
      let s = await settled(session);
      if (s.state === 'webhook') {
        if (values['take-over-webhook']) {
          await session.call('telegram.takeOverWebhook', {});
          s = await settled(session);
        } else {
          process.stdout.write(describeStatus(s));
          process.stderr.write('The token is saved, but Clipdesk will not take the bot over from that program without your go-ahead. Run again with --take-over-webhook to do so.\n');
          return 3;
        }
      }
      process.stdout.write(values.json ? `${JSON.stringify(s, null, 2)}\n` : describeStatus(s));
      return s.state === 'running' ? 0 : 1;
    } finally {
      await session.close();
    }
  }
  if (action === 'pair') {
    const session = await openApiSession(dataDir, { runJobs: true });
    try {
      const s = await settled(session);
      if (s.state === 'off') throw new CliError('No Telegram bot is set up. First: clipdesk telegram setup --token - (and give the token on standard input)', 1);
      if (s.state !== 'running') throw new CliError(`The bot is not listening: ${s.problem ?? STATE_WORDS[s.state]}`, 1);
      const { default: QRCode } = await import('qrcode');
      // One cancellable call: the link comes as its progress, Ctrl-C gives it up and the link is
      // withdrawn (src-shared/running-call.ts).
      // The link and its code go out in one write: nobody can use the link before it is shown,
      // so the answer never overtakes it.
      const pairing = startCall(session, 'telegram.pair', {}, (start) => {
        void QRCode.toString(start.link, { type: 'terminal', small: true }).then((qr) =>
          process.stderr.write(`Open this link on the phone (or scan the code), then press Start in Telegram:\n${start.link}\n\n${qr}\nWaiting until ${start.expiresAt}…\n`),
        );
      });
      process.once('SIGINT', pairing.cancel);
      try {
        const approver = await pairing.result;
        if (values.json) process.stdout.write(`${JSON.stringify(approver, null, 2)}\n`);
        else {
          const who = `${approver.name}${approver.username ? ` (@${approver.username})` : ''}${approver.chatTitle ? ` in ${approver.chatTitle}` : ''}`;
          process.stdout.write(
            approver.canApprove
              ? `Paired: ${who}. Approval requests go to this chat.\n`
              : `Paired: ${who}, results only. To let them approve posts: clipdesk telegram allow ${approver.id}\n`,
          );
        }
        return 0;
      } finally {
        process.off('SIGINT', pairing.cancel);
      }
    } finally {
      await session.close();
    }
  }
  if (action === 'allow' || action === 'results-only') {
    // A new pairing is results-only: approval rights are granted here or in Settings → Telegram.
    const id = args[1];
    if (!id) throw new CliError(`clipdesk telegram ${action}: give the approver's id (clipdesk telegram status lists them).`, 2);
    const session = await openApiSession(dataDir);
    try {
      const a = await session.call('telegram.approvers.update', { id, canApprove: action === 'allow' });
      if (values.json) process.stdout.write(`${JSON.stringify(a, null, 2)}\n`);
      else process.stdout.write(`${a.name}${a.username ? ` (@${a.username})` : ''}: ${a.canApprove ? 'may approve' : 'results only'}\n`);
      return 0;
    } finally {
      await session.close();
    }
  }
  throw new CliError(`clipdesk telegram: expected setup, pair, status, allow or results-only, not "${action ?? ''}"`, 2);
}
