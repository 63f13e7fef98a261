// probeMedia and assessReadiness on real files generated with ffmpeg: what a creator drops in.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, type ErrorCode } from '../../src-shared/errors';
import { MediaInfoSchema, type MediaInfo } from '../../src-shared/media/media-info';
import { assessReadiness } from '../../src-shared/media/readiness';
import { probeMedia } from '../../src-main/core/media/probe';
import { FFMPEG, FFPROBE, makeAudioOnly, makeClip, makeImage, makeTruncated, writeClip } from '../support/media-fixtures';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-probe-');

async function probe(file: string): Promise<MediaInfo> {
  const info = await probeMedia(file, { ffprobe: FFPROBE });
  // What probeMedia returns is what the contract promises.
  expect(MediaInfoSchema.parse(info)).toEqual(info);
  return info;
}

async function probeError(file: string, opts: Parameters<typeof probeMedia>[1] = { ffprobe: FFPROBE }): Promise<AppError> {
  const err = await probeMedia(file, opts).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

function expectError(err: AppError, code: ErrorCode, name: string, text: string): void {
  expect(err.code).toBe(code);
  expect(err.message).toContain(name);
  expect(err.message).toContain(text);
}

describe('probeMedia on real clips', () => {
  it('a 16:9 H.264/AAC MP4: every field, and it needs framing for vertical', async () => {
    const file = makeClip({ durationSec: 2, width: 640, height: 360, fps: 30 });
    const info = await probe(file);
    expect(info.container).toBe('mov,mp4,m4a,3gp,3g2,mj2');
    expect(info.durationSec).toBeCloseTo(2, 1);
    expect(info.sizeBytes).toBe(fs.statSync(file).size);
    expect(info.video).toEqual({
      codec: 'h264',
      profile: expect.any(String) as string,
      width: 640,
      height: 360,
      rotation: 0,
      fps: 30,
      variableFrameRate: false,
      pixFmt: 'yuv420p',
      bitDepth: 8,
      hdr: false,
      isStillImage: false,
    });
    expect(info.audio).toEqual({ codec: 'aac', channels: 1, sampleRate: 48000 });
    expect(assessReadiness(info)).toEqual({ verdict: 'needs_render', reasons: ['Landscape 16:9 — will be framed for vertical video'] });
  });

  it('a vertical 1080×1920 H.264/AAC MP4 fits as is', async () => {
    const info = await probe(makeClip({ durationSec: 1, width: 1080, height: 1920, fps: 30 }));
    expect(info.video).toMatchObject({ width: 1080, height: 1920, codec: 'h264' });
    expect(assessReadiness(info)).toEqual({ verdict: 'fits', reasons: [] });
  });

  it('no audio: a silent track will be added', async () => {
    const info = await probe(makeClip({ durationSec: 1, width: 1080, height: 1920, audio: false }));
    expect(info.audio).toBeNull();
    expect(assessReadiness(info)).toEqual({ verdict: 'needs_render', reasons: ['No audio track — a silent track will be added'] });
  });

  it('a rotated phone clip is reported as displayed: portrait, width and height swapped', async () => {
    const info = await probe(makeClip({ durationSec: 1, width: 640, height: 360, rotation: 90 }));
    expect([90, 270]).toContain(info.video?.rotation);
    expect(info.video).toMatchObject({ width: 360, height: 640 });
    // Displayed as 360×640, a 9:16 picture: no framing needed (players honour the rotation).
    expect(assessReadiness(info)).toEqual({ verdict: 'fits', reasons: [] });
  });

  it('a clip turned upside down keeps its shape', async () => {
    const info = await probe(makeClip({ durationSec: 1, width: 640, height: 360, rotation: 180 }));
    expect(info.video).toMatchObject({ rotation: 180, width: 640, height: 360 });
  });

  it('variable frame rate is detected', async () => {
    const info = await probe(makeClip({ durationSec: 2, vfr: true }));
    expect(info.video?.variableFrameRate).toBe(true);
    expect(info.video?.fps).toBeGreaterThan(20);
    expect(info.video?.fps).toBeLessThan(30);
    expect(assessReadiness(info).reasons).toContain('Variable frame rate — will be converted to a constant frame rate');
  });

  it('10-bit HDR HEVC: codec, bit depth and transfer', async () => {
    const info = await probe(makeClip({ durationSec: 1, codec: 'libx265', pixFmt: 'yuv420p10le', hdr: true }));
    expect(info.video).toMatchObject({ codec: 'hevc', pixFmt: 'yuv420p10le', bitDepth: 10, hdr: true });
    expect(assessReadiness(info).reasons).toContain('10-bit HDR — will be tone-mapped to SDR');
  });

  it('odd dimensions', async () => {
    const info = await probe(makeClip({ durationSec: 1, width: 641, height: 361 }));
    expect(info.video).toMatchObject({ width: 641, height: 361, pixFmt: 'yuv444p' });
    expect(assessReadiness(info).reasons).toEqual(
      expect.arrayContaining(['Odd dimensions (641×361) — will be resized to even ones', 'yuv444p pixel format — will be converted to yuv420p, which every phone plays']),
    );
  });

  it('a 4K source is within TikTok limits; an 8K one is scaled down', async () => {
    const uhd = await probe(makeClip({ durationSec: 0.2, fps: 5, width: 3840, height: 2160, audio: false }));
    expect(uhd.video).toMatchObject({ width: 3840, height: 2160 });
    expect(assessReadiness(uhd).reasons.some((r) => r.includes('4096'))).toBe(false);
    const eightK = await probe(makeClip({ durationSec: 0.2, fps: 5, width: 7680, height: 4320, audio: false }));
    expect(eightK.video).toMatchObject({ width: 7680, height: 4320 });
    expect(assessReadiness(eightK).reasons).toContain("7680×4320 is over TikTok's 4096-pixel limit — will be scaled down");
  });

  it('longer than 10 minutes: needs a trim, not unusable', async () => {
    const info = await probe(makeClip({ durationSec: 601, fps: 1, width: 160, height: 90, audio: false }));
    expect(info.durationSec).toBeCloseTo(601, 0);
    const r = assessReadiness(info);
    expect(r.verdict).toBe('needs_render');
    expect(r.reasons).toContain("Longer than TikTok's 10-minute limit (10:01) — trim it to 10 minutes or less");
    expect(r.reasons).toContain("1 fps is below TikTok's 23 fps minimum — will be converted to 30 fps");
    expect(r.reasons).toContain("160×90 is below TikTok's 360-pixel minimum — will be scaled up (it may look soft)");
  });

  it('WebM with VP9 and Opus', async () => {
    const info = await probe(makeClip({ durationSec: 1, codec: 'libvpx-vp9', container: 'webm', width: 1080, height: 1920 }));
    expect(info.container).toBe('matroska,webm');
    expect(info.video).toMatchObject({ codec: 'vp9', width: 1080, height: 1920, fps: 30, variableFrameRate: false });
    expect(info.audio?.codec).toBe('opus');
    expect(assessReadiness(info).reasons).toEqual(['VP9 video — will be re-encoded as H.264, which TikTok recommends', 'Opus audio — will be re-encoded as AAC']);
  });

  it('H.264 in MKV: the container is rewritten', async () => {
    const info = await probe(makeClip({ durationSec: 1, container: 'mkv', width: 1080, height: 1920 }));
    expect(assessReadiness(info).reasons).toEqual(['MKV container — will be rewritten as MP4']);
  });

  it('MOV', async () => {
    const info = await probe(makeClip({ durationSec: 1, container: 'mov', width: 1080, height: 1920 }));
    expect(info.container).toContain('mov');
    expect(assessReadiness(info).verdict).toBe('fits');
  });

  it('MPEG-4 Part 2 is not a codec TikTok takes', async () => {
    const info = await probe(makeClip({ durationSec: 1, codec: 'mpeg4' }));
    expect(info.video?.codec).toBe('mpeg4');
    expect(assessReadiness(info).reasons).toContain("MPEG-4 Part 2 video — TikTok doesn't accept it; will be re-encoded as H.264");
  });
});

describe('files that are not (usable) videos', () => {
  it('a PNG is a still image: probed, then judged unusable', async () => {
    const info = await probe(makeImage(path.join(tempDir(), 'picture.png')));
    expect(info.video).toMatchObject({ codec: 'png', isStillImage: true, width: 640, height: 360 });
    expect(assessReadiness(info)).toEqual({ verdict: 'unusable', reasons: ['A still image, not a video — Clipdesk makes TikToks from video clips'] });
  });

  it('a JPEG named .mp4 is still an image', async () => {
    const dir = tempDir();
    const jpeg = makeImage(path.join(dir, 'photo.jpg'));
    const disguised = path.join(dir, 'photo.mp4');
    fs.renameSync(jpeg, disguised);
    const info = await probe(disguised);
    expect(info.video).toMatchObject({ codec: 'mjpeg', isStillImage: true });
    expect(assessReadiness(info).verdict).toBe('unusable');
  });

  it('audio only: probed, then judged unusable', async () => {
    const info = await probe(makeAudioOnly(path.join(tempDir(), 'voice memo.m4a')));
    expect(info.video).toBeNull();
    expect(info.audio?.codec).toBe('aac');
    expect(assessReadiness(info)).toEqual({ verdict: 'unusable', reasons: ['Audio only — there is no picture to make a video from'] });
  });

  it('a missing file', async () => {
    expectError(await probeError(path.join(tempDir(), 'gone.mp4')), 'FILE_MISSING', '"gone.mp4"', 'moved, renamed or deleted');
  });

  it('a folder', async () => {
    const dir = path.join(tempDir(), 'Holiday clips');
    fs.mkdirSync(dir);
    expectError(await probeError(dir), 'MEDIA_UNREADABLE', '"Holiday clips"', 'is a folder');
  });

  it('an empty file', async () => {
    const file = path.join(tempDir(), 'empty.mp4');
    fs.writeFileSync(file, '');
    expectError(await probeError(file), 'MEDIA_UNREADABLE', '"empty.mp4"', 'is empty (0 bytes)');
  });

  it('a truncated download (moov missing)', async () => {
    expectError(await probeError(makeTruncated(path.join(tempDir(), 'half.mp4'))), 'MEDIA_UNREADABLE', '"half.mp4"', 'damaged (truncated download?)');
  });

  it('a text file named .mp4', async () => {
    const file = path.join(tempDir(), 'notes.mp4');
    fs.writeFileSync(file, 'Shot list:\n1. intro\n2. outro\n'.repeat(50));
    expectError(await probeError(file), 'MEDIA_UNREADABLE', '"notes.mp4"', 'not a video file Clipdesk can read');
  });

  it('a subtitle file has no picture or sound: unreadable as a clip', async () => {
    const file = path.join(tempDir(), 'captions.srt');
    fs.writeFileSync(file, '1\n00:00:00,000 --> 00:00:01,000\nHello\n');
    expectError(await probeError(file), 'MEDIA_UNREADABLE', '"captions.srt"', 'not a video file');
  });
});

// An upload is read by its content, not its name: a playlist or a concat script would make
// ffprobe (and ffmpeg after it) open the files and URLs it lists. fileInput (input-args.ts)
// allows only single-file formats over the file protocol, so such a file is refused unread.
describe('files that list other files', () => {
  it.each([['upload.m3u8'], ['holiday clip.mp4']])('an HLS playlist named %s is not a video: the local video it lists is not followed', async (name) => {
    const dir = tempDir();
    // A real MPEG-TS segment beside it: were the playlist followed, ffprobe would report it as a video.
    execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30:duration=1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-f', 'mpegts', path.join(dir, 'private.ts')]);
    const playlist = path.join(dir, name);
    fs.writeFileSync(playlist, '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nprivate.ts\n#EXT-X-ENDLIST\n');
    expectError(await probeError(playlist), 'MEDIA_UNREADABLE', `"${name}"`, 'not a video file Clipdesk can read');
  });

  it.skipIf(process.platform === 'win32')('nothing of the file a playlist lists is opened (a FIFO there would block the reader)', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'secret.ts')]);
    const playlist = path.join(dir, 'upload.m3u8');
    fs.writeFileSync(playlist, '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nsecret.ts\n#EXT-X-ENDLIST\n');
    // Opened, the FIFO would hang ffprobe until this timeout ("took longer"); refused, it answers at once.
    const err = await probeError(playlist, { ffprobe: FFPROBE, timeoutMs: 5_000 });
    expectError(err, 'MEDIA_UNREADABLE', '"upload.m3u8"', 'not a video file Clipdesk can read');
  });

  it('an ffconcat script is not a video either', async () => {
    const dir = tempDir();
    writeClip(path.join(dir, 'a.mp4'), { durationSec: 0.5, width: 320, height: 240 });
    const script = path.join(dir, 'list.mp4');
    fs.writeFileSync(script, "ffconcat version 1.0\nfile 'a.mp4'\n");
    expectError(await probeError(script), 'MEDIA_UNREADABLE', '"list.mp4"', 'not a video file Clipdesk can read');
  });

  it('a still image whose name looks like an image sequence is read as that one file', async () => {
    const dir = tempDir();
    // (Made under a plain name: ffmpeg's own image2 muxer would read the "%d".)
    const file = path.join(dir, 'frame%d.png');
    fs.renameSync(makeImage(path.join(dir, 'plain.png'), 200, 100), file);
    makeImage(path.join(dir, 'frame1.png'), 640, 360); // what image2's pattern would read instead
    expect((await probe(file)).video).toMatchObject({ width: 200, height: 100, isStillImage: true });
  });
});

