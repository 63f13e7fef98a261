// The caller travels with the call (docs/architecture.md §1, "Every call carries its caller"):
// the same command — pause, resume — given by the person at the terminal (the built CLI, handed
// to a running `clipdesk serve`), by a browser session of that host, and by the desktop window,
// is written to the activity log under the one who gave it: 'cli', 'browser', 'app'.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ActivityEntry } from '../../src-shared/domain';
import { apiClient } from '../support/api-client';
import { IN_WINDOW } from '../support/callers';
import { useCores } from '../support/core-harness';
import { requireBuiltCli, runClipdesk, startServe, type ServeProcess } from '../support/serve-process';

const newCore = useCores('clipdesk-cli-actor-');
const running: ServeProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
});

beforeAll(() => {
  requireBuiltCli();
});

/** One call over the host's socket with the access link's token, as a browser session presents it. */
async function asBrowser(host: ServeProcess, cmd: string, input: object): Promise<{ ok: boolean; result?: unknown; error?: unknown }> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers: { Authorization: `Bearer ${host.token}` } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  try {
    return await new Promise((resolve) => {
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { id?: number; ok: boolean };
        if (m.id === 1) resolve(m);
      });
      ws.send(JSON.stringify({ id: 1, cmd, input }));
    });
  } finally {
    ws.close();
  }
}

/** Who changed the setting, oldest first, with what they set. */
const changes = (entries: readonly ActivityEntry[]): [string, string | null][] =>
  entries
    .filter((e) => e.action === 'settings.changed')
    .map((e): [string, string | null] => [e.actor, e.detail])
    .reverse();

describe('the activity log names the caller of a command', () => {
  it('clipdesk pause handed to a running instance is the terminal’s, a browser session’s resume the browser’s, the window’s pause the app’s', async () => {
    const host = await startServe();
    running.push(host);

    // The terminal: the CLI finds the running instance and hands it the command.
    const pause = await runClipdesk(['pause'], host.dataDir);
    expect(pause.code).toBe(0);
    expect(pause.stdout).toContain('Publishing is paused');

    // A browser session of the host (the access link's token).
    expect(await asBrowser(host, 'settings.update', { publishingPaused: false })).toMatchObject({ ok: true, result: { publishingPaused: false } });

    // The instance's own log, read as the terminal would.
    const cli = await apiClient(host);
    const seen = await cli.call<ActivityEntry[]>('activity.list', { actions: ['settings.'] });
    cli.close();
    expect(changes(seen)).toEqual([
      ['cli', 'publishingPaused = true'],
      ['browser', 'publishingPaused = false'],
    ]);
    await running.pop()!.stop();

    // The desktop window, on the same data folder once serve has stopped: its calls carry the window.
    const h = newCore({ dataDir: host.dataDir });
    await h.core.handlers['settings.update']({ publishingPaused: true }, IN_WINDOW);
    expect(changes(h.core.audit.list({ actions: ['settings.'] }))).toEqual([
      ['cli', 'publishingPaused = true'],
      ['browser', 'publishingPaused = false'],
      ['app', 'publishingPaused = true'],
    ]);
  });
});
