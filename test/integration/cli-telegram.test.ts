// `clipdesk telegram setup | pair | status` as a person uses them: the built CLI as a child
// process (run asynchronously: the Telegram emulator lives in this process), no Clipdesk
// running, so the CLI runs the bot itself while the command lasts.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/core-harness';
import { CLI, ROOT } from '../support/serve-process';
import { ANN, BOT_TOKEN, telegramEnv, useTelegramEmulator } from '../support/telegram-harness';
import { useTempDirs } from '../support/temp-dir';

const emulator = useTelegramEmulator();
const tempDir = useTempDirs('clipdesk-cli-telegram-');

interface Run {
  child: ChildProcess;
  out: { stdout: string; stderr: string };
  done: Promise<number | null>;
}

function start(args: string[], dataDir: string, env: NodeJS.ProcessEnv, stdin?: string): Run {
  const child = spawn(process.execPath, [CLI, ...args, '--data', dataDir], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  child.stdin!.end(stdin ?? '');
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, done };
}

async function clipdesk(args: string[], dataDir: string, env: NodeJS.ProcessEnv, stdin?: string) {
  const run = start(args, dataDir, env, stdin);
  const code = await run.done;
  return { code, ...run.out };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'out/main/cli.js'))) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
});

describe('clipdesk telegram', () => {
  it('sets up the bot (token from stdin, never printed), pairs a phone through the printed link, and reports the approver', async () => {
    const emu = emulator();
    const data = path.join(tempDir(), 'data');
    const env = telegramEnv(emu);

    const before = await clipdesk(['telegram', 'status'], data, env);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('no bot set up');

    const bad = await clipdesk(['telegram', 'setup', '--token', '7000000001:AAH-this-is-not-the-right-token-xyz'], data, env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Telegram does not know this bot token');
    expect(bad.stderr + bad.stdout).not.toContain('this-is-not-the-right');

    const setup = await clipdesk(['telegram', 'setup', '--token', '-'], data, env, `${BOT_TOKEN}\n`);
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain('@clipdesk_test_bot');
    expect(setup.stdout).toContain('listening');
    expect(setup.stdout + setup.stderr).not.toContain(BOT_TOKEN);

    const pair = start(['telegram', 'pair'], data, env);
    const link = await waitFor(() => /https:\/\/t\.me\/clipdesk_test_bot\?start=([A-Za-z0-9_-]{24})/.exec(pair.out.stderr)?.[1], 20_000, 'the pairing link');
    // A QR code drawn in the terminal.
    expect(pair.out.stderr).toMatch(/[▀▄█]/);
    emu.openStartLink(BOT_TOKEN, { from: ANN.id, payload: link });
    expect(await pair.done).toBe(0);
    // A new pairing is results-only; the creator grants approval rights from the terminal.
    expect(pair.out.stdout).toMatch(/Paired: Ann \(@ann\), results only\. To let them approve posts: clipdesk telegram allow \S+/);
    expect(emu.messages(BOT_TOKEN, ANN.id).some((m) => m.text?.includes('Paired with Clipdesk to receive results only'))).toBe(true);
    const annId = /clipdesk telegram allow (\S+)/.exec(pair.out.stdout)![1]!;
    expect((await clipdesk(['telegram', 'status'], data, env)).stdout).toMatch(/Ann \(@ann\) {2}results only/);
    const allow = await clipdesk(['telegram', 'allow', annId], data, env);
    expect(allow.stderr).toBe('');
    expect(allow.code).toBe(0);
    expect(allow.stdout).toBe('Ann (@ann): may approve\n');
    expect((await clipdesk(['telegram', 'status'], data, env)).stdout).toMatch(/Ann \(@ann\) {2}may approve/);

    const status = await clipdesk(['telegram', 'status', '--json'], data, env);
    const parsed = JSON.parse(status.stdout) as { state: string; approvers: { name: string; userId: number }[] };
    // No Clipdesk runs now: the bot is saved but not listening.
    expect(parsed.state).toBe('not_running');
    expect(parsed.approvers).toEqual([expect.objectContaining({ name: 'Ann', userId: ANN.id })]);

    // The token is nowhere in the data folder in plaintext.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) (e.isDirectory() ? walk : (f: string) => files.push(f))(path.join(dir, e.name));
    };
    walk(data);
    for (const f of files) expect(fs.readFileSync(f).includes(Buffer.from(BOT_TOKEN.split(':')[1]!)), f).toBe(false);
  });

  it('asks before taking the bot over from another program’s webhook', async () => {
    const emu = emulator();
    const data = path.join(tempDir(), 'data');
    const env = telegramEnv(emu);
    emu.setWebhook(BOT_TOKEN, 'https://automation.example.com/webhook/secret-path-123');
    // The token as a flag's value still works, with a warning that ps shows it.
    const asked = await clipdesk(['telegram', 'setup', '--token', BOT_TOKEN], data, env);
    expect(asked.stderr).toContain('Warning: a secret given as --token');
    expect(asked.code).toBe(3);
    expect(asked.stdout).toContain('https://automation.example.com');
    expect(asked.stdout).not.toContain('secret-path-123');
    expect(asked.stderr).toContain('--take-over-webhook');
    // Nothing was taken: the webhook is still there.
    expect(emu.requests.some((r) => r.method === 'deleteWebhook')).toBe(false);

    // Piped in with the flag left out: no warning.
    const taken = await clipdesk(['telegram', 'setup', '--take-over-webhook'], data, env, `${BOT_TOKEN}\n`);
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    expect(taken.stdout).toContain('listening');
    expect(emu.requests.some((r) => r.method === 'deleteWebhook')).toBe(true);
  });
});
