// The library as a creator uses it, on a real core with real ffprobe/ffmpeg: drop files or
// a folder, see each at once, then probed and thumbnailed; duplicates recognised; bad files
// explained; a source moved away noticed.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Clip } from '../../src-shared/media/library';
import { useCores, waitFor } from '../support/core-harness';
import { ffprobeJson, makeAudioOnly, makeClip, writeClip } from '../support/media-fixtures';
import { useTempDirs } from '../support/temp-dir';

const newCore = useCores('clipdesk-library-');
const tempDir = useTempDirs('clipdesk-library-src-');

async function settled(h: ReturnType<typeof newCore>, id: string): Promise<Clip> {
  return waitFor(() => {
    const clip = h.core.library.repo.find(id) ? h.core.library.clip(id) : undefined;
    return clip && clip.state !== 'importing' ? clip : undefined;
  }, 30_000, `clip ${id} to finish importing`);
}

describe('library import', () => {
  it('imports a folder: each clip at once, then probed, judged and thumbnailed', async () => {
    const h = newCore();
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'day 1'));
    fs.copyFileSync(makeClip({ width: 640, height: 360 }), path.join(dir, 'day 1', 'wide.mp4'));
    fs.copyFileSync(makeClip({ width: 360, height: 640, durationSec: 1 }), path.join(dir, 'tall.mov'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a video');
    fs.writeFileSync(path.join(dir, '.hidden.mp4'), 'ignored');

    const result = await h.core.handlers['library.import']({ paths: [dir] });
    expect(result.added.map((c) => c.fileName).sort()).toEqual(['tall.mov', 'wide.mp4']);
    expect(result.added.every((c) => c.state === 'importing')).toBe(true);
    expect(h.of('clips.changed').some((c) => c.state === 'importing')).toBe(true);

    const clips = await Promise.all(result.added.map((c) => settled(h, c.id)));
    for (const clip of clips) {
      expect(clip.state).toBe('ready');
      expect(clip.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(clip.media?.video?.codec).toBe('h264');
      // 9:16 H.264 with AAC fits TikTok as is; 16:9 needs a render to be framed vertically.
      expect(clip.readiness?.verdict).toBe(clip.fileName === 'tall.mov' ? 'fits' : 'needs_render');
      expect(clip.hasThumbnail).toBe(true);
      const thumb = path.join(h.dataDir, 'thumbnails', `${clip.id}.jpg`);
      expect(ffprobeJson(thumb).streams[0]?.codec_name).toBe('mjpeg');
    }
    const wide = clips.find((c) => c.fileName === 'wide.mp4');
    expect(wide?.media?.video).toMatchObject({ width: 640, height: 360 });
    expect(wide?.media?.durationSec).toBeCloseTo(2, 0);
    // The walk took only video files, and the audit log says what happened.
    expect(h.core.audit.list({}).some((e) => e.action === 'library.import' && e.detail?.startsWith('2 added'))).toBe(true);
  });

  it('recognises the same file dropped twice, and the same content under another name', async () => {
    const h = newCore();
    const dir = tempDir();
    const a = path.join(dir, 'a.mp4');
    fs.copyFileSync(makeClip(), a);
    const first = await h.core.handlers['library.import']({ paths: [a] });
    await settled(h, first.added[0]!.id);

    const again = await h.core.handlers['library.import']({ paths: [a] });
    expect(again.added).toEqual([]);
    expect(again.duplicates.map((c) => c.id)).toEqual([first.added[0]!.id]);

    const copy = path.join(dir, 'renamed copy.mp4');
    fs.copyFileSync(a, copy);
    const renamed = await h.core.handlers['library.import']({ paths: [copy] });
    expect(renamed.added).toHaveLength(1); // not known until hashed…
    await waitFor(() => h.of('clips.removed').find((r) => r.id === renamed.added[0]!.id), 20_000, 'duplicate to be dropped');
    expect(h.of('clips.removed')).toContainEqual({ id: renamed.added[0]!.id, duplicateOf: first.added[0]!.id });
    expect((await h.core.handlers['library.list']({})).total).toBe(1);
  });

  it('explains bad files instead of importing them silently', async () => {
    const h = newCore();
    const dir = tempDir();
    const empty = path.join(dir, 'empty.mp4');
    fs.writeFileSync(empty, '');
    const text = path.join(dir, 'actually text.mp4');
    fs.writeFileSync(text, 'hello, this is not a video\n'.repeat(50));
    const audio = makeAudioOnly(path.join(dir, 'voice memo.m4a'));
    const gone = path.join(dir, 'never existed.mp4');

    const result = await h.core.handlers['library.import']({ paths: [empty, text, audio, gone] });
    expect(result.skipped).toEqual([
      { path: gone, reason: expect.stringMatching(/never existed\.mp4 was not found/) },
      { path: empty, reason: expect.stringMatching(/empty \(0 bytes\)/) },
    ]);
    const byName = new Map<string, Clip>();
    for (const c of result.added) byName.set(c.fileName, await settled(h, c.id));
    expect(byName.get('actually text.mp4')).toMatchObject({ state: 'failed', error: expect.stringContaining('actually text.mp4') });
    expect(byName.get('voice memo.m4a')).toMatchObject({ state: 'unusable', readiness: { verdict: 'unusable' } });
    expect(byName.get('voice memo.m4a')?.error).toBeTruthy();
    expect((await h.core.handlers['library.list']({ states: ['failed', 'unusable'] })).total).toBe(2);
  });

  it('handles paths with spaces, quotes, emoji and non-Latin letters', async () => {
    const h = newCore();
    const dir = path.join(tempDir(), 'папка "клипы" 😀');
    fs.mkdirSync(dir);
    const file = writeClip(path.join(dir, `it's "my" clip — 春.mp4`), { durationSec: 1 });
    const { added } = await h.core.handlers['library.import']({ paths: [file] });
    const clip = await settled(h, added[0]!.id);
    expect(clip).toMatchObject({ state: 'ready', fileName: `it's "my" clip — 春.mp4`, hasThumbnail: true });
  });

  it('notices a source deleted after import, and takes it back when it returns', async () => {
    const h = newCore();
    const dir = tempDir();
    const file = path.join(dir, 'moved.mp4');
    fs.copyFileSync(makeClip({ durationSec: 1 }), file);
    const { added } = await h.core.handlers['library.import']({ paths: [file] });
    await settled(h, added[0]!.id);
    const parked = path.join(dir, 'parked.bin');
    fs.renameSync(file, parked);

    const missing = await h.core.handlers['library.get']({ id: added[0]!.id });
    expect(missing).toMatchObject({ state: 'missing', error: expect.stringMatching(/moved\.mp4 was moved or deleted/) });
    await expect(h.core.handlers['render.start']({ clipId: added[0]!.id, recipe: { ...DEFAULT_RECIPE_SMALL } })).rejects.toMatchObject({ code: 'FILE_MISSING' });

    fs.renameSync(parked, file);
    expect(h.core.library.verifySources()).toBe(1);
    expect((await settled(h, added[0]!.id)).state).toBe('ready');
  });

  it('lists newest first, with search, state filters and paging', async () => {
    const h = newCore();
    const dir = tempDir();
    const names = ['beach day.mp4', 'Beach night.mp4', 'city.mp4', '100%_real.mp4'];
    for (const [i, n] of names.entries()) writeClip(path.join(dir, n), { durationSec: 1, fps: 24 + i });
    for (const n of names) {
      const { added } = await h.core.handlers['library.import']({ paths: [path.join(dir, n)] });
      await settled(h, added[0]!.id);
    }
    const all = await h.core.handlers['library.list']({});
    expect(all.clips.map((c) => c.fileName)).toEqual([...names].reverse());
    expect((await h.core.handlers['library.list']({ query: 'beach' })).clips.map((c) => c.fileName)).toEqual(['Beach night.mp4', 'beach day.mp4']);
    expect((await h.core.handlers['library.list']({ query: '100%' })).total).toBe(1);
    expect((await h.core.handlers['library.list']({ query: '%' })).total).toBe(1); // LIKE wildcards are literal
    const page = await h.core.handlers['library.list']({ offset: 1, limit: 2 });
    expect(page).toMatchObject({ total: 4 });
    expect(page.clips.map((c) => c.fileName)).toEqual(['city.mp4', 'Beach night.mp4']);
    expect((await h.core.handlers['library.list']({ states: ['failed'] })).total).toBe(0);
  });

  it('removes a clip with its thumbnail, never the creator’s file', async () => {
    const h = newCore();
    const file = path.join(tempDir(), 'keep me.mp4');
    fs.copyFileSync(makeClip({ durationSec: 1 }), file);
    const { added } = await h.core.handlers['library.import']({ paths: [file] });
    const clip = await settled(h, added[0]!.id);
    const thumb = path.join(h.dataDir, 'thumbnails', `${clip.id}.jpg`);
    expect(fs.existsSync(thumb)).toBe(true);
    await h.core.handlers['library.remove']({ id: clip.id });
    expect(fs.existsSync(thumb)).toBe(false);
    expect(fs.existsSync(file)).toBe(true);
    expect(h.of('clips.removed')).toContainEqual({ id: clip.id, duplicateOf: null });
    await expect(h.core.handlers['library.get']({ id: clip.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('resumes an import interrupted by a quit', async () => {
    const dataDir = tempDir();
    const file = path.join(tempDir(), 'resume.mp4');
    fs.copyFileSync(makeClip({ durationSec: 1 }), file);
    const first = newCore({ dataDir, runJobs: false }); // queued, never run: as if quit at once
    const { added } = await first.core.handlers['library.import']({ paths: [file] });
    await first.core.close();
    const second = newCore({ dataDir });
    expect((await settled(second, added[0]!.id)).state).toBe('ready');
  });
});

const DEFAULT_RECIPE_SMALL = {
  fit: 'blur' as const,
  width: 360,
  height: 640,
  trim: null,
  captions: null,
  watermark: null,
  loudness: null,
  coverSec: null,
  encoder: null,
};
