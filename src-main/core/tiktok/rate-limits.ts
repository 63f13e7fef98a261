// TikTok's per-token limits (docs/platforms.md, TikTok §3.9 and, for the Display API, §5.6), kept on our side so Clipdesk
// never earns a 429: a sliding window a key (account + endpoint). Only the process holding the
// data folder publishes, so in-memory windows are enough; a 429 that still comes is handled as
// a wait.
import type { Clock } from '../clock';

export const TIKTOK_RATE_LIMITS = {
  init: { limit: 6, windowMs: 60_000 },
  creatorInfo: { limit: 20, windowMs: 60_000 },
  status: { limit: 30, windowMs: 60_000 },
  // The Display API: 600 a minute for each endpoint, counted apart.
  userInfo: { limit: 600, windowMs: 60_000 },
  videoList: { limit: 600, windowMs: 60_000 },
  videoQuery: { limit: 600, windowMs: 60_000 },
} as const;
export type RateLimitedCall = keyof typeof TIKTOK_RATE_LIMITS;

export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  constructor(private readonly clock: Clock) {}

  /** How long until a call may go (0 = now). Does not take the slot. */
  waitMs(account: string, call: RateLimitedCall): number {
    const { limit, windowMs } = TIKTOK_RATE_LIMITS[call];
    const now = this.clock.now();
    const times = this.prune(`${account}:${call}`, now, windowMs);
    if (times.length < limit) return 0;
    return (times[times.length - limit] as number) + windowMs - now;
  }

  /** Take a slot now (call after waitMs() returned 0). */
  take(account: string, call: RateLimitedCall): void {
    const key = `${account}:${call}`;
    const now = this.clock.now();
    const times = this.prune(key, now, TIKTOK_RATE_LIMITS[call].windowMs);
    times.push(now);
    this.windows.set(key, times);
  }

  private prune(key: string, now: number, windowMs: number): number[] {
    const times = (this.windows.get(key) ?? []).filter((t) => t > now - windowMs);
    this.windows.set(key, times);
    return times;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('Aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('Aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
