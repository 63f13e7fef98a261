// The video an approval request sends to Telegram, with real ffmpeg on generated clips: the
// original when Telegram can take it, else a faststart H.264 preview under the limit; a
// thumbnail Telegram accepts; a cache that is reused, and pruned.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import type { MediaInfo } from '../../src-shared/media/media-info';
import {
  fitThumbnail,
  playsOnTelegram,
  prepareTelegramVideo,
  previewSize,
  previewVideoBitrate,
  pruneTelegramMediaCache,
  type PrepareOptions,
} from '../../src-main/core/telegram/telegram-media';
import { FFMPEG, FFPROBE, ffprobeJson, makeClip, topLevelAtoms } from '../support/media-fixtures';
import { listFiles, useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-tg-media-');

function options(cacheDir: string, extra: Partial<PrepareOptions> = {}): PrepareOptions {
  return { ffmpeg: FFMPEG, ffprobe: FFPROBE, cacheDir, ...extra };
}

/** Asserts `file` is a thumbnail Telegram takes: a JPEG within 320×320, under 200 kB. */
function expectTelegramThumbnail(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
  expect(bytes.length).toBeLessThan(200_000);
  const [stream] = ffprobeJson(file).streams;
  expect(stream?.codec_name).toBe('mjpeg');
  const size = { width: stream?.width as number, height: stream?.height as number };
  expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(320);
  return size;
}

function streamsOf(file: string): { video: Record<string, unknown>; audio: Record<string, unknown> | undefined } {
  const { streams } = ffprobeJson(file);
  const video = streams.find((s) => s.codec_type === 'video');
  expect(video).toBeDefined();
  return { video: video!, audio: streams.find((s) => s.codec_type === 'audio') };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/** A portrait phone-shaped H.264 MP4 with sound, copied so a test may touch it. */
function portraitClip(dir: string, name = 'clip.mp4'): string {
  const file = path.join(dir, name);
  fs.copyFileSync(makeClip({ durationSec: 2.4, width: 1080, height: 1920 }), file);
  return file;
}

describe('prepareTelegramVideo', () => {
  it('a small 1080×1920 H.264 MP4 goes as it is, with a thumbnail Telegram takes', async () => {
    const dir = tempDir();
    const source = portraitClip(dir);
    const cacheDir = path.join(dir, 'cache', 'telegram-media'); // created on the way
    const video = await prepareTelegramVideo(source, options(cacheDir));
    // ffmpeg's default MP4 puts the index last: Telegram could play it but not stream it, so
    // what goes is a stream copy with the index first — the same video, not re-encoded.
    expect(topLevelAtoms(source).indexOf('moov')).toBeGreaterThan(topLevelAtoms(source).indexOf('mdat'));
    expect(video).toMatchObject({ width: 1080, height: 1920, durationSec: 2, isPreview: false, supportsStreaming: true });
    expect(path.dirname(video.path)).toBe(cacheDir);
    expect(topLevelAtoms(video.path).indexOf('moov')).toBeLessThan(topLevelAtoms(video.path).indexOf('mdat'));
    expect(Math.abs(video.bytes - fs.statSync(source).size)).toBeLessThan(4096);
    expect(streamsOf(video.path).video.codec_name).toBe(streamsOf(source).video.codec_name);
    expect(path.dirname(video.thumbnailPath)).toBe(cacheDir);
    expect(expectTelegramThumbnail(video.thumbnailPath)).toEqual({ width: 180, height: 320 });
    expect(listFiles(cacheDir).sort()).toEqual([video.path, video.thumbnailPath].sort()); // no leftovers
  });

  it('a faststart original says it supports streaming', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'fast.mp4');
    execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-i', makeClip({ durationSec: 1 }), '-c', 'copy', '-movflags', '+faststart', source]);
    const video = await prepareTelegramVideo(source, options(tempDir()));
    expect(video).toMatchObject({ path: source, isPreview: false, supportsStreaming: true });
  });

  it('over the limit: a faststart H.264/AAC preview under it, the aspect kept; the next call reuses it, a changed source gets a new one', async () => {
    const dir = tempDir();
    const source = portraitClip(dir);
    const cacheDir = tempDir();
    const maxBytes = Math.floor(fs.statSync(source).size / 3);
    const progress: number[] = [];
    const video = await prepareTelegramVideo(source, options(cacheDir, { maxBytes, onProgress: (f) => progress.push(f) }));

    expect(video.isPreview).toBe(true);
    expect(video.supportsStreaming).toBe(true);
    expect(path.dirname(video.path)).toBe(cacheDir);
    expect(video.bytes).toBe(fs.statSync(video.path).size);
    expect(video.bytes).toBeLessThanOrEqual(maxBytes);
    const { video: v, audio } = streamsOf(video.path);
    expect(v.codec_name).toBe('h264');
    expect(v.pix_fmt).toBe('yuv420p');
    expect(audio?.codec_name).toBe('aac');
    expect(audio?.channels).toBe(2);
    const atoms = topLevelAtoms(video.path);
    expect(atoms.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(atoms.indexOf('moov')).toBeLessThan(atoms.indexOf('mdat'));
    expect({ width: video.width, height: video.height }).toEqual({ width: v.width, height: v.height });
    expect(Math.max(video.width, video.height)).toBeLessThanOrEqual(1280);
    expect(video.height).toBeGreaterThan(video.width);
    expect(video.width / video.height).toBeCloseTo(1080 / 1920, 2);
    expect(video.width % 2 + (video.height % 2)).toBe(0);
    expect(video.durationSec).toBe(2);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= (progress[i - 1] ?? 0)))).toBe(true);
    expectTelegramThumbnail(video.thumbnailPath);

    // The same file again: the same preview file, not rendered again.
    const before = fs.statSync(video.path);
    const again = await prepareTelegramVideo(source, options(cacheDir, { maxBytes, onProgress: () => expect.fail('rendered again') }));
    expect(again).toEqual(video);
    const after = fs.statSync(again.path);
    expect({ ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({ ino: before.ino, mtimeMs: before.mtimeMs });
    expect(listFiles(cacheDir)).toHaveLength(2);

    // A changed source (new size and mtime) gets its own preview and thumbnail.
    fs.copyFileSync(makeClip({ durationSec: 2, width: 1080, height: 1920 }), source);
    fs.utimesSync(source, new Date(), new Date(Date.now() + 5000));
    const changed = await prepareTelegramVideo(source, options(cacheDir, { maxBytes }));
    expect(changed.isPreview).toBe(true);
    expect(changed.path).not.toBe(video.path);
    expect(changed.thumbnailPath).not.toBe(video.thumbnailPath);
    expect(changed.bytes).toBeLessThanOrEqual(maxBytes);
    expect(listFiles(cacheDir)).toHaveLength(4);
  });

  it('a tiny limit still gives a valid preview under it', async () => {
    const cacheDir = tempDir();
    const maxBytes = 60_000;
    const video = await prepareTelegramVideo(makeClip({ durationSec: 2, width: 640, height: 360 }), options(cacheDir, { maxBytes }));
    expect(video.isPreview).toBe(true);
    expect(video.bytes).toBeLessThanOrEqual(maxBytes);
    expect(streamsOf(video.path).video.codec_name).toBe('h264');
    expect(video.width / video.height).toBeCloseTo(16 / 9, 1);
  });

  it('a limit no preview can meet: MEDIA_UNSUPPORTED that says to approve in the app, and no file left', async () => {
    const cacheDir = tempDir();
    const err = await rejection(prepareTelegramVideo(makeClip({ durationSec: 2, width: 640, height: 360 }), options(cacheDir, { maxBytes: 5_000 })));
    expect(err.code).toBe('MEDIA_UNSUPPORTED');
    expect(err.message).toMatch(/too long to preview on Telegram.*approve it in the Clipdesk app/);
    expect(listFiles(cacheDir)).toEqual([]);
  });

  it('an MKV, or an MP4 that is not H.264/HEVC, under the limit: a preview Telegram plays (no sound stays no sound)', async () => {
    const cacheDir = tempDir();
    const mkv = await prepareTelegramVideo(makeClip({ durationSec: 1, width: 640, height: 360, container: 'mkv' }), options(cacheDir));
    expect(mkv).toMatchObject({ isPreview: true, width: 640, height: 360, durationSec: 1 });
    expect(mkv.path.endsWith('.mp4')).toBe(true);
    expect(streamsOf(mkv.path).video.codec_name).toBe('h264');

    const mpeg4 = await prepareTelegramVideo(makeClip({ durationSec: 1, width: 640, height: 360, codec: 'mpeg4', audio: false }), options(cacheDir));
    expect(mpeg4).toMatchObject({ isPreview: true, width: 640, height: 360 });
    const streams = streamsOf(mpeg4.path);
    expect(streams.video.codec_name).toBe('h264');
    expect(streams.audio).toBeUndefined();
  });

  it('a rotated phone clip: width and height as displayed, for the original and for a preview', async () => {
    const cacheDir = tempDir();
    const source = makeClip({ durationSec: 1, width: 1280, height: 720, rotation: 90 });
    const original = await prepareTelegramVideo(source, options(cacheDir));
    expect(original).toMatchObject({ isPreview: false, width: 720, height: 1280 });
    expect(expectTelegramThumbnail(original.thumbnailPath)).toEqual({ width: 180, height: 320 });

    const preview = await prepareTelegramVideo(source, options(cacheDir, { maxBytes: Math.floor(fs.statSync(source).size / 2) }));
    expect(preview.isPreview).toBe(true);
    expect(preview.height).toBeGreaterThan(preview.width);
    const { video: v } = streamsOf(preview.path);
    expect({ width: v.width, height: v.height }).toEqual({ width: preview.width, height: preview.height }); // upright pixels, no rotation to apply
  });

  it('cancelled mid-render: rejects, and leaves no temporary file', async () => {
    const cacheDir = tempDir();
    const source = makeClip({ durationSec: 6, width: 720, height: 1280, container: 'mkv' });
    const controller = new AbortController();
    let abortedAt = -1;
    const onProgress = (f: number): void => {
      abortedAt = f;
      controller.abort();
    };
    const err = await rejection(prepareTelegramVideo(source, options(cacheDir, { signal: controller.signal, onProgress })));
    expect(err.code).toBe('CANCELLED');
    expect(abortedAt).toBeGreaterThan(0);
    expect(abortedAt).toBeLessThan(1);
    expect(listFiles(cacheDir)).toEqual([]);
  });

  it('a missing file: FILE_MISSING, in words the creator can act on', async () => {
    const dir = tempDir();
    const err = await rejection(prepareTelegramVideo(path.join(dir, 'gone.mp4'), options(path.join(dir, 'cache'))));
    expect(err.code).toBe('FILE_MISSING');
    expect(err.message).toContain('gone.mp4');
  });

  it('a file that is not a video: MEDIA_UNREADABLE', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.mp4');
    fs.writeFileSync(file, 'not a video at all\n'.repeat(100));
    expect((await rejection(prepareTelegramVideo(file, options(path.join(dir, 'cache'))))).code).toBe('MEDIA_UNREADABLE');
  });
});

