// FILE_UPLOAD's chunked PUTs (docs/platforms.md, TikTok §3.3), streamed from disk: never more
// than a socket buffer of the file in memory, whatever its size. Strictly sequential, each PUT
// with exact Content-Type, Content-Length and Content-Range. A chunk answered 5xx or cut off is
// sent again; a 416 resyncs from the server's Content-Range; 403/404 (the URL expired or the
// task is gone) ends with UploadUrlGone so the caller can re-initialise — only the caller knows
// whether that is still safe.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { AppError } from '../../../src-shared/errors';
import { chunkAt, type ChunkPlan } from './chunk-plan';
import { sleep } from './rate-limits';

/** The upload URL no longer takes bytes (403 expired, 404 no such upload). */
export class UploadUrlGone extends Error {
  constructor(readonly httpStatus: number) {
    super(httpStatus === 403 ? 'The upload link expired.' : 'TikTok no longer knows this upload.');
    this.name = 'UploadUrlGone';
  }
}

/** Sending kept failing (network, 5xx) after the retries: the job tries again later. */
export class UploadInterrupted extends Error {
  constructor(detail: string) {
    super(`The upload to TikTok was interrupted (${detail}); Clipdesk resumes it by itself.`);
    this.name = 'UploadInterrupted';
  }
}

export const CONTENT_TYPES: Record<string, string> = { '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.mov': 'video/quicktime', '.webm': 'video/webm' };

export interface UploadOptions {
  file: string;
  uploadUrl: string;
  plan: ChunkPlan;
  contentType: string;
  /** First byte to send: a chunk boundary TikTok already has everything before. */
  fromByte: number;
  signal?: AbortSignal;
  /** Called after every accepted chunk with the bytes TikTok confirmed (commit it durably). */
  onChunkAccepted(uploadedBytes: number): void;
  /**
   * Called (and must commit durably) just before the last chunk starts going out: from then
   * on TikTok may hold the whole video even if its answer never arrives.
   */
  onLastChunk?(): void;
  /** Bytes sent so far, including the chunk in flight, for a live percentage. */
  onProgress?(sentBytes: number): void;
  /** Retries of one chunk before giving up for now. */
  chunkRetries?: number;
  retryDelayMs?: (attempt: number) => number;
  timeoutMs?: number;
}

interface PutAnswer {
  status: number;
  contentRange: string | null;
}

// `bytes 0-1234/5000` → 1235 (received so far); `bytes */5000` (nothing yet) → 0.
export function receivedFromContentRange(header: string | null): number | null {
  if (!header) return null;
  const m = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)$/i.exec(header.trim());
  if (!m) return null;
  return m[2] === undefined ? 0 : Number(m[2]) + 1;
}

function put(options: UploadOptions, start: number, end: number, onSent: (n: number) => void): Promise<PutAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(options.uploadUrl);
    const transport = url.protocol === 'https:' ? https : http;
    const length = end - start + 1;
    // 4 MB reads: fewer, larger writes keep the upload near what the socket can carry.
    const stream = fs.createReadStream(options.file, { start, end, highWaterMark: 4 * 1024 * 1024 });
    // Once answered (even early, before the whole body went out), failed or aborted, the file is
    // closed and nothing more is reported: the caller has moved on, maybe out of this job.
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      stream.unpipe();
      stream.destroy();
      fn();
    };
    const req = transport.request(
      url,
      {
        method: 'PUT',
        headers: {
          'Content-Type': options.contentType,
          'Content-Length': String(length),
          'Content-Range': `bytes ${start}-${end}/${options.plan.videoSize}`,
        },
        signal: options.signal,
        timeout: options.timeoutMs ?? 120_000,
      },
      (res) => {
        // The body is small (or empty); drain it so the socket is reused.
        res.resume();
        res.on('end', () =>
          settle(() => resolve({ status: res.statusCode ?? 0, contentRange: (res.headers['content-range'] as string | undefined) ?? null })),
        );
        res.on('error', (err) => settle(() => reject(err)));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', (err) => settle(() => reject(err)));
    req.on('close', () => stream.destroy());
    let sent = 0;
    stream.on('data', (chunk) => {
      sent += chunk.length;
      if (!settled) onSent(sent);
    });
    stream.on('error', (err) => req.destroy(err));
    // pipe() honours backpressure: the file is read only as fast as the socket drains.
    stream.pipe(req);
  });
}

/** Send the chunks from `fromByte` on. Resolves when TikTok answered 201 (all received). */
export async function uploadChunks(options: UploadOptions): Promise<void> {
  const { plan } = options;
  const retries = options.chunkRetries ?? 4;
  const delay = options.retryDelayMs ?? ((n: number) => Math.min(1000 * 2 ** (n - 1), 15_000));
  let offset = options.fromByte;
  let failures = 0;
  while (offset < plan.videoSize) {
    let index: number;
    try {
      index = chunkAt(plan, offset);
    } catch {
      // TikTok says it holds a number of bytes that is not a chunk boundary: the upload is out
      // of step and cannot be continued; a fresh init (safe: it never completed) starts over.
      throw new UploadUrlGone(404);
    }
    const chunk = plan.chunks[index] as ChunkPlan['chunks'][number];
    let answer: PutAnswer;
    try {
      if (!fs.existsSync(options.file)) throw new AppError('FILE_MISSING', `The video file is gone (${options.file}); render it again or put it back.`);
      if (index === plan.totalChunkCount - 1) options.onLastChunk?.();
      answer = await put(options, chunk.start, chunk.end, (n) => options.onProgress?.(chunk.start + n));
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : err;
      if (err instanceof AppError) throw err;
      failures++;
      if (failures > retries) throw new UploadInterrupted('the connection kept dropping');
      await sleep(delay(failures), options.signal);
      continue;
    }
    const { status } = answer;
    if (status === 201) {
      options.onChunkAccepted(plan.videoSize);
      return;
    }
    if (status === 206 || status === 200) {
      failures = 0;
      // TikTok's Content-Range says what it holds; trust it over our own count.
      const received = receivedFromContentRange(answer.contentRange) ?? chunk.end + 1;
      offset = received;
      options.onChunkAccepted(received);
      if (received >= plan.videoSize) return;
      continue;
    }
    if (status === 416) {
      const received = receivedFromContentRange(answer.contentRange);
      if (received === null) throw new UploadUrlGone(404);
      failures++;
      if (failures > retries) throw new UploadInterrupted('TikTok and Clipdesk disagree on how much was sent');
      offset = received;
      options.onChunkAccepted(received);
      if (received >= plan.videoSize) return;
      continue;
    }
    if (status === 403 || status === 404) throw new UploadUrlGone(status);
    if (status >= 500 || status === 429 || status === 0) {
      failures++;
      if (failures > retries) throw new UploadInterrupted(`TikTok answered ${status}`);
      await sleep(delay(failures), options.signal);
      continue;
    }
    // 400: our headers were wrong — a bug, not something a retry fixes.
    throw new AppError('TIKTOK_ERROR', `TikTok refused a chunk of the upload (HTTP ${status}). This is a Clipdesk bug; please report it.`);
  }
}
