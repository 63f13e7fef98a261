// A crash in the middle of a render: the real `clipdesk serve` is killed (with its ffmpeg,
// as the OS kills a process group) while rendering; started again on the same data folder,
// the render re-runs to a correct output and nothing half-written is left.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Clip, Render } from '../../src-shared/media/library';
import { DEFAULT_RECIPE } from '../../src-shared/media/media-info';
import { waitFor } from '../support/core-harness';
import { ffprobeJson, makeClip } from '../support/media-fixtures';
import { apiClient as client } from '../support/api-client';
import { ROOT, startServe, tempDataDir, type ServeProcess } from '../support/serve-process';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-crash-src-');
const running: ServeProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'out/main/cli.js'))) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
});

describe('a crash mid-render', () => {
  it('re-runs the render after a restart, to a correct output, leaving no partial file', async () => {
    const dataDir = tempDataDir('clipdesk-crash-');
    const source = path.join(tempDir(), 'long take.mp4');
    fs.copyFileSync(makeClip({ durationSec: 20, width: 1280, height: 720 }), source);

    const first = await startServe({ dataDir, detached: true });
    running.push(first);
    const api = await client(first);
    const { added } = await api.call<{ added: Clip[] }>('library.import', { paths: [source] });
    const clipId = added[0]!.id;
    await waitFor(async () => (await api.call<Clip>('library.get', { id: clipId })).state === 'ready', 30_000, 'import');
    const render = await api.call<Render>('render.start', { clipId, recipe: { ...DEFAULT_RECIPE, loudness: null } });
    await waitFor(async () => ((await api.call<Render[]>('render.list', {}))[0]?.progress ?? 0) > 0.05, 60_000, 'render progress');
    const rendersDir = path.join(dataDir, 'renders');
    expect(fs.readdirSync(rendersDir).some((n) => n.startsWith('.'))).toBe(true); // mid-render: only a temporary file
    api.close();
    process.kill(-first.child.pid!, 'SIGKILL');
    await first.stop();

    const second = await startServe({ dataDir });
    running.push(second);
    const api2 = await client(second);
    const done = await waitFor(async () => {
      const r = (await api2.call<Render[]>('render.list', {})).find((x) => x.id === render.id);
      return r && (r.state === 'succeeded' || r.state === 'failed') ? r : undefined;
    }, 150_000, 'render after restart');
    api2.close();
    expect(done.state).toBe('succeeded');
    const video = ffprobeJson(done.outputPath!).streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ width: 1080, height: 1920, codec_name: 'h264' });
    expect(Number(ffprobeJson(done.outputPath!).format.duration)).toBeCloseTo(20, 0);
    expect(fs.readdirSync(rendersDir).filter((n) => n.startsWith('.'))).toEqual([]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 240_000);
});