describe('playsOnTelegram', () => {
  const info = (container: string, video: string | null, audio: string | null): MediaInfo => ({
    container,
    durationSec: 10,
    sizeBytes: 1000,
    video: video
      ? { codec: video, profile: null, width: 1080, height: 1920, rotation: 0, fps: 30, variableFrameRate: false, pixFmt: 'yuv420p', bitDepth: 8, hdr: false, isStillImage: false }
      : null,
    audio: audio ? { codec: audio, channels: 2, sampleRate: 48000 } : null,
  });
  const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';
  it('H.264 or HEVC in MP4/MOV, with AAC, MP3 or no sound', () => {
    expect(playsOnTelegram('a.mp4', info(MP4, 'h264', 'aac'))).toBe(true);
    expect(playsOnTelegram('a.MOV', info(MP4, 'hevc', null))).toBe(true);
    expect(playsOnTelegram('a.mp4', info(MP4, 'vp9', 'aac'))).toBe(false);
    expect(playsOnTelegram('a.mp4', info(MP4, 'h264', 'opus'))).toBe(false);
    expect(playsOnTelegram('a.3gp', info(MP4, 'h264', 'aac'))).toBe(false);
    expect(playsOnTelegram('a.mkv', info('matroska,webm', 'h264', 'aac'))).toBe(false);
    expect(playsOnTelegram('a.mp4', info(MP4, null, 'aac'))).toBe(false);
  });
});

