// PUT {upload_url}: TikTok's chunked upload (docs/platforms.md, TikTok §3.3), strict about
// every header. Bodies are streamed — counted and hashed as they arrive, never held — because
// the upload benchmark pushes a gigabyte through here and measures memory.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { apiError, codeForStatus, DROPPED, mediaType, sleep, statusForCode, type Answer, type Outcome } from './answers';
import { chunkRange, chunkStartingAt } from './chunk-rules';
import type { EmulatorContext } from './context';
import type { Fault } from './faults';
import { randomId } from './ids';
import { now, type InitRecord } from './state';

export interface UploadSession {
  id: string;
  token: string;
  init: InitRecord;
  expiresAt: number;
  /** Set by an expire-upload-url fault: expired from then on, whatever the clock says. */
  forcedExpired: boolean;
  /** Running SHA-256 of the bytes received so far (null when hashing is off). */
  hash: crypto.Hash | null;
  /** Hash state after each whole chunk: a lost or cut chunk rolls back to one of these. */
  checkpoints: crypto.Hash[];
  /** A PUT is being received: TikTok wants chunks strictly one after another. */
  busy: boolean;
}

const VIDEO_TYPES = new Set(['video/mp4', 'video/quicktime', 'video/webm']);

export function openUploadSession(ctx: EmulatorContext, init: InitRecord): string {
  const hash = ctx.state.hashUploads ? crypto.createHash('sha256') : null;
  const session: UploadSession = {
    id: init.uploadId,
    token: randomId(24),
    init,
    expiresAt: now(ctx.state) + ctx.state.uploadUrlTtlMs,
    forcedExpired: false,
    hash,
    checkpoints: hash ? [hash.copy()] : [],
    busy: false,
  };
  ctx.uploads.set(session.id, session);
  return `${ctx.url}/upload/${session.id}?upload_token=${session.token}`;
}

export const isExpired = (ctx: EmulatorContext, s: UploadSession): boolean => s.forcedExpired || now(ctx.state) >= s.expiresAt;

/** The URL still takes chunks (an inbox share waiting on it counts as pending). */
export function uploadOpen(ctx: EmulatorContext, init: InitRecord): boolean {
  const s = ctx.uploads.get(init.uploadId);
  return !!s && !isExpired(ctx, s);
}

/** `Content-Range: bytes 0-N/TOTAL` — what the server holds, as TikTok reports progress. */
const progressRange = (received: number, total: number): string => (received > 0 ? `bytes 0-${received - 1}/${total}` : `bytes */${total}`);

const uploadError = (status: number, message: string, headers: Record<string, string> = {}): Answer =>
  apiError(status, status === 400 ? 'invalid_file_upload' : codeForStatus(status), message, headers);

function parseContentRange(header: string | undefined): { first: number; last: number; total: number } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header ?? '');
  if (!m) return null;
  const [first, last, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return first <= last && last < total ? { first, last, total } : null;
}

