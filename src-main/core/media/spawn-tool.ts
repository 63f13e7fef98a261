// Runs ffprobe/ffmpeg once with an argument array (never a shell, so no file name is ever
// parsed as a command), collects its output, and kills it on a timeout or an abort. Callers
// turn the outcome into an error the creator can act on; this module only reports what happened.
import { spawn } from 'node:child_process';

export interface ToolOutcome {
  /** How the run ended: the tool exited by itself, or it was killed for taking too long or being cancelled. */
  ended: 'exit' | 'timeout' | 'aborted';
  code: number | null;
  stdout: string;
  /** The tail of stderr (enough for the last error lines, bounded for chatty tools). */
  stderr: string;
}

export interface SpawnToolOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Stop collecting stdout past this many bytes (the tool still runs to its end). */
  maxStdoutBytes?: number;
}

const STDERR_TAIL_BYTES = 64 * 1024;

/** Rejects only when the tool cannot be started at all (err.code ENOENT, EACCES, …). */
export function spawnTool(file: string, args: readonly string[], opts: SpawnToolOptions = {}): Promise<ToolOutcome> {
  const { timeoutMs = 30_000, signal, maxStdoutBytes = 16 * 1024 * 1024 } = opts;
  if (signal?.aborted) return Promise.resolve({ ended: 'aborted', code: null, stdout: '', stderr: '' });
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, shell: false });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = Buffer.alloc(0);
    let ended: ToolOutcome['ended'] = 'exit';
    child.stdout.on('data', (chunk: Buffer) => {
      if (outBytes >= maxStdoutBytes) return;
      out.push(chunk);
      outBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err = Buffer.concat([err, chunk]);
      if (err.length > STDERR_TAIL_BYTES) err = err.subarray(err.length - STDERR_TAIL_BYTES);
    });
    const kill = (why: ToolOutcome['ended']): void => {
      if (ended !== 'exit') return;
      ended = why;
      // SIGKILL: a stuck read on a network drive ignores SIGTERM; callers clean up after it.
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill('timeout'), timeoutMs);
    const onAbort = (): void => kill('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanUp = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (e) => {
      cleanUp();
      reject(e);
    });
    child.once('close', (code) => {
      cleanUp();
      resolve({ ended, code, stdout: Buffer.concat(out).toString('utf8'), stderr: err.toString('utf8') });
    });
  });
}

/** The last meaningful line ffmpeg/ffprobe printed, for logs and error details. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
