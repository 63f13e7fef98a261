// Starts the real `clipdesk serve` (the built CLI) as a child process on a fresh data folder
// and reads the one line it prints. Used by the end-to-end and CLI tests.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'bin/clipdesk.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `clipdesk` on a data folder and collects what it printed; `stdin`, when given, is piped in. */
export function runClipdesk(args: readonly string[], dataDir: string, env: NodeJS.ProcessEnv = process.env, stdin?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args, '--data', dataDir], { env, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (stdin !== undefined) child.stdin!.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** For a suite's beforeAll: the CLI tests run the built CLI, so say plainly when there is none. */
export function requireBuiltCli(): void {
  if (!fs.existsSync(path.join(ROOT, 'out/main/cli.js'))) throw new Error('The CLI is not built: run `npx electron-vite build` first (npm test does).');
}

export interface ServeProcess {
  child: ChildProcess;
  dataDir: string;
  /** The printed URL, with ?token=…: on loopback, the host's own *.localhost name, which browsers resolve. */
  url: string;
  /** The printed URL's origin: what a browser's page is at. */
  origin: string;
  /** http://127.0.0.1:PORT — for Node clients, whose resolver knows no *.localhost names. */
  loopback: string;
  port: number;
  token: string;
  stderr: () => string;
  /** Everything printed so far (the address line, and the certificate's fingerprint over HTTPS). */
  stdout: () => string;
  stop(): Promise<number | null>;
}

export function tempDataDir(prefix = 'clipdesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startServe(
  options: {
    dataDir?: string;
    args?: string[];
    env?: NodeJS.ProcessEnv;
    /** In its own process group, so a test can kill it with its children as an OS would (kill -9 -PID). */
    detached?: boolean;
  } = {},
): Promise<ServeProcess> {
  const dataDir = options.dataDir ?? tempDataDir();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dataDir, ...(options.args ?? [])], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time. stderr: ${err}`)), 15_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Clipdesk is running at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${err}`));
    });
  });
  const url = new URL(line);
  return {
    child,
    dataDir,
    url: line,
    origin: url.origin,
    loopback: `${url.protocol}//127.0.0.1:${url.port}`,
    port: Number(url.port),
    token: url.searchParams.get('token') ?? '',
    stderr: () => err,
    stdout: () => out,
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill('SIGTERM');
      });
    },
  };
}
