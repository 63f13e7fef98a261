// POST /upload: a file from a browser, streamed to disk while it is hashed — never held in
// memory — then imported (or recognised as already in the library). The host may run on
// another machine than the browser, so a dropped file cannot be passed by path as the
// desktop does. Also takes the creator's watermark image (X-Clipdesk-Purpose: watermark).
// An upload is a command like any other: refused while everything is being deleted, and
// waited for by the deletion when under way, or the file it writes would outlive it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, type ErrorCode } from '../../src-shared/errors';
import { formatBytes } from '../../src-shared/media/readiness';
import type { Core } from '../core/create-core';
import { keepUploadedAsset, MAX_ASSET_BYTES } from '../core/library/assets';
import { PRIVATE_MKDIR } from '../core/instance/private-dir';

export const UPLOAD_PATH = '/upload';

/** Larger than any source worth rendering for TikTok (whose own limit is 4 GB after rendering). */
export const MAX_UPLOAD_BYTES = 16 * 1024 ** 3;
export const MAX_WATERMARK_BYTES = MAX_ASSET_BYTES;
/** Space left free after an upload, so the disk is not filled to the last byte. */
const FREE_SPACE_MARGIN = 256 * 1024 ** 2;

const STATUS: Partial<Record<ErrorCode, number>> = { BAD_INPUT: 400, DISK_FULL: 507, MEDIA_UNSUPPORTED: 415 };

function replyJson(res: ServerResponse, headers: Record<string, string>, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** `actor` is the uploader's name in the activity log ('browser', or 'cli' with the local key). */
export function handleUpload(core: Core, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, actor: string): Promise<void> {
  try {
    return core.asCommand(() => receiveUpload(core, req, res, headers, actor));
  } catch (err) {
    // Refused: Clipdesk is deleting everything, or has. The body is not read, so the
    // connection closes rather than wait for the rest of it.
    const { code, message } = err instanceof AppError ? err : new AppError('UNAVAILABLE', 'Clipdesk cannot take uploads now.');
    replyJson(res, { ...headers, Connection: 'close' }, 503, { error: { code, message } });
    return Promise.resolve();
  }
}

async function receiveUpload(core: Core, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, actor: string): Promise<void> {
  const reply = (status: number, body: unknown): void => replyJson(res, headers, status, body);
  let tempFile: string | null = null;
  try {
    const purpose = req.headers['x-clipdesk-purpose'] ?? 'clip';
    if (purpose !== 'clip' && purpose !== 'watermark') throw new AppError('BAD_INPUT', `Unknown upload purpose "${String(purpose)}".`);
    const fileName = uploadedName(req.headers['x-file-name']);
    const length = Number(req.headers['content-length']);
    if (!Number.isSafeInteger(length) || length < 0) throw new AppError('BAD_INPUT', 'The upload must say its length (Content-Length).');
    if (length === 0) throw new AppError('BAD_INPUT', `${fileName} is empty (0 bytes), so there is no video in it.`);
    const limit = purpose === 'watermark' ? MAX_WATERMARK_BYTES : MAX_UPLOAD_BYTES;
    if (length > limit) throw new AppError('BAD_INPUT', `${fileName} is ${formatBytes(length)}; the most Clipdesk takes is ${formatBytes(limit)}.`);

    const folder = purpose === 'watermark' ? core.library.paths.assets : core.library.paths.uploads;
    await fs.promises.mkdir(folder, PRIVATE_MKDIR);
    const free = await freeBytes(folder);
    if (free !== null && free - length < FREE_SPACE_MARGIN) {
      throw new AppError('DISK_FULL', `There is not enough free space for ${fileName} (${formatBytes(length)}; ${formatBytes(free)} free on the disk holding ${folder}). Free some space and try again.`);
    }

    tempFile = path.join(folder, `.incoming-${crypto.randomUUID()}`);
    const hash = crypto.createHash('sha256');
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        if (received > length) return done(new AppError('BAD_INPUT', 'The upload sent more bytes than it said it would.'));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(req, counter, fs.createWriteStream(tempFile, { flags: 'wx' }));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
        throw new AppError('DISK_FULL', `The disk filled up while receiving ${fileName}. Free some space and try again.`);
      }
      throw err;
    }
    if (received !== length) throw new AppError('BAD_INPUT', `The upload of ${fileName} stopped early (${received} of ${length} bytes). Try again.`);
    const contentHash = hash.digest('hex');

    if (purpose === 'watermark') {
      // Answered with the asset's name, never a path: a recipe names the asset.
      const asset = await keepUploadedAsset(folder, tempFile, contentHash, fileName);
      tempFile = null;
      core.audit.append({ actor, action: 'asset.upload', subject: asset, detail: fileName });
      reply(200, { asset, fileName });
      return;
    }
    const result = await core.library.importUpload({ tempFile, fileName, sizeBytes: length, contentHash }, actor);
    tempFile = null;
    reply(200, result);
  } catch (err) {
    if (tempFile) await fs.promises.rm(tempFile, { force: true }).catch(() => undefined);
    if (err instanceof AppError) {
      reply(STATUS[err.code] ?? 400, { error: { code: err.code, message: err.message } });
    } else if (!req.complete || (err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') {
      // (Not req.destroyed: a request read to its end is destroyed too, and its sender is waiting for the answer.)
      res.destroy(); // the browser went away; nothing was kept
    } else {
      reply(500, { error: { code: 'INTERNAL', message: 'The upload failed inside Clipdesk. Try again; if it keeps failing, see Settings → Diagnostics.' } });
    }
  }
}

function uploadedName(header: string | string[] | undefined): string {
  let name = '';
  try {
    name = decodeURIComponent(typeof header === 'string' ? header : '');
  } catch {
    throw new AppError('BAD_INPUT', 'The upload’s file name is not valid (X-File-Name must be URI-encoded).');
  }
  name = path.basename(name.replace(/\\/g, '/'));
  if (!name || name.includes('\0') || name.length > 255) throw new AppError('BAD_INPUT', 'The upload needs a file name (X-File-Name), at most 255 characters.');
  return name;
}

async function freeBytes(folder: string): Promise<number | null> {
  try {
    const s = await fs.promises.statfs(folder);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}
