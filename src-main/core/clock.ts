// Time reaches the core through this interface so that tests control it (the scheduler and
// the job runner never read Date.now() themselves).
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
