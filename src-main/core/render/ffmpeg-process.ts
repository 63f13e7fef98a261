// Running ffmpeg for a render: progress from `-progress pipe:1`, cancellation that gives
// ffmpeg a moment to exit cleanly, and failures turned into errors a creator can act on. The
// process itself is run by media/spawn-tool.ts, the one way Clipdesk runs ffmpeg and ffprobe.
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { spawnTool, type ToolOutcome } from '../media/spawn-tool';

export interface FfmpegProgress {
  /** 0..1 of `durationSec`; 0 when the duration is unknown. */
  fraction: number;
  /** Media seconds per wall second (ffmpeg's "speed=2.1x"). */
  speed: number | null;
  etaSec: number | null;
  outTimeSec: number;
}

export interface RunFfmpegOptions {
  signal?: AbortSignal;
  /** Length of the output, for the fraction and the ETA. */
  durationSec?: number;
  onProgress?(p: FfmpegProgress): void;
  /** Named in a disk-full message ("free space on …"). */
  outputPath?: string;
  /**
   * After SIGTERM, how long ffmpeg gets before SIGKILL. Short: on SIGTERM ffmpeg still flushes
   * the encoder and finishes the file (seconds, for x264's lookahead at 1080x1920), work that
   * a cancelled render throws away.
   */
  killGraceMs?: number;
}

/** Parses one `key=value` block of `-progress` output into a progress report. */
export function progressFromBlock(block: Map<string, string>, durationSec: number | undefined): FfmpegProgress {
  // out_time_us is the one to trust; ffmpeg 5's out_time_ms is also microseconds (a known misnomer).
  const us = Number(block.get('out_time_us') ?? block.get('out_time_ms'));
  const outTimeSec = Number.isFinite(us) && us > 0 ? us / 1e6 : 0;
  const speedMatch = /^\s*([\d.]+)x/.exec(block.get('speed') ?? '');
  const speed = speedMatch && Number(speedMatch[1]) > 0 ? Number(speedMatch[1]) : null;
  const done = block.get('progress') === 'end';
  const fraction = durationSec && durationSec > 0 ? Math.min(1, done ? 1 : outTimeSec / durationSec) : done ? 1 : 0;
  const etaSec = done ? 0 : durationSec && speed ? Math.max(0, (durationSec - outTimeSec) / speed) : null;
  return { fraction, speed, etaSec, outTimeSec };
}

/**
 * ffmpeg's closing lines repeat that something failed without saying what ("Conversion
 * failed!", "Error initializing output stream … maybe incorrect parameters"); the cause is
 * the line before them.
 */
const GENERIC = /^(Conversion failed!|Exiting normally|Error while filtering|Press \[q\]|Error initializing output stream|Error parsing global options|Device creation failed|Failed to set value .* for option)/i;

/** The last line of stderr that says what went wrong; ffmpeg's "[h264_nvenc @ 0x…] " prefix becomes "h264_nvenc: ". */
export function lastMeaningfulLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter(Boolean);
  const line = [...lines].reverse().find((l) => !GENERIC.test(l)) ?? lines[lines.length - 1];
  return line ? line.replace(/^\[([\w-]+) @ 0x[0-9a-f]+\]\s*/i, '$1: ') : 'ffmpeg stopped without saying why';
}

/** Maps a failed run's stderr to the error the creator sees. */
export function classifyFfmpegFailure(stderr: string, exitCode: number | null, outputPath?: string): AppError {
  if (/No space left on device|ENOSPC|Disk quota exceeded/i.test(stderr)) {
    const where = outputPath ? path.dirname(outputPath) : 'the drive you render to';
    return new AppError('DISK_FULL', `The disk is full: free space on ${where} and retry.`);
  }
  const missing = /^(.*?): No such file or directory$/m.exec(stderr);
  if (missing) {
    return new AppError('FILE_MISSING', `A file the render needs is gone: ${missing[1]}. It was moved or deleted; put it back (or re-import the clip) and retry.`);
  }
  const unreadable = /^(.*?): (Invalid data found when processing input|moov atom not found|End of file)$/m.exec(stderr) ?? (/moov atom not found/.exec(stderr) ? [null, 'the source'] : null);
  if (unreadable) {
    return new AppError('MEDIA_UNREADABLE', `ffmpeg couldn't read ${unreadable[1]}: the file is damaged or isn't a video. Re-export or re-download it and import it again.`);
  }
  const line = lastMeaningfulLine(stderr).slice(0, 300);
  return new AppError('FFMPEG_FAILED', `The render failed in ffmpeg (exit ${exitCode ?? 'signal'}): ${line}`);
}

export async function runFfmpeg(ffmpeg: string, args: string[], opts: RunFfmpegOptions = {}): Promise<{ stderrTail: string }> {
  const { signal, durationSec, onProgress, outputPath, killGraceMs = 1000 } = opts;
  const cancelled = (): AppError => new AppError('CANCELLED', 'The render was cancelled.');
  if (signal?.aborted) throw cancelled();
  let block = new Map<string, string>();
  const onStdoutLine = (raw: string): void => {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (eq <= 0) return;
    const key = line.slice(0, eq);
    block.set(key, line.slice(eq + 1));
    // Each block ends with progress=continue|end.
    if (key === 'progress') {
      // A cancelled ffmpeg still finishes its file and reports progress=end: not progress.
      if (onProgress && !signal?.aborted) onProgress(progressFromBlock(block, durationSec));
      block = new Map();
    }
  };
  let outcome: ToolOutcome;
  try {
    outcome = await spawnTool(ffmpeg, ['-progress', 'pipe:1', '-nostats', ...args], { timeoutMs: null, signal, onStdoutLine, killGraceMs });
  } catch (err) {
    throw new AppError('FFMPEG_FAILED', `Clipdesk couldn't start ffmpeg (${ffmpeg}): ${(err as Error).message}. Reinstall Clipdesk, or set FFMPEG_PATH to a working ffmpeg.`);
  }
  // Ctrl+C in a terminal reaches ffmpeg (same process group) as well as us, and ffmpeg may
  // exit (255, or by the signal) before our own handler has aborted: give the abort a moment
  // to land so a cancel is reported as one, not as a failure.
  if (outcome.ended === 'exit' && (outcome.code === 255 || outcome.signal !== null) && !signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  if (outcome.ended === 'aborted' || signal?.aborted) throw cancelled();
  if (outcome.code === 0) return { stderrTail: outcome.stderr };
  throw classifyFfmpegFailure(outcome.stderr, outcome.code, outputPath);
}