export async function upload(ctx: EmulatorContext, req: IncomingMessage, url: URL, id: string): Promise<Outcome> {
  const session = ctx.uploads.get(id);
  if (!session) return uploadError(404, 'No upload task for this URL. Initialise the post again.');
  if (url.searchParams.get('upload_token') !== session.token) return uploadError(403, 'The upload_token does not match this upload URL.');
  if (isExpired(ctx, session)) return uploadError(403, 'The upload URL has expired. Initialise the post again.');
  const init = session.init;
  const range = parseContentRange(req.headers['content-range']);
  const chunk = chunkStartingAt(init, range?.first ?? init.uploadedBytes) ?? Math.floor(init.uploadedBytes / init.chunkSize);
  const fault = ctx.faults.take('upload', chunk);
  if (fault?.kind === 'slow') await sleep(fault.ms);
  else if (fault && fault.kind !== 'drop') return faultAnswer(ctx, session, fault);

  if (session.busy) return uploadError(400, 'Another chunk of this upload is still being received; upload chunks one after another.');
  if (!VIDEO_TYPES.has(mediaType(req.headers['content-type']))) return uploadError(400, 'Content-Type must be video/mp4, video/quicktime or video/webm.');
  const lengthHeader = req.headers['content-length'];
  if (lengthHeader === undefined || !/^\d+$/.test(lengthHeader)) return uploadError(400, 'Content-Length is required.');
  const length = Number(lengthHeader);
  if (!range) return uploadError(400, 'Content-Range must be "bytes FIRST-LAST/TOTAL".');
  if (range.total !== init.videoSize) return uploadError(400, `Content-Range total ${range.total} is not the declared video_size ${init.videoSize}.`);
  if (range.first !== init.uploadedBytes) {
    return uploadError(416, `The server has ${init.uploadedBytes} bytes; the next chunk starts there.`, { 'Content-Range': progressRange(init.uploadedBytes, init.videoSize) });
  }
  const expected = chunkRange(init, chunk);
  if (range.last !== expected.last) return uploadError(400, `Chunk ${chunk} is bytes ${expected.first}-${expected.last} under the declared chunk plan.`);
  if (length !== range.last - range.first + 1) return uploadError(400, `Content-Length ${length} does not match Content-Range (${range.last - range.first + 1} bytes).`);

  const dropAt = fault?.kind === 'drop' ? (fault.afterBytes ?? Math.floor(length / 2)) : undefined;
  session.busy = true;
  let received = 0;
  const ended = await new Promise<boolean>((resolve) => {
    req.on('data', (part: Buffer) => {
      received += part.length;
      session.hash?.update(part);
      // A drop before the whole chunk arrived: the connection dies mid-body.
      if (dropAt !== undefined && dropAt < length && received >= dropAt) req.socket.destroy();
    });
    req.once('end', () => resolve(true));
    req.once('close', () => resolve(req.complete));
    req.once('error', () => resolve(false));
  });
  session.busy = false;
  if (!ended || received !== length) {
    rollBack(session, chunk);
    if (!req.socket.destroyed) return uploadError(400, `Received ${received} bytes; Content-Length said ${length}.`);
    return DROPPED;
  }
  commit(ctx, session, length);
  // A drop after the whole chunk: the server has it, the client never hears so (the ambiguous case).
  if (dropAt !== undefined) {
    req.socket.destroy();
    return DROPPED;
  }
  const done = init.uploadedBytes === init.videoSize;
  return { status: done ? 201 : 206, headers: { 'Content-Range': progressRange(init.uploadedBytes, init.videoSize), 'Content-Length': '0' } };
}

function commit(ctx: EmulatorContext, session: UploadSession, length: number): void {
  const init = session.init;
  init.uploadedBytes += length;
  if (init.uploadedBytes < init.videoSize) {
    if (session.hash) session.checkpoints.push(session.hash.copy());
    return;
  }
  init.uploadComplete = true;
  init.uploadCompletedAt = now(ctx.state);
  init.sha256 = session.hash?.digest('hex') ?? null;
  session.hash = null;
  session.checkpoints = [];
  // The outcome is fixed now; status/fetch reveals it after processing.
  init.pendingFailReason = ctx.state.failNext;
  ctx.state.failNext = null;
}

/** Forget a chunk that did not arrive whole: back to the hash state before it. */
function rollBack(session: UploadSession, chunk: number): void {
  const before = session.checkpoints[chunk];
  if (session.hash && before) session.hash = before.copy();
}

function faultAnswer(ctx: EmulatorContext, session: UploadSession, fault: Exclude<Fault, { kind: 'slow' | 'drop' }>): Answer {
  const init = session.init;
  switch (fault.kind) {
    case 'status':
      return uploadError(fault.status, fault.message ?? `Emulated HTTP ${fault.status}.`, fault.retryAfterSec ? { 'Retry-After': String(fault.retryAfterSec) } : {});
    case 'error':
      return apiError(fault.httpStatus ?? statusForCode(fault.code), fault.code, fault.message ?? `Emulated ${fault.code}.`);
    case 'expire-upload-url':
      session.forcedExpired = true;
      return uploadError(403, 'The upload URL has expired. Initialise the post again.');
    case 'lose-upload':
      ctx.uploads.delete(session.id);
      return uploadError(404, 'No upload task for this URL. Initialise the post again.');
    case 'range-mismatch': {
      // The server "loses" the last whole chunk it had (a finished upload stays finished).
      const whole = init.uploadComplete ? init.totalChunkCount : Math.floor(init.uploadedBytes / init.chunkSize);
      if (!init.uploadComplete && whole > 0) {
        init.uploadedBytes = (whole - 1) * init.chunkSize;
        session.checkpoints.length = whole;
        session.hash = session.checkpoints[whole - 1]?.copy() ?? session.hash;
      }
      return uploadError(416, `The server has ${init.uploadedBytes} bytes; resume from there.`, { 'Content-Range': progressRange(init.uploadedBytes, init.videoSize) });
    }
  }
}
