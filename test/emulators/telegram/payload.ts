// Reads a Bot API request's parameters the ways Telegram accepts them: the query string,
// JSON, application/x-www-form-urlencoded, or multipart/form-data as grammY streams it
// (chunked, lowercase headers, unquoted filename=, files in parts named by attach://<id>;
// reference §4.3). Upload sizes are measured on the bytes that actually arrive, never from a
// Content-Length the client may not send.
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { BotApiError, badRequest, WORDS } from './answers';

export interface UploadedFile {
  /** The multipart part's name (the id in attach://<id>, or e.g. "video"). */
  field: string;
  filename: string;
  /** Empty when the file was over the limit (its bytes were counted, not kept). */
  data: Buffer;
  bytes: number;
}

export interface Payload {
  params: Record<string, unknown>;
  files: Map<string, UploadedFile>;
  /** A file part was over maxUploadBytes (the method answers 413). */
  tooLarge: boolean;
}

/** Non-file bodies (JSON, forms, multipart fields) above this are refused. */
const MAX_PLAIN_BODY = 16 * 1024 * 1024;

const mediaType = (header: string | undefined): string => (header ?? '').split(';')[0]!.trim().toLowerCase();

async function readPlain(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > MAX_PLAIN_BODY) throw new BotApiError(413, WORDS.tooLarge);
    parts.push(part);
  }
  return Buffer.concat(parts).toString('utf8');
}

function readMultipart(req: IncomingMessage, maxUploadBytes: number, into: Payload): Promise<void> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fieldSize: MAX_PLAIN_BODY } });
    } catch (e) {
      reject(badRequest(`can't parse multipart body: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    parser.on('field', (name, value) => {
      into.params[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        // Keep counting past the limit (the answer says how big the upload was) but stop
        // keeping: a runaway upload must not fill the emulator's memory.
        if (bytes > maxUploadBytes) {
          into.tooLarge = true;
          chunks.length = 0;
        } else chunks.push(chunk);
      });
      stream.on('end', () => {
        into.files.set(field, { field, filename: info.filename ?? field, data: bytes > maxUploadBytes ? Buffer.alloc(0) : Buffer.concat(chunks), bytes });
      });
    });
    parser.on('error', (e: unknown) => reject(badRequest(`can't parse multipart body: ${e instanceof Error ? e.message : String(e)}`)));
    parser.on('close', () => resolve());
    // A client that gives up mid-upload leaves busboy waiting for a boundary that never comes.
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(badRequest('request body was cut short'));
    });
    req.pipe(parser);
  });
}

/** Query string first, then the body's parameters over it. */
export async function readPayload(req: IncomingMessage, url: URL, maxUploadBytes: number): Promise<Payload> {
  const payload: Payload = { params: Object.fromEntries(url.searchParams), files: new Map(), tooLarge: false };
  const type = mediaType(req.headers['content-type']);
  if (type === 'multipart/form-data') {
    await readMultipart(req, maxUploadBytes, payload);
    return payload;
  }
  const text = await readPlain(req);
  if (!text.trim()) return payload;
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw badRequest("can't parse JSON encoded request parameters");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest("can't parse JSON encoded request parameters");
    Object.assign(payload.params, parsed);
  } else if (type === 'application/x-www-form-urlencoded' || type === '') {
    Object.assign(payload.params, Object.fromEntries(new URLSearchParams(text)));
  }
  return payload;
}

/** The payload for the request log: files replaced by {filename, bytes}. */
export function loggedPayload(p: Payload): Record<string, unknown> {
  const out: Record<string, unknown> = { ...p.params };
  for (const f of p.files.values()) out[f.field] = { filename: f.filename, bytes: f.bytes };
  return out;
}
