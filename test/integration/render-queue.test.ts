// The render queue on a real core with real ffmpeg: progress as it goes, a notification and
// a probed output when done, cancel and retry, parallel renders, a source gone, and nothing
// half-written left behind.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Clip, Render } from '../../src-shared/media/library';
import { DEFAULT_RECIPE, type RenderRecipe } from '../../src-shared/media/media-info';
import { useCores, waitFor, type Harness } from '../support/core-harness';
import { ffprobeJson, makeClip } from '../support/media-fixtures';
import { useTempDirs } from '../support/temp-dir';

const newCore = useCores('clipdesk-renders-');
const tempDir = useTempDirs('clipdesk-renders-src-');

const SMALL: RenderRecipe = { ...DEFAULT_RECIPE, width: 360, height: 640, loudness: null };

async function importClip(h: Harness, spec: Parameters<typeof makeClip>[0], name = 'clip.mp4'): Promise<Clip> {
  const file = path.join(tempDir(), name);
  fs.copyFileSync(makeClip(spec), file);
  const { added } = await h.core.handlers['library.import']({ paths: [file] });
  return waitFor(() => {
    const c = h.core.library.clip(added[0]!.id);
    return c.state !== 'importing' ? c : undefined;
  }, 30_000, 'import');
}

async function finished(h: Harness, id: string, timeoutMs = 60_000): Promise<Render> {
  return waitFor(() => {
    const r = h.core.renders.get(id);
    return r.state === 'succeeded' || r.state === 'failed' || r.state === 'cancelled' ? r : undefined;
  }, timeoutMs, `render ${id}`);
}

function leftovers(h: Harness): string[] {
  const dir = path.join(h.dataDir, 'renders');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith('.')) : [];
}

describe('render queue', () => {
  it('renders a clip with progress, then notifies with the probed output', async () => {
    const h = newCore();
    const clip = await importClip(h, { durationSec: 3, width: 640, height: 360 }, 'holiday.mp4');
    const queued = await h.core.handlers['render.start']({ clipId: clip.id, recipe: SMALL });
    expect(queued).toMatchObject({ clipId: clip.id, clipFileName: 'holiday.mp4', state: 'queued', outputPath: null });

    const done = await finished(h, queued.id);
    expect(done.state).toBe('succeeded');
    expect(done.output?.video).toMatchObject({ codec: 'h264', width: 360, height: 640 });
    expect(done.outputPath).toMatch(/holiday-[0-9a-f]{8}\.mp4$/);
    const probe = ffprobeJson(done.outputPath!);
    expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 360, height: 640, pix_fmt: 'yuv420p' });

    const updates = h.of('renders.changed').filter((r) => r.id === queued.id);
    expect(updates.map((r) => r.state)).toContain('running');
    expect(updates.some((r) => r.state === 'running' && (r.progress ?? 0) > 0 && (r.progress ?? 0) < 1)).toBe(true);
    expect(updates.at(-1)).toMatchObject({ state: 'succeeded', progress: 1 });
    expect(h.notifications).toContainEqual({ title: 'Render finished', body: expect.stringContaining('holiday.mp4 is ready (360×640') });
    expect(leftovers(h)).toEqual([]);
    expect((await h.core.handlers['render.list']({ clipId: clip.id })).map((r) => r.id)).toEqual([queued.id]);
  });

  it('cancels a running render leaving no file, and a retry then succeeds', async () => {
    const h = newCore();
    const clip = await importClip(h, { durationSec: 20, width: 1280, height: 720 });
    const recipe: RenderRecipe = { ...DEFAULT_RECIPE, width: 1080, height: 1920, loudness: null };
    const r = await h.core.handlers['render.start']({ clipId: clip.id, recipe });
    await waitFor(() => (h.core.renders.get(r.id).progress ?? 0) > 0.02, 30_000, 'render to make progress');
    await h.core.handlers['render.cancel']({ id: r.id });
    const cancelled = await finished(h, r.id);
    expect(cancelled.state).toBe('cancelled');
    expect(fs.readdirSync(path.join(h.dataDir, 'renders'))).toEqual([]);

    await h.core.handlers['render.retry']({ id: r.id });
    const again = await finished(h, r.id, 120_000);
    expect(again.state).toBe('succeeded');
    expect(again.output?.durationSec).toBeCloseTo(20, 0);
    // While it ran, the queue showed speed and time left for the whole render, counting down.
    const running = h.of('renders.changed').filter((x) => x.id === r.id && x.state === 'running' && x.etaSec !== null);
    expect(running.length).toBeGreaterThan(1);
    expect(running.every((x) => (x.etaSec ?? -1) >= 0)).toBe(true);
    expect(running.some((x) => (x.speed ?? 0) > 0)).toBe(true); // ffmpeg says N/A for the first moments
    expect(running.at(-1)!.etaSec!).toBeLessThan(running[0]!.etaSec! + 5);
    expect(leftovers(h)).toEqual([]);
  }, 180_000);

  it('runs as many renders at once as the setting says', async () => {
    const h = newCore();
    const clip = await importClip(h, { durationSec: 4, width: 640, height: 360 });
    await h.core.handlers['settings.update']({ renderParallel: 2 });
    const ids = await Promise.all([0, 1, 2].map(async () => (await h.core.handlers['render.start']({ clipId: clip.id, recipe: SMALL })).id));
    let peak = 0;
    await waitFor(() => {
      peak = Math.max(peak, ids.filter((id) => h.core.renders.get(id).state === 'running').length);
      return ids.every((id) => h.core.renders.get(id).state === 'succeeded');
    }, 90_000, 'three renders');
    expect(peak).toBe(2);
  }, 120_000);

  it('fails clearly when the source was deleted, and refuses clips that cannot be rendered', async () => {
    const h = newCore();
    const clip = await importClip(h, { durationSec: 1 }, 'gone soon.mp4');
    fs.rmSync(clip.sourcePath);
    await expect(h.core.handlers['render.start']({ clipId: clip.id, recipe: SMALL })).rejects.toMatchObject({
      code: 'FILE_MISSING',
      message: expect.stringContaining('gone soon.mp4 was moved or deleted'),
    });
    const other = await importClip(h, { durationSec: 2 }, 'ok.mp4');
    await expect(h.core.handlers['render.start']({ clipId: other.id, recipe: { ...SMALL, trim: { startSec: 5, endSec: 8 } } })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    const r = await h.core.handlers['render.start']({ clipId: other.id, recipe: SMALL });
    fs.rmSync(other.sourcePath); // deleted while queued
    const failed = await finished(h, r.id);
    expect(failed).toMatchObject({ state: 'failed', error: expect.stringContaining('ok.mp4 was moved or deleted') });
    expect(h.notifications.some((n) => n.title === 'Render failed')).toBe(true);
    expect(leftovers(h)).toEqual([]);
  });

  it('removing a clip stops its renders and deletes their files', async () => {
    const h = newCore();
    const clip = await importClip(h, { durationSec: 1 });
    const r = await h.core.handlers['render.start']({ clipId: clip.id, recipe: SMALL });
    const done = await finished(h, r.id);
    expect(fs.existsSync(done.outputPath!)).toBe(true);
    await h.core.handlers['library.remove']({ id: clip.id });
    expect(fs.existsSync(done.outputPath!)).toBe(false);
    expect(await h.core.handlers['render.list']({})).toEqual([]);
  });
});
