// The one way Clipdesk runs ffmpeg and ffprobe: an argument array (never a shell, so no file
// name is ever parsed as a command), stdout collected (bounded) or streamed by line, a bounded
// tail of stderr, and a timeout or an abort that really stops the process. The promise settles
// only after the child has exited, so callers can delete its files and no zombie is left.
// Callers turn the outcome into an error the creator can act on (ffmpeg-process.ts for renders);
// this module only reports what happened. ESLint keeps node:child_process to this file.
import { spawn } from 'node:child_process';

export interface ToolOutcome {
  /** How the run ended: the tool exited by itself, or it was killed for taking too long or being cancelled. */
  ended: 'exit' | 'timeout' | 'aborted';
  code: number | null;
  /** The signal that ended the process, when one did (ours, or one sent from outside). */
  signal: NodeJS.Signals | null;
  /** Everything printed on stdout (up to maxStdoutBytes); empty when streamed to onStdoutLine. */
  stdout: string;
  /** The tail of stderr (enough for the last error lines, bounded for chatty tools). */
  stderr: string;
}

export interface SpawnToolOptions {
  /** Kill the tool after this long; null for no limit (a render takes as long as it takes). */
  timeoutMs?: number | null;
  signal?: AbortSignal;
  /** Stop collecting stdout past this many bytes (the tool still runs to its end). */
  maxStdoutBytes?: number;
  /** Stream stdout line by line instead of collecting it (ffmpeg's -progress pipe:1). */
  onStdoutLine?(line: string): void;
  /**
   * On abort or timeout: 0 kills at once with SIGKILL (a stuck read on a network drive ignores
   * SIGTERM); more sends SIGTERM and SIGKILL after this long, for a tool worth a clean exit.
   */
  killGraceMs?: number;
}

const STDERR_TAIL_BYTES = 64 * 1024;

/** Rejects only when the tool cannot be started at all (err.code ENOENT, EACCES, …). */
export function spawnTool(file: string, args: readonly string[], opts: SpawnToolOptions = {}): Promise<ToolOutcome> {
  const { timeoutMs = 30_000, signal, maxStdoutBytes = 16 * 1024 * 1024, onStdoutLine, killGraceMs = 0 } = opts;
  if (signal?.aborted) return Promise.resolve({ ended: 'aborted', code: null, signal: null, stdout: '', stderr: '' });
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, shell: false });
    const out: Buffer[] = [];
    let outBytes = 0;
    let partialLine = '';
    let err = Buffer.alloc(0);
    let ended: ToolOutcome['ended'] = 'exit';
    let graceTimer: NodeJS.Timeout | undefined;
    if (onStdoutLine) {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (text: string) => {
        partialLine += text;
        let nl: number;
        while ((nl = partialLine.indexOf('\n')) !== -1) {
          const line = partialLine.slice(0, nl).replace(/\r$/, '');
          partialLine = partialLine.slice(nl + 1);
          onStdoutLine(line);
        }
      });
    } else {
      child.stdout.on('data', (chunk: Buffer) => {
        if (outBytes >= maxStdoutBytes) return;
        out.push(chunk);
        outBytes += chunk.length;
      });
    }
    child.stderr.on('data', (chunk: Buffer) => {
      err = Buffer.concat([err, chunk]);
      if (err.length > STDERR_TAIL_BYTES) err = err.subarray(err.length - STDERR_TAIL_BYTES);
    });
    const kill = (why: ToolOutcome['ended']): void => {
      if (ended !== 'exit') return;
      ended = why;
      if (killGraceMs <= 0) {
        child.kill('SIGKILL');
        return;
      }
      child.kill('SIGTERM');
      graceTimer = setTimeout(() => child.kill('SIGKILL'), killGraceMs);
    };
    const timer = timeoutMs === null ? undefined : setTimeout(() => kill('timeout'), timeoutMs);
    const onAbort = (): void => kill('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanUp = (): void => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
      signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (e) => {
      cleanUp();
      reject(e);
    });
    child.once('close', (code, exitSignal) => {
      cleanUp();
      if (onStdoutLine && partialLine) onStdoutLine(partialLine);
      resolve({ ended, code, signal: exitSignal, stdout: Buffer.concat(out).toString('utf8'), stderr: err.toString('utf8') });
    });
  });
}

/** stdout of a tool that must succeed (`-version`, `-encoders`); rejects with its last error line otherwise. */
export async function toolOutput(file: string, args: readonly string[], timeoutMs = 10_000): Promise<string> {
  const outcome = await spawnTool(file, args, { timeoutMs });
  if (outcome.ended !== 'exit' || outcome.code !== 0) {
    const why = outcome.ended === 'timeout' ? `timed out after ${timeoutMs / 1000} s` : lastErrorLine(outcome.stderr) || `exit ${outcome.code ?? outcome.signal}`;
    throw new Error(`${file} ${args.join(' ')} failed: ${why}`);
  }
  return outcome.stdout;
}

/** The last meaningful line ffmpeg/ffprobe printed, for logs and error details. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
