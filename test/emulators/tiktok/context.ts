// What every handler works on: the state, the queues and the live sessions of one emulator.
import { FaultQueue } from './faults';
import type { PendingConsent } from './oauth';
import { RateLimiter } from './rate-limit';
import { createState, resetState, type EmulatorState, type RequestRecord } from './state';
import type { UploadSession } from './upload';

export interface EmulatorContext {
  /** Base URL, e.g. http://127.0.0.1:PORT (upload URLs and avatars point back here). */
  readonly url: string;
  readonly state: EmulatorState;
  readonly faults: FaultQueue;
  readonly limits: RateLimiter;
  /** By upload id (the opaque part of the upload URL). */
  readonly uploads: Map<string, UploadSession>;
  /** Consent pages shown and not yet answered, by request id. */
  readonly consents: Map<string, PendingConsent>;
  readonly requests: RequestRecord[];
}

export function createContext(url: string): EmulatorContext {
  return { url, state: createState(), faults: new FaultQueue(), limits: new RateLimiter(), uploads: new Map(), consents: new Map(), requests: [] };
}

export function resetContext(ctx: EmulatorContext): void {
  resetState(ctx.state);
  ctx.faults.clear();
  ctx.limits.reset();
  ctx.uploads.clear();
  ctx.consents.clear();
  ctx.requests.length = 0;
}
