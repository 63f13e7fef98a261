// Thumbnails and cover frames with real ffmpeg: a JPEG of the right shape, or nothing at all.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { probeMedia } from '../../src-main/core/media/probe';
import { frameAt, makeThumbnail, thumbnailTime } from '../../src-main/core/media/thumbnail';
import { FFMPEG, FFPROBE, ffprobeJson, makeAudioOnly, makeClip, makeImage, makeTruncated, writeClip } from '../support/media-fixtures';
import { listFiles, useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-thumb-');

/** Asserts `file` is a JPEG and returns its size. */
function jpegSize(file: string): { width: number; height: number } {
  const head = fs.readFileSync(file).subarray(0, 3);
  expect([...head]).toEqual([0xff, 0xd8, 0xff]);
  const [stream] = ffprobeJson(file).streams;
  expect(stream?.codec_name).toBe('mjpeg');
  return { width: stream?.width as number, height: stream?.height as number };
}

async function thumbnailOf(source: string, opts: Parameters<typeof makeThumbnail>[3] = {}): Promise<{ dir: string; out: string }> {
  const dir = tempDir();
  const out = path.join(dir, 'thumb.jpg');
  await makeThumbnail(source, await probeMedia(source, { ffprobe: FFPROBE }), out, { ffmpeg: FFMPEG, ...opts });
  return { dir, out };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('makeThumbnail', () => {
  it('picks 10% in, at most 3 s', () => {
    expect(thumbnailTime(2)).toBeCloseTo(0.2);
    expect(thumbnailTime(20)).toBe(2);
    expect(thumbnailTime(600)).toBe(3);
    expect(thumbnailTime(0)).toBe(0);
  });

  it('a 16:9 clip: a 320-pixel-wide JPEG, and nothing else in the folder', async () => {
    const { dir, out } = await thumbnailOf(makeClip({ durationSec: 2, width: 640, height: 360 }));
    expect(jpegSize(out)).toEqual({ width: 320, height: 180 });
    expect(listFiles(dir)).toEqual([out]);
  });

  it('a rotated phone clip comes out portrait', async () => {
    const { out } = await thumbnailOf(makeClip({ durationSec: 1, width: 640, height: 360, rotation: 90 }));
    const size = jpegSize(out);
    expect(size.width).toBe(320);
    expect(size.height).toBeGreaterThan(size.width);
    expect(size.height % 2).toBe(0);
  });

  it('a width of choice, and a time of choice', async () => {
    const { out } = await thumbnailOf(makeClip({ durationSec: 2, width: 1080, height: 1920 }), { width: 180, atSec: 1.5 });
    expect(jpegSize(out)).toEqual({ width: 180, height: 320 });
  });

  it('a 10-bit HDR HEVC source gives an 8-bit JPEG', async () => {
    const { out } = await thumbnailOf(makeClip({ durationSec: 1, codec: 'libx265', pixFmt: 'yuv420p10le', hdr: true }));
    expect(jpegSize(out)).toEqual({ width: 320, height: 180 });
  });

  it('odd dimensions in 4:4:4 give an even-sized 4:2:0 JPEG', async () => {
    const { out } = await thumbnailOf(makeClip({ durationSec: 1, width: 641, height: 361 }));
    const size = jpegSize(out);
    expect(size.width).toBe(320);
    expect(size.height % 2).toBe(0);
  });

  it('a still image works too (the frame at 0)', async () => {
    const { out } = await thumbnailOf(makeImage(path.join(tempDir(), 'still.png'), 400, 400));
    expect(jpegSize(out)).toEqual({ width: 320, height: 320 });
  });

  it('a name with quotes, emoji, % and a leading dash, in and out', async () => {
    const dir = tempDir();
    const source = writeClip(path.join(dir, `-клип "😀" 'x' 100%d.mp4`), { durationSec: 1 });
    const out = path.join(dir, 'thumbs', `-thumb %03d "😀".jpg`);
    await makeThumbnail(source, await probeMedia(source, { ffprobe: FFPROBE }), out, { ffmpeg: FFMPEG });
    expect(listFiles(path.join(dir, 'thumbs'))).toEqual([out]);
    // The fixtures' ffprobe helper would read this name as an option: check a plain-named copy.
    const plain = path.join(dir, 'plain.jpg');
    fs.copyFileSync(out, plain);
    expect(jpegSize(plain).width).toBe(320);
  });

  it('replaces an old thumbnail in place', async () => {
    const source = makeClip({ durationSec: 1 });
    const dir = tempDir();
    const out = path.join(dir, 'thumb.jpg');
    fs.writeFileSync(out, 'old');
    await makeThumbnail(source, await probeMedia(source, { ffprobe: FFPROBE }), out, { ffmpeg: FFMPEG });
    expect(jpegSize(out).width).toBe(320);
  });

  it('a corrupt source: MEDIA_UNREADABLE and nothing left behind', async () => {
    const good = makeClip({ durationSec: 2 });
    const info = await probeMedia(good, { ffprobe: FFPROBE });
    const dir = tempDir();
    // Probed while whole, truncated since: the thumbnail finds the file damaged.
    const broken = makeTruncated(path.join(dir, 'broken.mp4'));
    const out = path.join(dir, 'out', 'thumb.jpg');
    const err = await rejection(makeThumbnail(broken, info, out, { ffmpeg: FFMPEG }));
    expect(err.code).toBe('MEDIA_UNREADABLE');
    expect(err.message).toContain('broken.mp4');
    expect(listFiles(path.join(dir, 'out'))).toEqual([]);
  });

  it('a source deleted since it was probed: FILE_MISSING', async () => {
    const dir = tempDir();
    const source = writeClip(path.join(dir, 'gone.mp4'), { durationSec: 1 });
    const info = await probeMedia(source, { ffprobe: FFPROBE });
    fs.rmSync(source);
    expect((await rejection(makeThumbnail(source, info, path.join(dir, 't.jpg'), { ffmpeg: FFMPEG }))).code).toBe('FILE_MISSING');
    expect(listFiles(dir)).toEqual([]);
  });

  it('audio only: MEDIA_UNSUPPORTED', async () => {
    const source = makeAudioOnly(path.join(tempDir(), 'a.m4a'));
    const err = await rejection(makeThumbnail(source, await probeMedia(source, { ffprobe: FFPROBE }), path.join(tempDir(), 't.jpg'), { ffmpeg: FFMPEG }));
    expect(err.code).toBe('MEDIA_UNSUPPORTED');
  });

  it('cancel: CANCELLED and nothing left behind', async () => {
    const dir = tempDir();
    const stuck = path.join(dir, 'fake-ffmpeg');
    fs.writeFileSync(stuck, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    const source = makeClip({ durationSec: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const out = path.join(dir, 'out', 't.jpg');
    const err = await rejection(makeThumbnail(source, await probeMedia(source, { ffprobe: FFPROBE }), out, { ffmpeg: stuck, signal: controller.signal }));
    expect(err.code).toBe('CANCELLED');
    expect(listFiles(path.join(dir, 'out'))).toEqual([]);
  });

  it('ffmpeg missing: says how to install it', async () => {
    const source = makeClip({ durationSec: 1 });
    const err = await rejection(makeThumbnail(source, await probeMedia(source, { ffprobe: FFPROBE }), path.join(tempDir(), 't.jpg'), { ffmpeg: '/nonexistent/ffmpeg' }));
    expect(err.code).toBe('FFMPEG_FAILED');
    expect(err.message).toContain('Install ffmpeg');
  });
});

describe('frameAt', () => {
  it('writes the frame at a time (a cover image)', async () => {
    const out = path.join(tempDir(), 'cover.jpg');
    await frameAt(makeClip({ durationSec: 2, width: 1080, height: 1920 }), 1.2, out, { ffmpeg: FFMPEG, width: 540 });
    expect(jpegSize(out)).toEqual({ width: 540, height: 960 });
  });

  it('a time past the end: a clear error and no file', async () => {
    const dir = tempDir();
    const err = await rejection(frameAt(makeClip({ durationSec: 1 }), 30, path.join(dir, 'cover.jpg'), { ffmpeg: FFMPEG }));
    expect(err.code).toBe('MEDIA_UNREADABLE');
    expect(err.message).toContain('30.0 s');
    expect(listFiles(dir)).toEqual([]);
  });
});
