// A clock the test moves by hand: the core reads time only through Clock (src-main/core/clock.ts),
// so schedules, backoff and leases are checked without sleeping.
import type { Clock } from '../../src-main/core/clock';

export interface FakeClock extends Clock {
  advance(ms: number): number;
  set(ms: number): void;
}

export function fakeClock(start = Date.UTC(2025, 0, 15, 12, 0, 0)): FakeClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
      return t;
    },
    set(ms) {
      t = ms;
    },
  };
}