describe('preview sizing', () => {
  it('the bitrate fits video and sound in 90 % of the limit, within a floor and a ceiling', () => {
    const v = previewVideoBitrate(50 * 1024 * 1024, 120, true);
    expect(((v + 96_000) * 120) / 8).toBeLessThanOrEqual(0.9 * 50 * 1024 * 1024);
    expect(((v + 96_000) * 120) / 8).toBeGreaterThan(0.8 * 50 * 1024 * 1024);
    expect(previewVideoBitrate(50 * 1024 * 1024, 5, true)).toBe(4_000_000);
    expect(previewVideoBitrate(10_000, 60, true)).toBe(16_000);
  });

  it('the long side at most 1280, even sides, the aspect kept, never upscaled', () => {
    expect(previewSize(1080, 1920, 2_000_000)).toEqual({ width: 720, height: 1280 });
    expect(previewSize(3840, 2160, 2_000_000)).toEqual({ width: 1280, height: 720 });
    expect(previewSize(1080, 1920, 300_000)).toEqual({ width: 360, height: 640 });
    expect(previewSize(641, 361, 4_000_000)).toEqual({ width: 642, height: 362 });
  });
});

describe('fitThumbnail', () => {
  it('lowers the quality until the JPEG is under the limit', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'thumb.jpg');
    const clip = makeClip({ durationSec: 1, width: 640, height: 360 });
    execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-i', clip, '-frames:v', '1', '-vf', 'scale=320:180', '-q:v', '1', '-f', 'mjpeg', file]);
    const before = fs.statSync(file).size;
    const limit = Math.floor(before * 0.6);
    const q = await fitThumbnail(FFMPEG, file, { width: 320, height: 180, maxBytes: limit });
    expect(q).toBeGreaterThan(1);
    expect(fs.statSync(file).size).toBeLessThan(limit);
    expect(listFiles(dir)).toEqual([file]);
    expect(await fitThumbnail(FFMPEG, file, { width: 320, height: 180, maxBytes: limit })).toBeNull();
  });
});

