// `clipdesk delete-everything` as a person uses it, with the built CLI as a child process: handed
// to a running `clipdesk serve` (which answers, then stops by itself), or done by the command
// itself when nothing runs. Either way TikTok sees the revocation and the data folder is empty.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeleteEverythingResult } from '../../src-shared/data/delete-everything';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { DATABASE_FILE } from '../../src-main/core/store/database';
import { TIKTOK_REMOVE_ACCESS } from '../../src-main/core/tiktok/accounts-service';
import { useCores } from '../support/core-harness';
import { requireBuiltCli, runClipdesk, startServe } from '../support/serve-process';
import { useTempDirs } from '../support/temp-dir';
import { connectAccount, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const tiktok = useTikTokEmulator();
const newCore = useCores('clipdesk-cli-delete-');
const tempDir = useTempDirs('clipdesk-not-data-');

const clipdesk = runClipdesk;

/** A data folder with a connected TikTok account; the core that connected it is closed. */
async function dataWithAccount() {
  const tt = tiktok();
  tt.addUser({ displayName: 'Maria Bakes', username: 'maria' });
  const env = tiktokEnv(tt);
  const h = newCore({ env, openExternal: createOpenBrowser(env) });
  await connectAccount(h.core);
  await h.core.close();
  return { tt, env, dataDir: h.dataDir };
}

beforeAll(() => {
  requireBuiltCli();
});

describe('clipdesk delete-everything', () => {
  it('refuses a wrong phrase, and asks for --confirm where there is no terminal', async () => {
    const { tt, env, dataDir } = await dataWithAccount();
    const before = fs.readdirSync(dataDir).sort();
    const wrong = await clipdesk(['delete-everything', '--confirm', 'yes'], dataDir, env);
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringMatching(/type “delete everything” exactly\. Nothing was deleted\./) });
    const unasked = await clipdesk(['delete-everything'], dataDir, env);
    expect(unasked).toMatchObject({ code: 2, stderr: expect.stringContaining('--confirm "delete everything"') });
    expect(tt.state.revocations).toEqual([]);
    expect(fs.readdirSync(dataDir).sort()).toEqual(before);
  }, 60_000);

  it('refuses a folder with no Clipdesk data in it, or a wrong phrase for it, creating nothing there', async () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'my-notes.txt'), 'ideas');
    const run = await clipdesk(['delete-everything', '--confirm', 'delete everything'], home, process.env);
    expect(run).toMatchObject({ code: 1, stderr: `clipdesk delete-everything: There is no Clipdesk data in ${home}; nothing was deleted.\n` });
    const missing = path.join(home, 'typo');
    const wrong = await clipdesk(['delete-everything', '--confirm', 'delete everythign'], missing, process.env);
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining('Nothing was deleted.') });
    expect(fs.readdirSync(home)).toEqual(['my-notes.txt']);
  }, 60_000);

  it('refuses, unless --force, when the tokens were saved by the desktop app and cannot be read here', async () => {
    const { tt, env, dataDir } = await dataWithAccount();
    // As the desktop app leaves them: in the OS's secret storage, which the CLI's key file cannot read.
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    db.prepare("UPDATE secrets SET backend = 'safeStorage:gnome_libsecret' WHERE name LIKE 'tiktok.account.%'").run();
    db.close();
    const before = fs.readdirSync(dataDir).sort();

    const refused = await clipdesk(['delete-everything', '--confirm', 'delete everything'], dataDir, env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the TikTok tokens of Maria Bakes cannot be read here, .* Secrets here were saved by the desktop app, .* Do this in the desktop app /);
    expect(refused.stderr).toMatch(/\nNothing was deleted\. To delete everything anyway, without revoking, add --force/);
    expect(fs.readdirSync(dataDir).sort()).toEqual(before);

    const forced = await clipdesk(['delete-everything', '--confirm', 'delete everything', '--force'], dataDir, env);
    expect(forced.code, forced.stderr).toBe(0);
    // Not "no valid token was left": there was one, it could not be read here.
    expect(forced.stdout).toContain(
      `TikTok: Maria Bakes is disconnected and its tokens are deleted here, but Clipdesk could not read them on this machine, so its access was not revoked at TikTok. ${TIKTOK_REMOVE_ACCESS}`,
    );
    expect(tt.state.revocations).toEqual([]);
    expect(fs.readdirSync(dataDir, { recursive: true })).toEqual([]);
  }, 60_000);

  it('is carried out by a running clipdesk serve, which then stops by itself', async () => {
    const { tt, env, dataDir } = await dataWithAccount();
    const serve = await startServe({ dataDir, env });
    try {
      const run = await clipdesk(['delete-everything', '--confirm', 'delete everything', '--json'], dataDir, env);
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as DeleteEverythingResult;
      expect(result.tiktok).toEqual([expect.objectContaining({ account: 'Maria Bakes', revoked: true })]);
      expect(tt.state.revocations).toHaveLength(1);
      // The host stops on its own (exit 0) rather than serve a core whose data is gone.
      await expect(new Promise((resolve) => (serve.child.exitCode !== null ? resolve(serve.child.exitCode) : serve.child.once('exit', resolve)))).resolves.toBe(0);
      expect(fs.readdirSync(dataDir, { recursive: true })).toEqual([]);
    } finally {
      await serve.stop();
    }
  }, 60_000);

  it('does it itself when no Clipdesk runs, leaving what is not Clipdesk\'s', async () => {
    const { tt, env, dataDir } = await dataWithAccount();
    const notes = path.join(dataDir, 'my-notes.txt');
    fs.writeFileSync(notes, 'ideas');
    const run = await clipdesk(['delete-everything', '--confirm', 'delete everything'], dataDir, env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Deleted \d+ file\(s\) from .*\nTikTok: Maria Bakes is disconnected: access revoked at TikTok/);
    expect(run.stdout).toContain(`Kept: ${notes} (not Clipdesk's: left as it was).`);
    expect(tt.state.revocations).toHaveLength(1);
    expect(fs.readdirSync(dataDir, { recursive: true })).toEqual(['my-notes.txt']);
  }, 60_000);
});
