// `clipdesk render … --loudness -14`: a negative number after a string option is its value; and
// `--account ID|@USER`, read one way by every command.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src-shared/tiktok/accounts';
import { findAccount } from '../../src-main/cli/account-arg';
import { joinNegativeValues } from '../../src-main/cli/main';

describe('joinNegativeValues', () => {
  const options = { loudness: { type: 'string' as const }, json: { type: 'boolean' as const }, output: { type: 'string' as const, short: 'o' } };
  it('joins a string option with the negative number after it', () => {
    expect(joinNegativeValues(['in.mp4', '--loudness', '-14', '-o', 'out.mp4'], options)).toEqual(['in.mp4', '--loudness=-14', '-o', 'out.mp4']);
    expect(joinNegativeValues(['--loudness', '-16.5'], options)).toEqual(['--loudness=-16.5']);
  });
  it('leaves everything else alone', () => {
    expect(joinNegativeValues(['--loudness', 'off', '--json', '-o', 'x'], options)).toEqual(['--loudness', 'off', '--json', '-o', 'x']);
    expect(joinNegativeValues(['--json', '-1'], options)).toEqual(['--json', '-1']); // a boolean takes no value
    expect(joinNegativeValues(['--loudness', '-o'], options)).toEqual(['--loudness', '-o']); // parseArgs reports that one
    expect(joinNegativeValues(['--unknown', '-3'], options)).toEqual(['--unknown', '-3']);
  });
});

describe('findAccount: --account ID|@USER, the same for every command', () => {
  const account = (id: string, username: string | null, openId: string) => ({ id, username, openId }) as Account;
  const accounts = [account('acc-1', 'maria', 'open-1'), account('acc-2', null, 'open-2'), account('acc-3', 'Tom.Travels', 'open-3')];
  it('finds an account by its id, its username with or without @ (any case), or its open id', () => {
    expect(findAccount(accounts, 'acc-2')?.id).toBe('acc-2');
    expect(findAccount(accounts, '@maria')?.id).toBe('acc-1');
    expect(findAccount(accounts, 'maria')?.id).toBe('acc-1');
    expect(findAccount(accounts, '@tom.travels')?.id).toBe('acc-3');
    expect(findAccount(accounts, 'open-3')?.id).toBe('acc-3');
    expect(findAccount(accounts, ' @maria ')?.id).toBe('acc-1');
  });
  it('finds nothing for a name no account has', () => {
    expect(findAccount(accounts, '@nobody')).toBeUndefined();
    expect(findAccount(accounts, '@')).toBeUndefined();
    expect(findAccount([], 'acc-1')).toBeUndefined();
  });
});
