// The TikTok commands as a person or a script uses them: the built CLI as a child process,
// the TikTok emulator in this process (so the CLI is run asynchronously), the browser played
// by the fake browser through BROWSER.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeClip } from '../support/media-fixtures';
import { CLI, requireBuiltCli, runClipdesk, startServe } from '../support/serve-process';
import { waitFor } from '../support/core-harness';
import { useTempDirs } from '../support/temp-dir';
import { CLIENT_KEY, CLIENT_SECRET, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const emulator = useTikTokEmulator();
const tempDir = useTempDirs('clipdesk-cli-tiktok-');

const clipdesk = runClipdesk;

/** Whether a listener could take this port on 127.0.0.1 now (it is closed again at once). */
function listenable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

beforeAll(() => {
  requireBuiltCli();
});

describe('clipdesk tiktok, accounts and post', () => {
  it('sets up the app, connects, posts and waits until published, then disconnects', async () => {
    const emu = emulator();
    emu.addUser({ displayName: 'Terminal Tess', username: 'tess' });
    const dir = tempDir();
    const data = path.join(dir, 'data');
    // Credentials saved with the CLI, not from the environment.
    const env = tiktokEnv(emu, { CLIPDESK_TIKTOK_CLIENT_KEY: '', CLIPDESK_TIKTOK_CLIENT_SECRET: '' });

    const show = await clipdesk(['tiktok', 'setup'], data, env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('http://127.0.0.1:*/callback/');
    expect(show.stdout).toContain('not set up');

    // The secret on standard input, the documented way: no warning, and it never shows in ps.
    const setup = await clipdesk(['tiktok', 'setup', '--client-key', CLIENT_KEY, '--client-secret', '-'], data, env, `${CLIENT_SECRET}\n`);
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain(`client key ${CLIENT_KEY}, secret saved`);
    expect(setup.stdout + setup.stderr).not.toContain(CLIENT_SECRET);

    const connect = await clipdesk(['accounts', 'connect', 'tiktok'], data, env);
    expect(connect.stderr).toContain('consent page is open in your browser');
    expect(connect.code).toBe(0);
    expect(connect.stdout).toMatch(/Connected: \S+ {2}Terminal Tess \(@tess\) {2}connected/);

    const list = await clipdesk(['accounts', 'list', '--json'], data, env);
    const accounts = JSON.parse(list.stdout) as { id: string; username: string }[];
    expect(accounts.map((a) => a.username)).toEqual(['tess']);

    const video = readyVideo(dir, undefined, 'ready clip — ünïcode.mp4');
    const post = await clipdesk(['post', video, '--caption', 'From the terminal #cli', '--privacy', 'only-me', '--allow-comment', '--wait'], data, env);
    expect(post.stderr).toContain('Direct Post');
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/^Published/);
    expect(emu.posts).toEqual([expect.objectContaining({ title: 'From the terminal #cli', privacyLevel: 'SELF_ONLY', disableComment: false, disableDuet: true })]);

    const gone = await clipdesk(['accounts', 'disconnect', accounts[0]?.id as string], data, env);
    expect(gone.code).toBe(0);
    expect(gone.stdout).toContain('revoked at TikTok');
    expect(emu.state.revocations).toHaveLength(1);
  }, 120_000);

  it('takes the client secret piped in without the flag, and warns when it is given as a flag value', async () => {
    const emu = emulator();
    const data = path.join(tempDir(), 'data');
    const env = tiktokEnv(emu, { CLIPDESK_TIKTOK_CLIENT_KEY: '', CLIPDESK_TIKTOK_CLIENT_SECRET: '' });
    const piped = await clipdesk(['tiktok', 'setup', '--client-key', CLIENT_KEY], data, env, `${CLIENT_SECRET}\n`);
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain(`client key ${CLIENT_KEY}, secret saved`);

    const flagged = await clipdesk(['tiktok', 'setup', '--client-key', CLIENT_KEY, '--client-secret', CLIENT_SECRET], data, env);
    expect(flagged.code).toBe(0);
    expect(flagged.stderr).toContain('Warning: a secret given as --client-secret');
    expect(flagged.stderr).toContain('process list (ps)');
    expect(flagged.stdout + flagged.stderr).not.toContain(CLIENT_SECRET);

    // The key alone with nothing on standard input: asked for the secret, nothing saved.
    const keyOnly = await clipdesk(['tiktok', 'setup', '--client-key', 'other-key'], path.join(tempDir(), 'data'), env);
    expect(keyOnly.code).toBe(2);
    expect(keyOnly.stderr).toContain('Enter the client secret too');
  }, 60_000);

  it('renders a file that is not TikTok-ready before posting it to the inbox', async () => {
    const emu = emulator();
    emu.addUser({ displayName: 'Landscape Lou' });
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const env = tiktokEnv(emu);
    expect((await clipdesk(['accounts', 'connect', 'tiktok'], data, env)).code).toBe(0);
    const wide = makeClip({ width: 640, height: 360, durationSec: 1 });
    const post = await clipdesk(['post', wide, '--caption', '', '--mode', 'inbox', '--wait'], data, env);
    expect(post.stderr).toContain('rendering it first');
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('Sent to your TikTok inbox');
    expect(emu.posts).toEqual([expect.objectContaining({ mode: 'inbox' })]);
  }, 180_000);

  it('refuses unclear or rule-breaking requests with a usage error, before anything is sent', async () => {
    const emu = emulator();
    emu.addUser({ displayName: 'Careful Cal', commentDisabled: true });
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const env = tiktokEnv(emu);
    const video = readyVideo(dir);
    const noPrivacy = await clipdesk(['post', video, '--caption', 'x'], data, env);
    expect(noPrivacy.code).toBe(2);
    expect(noPrivacy.stderr).toContain('--privacy is required');
    const badAt = await clipdesk(['post', video, '--caption', 'x', '--privacy', 'public', '--at', '2030-01-01 10:00'], data, env);
    expect(badAt.code).toBe(2);
    expect(badAt.stderr).toContain('with its zone');
    const noAccount = await clipdesk(['post', video, '--caption', 'x', '--privacy', 'public'], data, env);
    expect(noAccount.code).toBe(1);
    expect(noAccount.stderr).toContain('clipdesk accounts connect tiktok');
    expect((await clipdesk(['accounts', 'connect', 'tiktok'], data, env)).code).toBe(0);
    const comments = await clipdesk(['post', video, '--caption', 'x', '--privacy', 'public', '--allow-comment'], data, env);
    expect(comments.code).toBe(2); // BAD_INPUT: what was asked cannot be posted
    expect(comments.stderr).toMatch(/[Cc]omments/);
    expect(emu.state.inits).toHaveLength(0);
  }, 120_000);

  it.each([
    ['with no Clipdesk running (the CLI holds the data folder itself)', false],
    ['through a running Clipdesk (the cancel travels over its socket)', true],
  ])('Ctrl-C gives a connect up %s: the consent listener closes, freeing its port, and nothing is connected', async (_how, viaInstance) => {
    const emu = emulator();
    emu.addUser({ displayName: 'Undecided Uma' });
    const data = path.join(tempDir(), 'data');
    // The fake browser opens nothing: the connect waits for a consent that never comes.
    const env = tiktokEnv(emu, { FAKE_BROWSER_NO_VISIT: '1' });
    const serve = viaInstance ? await startServe({ dataDir: data, env }) : null;
    try {
      const child = spawn(process.execPath, [CLI, 'accounts', 'connect', 'tiktok', '--data', data], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const consent = await waitFor(() => /visit: (\S+)\)/.exec(stderr)?.[1], 20_000, 'the consent link');
      const redirect = new URL(new URL(consent).searchParams.get('redirect_uri') as string);
      expect((await fetch(new URL('/nothing', redirect))).status).toBe(404); // listening
      child.kill('SIGINT');
      expect(await exited).not.toBe(0);
      expect(stderr).toContain('clipdesk: The request was cancelled.');
      await waitFor(() => listenable(Number(redirect.port)), 5_000, 'the loopback port to be free');
      const list = await clipdesk(['accounts', 'list', '--json'], data, env);
      expect(JSON.parse(list.stdout)).toEqual([]);
      // A running Clipdesk carries on: only the call was given up.
      if (serve) expect(serve.child.exitCode).toBeNull();
    } finally {
      await serve?.stop();
    }
  }, 60_000);
});
