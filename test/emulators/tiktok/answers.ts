// The shapes TikTok answers in. Handlers return an Answer rather than writing the response
// themselves, so faults can delay or drop any answer in one place (server.ts).
import type { IncomingMessage } from 'node:http';
import { logId } from './ids';

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as UTF-8. */
  body?: string | Buffer;
}

/** The handler already dealt with the socket (destroyed it for a `drop` fault). */
export const DROPPED = Symbol('dropped');
export type Outcome = Answer | typeof DROPPED;

const JSON_TYPE = 'application/json; charset=utf-8';

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'Content-Type': JSON_TYPE, ...headers },
  body: JSON.stringify(value),
});

/** A JSON text written by hand (status/fetch, whose int64 must stay a raw number). */
export const rawJson = (status: number, text: string): Answer => ({ status, headers: { 'Content-Type': JSON_TYPE }, body: text });

const INT64_MARK = '__int64__';

/** An int64 id (a string of digits) to be written as a raw JSON number by okWithInt64. */
export const int64 = (digits: string): string => {
  if (!/^\d+$/.test(digits)) throw new Error(`Not an int64: ${digits}`);
  return `${INT64_MARK}${digits}`;
};

/**
 * The envelope with every int64(...) value written as a bare number literal, as TikTok sends
 * its ids (§3.5, §5): a client that JSON.parses it gets them rounded.
 */
export const okWithInt64 = (data: unknown): Answer =>
  rawJson(200, JSON.stringify({ data, error: { code: 'ok', message: '', log_id: logId() } }).replace(/"__int64__(\d+)"/g, '$1'));

/** The data-API envelope: success iff error.code is "ok". */
export const ok = (data: unknown): Answer => json(200, { data, error: { code: 'ok', message: '', log_id: logId() } });

export const apiError = (status: number, code: string, message: string, headers: Record<string, string> = {}): Answer =>
  json(status, { data: {}, error: { code, message, log_id: logId() } }, headers);

/** HTTP status TikTok uses for a data-API error code when a fault names only the code (§3.11). */
export function statusForCode(code: string): number {
  if (code === 'access_token_invalid' || code === 'scope_not_authorized') return 401;
  if (code === 'rate_limit_exceeded') return 429;
  if (code === 'internal_error') return 500;
  if (/^(spam_risk|reached_active_user_cap|unaudited_client|url_ownership|privacy_level_option)/.test(code)) return 403;
  return 400;
}

/** The data-API code TikTok puts in the envelope for a bare HTTP status. */
export const codeForStatus = (status: number): string =>
  status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'access_token_invalid' : status >= 500 ? 'internal_error' : 'invalid_params';

export const html = (status: number, page: string): Answer => ({
  status,
  headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  body: page,
});

export const redirect = (location: string): Answer => ({ status: 302, headers: { Location: location, 'Cache-Control': 'no-store' } });

export class BodyTooLarge extends Error {}

/** Reads a small request body (forms, JSON). Uploads never come through here. */
export async function readSmallBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > limit) throw new BodyTooLarge(`Request body over ${limit} bytes`);
    parts.push(part);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export const mediaType = (header: string | undefined): string => (header ?? '').split(';')[0]!.trim().toLowerCase();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
