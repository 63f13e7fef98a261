// `clipdesk insights [--account ID|@USER] [--json]` prints Insights: each account's totals (and
// when TikTok served them), then each post's numbers. `clipdesk insights refresh [--account …]`
// reads them from TikTok now. With Clipdesk running, it carries both out (its snapshot jobs and
// windows see the new numbers at once); with none, the data folder is opened for the command.
import type { AccountInsights, Insights, PostInsights, RefreshResult } from '../../../src-shared/insights/insights';
import { insightsDocument } from '../../../src-shared/insights/insights-document';
import { startCall } from '../../../src-shared/running-call';
import type { Account } from '../../../src-shared/tiktok/accounts';
import { resolveAccount } from '../account-arg';
import { openApiSession, type ApiSession } from '../api-session';
import { CliError } from '../cli-error';
import { localTime } from './schedule';

type Values = Record<string, string | boolean | undefined>;

const CONNECT = 'clipdesk accounts connect tiktok';
const GRANT_SCOPES = `connect the account again (${CONNECT}) and allow every permission; your TikTok app needs the Display API product (clipdesk settings set tiktokDisplayApi true).`;

async function accountOption(session: ApiSession, values: Values, command: string): Promise<Account | undefined> {
  const wanted = values.account;
  if (wanted === undefined) return undefined;
  if (typeof wanted !== 'string' || !wanted.trim()) throw new CliError(`${command}: --account takes an account id or @username.`, 2);
  return resolveAccount(session, wanted, command);
}

export async function insightsCommand(dataDir: string, args: string[], values: Values): Promise<number> {
  const [action] = args;
  if (action === undefined) return showCommand(dataDir, values);
  if (action === 'refresh') return refreshCommand(dataDir, values);
  throw new CliError(`clipdesk insights: expected nothing (to print them) or refresh, not "${action}"`, 2);
}

// ---- printing -------------------------------------------------------------------------------

const num = (n: number | null): string => (n === null ? '—' : n.toLocaleString('en-US'));
const count = (n: number | null, word: string): string => `${num(n)} ${word}${n === 1 ? '' : 's'}`;
const percent = (r: number | null): string => (r === null ? '—' : `${(100 * r).toFixed(1)} %`);

function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function accountBlock(a: AccountInsights): string[] {
  const who = a.username ? `${a.displayName} (@${a.username})` : a.displayName;
  const lines = [`${who}  ${a.id}`];
  if (a.at) {
    lines.push(`  ${count(a.followers, 'follower')} · ${count(a.likes, 'like')} · ${count(a.videos, 'video')}   (TikTok served these at ${localTime(a.at)})`);
  } else {
    lines.push('  No numbers yet: clipdesk insights refresh reads them now.');
  }
  if (a.status.problem) lines.push(`  ${a.status.problem}`);
  if (a.status.missingScopes.length) lines.push(`  Not granted: ${a.status.missingScopes.join(', ')} — ${GRANT_SCOPES}`);
  return lines;
}

/** One post's row (its reason, when it has no public numbers, goes underneath). */
function postRow(p: PostInsights, accountNames: Map<string, string> | null): string[] {
  const who = p.source === 'outside' ? 'Outside Clipdesk' : (p.postId ?? '—');
  return [
    localTime(p.publishedAt),
    num(p.views),
    num(p.likes),
    num(p.comments),
    num(p.shares),
    num(p.viewsAt24h),
    percent(p.engagementRate),
    ...(accountNames ? [accountNames.get(p.accountId) ?? p.accountId] : []),
    who,
    p.caption ? `"${cut(p.caption, 40)}"` : '(no caption)',
  ];
}

