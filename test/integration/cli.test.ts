// The `clipdesk` command as a person uses it: the built CLI run as a child process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, startServe, tempDataDir, type ServeProcess } from '../support/serve-process';

function clipdesk(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function askInstance(host: ServeProcess, cmd: string, input: object = {}): Promise<unknown> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers: { Authorization: `Bearer ${host.token}` } });
  await new Promise((r) => ws.once('open', r));
  const reply = await new Promise<{ ok: boolean; result: unknown }>((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(d.toString()) as { ok: boolean; result: unknown }));
    ws.send(JSON.stringify({ id: 1, cmd, input }));
  });
  ws.close();
  return reply.result;
}

const running: ServeProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
});

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'out/main/cli.js'))) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
});

describe('clipdesk CLI', () => {
  it('prints help and version', () => {
    const help = clipdesk(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['serve', 'doctor', 'status', 'settings']) expect(help.stdout).toContain(cmd);
    const version = clipdesk(['--version']);
    expect(version.code).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('answers unknown commands and bad flags with one line and exit code 2', () => {
    for (const args of [['frobnicate'], ['serve', '--bogus'], ['serve', '--port', 'abc'], ['doctor', 'extra'], ['settings', 'set', 'nope', 'true']]) {
      const r = clipdesk([...args, '--data', tempDataDir()]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });

  it('serve prints one line with its own local name, port and token', async () => {
    const host = await startServe();
    running.push(host);
    expect(host.url).toMatch(/^http:\/\/clipdesk-[a-z0-9]+\.localhost:\d+\/\?token=[A-Za-z0-9_-]{40,}$/);
  });

  it('a second serve on the same data folder exits with a clear message while the first runs', async () => {
    const first = await startServe();
    running.push(first);
    const second = clipdesk(['serve', '--port', '0', '--data', first.dataDir]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('already running');
    expect(second.stderr).toContain(String(first.child.pid));
    expect(second.stdout).not.toContain('Clipdesk is running at');
    // The first one is unharmed.
    expect(await askInstance(first, 'app.info')).toMatchObject({ name: 'Clipdesk' });
  });

  it('takes over the lock of a serve that was killed', async () => {
    const first = await startServe();
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const second = await startServe({ dataDir: first.dataDir });
    running.push(second);
    expect(second.url).toContain('token=');
  });

  it('hands commands to the running instance, whose state changes at once', async () => {
    const host = await startServe();
    running.push(host);
    const status = clipdesk(['status', '--json', '--data', host.dataDir]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, via: 'instance', pid: host.child.pid, kind: 'serve' });

    const set = clipdesk(['settings', 'set', 'publishingPaused', 'true', '--data', host.dataDir]);
    expect(set.code).toBe(0);
    expect(await askInstance(host, 'settings.get')).toMatchObject({ publishingPaused: true });
  });

  it('works on the data folder itself when nothing is running', () => {
    const dataDir = tempDataDir();
    expect(clipdesk(['settings', 'set', 'publishingPaused', 'true', '--data', dataDir]).code).toBe(0);
    const status = clipdesk(['status', '--json', '--data', dataDir]);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: false, via: 'local' });
    expect(clipdesk(['settings', 'get', '--json', '--data', dataDir]).stdout).toContain('"publishingPaused": true');
  });

  it('CLIPDESK_DATA_DIR chooses the data folder and --data overrides it', () => {
    const a = tempDataDir();
    const b = tempDataDir();
    expect(JSON.parse(clipdesk(['status', '--json'], { CLIPDESK_DATA_DIR: a }).stdout).dataDir).toBe(a);
    expect(JSON.parse(clipdesk(['status', '--json', '--data', b], { CLIPDESK_DATA_DIR: a }).stdout).dataDir).toBe(b);
  });

  it('doctor reports ffmpeg, secret storage and the running instance', async () => {
    const host = await startServe();
    running.push(host);
    const r = clipdesk(['doctor', '--json', '--data', host.dataDir]);
    const report = JSON.parse(r.stdout) as { via: string; checks: { id: string; ok: boolean; detail: string }[] };
    expect(report.via).toBe('instance');
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.ffmpeg?.ok).toBe(true);
    expect(byId.ffprobe?.ok).toBe(true);
    expect(byId.h264?.detail).toContain('libx264');
    expect(byId.secrets?.detail).toContain('aes-256-gcm');
    expect(byId.lock?.detail).toContain(String(host.child.pid));
  });

  it('doctor says what to do when ffmpeg is missing', () => {
    const r = clipdesk(['doctor', '--data', tempDataDir()], { PATH: '/nonexistent', FFMPEG_PATH: '', FFPROBE_PATH: '', FFMPEG_BIN: '/nonexistent/ffmpeg' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+ffmpeg/);
    expect(r.stdout).toContain('FFMPEG_PATH');
  });

  it('serve on a non-loopback address warns loudly', async () => {
    const host = await startServe({ args: ['--host', '0.0.0.0'] });
    running.push(host);
    expect(host.stderr()).toContain('WARNING');
    expect(host.stderr()).toContain('0.0.0.0');
  });

  it('a database from a newer Clipdesk is refused with a clear message and left untouched', () => {
    const dataDir = tempDataDir();
    expect(clipdesk(['status', '--data', dataDir]).code).toBe(0);
    const db = path.join(dataDir, 'clipdesk.sqlite');
    // Bump user_version (header bytes 60..63) as a newer release would.
    const bytes = fs.readFileSync(db);
    bytes.writeUInt32BE(999, 60);
    fs.writeFileSync(db, bytes);
    const before = fs.readFileSync(db);
    const r = clipdesk(['serve', '--port', '0', '--data', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('newer version of Clipdesk');
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });
});