describe('pruneTelegramMediaCache', () => {
  it('removes only entries not used for the given age, and leaves other files alone', () => {
    const dir = tempDir();
    const now = Date.now();
    const day = 24 * 3600 * 1000;
    const write = (name: string, ageMs: number): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, 'x');
      const t = new Date(now - ageMs);
      fs.utimesSync(file, t, t);
      return file;
    };
    const oldPreview = write(`${'a'.repeat(20)}-52428800.mp4`, 10 * day);
    const oldThumb = write(`${'a'.repeat(20)}.jpg`, 10 * day);
    const oldTemp = write(`.${'a'.repeat(20)}.jpg.0123456789ab.tmp`, 10 * day);
    const fresh = write(`${'b'.repeat(20)}.jpg`, day);
    const notOurs = write('notes.txt', 10 * day);
    // Written long ago, but sent yesterday.
    const used = write(`${'c'.repeat(20)}-52428800.mp4`, 10 * day);
    fs.utimesSync(used, new Date(now - day), new Date(now - 10 * day));

    expect(pruneTelegramMediaCache(dir, 7 * day, now)).toBe(3);
    for (const gone of [oldPreview, oldThumb, oldTemp]) expect(fs.existsSync(gone)).toBe(false);
    expect(listFiles(dir).sort()).toEqual([fresh, notOurs, used].sort());
    expect(pruneTelegramMediaCache(path.join(dir, 'missing'), day, now)).toBe(0);
  });
});