const RIGHT = new Set([1, 2, 3, 4, 5, 6]);

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : RIGHT.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function describeInsights(insights: Insights): string {
  if (!insights.accounts.length) return `No TikTok accounts connected. Connect one: ${CONNECT}\n`;
  const lines: string[] = ['Accounts'];
  for (const a of insights.accounts) lines.push(...accountBlock(a).map((l) => `  ${l}`));
  lines.push('');
  if (!insights.posts.length) {
    lines.push('No posts yet: nothing published from Clipdesk, and TikTok listed no public video.');
    return `${lines.join('\n')}\n`;
  }
  const several = insights.accounts.length > 1;
  const names = several ? new Map(insights.accounts.map((a) => [a.id, a.username ? `@${a.username}` : a.displayName])) : null;
  const header = ['PUBLISHED', 'VIEWS', 'LIKES', 'COMMENTS', 'SHARES', '24H VIEWS', 'ENGAGEMENT', ...(several ? ['ACCOUNT'] : []), 'POST', 'CAPTION'];
  const rows: string[][] = [header];
  const reasons = new Map<number, string>();
  for (const p of insights.posts) {
    rows.push(postRow(p, names));
    if (p.reason) reasons.set(rows.length - 1, p.availability === 'not_found' && p.at ? `${p.reason} (last numbers from ${localTime(p.at)})` : p.reason);
  }
  lines.push(`Posts (${insights.posts.length}, newest first; numbers as TikTok last served them)`);
  table(rows).forEach((line, i) => {
    lines.push(`  ${line}`);
    const reason = reasons.get(i);
    if (reason) lines.push(`      ${reason}`);
  });
  return `${lines.join('\n')}\n`;
}

async function showCommand(dataDir: string, values: Values): Promise<number> {
  const session = await openApiSession(dataDir);
  try {
    const account = await accountOption(session, values, 'clipdesk insights');
    const json = values.json === true;
    const insights = await session.call('insights.get', { ...(account ? { accountId: account.id } : {}), series: json });
    process.stdout.write(json ? `${JSON.stringify(insightsDocument(insights), null, 2)}\n` : describeInsights(insights));
    return 0;
  } finally {
    await session.close();
  }
}

// ---- refresh --------------------------------------------------------------------------------

/** What to do about an account that could not be read, from the terminal. */
function whatToDo(account: Account | undefined): string | null {
  if (!account) return null;
  if (account.state === 'reconnect_needed') return `Reconnect it: ${CONNECT}`;
  if (account.missingScopes.some((m) => m.feature === 'insights')) {
    return `It did not grant ${account.missingScopes.filter((m) => m.feature === 'insights').map((m) => m.scope).join(', ')}: ${GRANT_SCOPES}`;
  }
  return null;
}

export function describeRefresh(result: RefreshResult, accounts: readonly Account[]): string {
  const lines: string[] = [];
  for (const a of result.accounts) {
    if (a.ok) {
      lines.push(`${a.displayName}: ${a.videos} video${a.videos === 1 ? '' : 's'} read.`);
    } else {
      lines.push(`${a.displayName}: not read. ${a.problem ?? 'TikTok gave no numbers.'}`);
      const todo = whatToDo(accounts.find((x) => x.id === a.id));
      if (todo) lines.push(`  ${todo}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function refreshCommand(dataDir: string, values: Values): Promise<number> {
  const session = await openApiSession(dataDir);
  try {
    const account = await accountOption(session, values, 'clipdesk insights refresh');
    const accounts = await session.call('accounts.list', {});
    if (!accounts.length) throw new CliError(`clipdesk insights refresh: no TikTok account is connected. Connect one: ${CONNECT}`, 1);
    const refreshing = startCall(session, 'insights.refresh', account ? { accountId: account.id } : {}, (p) =>
      process.stderr.write(`Reading ${p.displayName}'s numbers from TikTok (${p.done + 1} of ${p.total})…\n`),
    );
    process.once('SIGINT', refreshing.cancel);
    let result: RefreshResult;
    try {
      result = await refreshing.result;
    } catch (err) {
      if (refreshing.cancelled) {
        process.stderr.write('Stopped. What was read so far is kept.\n');
        return 130;
      }
      throw err;
    } finally {
      process.off('SIGINT', refreshing.cancel);
    }
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(describeRefresh(result, accounts));
    const failed = result.accounts.filter((a) => !a.ok).length;
    if (failed && !values.json) process.stderr.write(`${failed} of ${result.accounts.length} account${result.accounts.length === 1 ? '' : 's'} could not be read.\n`);
    return failed ? 1 : 0;
  } finally {
    await session.close();
  }
}
