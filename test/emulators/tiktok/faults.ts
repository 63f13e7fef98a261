// One-shot faults a test queues up. Each is matched by endpoint (and, for uploads, by chunk
// index) and consumed in order, `times` times, as matching requests arrive.

export type FaultEndpoint =
  | 'authorize' | 'token' | 'revoke' | 'userinfo' | 'creator_info' | 'init' | 'inbox_init' | 'upload' | 'status' | 'cancel'
  | 'video_list' | 'video_query';

export const FAULT_ENDPOINTS: readonly FaultEndpoint[] = [
  'authorize', 'token', 'revoke', 'userinfo', 'creator_info', 'init', 'inbox_init', 'upload', 'status', 'cancel',
  'video_list', 'video_query',
];

export type FaultKind =
  /** Answer with this HTTP status and the matching error (envelope, OAuth or page). */
  | { kind: 'status'; status: number; code?: string; message?: string; retryAfterSec?: number }
  /**
   * Destroy the socket. Uploads: after reading `afterBytes` of the chunk (default half), which
   * the server then forgets. Other endpoints: `when: 'after'` does the work first (the token
   * is issued, the post initialised) and loses only the answer.
   */
  | { kind: 'drop'; afterBytes?: number; when?: 'before' | 'after' }
  /** Delay the answer; for uploads, delay reading the body. */
  | { kind: 'slow'; ms: number }
  /** Answer with this error code (HTTP status from the code unless given). */
  | { kind: 'error'; code: string; httpStatus?: number; message?: string }
  /** Uploads only: the upload URL is expired from now on (PUT → 403). */
  | { kind: 'expire-upload-url' }
  /** Uploads only: the upload task disappears (PUT → 404). */
  | { kind: 'lose-upload' }
  /** Uploads only: the server "loses" the previous chunk and answers 416 with what it really has. */
  | { kind: 'range-mismatch' };

export type Fault = FaultKind & {
  endpoint: FaultEndpoint;
  /** Uploads: only the PUT of this chunk (0-based). */
  chunk?: number;
  /** How many matching requests it hits (default 1). */
  times?: number;
};

const UPLOAD_ONLY = new Set(['expire-upload-url', 'lose-upload', 'range-mismatch']);
const KINDS = new Set(['status', 'drop', 'slow', 'error', ...UPLOAD_ONLY]);

/** Refuses a fault a test got wrong, so a typo fails loudly instead of never firing. */
export function checkFault(f: Fault): void {
  if (!FAULT_ENDPOINTS.includes(f.endpoint)) throw new Error(`Unknown fault endpoint: ${String(f.endpoint)}`);
  if (!KINDS.has(f.kind)) throw new Error(`Unknown fault kind: ${String(f.kind)}`);
  if (UPLOAD_ONLY.has(f.kind) && f.endpoint !== 'upload') throw new Error(`A ${f.kind} fault applies to uploads only`);
  if (f.chunk !== undefined && f.endpoint !== 'upload') throw new Error('Only upload faults take a chunk index');
  if (f.kind === 'status' && !(f.status >= 100 && f.status <= 599)) throw new Error(`Bad fault status ${f.status}`);
  if (f.times !== undefined && !(Number.isInteger(f.times) && f.times >= 1)) throw new Error('Fault times must be a positive integer');
}

export class FaultQueue {
  private readonly queue: Array<{ fault: Fault; left: number }> = [];

  add(f: Fault): void {
    checkFault(f);
    this.queue.push({ fault: f, left: f.times ?? 1 });
  }

  /** The first queued fault for this request, used up by one. */
  take(endpoint: FaultEndpoint, chunk?: number): Fault | undefined {
    const i = this.queue.findIndex(({ fault }) => fault.endpoint === endpoint && (fault.chunk === undefined || fault.chunk === chunk));
    if (i < 0) return undefined;
    const entry = this.queue[i]!;
    if (--entry.left === 0) this.queue.splice(i, 1);
    return entry.fault;
  }

  /** Faults not yet fired (a test can assert its faults were all hit). */
  pending(): Fault[] {
    return this.queue.map(({ fault }) => fault);
  }

  clear(): void {
    this.queue.length = 0;
  }
}
