// createCore wired to a real data folder, driven the way a transport drives it: through
// buildRoutes/dispatch with raw input.
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, commands, type EventName } from '../../src-shared/contract';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { createCore, type Core } from '../../src-main/core/create-core';
import { createKeyFileCipher } from '../../src-main/core/secrets/key-file-cipher';
import { RENDER_JOB } from '../../src-main/core/render-queue/render-queue';
import { buildRoutes, dispatch } from '../../src-main/core/transport/routes';
import { AT_TERMINAL } from '../support/callers';
import { fakeClock } from '../support/fake-clock';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-core-');
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

function start(env: NodeJS.ProcessEnv = {}) {
  const dataDir = tempDir();
  const clock = fakeClock();
  const core = createCore({ dataDir, mode: 'web', version: '9.9.9-test', cipher: createKeyFileCipher(dataDir), clock, env });
  cores.push(core);
  const events: { name: EventName; payload: unknown }[] = [];
  core.bus.subscribe((name, payload) => events.push({ name, payload }));
  return { core, clock, events, routes: buildRoutes(core.handlers) };
}

describe('createCore', () => {
  it('answers every command that needs no id, each answer matching its result schema', async () => {
    const { routes } = start();
    for (const name of COMMAND_NAMES) {
      // Commands that need an id or paths are exercised by their own tests; doctor runs ffmpeg,
      // connecting opens a browser (tiktok-accounts.test.ts), and the Telegram ones that need a
      // bot refuse without one (below).
      if (!commands[name].input.safeParse({}).success || ['app.doctor', 'accounts.connect', 'telegram.takeOverWebhook', 'telegram.pair'].includes(name)) continue;
      const r = await dispatch(routes, name, {}, AT_TERMINAL);
      expect(r.ok, name).toBe(true);
      if (r.ok) expect(commands[name].result.safeParse(r.result).success, name).toBe(true);
    }
  });

  it('asks for a Telegram bot before pairing, and has no webhook to take over without one', async () => {
    const { routes } = start();
    const pair = await dispatch(routes, 'telegram.pair', {}, AT_TERMINAL);
    expect(pair).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED' } });
    expect(pair.ok ? '' : pair.error.message).toContain('@BotFather');
    expect(await dispatch(routes, 'telegram.takeOverWebhook', {}, AT_TERMINAL)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'There is no webhook to take over.' } });
    expect(await dispatch(routes, 'telegram.status', {}, AT_TERMINAL)).toMatchObject({ ok: true, result: { state: 'off', approvers: [] } });
  });

  it('asks for the TikTok developer app before connecting an account', async () => {
    const { routes } = start();
    const r = await dispatch(routes, 'accounts.connect', {}, AT_TERMINAL);
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED' } });
    expect(r.ok ? '' : r.error.message).toContain('Settings → TikTok');
  });

  it('says which services are emulated', async () => {
    const { routes } = start({ CLIPDESK_TIKTOK_API_BASE: 'http://127.0.0.1:9/' });
    expect(await dispatch(routes, 'app.info', {}, AT_TERMINAL)).toMatchObject({
      ok: true,
      result: { name: 'Clipdesk', version: '9.9.9-test', mode: 'web', secretBackend: 'aes-256-gcm-keyfile', emulated: ['TikTok'] },
    });
  });

  it('records a settings change in the activity log and announces it, and nothing for a no-op', async () => {
    const { routes, events } = start();
    expect(await dispatch(routes, 'settings.update', { publishingPaused: true }, AT_TERMINAL)).toEqual({
      ok: true,
      result: { ...DEFAULT_SETTINGS, acceptBasicTextSecrets: false, publishingPaused: true },
    });
    expect(events.map((e) => e.name)).toEqual(['activity.appended', 'settings.changed']);
    const log = await dispatch(routes, 'activity.list', {}, AT_TERMINAL);
    expect(log).toMatchObject({
      ok: true,
      // Dispatched as the terminal: the log names it.
      result: [{ actor: 'cli', action: 'settings.changed', subject: 'publishingPaused', detail: 'publishingPaused = true' }],
    });

    await dispatch(routes, 'settings.update', { publishingPaused: true }, AT_TERMINAL);
    expect(events).toHaveLength(2);
    expect(await dispatch(routes, 'settings.get', {}, AT_TERMINAL)).toEqual({ ok: true, result: { ...DEFAULT_SETTINGS, acceptBasicTextSecrets: false, publishingPaused: true } });
  });

  it('cancels and retries jobs through the contract, with an audit entry each, and refuses what cannot be done', async () => {
    const { core, routes, clock } = start();
    const job = core.jobs.enqueue(RENDER_JOB, { renderId: 'r1' }, { runAt: clock.now() + 60_000 });
    expect(await dispatch(routes, 'jobs.cancel', { id: job.id }, AT_TERMINAL)).toMatchObject({ ok: true, result: { id: job.id, state: 'cancelled' } });
    expect(await dispatch(routes, 'jobs.cancel', { id: job.id }, AT_TERMINAL)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await dispatch(routes, 'jobs.retry', { id: job.id }, AT_TERMINAL)).toMatchObject({ ok: true, result: { state: 'queued' } });
    expect(await dispatch(routes, 'jobs.retry', { id: 'missing' }, AT_TERMINAL)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const log = await dispatch(routes, 'activity.list', {}, AT_TERMINAL);
    expect(log.ok && (log.result as { action: string }[]).map((e) => e.action)).toEqual(['job.retry', 'job.cancel']);
  });

  it('closes once, stopping the jobs before the database', async () => {
    const { core } = start();
    await core.close();
    await core.close();
    expect(core.db.open).toBe(false);
  });
});
