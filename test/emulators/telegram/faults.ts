// One-shot faults a test queues up, matched by Bot API method (any bot) and consumed in order,
// `times` times, as matching requests arrive. They are checked before the method's own rules,
// so a fault on sendVideo fires even for a request that would have been refused.
import { BotApiError, tooManyRequests, WORDS } from './answers';
import { canonicalMethod } from './methods-list';

export type TelegramFault =
  | { method: string; kind: 'error'; code: 400 | 401 | 403 | 409 | 413 | 429 | 500 | 502 | 503; description?: string; retryAfter?: number; times?: number }
  /** Destroy the socket without answering (grammY sees an HttpError). */
  | { method: string; kind: 'drop'; times?: number }
  /** Answer normally, this much later. */
  | { method: string; kind: 'delay'; ms: number; times?: number };

const CODES = new Set([400, 401, 403, 409, 413, 429, 500, 502, 503]);

/** Telegram's wording for a bare code (reference §1.5, §4.3); 400 has no single one. */
const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request: emulated fault',
  401: WORDS.unauthorized,
  403: `Forbidden: ${WORDS.blocked}`,
  409: WORDS.pollConflict,
  413: WORDS.tooLarge,
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** The error a fault answers with. */
export function faultError(f: Extract<TelegramFault, { kind: 'error' }>): BotApiError {
  if (f.code === 429) {
    const retryAfter = f.retryAfter ?? 1;
    const e = tooManyRequests(retryAfter);
    return f.description ? new BotApiError(429, f.description, e.parameters) : e;
  }
  return new BotApiError(f.code, f.description ?? DEFAULT_DESCRIPTIONS[f.code]!, f.retryAfter !== undefined ? { retry_after: f.retryAfter } : undefined);
}

/** Refuses a fault a test got wrong, so a typo fails loudly instead of never firing. */
export function checkFault(f: TelegramFault): TelegramFault {
  const method = canonicalMethod(String(f.method));
  if (!method) throw new Error(`Unknown Bot API method for a fault: ${String(f.method)}`);
  if (f.kind === 'error') {
    if (!CODES.has(f.code)) throw new Error(`Bad fault code ${String(f.code)}`);
  } else if (f.kind === 'delay') {
    if (!(Number.isFinite(f.ms) && f.ms >= 0)) throw new Error('A delay fault needs ms >= 0');
  } else if (f.kind !== 'drop') {
    throw new Error(`Unknown fault kind: ${String((f as { kind: unknown }).kind)}`);
  }
  if (f.times !== undefined && !(Number.isInteger(f.times) && f.times >= 1)) throw new Error('Fault times must be a positive integer');
  return { ...f, method };
}

export class FaultQueue {
  private readonly queue: Array<{ fault: TelegramFault; left: number }> = [];

  add(f: TelegramFault): void {
    const fault = checkFault(f);
    this.queue.push({ fault, left: fault.times ?? 1 });
  }

  /** The first queued fault for this (canonical) method, used up by one. */
  take(method: string): TelegramFault | undefined {
    const i = this.queue.findIndex(({ fault }) => fault.method === method);
    if (i < 0) return undefined;
    const entry = this.queue[i]!;
    if (--entry.left === 0) this.queue.splice(i, 1);
    return entry.fault;
  }

  pending(): TelegramFault[] {
    return this.queue.map(({ fault }) => fault);
  }

  clear(): void {
    this.queue.length = 0;
  }
}
