// The one way Clipdesk talks JSON to TikTok: timeouts, network failures as NETWORK, OAuth's
// flat errors detected in the body even on HTTP 200 (docs/platforms.md, TikTok §1.8), the data
// envelope's error.code checked (§3), and int64 ids kept as strings (§3.5). Nothing here logs,
// and no error built here carries a token: messages are made from TikTok's codes, not from
// requests.
import { parse as parseLossless } from 'lossless-json';
import { AppError } from '../../../src-shared/errors';
import { describeTikTokError, type TikTokErrorWords } from '../../../src-shared/tiktok/tiktok-errors';

/** Where a call was made; `display` is the Display API of Insights (user stats and profile, video list and query). */
export type TikTokCallSite = 'oauth' | 'creator_info' | 'init' | 'upload' | 'status' | 'revoke' | 'userinfo' | 'display';

/** TikTok answered, and said no. `code` is TikTok's (`access_token_invalid`, `invalid_grant` …). */
export class TikTokApiError extends AppError {
  readonly tiktokCode: string;
  readonly httpStatus: number;
  readonly logId: string | null;
  readonly words: TikTokErrorWords;
  constructor(tiktokCode: string, httpStatus: number, logId: string | null, where: TikTokCallSite) {
    const words = describeTikTokError(tiktokCode, where === 'userinfo' ? undefined : where);
    // The log id is what TikTok support asks for; it is not a secret.
    super('TIKTOK_ERROR', logId ? `${words.message} (TikTok log id ${logId})` : words.message);
    this.name = 'TikTokApiError';
    this.tiktokCode = tiktokCode;
    this.httpStatus = httpStatus;
    this.logId = logId;
    this.words = words;
  }
}

/** TikTok could not be reached, or the connection dropped, or it answered 5xx. Retrying may help. */
export class TikTokNetworkError extends AppError {
  constructor(detail: string) {
    super('NETWORK', `TikTok could not be reached (${detail}). Clipdesk tries again by itself; check the internet connection if this persists.`);
    this.name = 'TikTokNetworkError';
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;

function signalWithTimeout(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

async function send(url: string, init: RequestInit, signal: AbortSignal | undefined, timeoutMs: number): Promise<{ status: number; text: string }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: signalWithTimeout(signal, timeoutMs), redirect: 'error' });
  } catch (err) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new AppError('CANCELLED', 'Cancelled.');
    const name = err instanceof Error ? err.name : '';
    throw new TikTokNetworkError(name === 'TimeoutError' ? 'no answer in time' : 'connection failed');
  }
  let text: string;
  try {
    text = await res.text();
  } catch {
    throw new TikTokNetworkError('the answer was cut off');
  }
  return { status: res.status, text };
}

/**
 * TikTok's ids are int64 JSON numbers — `publicaly_available_post_id` (§3.5), video ids (§5) —
 * which JSON.parse rounds (7678907398077074696 → …700, a different video). So every TikTok
 * answer is read from its raw text with lossless-json, a maintained parser that hands each
 * number over as its source digits: an integer a double holds exactly becomes a number, any
 * other integer stays an exact string of its digits. A tokenizing parser rather than a regex
 * over the text, so a digit run inside a caption is never touched and no field is missed.
 */
export function parseTikTokJson(text: string): unknown {
  return parseLossless(text, null, (digits: string): number | string => {
    if (!INTEGER.test(digits)) return Number(digits);
    const n = Number(digits);
    return Number.isSafeInteger(n) ? n : digits;
  });
}
const INTEGER = /^-?\d+$/;

function parseBody(text: string, status: number): Record<string, unknown> {
  try {
    const value = parseTikTokJson(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  if (status >= 500) throw new TikTokNetworkError(`TikTok answered ${status}`);
  if (status === 429) throw new TikTokApiError('rate_limit_exceeded', status, null, 'oauth');
  throw new TikTokNetworkError(`an unreadable answer (HTTP ${status})`);
}

export interface OAuthFormOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  where?: TikTokCallSite;
}

/**
 * OAuth endpoints (token, refresh, revoke): form-encoded body, flat JSON answer. An `error`
 * field means failure whatever the HTTP status — TikTok sends some with 200.
 */
export async function postOAuthForm(url: string, form: Record<string, string>, options: OAuthFormOptions = {}): Promise<Record<string, unknown>> {
  const { status, text } = await send(
    url,
    { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Cache-Control': 'no-cache' }, body: new URLSearchParams(form).toString() },
    options.signal,
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  if (status >= 500 && !text.trim().startsWith('{')) throw new TikTokNetworkError(`TikTok answered ${status}`);
  const body = text.trim() === '' ? {} : parseBody(text, status);
  const error = body.error;
  // Revoke answers `{}`; the token endpoint may wrap an error as {error: {code: …}} in places.
  if (typeof error === 'string' && error !== '' && error !== 'ok') {
    throw new TikTokApiError(error, status, typeof body.log_id === 'string' ? body.log_id : null, options.where ?? 'oauth');
  }
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ok') {
      throw new TikTokApiError(code, status, ((error as { log_id?: unknown }).log_id as string | undefined) ?? null, options.where ?? 'oauth');
    }
  }
  if (status >= 500) throw new TikTokNetworkError(`TikTok answered ${status}`);
  if (status >= 400) throw new TikTokApiError(status === 429 ? 'rate_limit_exceeded' : 'invalid_request', status, null, options.where ?? 'oauth');
  return body;
}

export interface DataCallOptions {
  token: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs?: number;
  where: TikTokCallSite;
}

/** Data endpoints: `{data, error: {code, message, log_id}}`; success only when error.code is "ok". */
export async function callDataApi(url: string, options: DataCallOptions): Promise<Record<string, unknown>> {
  const method = options.method ?? 'POST';
  const headers: Record<string, string> = { Authorization: `Bearer ${options.token}` };
  if (method === 'POST') headers['Content-Type'] = 'application/json; charset=UTF-8';
  const { status, text } = await send(
    url,
    { method, headers, body: method === 'POST' ? JSON.stringify(options.body ?? {}) : undefined },
    options.signal,
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  const body = parseBody(text, status);
  const error = body.error as { code?: unknown; log_id?: unknown } | undefined;
  const code = typeof error?.code === 'string' ? error.code : status >= 400 ? `http_${status}` : 'ok';
  if (code !== 'ok') {
    if (status >= 500 && (code === 'internal_error' || code.startsWith('http_'))) throw new TikTokNetworkError(`TikTok answered ${status}`);
    throw new TikTokApiError(code, status, typeof error?.log_id === 'string' ? error.log_id : null, options.where);
  }
  if (status >= 500) throw new TikTokNetworkError(`TikTok answered ${status}`);
  const data = body.data;
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}

/** True for failures worth trying again later by themselves (network, 5xx, rate limits). */
export function isTransient(err: unknown): boolean {
  if (err instanceof TikTokNetworkError) return true;
  if (err instanceof TikTokApiError) return err.tiktokCode === 'rate_limit_exceeded' || err.tiktokCode === 'internal_error' || err.httpStatus >= 500;
  return false;
}
