// A real core (real SQLite, real ffmpeg, running its job runner) on a fresh data folder,
// with its events recorded, for tests of the library and the render queue.
import { afterEach } from 'vitest';
import type { EventName, EventPayload } from '../../src-shared/contract';
import { DEFAULT_RECIPE, type RenderRecipe } from '../../src-shared/media/media-info';
import { createCore, type Core, type CoreOptions } from '../../src-main/core/create-core';
import { createKeyFileCipher } from '../../src-main/core/secrets/key-file-cipher';
import type { FakeClock } from './fake-clock';
import { useTempDirs } from './temp-dir';

export interface Harness {
  core: Core;
  dataDir: string;
  events: Array<{ name: EventName; payload: unknown }>;
  notifications: Array<{ title: string; body: string }>;
  /** Payloads of one event, in order. */
  of<K extends EventName>(name: K): Array<EventPayload<K>>;
}

export function useCores(prefix = 'clipdesk-core-'): (options?: Partial<CoreOptions>) => Harness {
  const tempDir = useTempDirs(prefix);
  const open: Core[] = [];
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close();
  });
  return (options = {}) => {
    const dataDir = options.dataDir ?? tempDir();
    const notifications: Harness['notifications'] = [];
    const core = createCore({
      mode: 'web',
      version: '9.9.9-test',
      cipher: createKeyFileCipher(dataDir),
      runJobs: true,
      notify: (title, body) => notifications.push({ title, body }),
      ...options,
      dataDir,
    });
    open.push(core);
    const events: Harness['events'] = [];
    core.bus.subscribe((name, payload) => events.push({ name, payload }));
    return {
      core,
      dataDir,
      events,
      notifications,
      of: <K extends EventName>(name: K) => events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<K>),
    };
  };
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A quick render: small, no loudness pass. */
export const SMALL_RECIPE: RenderRecipe = { ...DEFAULT_RECIPE, width: 360, height: 640, loudness: null };

/** Renders a clip through the core and waits until it is done; throws if the render fails. Returns the render's id. */
export async function renderSmall(core: Core, clipId: string): Promise<string> {
  const r = await core.handlers['render.start']({ clipId, recipe: SMALL_RECIPE });
  const done = await waitFor(() => {
    const x = core.renders.get(r.id);
    return x.state === 'succeeded' || x.state === 'failed' ? x : undefined;
  }, 60_000, 'the render');
  if (done.state !== 'succeeded') throw new Error(`the render failed: ${done.error ?? 'no reason given'}`);
  return done.id;
}

/** Lets the job runner act on the current time without moving it. */
export async function settle(h: Harness, rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await h.core.jobs.tick();
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** Moves the clock in steps (status polls wait on it too) until `done`, or fails. */
export async function runUntil<T>(h: Harness, clock: FakeClock, done: () => T | undefined | false, what: string, stepMs = 5_000): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = done();
    if (v !== undefined && v !== false) return v;
    clock.advance(stepMs);
    await h.core.jobs.tick();
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`never: ${what}`);
}
