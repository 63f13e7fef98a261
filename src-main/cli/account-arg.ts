// `--account ID|@USER`, the one way every command reads it (post, posts list, insights): the
// account's Clipdesk id, its TikTok username with or without the @, or its TikTok open id.
import type { Account } from '../../src-shared/tiktok/accounts';
import type { ApiSession } from './api-session';
import { CliError } from './cli-error';

/** The connected account `wanted` names, or undefined. */
export function findAccount(accounts: readonly Account[], wanted: string): Account | undefined {
  const text = wanted.trim();
  const handle = text.replace(/^@/, '');
  return (
    accounts.find((a) => a.id === text) ??
    accounts.find((a) => a.username !== null && a.username.toLowerCase() === handle.toLowerCase()) ??
    accounts.find((a) => a.openId === text)
  );
}

/** How an unknown --account is told: "@nobody", or the id in quotes. */
const named = (wanted: string): string => (wanted.trim().startsWith('@') ? wanted.trim() : `"${wanted}"`);

/** The connected account `wanted` names; an error naming `command` when there is none. */
export async function resolveAccount(session: Pick<ApiSession, 'call'>, wanted: string, command: string): Promise<Account> {
  const accounts = await session.call('accounts.list', {});
  const found = findAccount(accounts, wanted);
  if (!found) {
    const known = accounts.map((a) => (a.username ? `@${a.username}` : a.id));
    throw new CliError(`${command}: no connected account is ${named(wanted)} (${known.length ? `connected: ${known.join(', ')}` : 'none is connected'}; see clipdesk accounts list).`, 1);
  }
  return found;
}
