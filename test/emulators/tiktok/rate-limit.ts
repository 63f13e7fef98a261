// Per-token sliding one-minute windows (docs/platforms.md, TikTok §3.9, §5.6). Every request that is
// let through counts, whatever it answers; a refused one does not extend the wait.

export type LimitedEndpoint = 'userinfo' | 'creator_info' | 'init' | 'inbox_init' | 'status' | 'video_list' | 'video_query';

export const LIMITS_PER_MINUTE: Readonly<Record<LimitedEndpoint, number>> = {
  userinfo: 600,
  creator_info: 20,
  init: 6,
  inbox_init: 6,
  status: 30,
  // The Display API: 600 a minute for each endpoint (§5).
  video_list: 600,
  video_query: 600,
};

const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly seen = new Map<string, number[]>();

  /** Records the request and says whether it is within the limit. */
  allow(endpoint: LimitedEndpoint, token: string, at: number): boolean {
    const key = `${endpoint} ${token}`;
    const recent = (this.seen.get(key) ?? []).filter((t) => t > at - WINDOW_MS);
    const allowed = recent.length < LIMITS_PER_MINUTE[endpoint];
    if (allowed) recent.push(at);
    this.seen.set(key, recent);
    return allowed;
  }

  reset(): void {
    this.seen.clear();
  }
}