describe('file names and the ffprobe process', () => {
  it.each([['clip with spaces.mp4'], [`клип "😀" 'x'.mp4`], ['-starts-with-dash.mp4'], ['100% real %d.mp4'], ['concat:a|b.mp4'], ['视频 $(echo hi) `x`.mov']])(
    'reads %s',
    async (name) => {
      const file = writeClip(path.join(tempDir(), name), { durationSec: 0.5, width: 320, height: 240, container: name.endsWith('.mov') ? 'mov' : 'mp4' });
      const info = await probe(file);
      expect(info.video).toMatchObject({ width: 320, height: 240 });
      expectError(await probeError(path.join(path.dirname(file), `missing ${name}`)), 'FILE_MISSING', name, 'moved');
    },
  );

  it('a relative path is resolved from the working directory', async () => {
    const file = makeClip({ durationSec: 0.5 });
    const info = await probeMedia(path.relative(process.cwd(), file), { ffprobe: FFPROBE });
    expect(info.video?.codec).toBe('h264');
  });

  it('ffprobe missing: says how to install ffmpeg', async () => {
    const err = await probeError(makeClip({ durationSec: 0.5 }), { ffprobe: '/nonexistent/ffprobe' });
    expect(err.code).toBe('FFMPEG_FAILED');
    expect(err.message).toContain('Install ffmpeg');
    expect(err.message).toContain('FFPROBE_PATH');
  });

  it('a timeout kills a stuck ffprobe', async () => {
    const stuck = fakeTool(tempDir(), 'exec sleep 30');
    const started = Date.now();
    const err = await probeError(makeClip({ durationSec: 0.5 }), { ffprobe: stuck, timeoutMs: 300 });
    expect(err.code).toBe('MEDIA_UNREADABLE');
    expect(err.message).toContain('took longer than');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('an abort kills ffprobe and reports CANCELLED', async () => {
    const stuck = fakeTool(tempDir(), 'exec sleep 30');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const err = await probeError(makeClip({ durationSec: 0.5 }), { ffprobe: stuck, signal: controller.signal });
    expect(err.code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(5_000);
    // Already aborted: ffprobe is not even started.
    expect((await probeError(makeClip({ durationSec: 0.5 }), { ffprobe: stuck, signal: AbortSignal.abort() })).code).toBe('CANCELLED');
  });

  it('ffprobe printing something other than JSON is an unreadable file, not a crash', async () => {
    const odd = fakeTool(tempDir(), 'echo "not json"');
    expect((await probeError(makeClip({ durationSec: 0.5 }), { ffprobe: odd })).code).toBe('MEDIA_UNREADABLE');
  });
});

/** A stand-in for ffprobe: a shell script (exec, so killing it kills what it runs). */
function fakeTool(dir: string, body: string): string {
  const file = path.join(dir, 'fake-ffprobe');
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}
