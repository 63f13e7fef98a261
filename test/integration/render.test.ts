// Real renders with real ffmpeg on generated clips: every recipe option changes the output
// the way it should, checked with ffprobe and by looking at the decoded pixels.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { DEFAULT_RECIPE, type RenderRecipe } from '../../src-shared/media/media-info';
import { runFfmpeg } from '../../src-main/core/render/ffmpeg-process';
import { renderClip, type RenderClipInput } from '../../src-main/core/render/render-clip';
import { safeRect } from '../../src-main/core/render/safe-area';
import { probeMedia } from '../../src-main/core/media/probe';
import { FFMPEG, FFPROBE, ffprobeJson, makeClip, measureLoudness, topLevelAtoms, writeClip } from '../support/media-fixtures';
import { listFiles, useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-render-');
const SMALL = { width: 360, height: 640 } as const;
/** Fast settings for tests where loudness is not the point. */
const QUICK: Partial<RenderRecipe> = { ...SMALL, loudness: null };

/** Any asset name: the engine is handed the image's file (watermarkFile) as the render queue would. */
const ASSET = '0123456789abcdef0123456789abcdef.png';

async function render(sourcePath: string, recipe: Partial<RenderRecipe>, extra: Partial<RenderClipInput> = {}) {
  const dir = extra.outputPath ? path.dirname(extra.outputPath) : tempDir();
  const outputPath = extra.outputPath ?? path.join(dir, 'out.mp4');
  const result = await renderClip({
    ffmpeg: FFMPEG,
    sourcePath,
    source: await probeMedia(sourcePath, { ffprobe: FFPROBE }),
    recipe: { ...DEFAULT_RECIPE, ...recipe },
    outputPath,
    encoder: 'libx264',
    preset: 'ultrafast',
    ...extra,
  });
  return { ...result, dir };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the render to fail');
}

interface Frame {
  width: number;
  height: number;
  px: Buffer;
}

/** The luma plane of the frame at `atSec` (null: the only frame of an image). */
function grayFrame(file: string, atSec: number | null = 0.5): Frame {
  const v = ffprobeJson(file).streams.find((s) => s.codec_type === 'video') as { width: number; height: number };
  const seek = atSec === null ? [] : ['-ss', String(atSec)];
  const px = execFileSync(FFMPEG, ['-v', 'error', ...seek, '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 64 * 1024 * 1024 });
  return { width: v.width, height: v.height, px };
}

type Rect = [x0: number, y0: number, x1: number, y1: number];
function mean(f: Frame, [x0, y0, x1, y1]: Rect): number {
  let sum = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += f.px[y * f.width + x] as number;
  return sum / ((x1 - x0) * (y1 - y0));
}
function diff(a: Frame, b: Frame, [x0, y0, x1, y1]: Rect): number {
  let sum = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += Math.abs((a.px[y * a.width + x] as number) - (b.px[y * b.width + x] as number));
  return sum / ((x1 - x0) * (y1 - y0));
}
/** Spread of luma in a region: 0 for a flat colour, large for detail. */
function spread(f: Frame, [x0, y0, x1, y1]: Rect): number {
  const m = mean(f, [x0, y0, x1, y1]);
  let sum = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += ((f.px[y * f.width + x] as number) - m) ** 2;
  return Math.sqrt(sum / ((x1 - x0) * (y1 - y0)));
}

function streams(file: string) {
  const j = ffprobeJson(file);
  const v = j.streams.find((s) => s.codec_type === 'video') as Record<string, string | number>;
  const a = j.streams.find((s) => s.codec_type === 'audio') as Record<string, string | number> | undefined;
  return { v, a, format: j.format as Record<string, string> };
}
const rate = (r: unknown): number => {
  const [n, d] = String(r).split('/').map(Number);
  return (n as number) / (d as number);
};

describe('renderClip: what TikTok needs', () => {
  it('renders the default recipe to 1080x1920 H.264 High yuv420p, AAC 48 kHz stereo, faststart, loudness at −14', async () => {
    const src = makeClip({ durationSec: 3, width: 640, height: 360, fps: 30 });
    const progress: number[] = [];
    // veryfast: x264's -profile:v is a ceiling, and ultrafast turns off the features that make High.
    const { outputPath, coverPath, passes, dir } = await render(src, {}, { preset: 'veryfast', onProgress: (p) => progress.push(p.fraction) });
    const { v, a, format } = streams(outputPath);
    expect(v).toMatchObject({ codec_name: 'h264', profile: 'High', pix_fmt: 'yuv420p', width: 1080, height: 1920 });
    expect(rate(v.avg_frame_rate)).toBeCloseTo(30, 1);
    expect(a).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    expect(Number(format.duration)).toBeCloseTo(3, 0);
    const atoms = topLevelAtoms(outputPath);
    expect(atoms.indexOf('moov')).toBeGreaterThan(-1);
    expect(atoms.indexOf('moov')).toBeLessThan(atoms.indexOf('mdat'));
    const loud = measureLoudness(outputPath);
    expect(Math.abs(loud.integratedLufs - -14)).toBeLessThanOrEqual(1);
    expect(loud.truePeakDb).toBeLessThanOrEqual(-1 + 0.5);
    expect(coverPath).toBeNull();
    expect(passes).toHaveLength(2); // measure, render
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1] as number);
    // Nothing but the output is left in the folder.
    expect(listFiles(dir)).toEqual([outputPath]);
  }, 120_000);

  it('normalises quiet audio up to the target, and leaves it alone when loudness is off', async () => {
    const src = makeClip({ durationSec: 3, width: 320, height: 180, audioGainDb: -10 });
    expect(measureLoudness(src).integratedLufs).toBeLessThan(-25);
    const on = await render(src, { ...SMALL, loudness: { targetLufs: -16, truePeakDb: -2 } });
    const l = measureLoudness(on.outputPath);
    expect(Math.abs(l.integratedLufs - -16)).toBeLessThanOrEqual(1);
    expect(l.truePeakDb).toBeLessThanOrEqual(-2 + 0.5);
    const off = await render(src, QUICK);
    expect(Math.abs(measureLoudness(off.outputPath).integratedLufs - measureLoudness(src).integratedLufs)).toBeLessThan(1);
  }, 60_000);

  it('clamps frame rates into 23–60 and makes variable frame rate constant', async () => {
    const fast = await render(makeClip({ durationSec: 1, width: 320, height: 180, fps: 120 }), QUICK);
    expect(rate(streams(fast.outputPath).v.avg_frame_rate)).toBeCloseTo(60, 0);
    const slow = await render(makeClip({ durationSec: 2, width: 320, height: 180, fps: 15 }), QUICK);
    expect(rate(streams(slow.outputPath).v.avg_frame_rate)).toBeGreaterThanOrEqual(23);
    const vfrSrc = makeClip({ durationSec: 2, width: 320, height: 180, fps: 30, vfr: true });
    const vfr = await render(vfrSrc, QUICK);
    const { v } = streams(vfr.outputPath);
    expect(rate(v.avg_frame_rate)).toBeCloseTo(rate(v.r_frame_rate), 1);
    expect(rate(v.avg_frame_rate)).toBeGreaterThanOrEqual(23);
  }, 60_000);

  it('trims accurately to end − start', async () => {
    const src = makeClip({ durationSec: 4, width: 320, height: 180 });
    const { outputPath } = await render(src, { ...QUICK, trim: { startSec: 0.6, endSec: 2.1 } });
    const { v, a, format } = streams(outputPath);
    expect(Number(format.duration)).toBeCloseTo(1.5, 1);
    expect(Number(v.duration)).toBeCloseTo(1.5, 1);
    expect(Number(a?.duration)).toBeCloseTo(1.5, 1);
  }, 60_000);

  it('adds a silent stereo AAC track to a source without audio', async () => {
    const { outputPath } = await render(makeClip({ durationSec: 2, width: 320, height: 180, audio: false }), { ...SMALL });
    const { v, a } = streams(outputPath);
    expect(a).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    expect(Math.abs(Number(a?.duration) - Number(v.duration))).toBeLessThan(0.1);
  }, 60_000);
});

describe('renderClip: fit', () => {
  it('letterbox has black bars; crop and blur fill the frame, blur with a soft background', async () => {
    const src = makeClip({ durationSec: 1, width: 640, height: 360 });
    const frames = Object.fromEntries(
      await Promise.all((['crop', 'letterbox', 'blur'] as const).map(async (fit) => [fit, grayFrame((await render(src, { ...QUICK, fit })).outputPath)] as const)),
    ) as Record<'crop' | 'letterbox' | 'blur', Frame>;
    const top: Rect = [0, 0, 360, 150];
    const middle: Rect = [0, 260, 360, 380];
    expect(mean(frames.letterbox, top)).toBeLessThan(20); // black (16 in TV range)
    expect(spread(frames.letterbox, top)).toBeLessThan(2);
    expect(mean(frames.blur, top)).toBeGreaterThan(40);
    expect(mean(frames.crop, top)).toBeGreaterThan(40);
    // The blurred background has far less detail than the cropped picture at the same place.
    const edges = (f: Frame, [x0, y0, x1, y1]: Rect): number => {
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0 + 1; x < x1; x++) sum += Math.abs((f.px[y * f.width + x] as number) - (f.px[y * f.width + x - 1] as number));
      return sum / ((x1 - x0 - 1) * (y1 - y0));
    };
    expect(edges(frames.blur, top)).toBeLessThan(edges(frames.blur, middle) / 3);
    expect(edges(frames.blur, top)).toBeLessThan(edges(frames.crop, top));
    // Blur and letterbox show the whole picture in the middle, identically; crop shows a zoomed part.
    expect(diff(frames.blur, frames.letterbox, middle)).toBeLessThan(6);
    expect(diff(frames.crop, frames.letterbox, middle)).toBeGreaterThan(15);
  }, 60_000);
});

describe('renderClip: burned-in text and images', () => {
  const SRT = '1\n00:00:00,000 --> 00:00:05,000\nCaptions: "quoted" ünïcödé\n';

  it('burns SRT captions into the bottom of the safe area, typed text into the top', async () => {
    const src = makeClip({ durationSec: 1, width: 640, height: 360 });
    const plain = grayFrame((await render(src, { ...QUICK, fit: 'letterbox' })).outputPath);
    const subs = grayFrame((await render(src, { ...QUICK, fit: 'letterbox', captions: { kind: 'srt', srt: SRT } })).outputPath);
    const text = grayFrame((await render(src, { ...QUICK, fit: 'letterbox', captions: { kind: 'text', text: "It's 100%: {quoted} text" } })).outputPath);
    const safe = safeRect(360, 640);
    const captionBand: Rect = [0, 640 - safe.margins.bottom - 40, 360, 640 - safe.margins.bottom];
    const topBand: Rect = [0, safe.margins.top, 360, safe.margins.top + 40];
    const belowSafe: Rect = [0, 640 - safe.margins.bottom + 4, 360, 640];
    expect(diff(plain, subs, captionBand)).toBeGreaterThan(5);
    expect(diff(plain, subs, topBand)).toBeLessThan(1);
    expect(diff(plain, subs, belowSafe)).toBeLessThan(1); // nothing under TikTok's caption area
    expect(diff(plain, text, topBand)).toBeGreaterThan(5);
    expect(diff(plain, text, captionBand)).toBeLessThan(1);
    expect(diff(plain, text, [0, 0, 360, safe.margins.top - 2])).toBeLessThan(1);
  }, 60_000);

  it('overlays the watermark at its corner inside the margins, with its opacity', async () => {
    const src = makeClip({ durationSec: 1, width: 640, height: 360 });
    const dir = tempDir();
    const logo = path.join(dir, 'logo.png');
    execFileSync(FFMPEG, ['-v', 'error', '-f', 'lavfi', '-i', 'color=white:size=200x100', '-frames:v', '1', logo]);
    const plain = grayFrame((await render(src, { ...QUICK, fit: 'letterbox' })).outputPath);
    const solid = grayFrame((await render(src, { ...QUICK, fit: 'letterbox', watermark: { asset: ASSET, position: 'bottom-right', opacity: 1 } }, { watermarkFile: logo })).outputPath);
    const faint = grayFrame((await render(src, { ...QUICK, fit: 'letterbox', watermark: { asset: ASSET, position: 'bottom-right', opacity: 0.3 } }, { watermarkFile: logo })).outputPath);
    const safe = safeRect(360, 640);
    const w = Math.round(360 * 0.18);
    const h = Math.round(w / 2);
    const spot: Rect = [360 - safe.margins.right - w + 4, 640 - safe.margins.bottom - h + 4, 360 - safe.margins.right - 4, 640 - safe.margins.bottom - 4];
    expect(mean(solid, spot)).toBeGreaterThan(230); // white, on a black bar
    expect(mean(plain, spot)).toBeLessThan(20);
    expect(mean(faint, spot)).toBeGreaterThan(50);
    expect(mean(faint, spot)).toBeLessThan(mean(solid, spot) - 80);
    // Outside the margins and at the other corners: untouched (beyond encoder noise).
    expect(diff(plain, solid, [360 - safe.margins.right + 2, 0, 360, 640])).toBeLessThan(3);
    expect(diff(plain, solid, [0, 0, 180, 320])).toBeLessThan(3);
  }, 60_000);

  it('writes the cover: the output frame at coverSec, as JPEG next to the output', async () => {
    const src = makeClip({ durationSec: 3, width: 640, height: 360 });
    const { outputPath, coverPath, dir } = await render(src, { ...QUICK, coverSec: 2 });
    expect(coverPath).toBe(path.join(dir, 'out.jpg'));
    const cover = streams(coverPath as string).v;
    expect(cover).toMatchObject({ codec_name: 'mjpeg', width: 360, height: 640 });
    const c = grayFrame(coverPath as string, null);
    const whole: Rect = [0, 0, 360, 640];
    expect(diff(c, grayFrame(outputPath, 2), whole)).toBeLessThan(diff(c, grayFrame(outputPath, 0.5), whole));
    expect(listFiles(dir).sort()).toEqual([coverPath, outputPath].sort());
  }, 60_000);
});

describe('renderClip: awkward sources and paths', () => {
  it('honours rotation metadata: a phone clip stored landscape renders upright, filling the frame', async () => {
    const src = makeClip({ durationSec: 1, width: 640, height: 360, rotation: 90 });
    const info = await probeMedia(src, { ffprobe: FFPROBE });
    // ffmpeg 5.1 writes the fixture's rotate=90 as a +90 display matrix: 270 clockwise (probe.ts).
    expect(info.video).toMatchObject({ width: 360, height: 640 });
    expect([90, 270]).toContain(info.video?.rotation);
    const { outputPath } = await render(src, { ...QUICK, fit: 'letterbox' });
    const f = grayFrame(outputPath);
    // Upright portrait into portrait: no letterbox bars (a sideways render would have them).
    expect(mean(f, [0, 0, 360, 60])).toBeGreaterThan(40);
    expect(mean(f, [0, 580, 360, 640])).toBeGreaterThan(40);
    const side = (streams(outputPath).v.side_data_list ?? []) as unknown as Array<{ rotation?: number }>;
    expect(side.some((s) => s.rotation)).toBe(false);
  }, 60_000);

  it('tone-maps a 10-bit HDR (PQ) source to 8-bit BT.709', async () => {
    const src = makeClip({ durationSec: 1, width: 320, height: 180, codec: 'libx265', pixFmt: 'yuv420p10le', hdr: true });
    const { outputPath } = await render(src, QUICK, { preset: 'veryfast' });
    const { v } = streams(outputPath);
    expect(v).toMatchObject({ codec_name: 'h264', profile: 'High', pix_fmt: 'yuv420p', color_transfer: 'bt709', color_primaries: 'bt709' });
    const f = grayFrame(outputPath);
    expect(mean(f, [0, 0, 360, 640])).toBeGreaterThan(20);
  }, 60_000);

  it('renders odd source sizes and odd recipe sizes', async () => {
    const { outputPath } = await render(makeClip({ durationSec: 1, width: 641, height: 359 }), { ...QUICK, width: 361, height: 641, fit: 'letterbox' });
    expect(streams(outputPath).v).toMatchObject({ width: 360, height: 640, pix_fmt: 'yuv420p' });
  }, 60_000);

  it("works with spaces, quotes, colons, emoji and non-Latin letters in every path", async () => {
    const dir = path.join(tempDir(), `Bob's "clips": ε 日本 🎬 [1],x;y`);
    fs.mkdirSync(dir);
    const src = writeClip(path.join(dir, `source it's 🎞 ü.mp4`), { durationSec: 1, width: 320, height: 180 });
    const logo = path.join(dir, "logo's: ☆.png");
    execFileSync(FFMPEG, ['-v', 'error', '-f', 'lavfi', '-i', 'color=white:size=100x100', '-frames:v', '1', logo]);
    const outputPath = path.join(dir, `out "final": 日本.mp4`);
    const withCaptions = await render(src, { ...QUICK, captions: { kind: 'srt', srt: '1\n00:00:00,000 --> 00:00:05,000\nHi\n' }, watermark: { asset: ASSET, position: 'top-left', opacity: 0.8 }, coverSec: 0.5 }, { outputPath, watermarkFile: logo });
    expect(fs.existsSync(withCaptions.outputPath)).toBe(true);
    expect(fs.existsSync(withCaptions.coverPath as string)).toBe(true);
    const withText = await render(src, { ...QUICK, captions: { kind: 'text', text: 'Hi 🎬' } }, { outputPath });
    expect(fs.existsSync(withText.outputPath)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(logo), path.basename(outputPath), path.basename(withCaptions.coverPath as string), path.basename(src)].sort());
  }, 60_000);

  it('renders a clip and a watermark whose names start with a dash and hold %, a colon and emoji (fileInput: file:, single files)', async () => {
    const dir = tempDir();
    const src = writeClip(path.join(dir, '-clip 100%d a:b 😀.mp4'), { durationSec: 1, width: 320, height: 180 });
    const logo = path.join(dir, '-logo %03d.png');
    // Made under a plain name: ffmpeg's image2 muxer would take "%03d" as a pattern.
    execFileSync(FFMPEG, ['-v', 'error', '-f', 'lavfi', '-i', 'color=white:size=100x100', '-frames:v', '1', path.join(dir, 'plain.png')]);
    fs.renameSync(path.join(dir, 'plain.png'), logo);
    const result = await render(src, { ...QUICK, watermark: { asset: ASSET, position: 'top-left', opacity: 1 } }, { outputPath: path.join(dir, 'out.mp4'), watermarkFile: logo });
    expect(ffprobeJson(result.outputPath).streams.map((st) => st.codec_type).sort()).toEqual(['audio', 'video']);
  }, 60_000);
});

describe('renderClip: failures leave nothing behind', () => {
  it('cancels mid-render: CANCELLED, no output, no temporary files, no ffmpeg left running', async () => {
    const src = makeClip({ durationSec: 8, width: 640, height: 360 });
    const dir = tempDir();
    const controller = new AbortController();
    let seen = 0;
    const err = await rejection(
      render(src, { loudness: null }, {
        outputPath: path.join(dir, 'out.mp4'),
        preset: 'medium',
        signal: controller.signal,
        onProgress: (p) => {
          seen = p.fraction;
          if (p.fraction > 0.05) controller.abort();
        },
      }),
    );
    expect(err.code).toBe('CANCELLED');
    expect(seen).toBeGreaterThan(0.05);
    expect(seen).toBeLessThan(0.9);
    expect(fs.readdirSync(dir)).toEqual([]);
    const running = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    });
    expect(running).toEqual([]);
  }, 60_000);

  it('an already-aborted signal starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const dir = tempDir();
    const err = await rejection(render(makeClip({ durationSec: 1, width: 320, height: 180 }), QUICK, { outputPath: path.join(dir, 'o.mp4'), signal: controller.signal }));
    expect(err.code).toBe('CANCELLED');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('reports a full disk as DISK_FULL (ffmpeg writing to /dev/full)', async () => {
    const src = makeClip({ durationSec: 1, width: 320, height: 180 });
    const err = await rejection(runFfmpeg(FFMPEG, ['-nostdin', '-y', '-loglevel', 'error', '-i', src, '-c', 'copy', '-f', 'mp4', '/dev/full'], { outputPath: '/dev/full' }));
    expect(err.code).toBe('DISK_FULL');
    expect(err.message).toBe('The disk is full: free space on /dev and retry.');
  });

  it('renders onto a full disk: DISK_FULL and nothing left in the folder (small tmpfs)', async (ctx) => {
    const dir = tempDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    } catch {
      ctx.skip('mounting a small tmpfs is not permitted here (needs root); /dev/full covers the error mapping');
      return;
    }
    try {
      const err = await rejection(render(makeClip({ durationSec: 2, width: 640, height: 360 }), QUICK, { outputPath: path.join(dir, 'out.mp4') }));
      expect(err.code).toBe('DISK_FULL');
      expect(err.message).toContain(dir);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      execFileSync('umount', [dir]);
    }
  }, 60_000);

  it('a source deleted after probing is FILE_MISSING', async () => {
    const dir = tempDir();
    const src = writeClip(path.join(dir, 'gone.mp4'), { durationSec: 1, width: 320, height: 180 });
    const source = await probeMedia(src, { ffprobe: FFPROBE });
    fs.rmSync(src);
    const err = await rejection(renderClip({ ffmpeg: FFMPEG, sourcePath: src, source, recipe: { ...DEFAULT_RECIPE, ...QUICK }, outputPath: path.join(dir, 'o.mp4'), encoder: 'libx264' }));
    expect(err.code).toBe('FILE_MISSING');
    expect(err.message).toContain(src);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a missing or unreadable watermark before rendering', async () => {
    const dir = tempDir();
    const src = makeClip({ durationSec: 1, width: 320, height: 180 });
    const missing = await rejection(render(src, { ...QUICK, watermark: { asset: ASSET, position: 'top-left', opacity: 1 } }, { outputPath: path.join(dir, 'o.mp4'), watermarkFile: path.join(dir, 'nope.png') }));
    expect(missing.code).toBe('BAD_INPUT');
    expect(missing.message).toMatch(/watermark image .*nope\.png can't be found/);
    const junk = path.join(dir, 'junk.png');
    fs.writeFileSync(junk, 'not an image');
    const unreadable = await rejection(render(src, { ...QUICK, watermark: { asset: ASSET, position: 'top-left', opacity: 1 } }, { outputPath: path.join(dir, 'o.mp4'), watermarkFile: junk }));
    expect(unreadable.code).toBe('BAD_INPUT');
    expect(unreadable.message).toMatch(/isn't an image/);
    expect(fs.readdirSync(dir)).toEqual(['junk.png']);
  });

  it('refuses invalid SRT before running ffmpeg', async () => {
    const dir = tempDir();
    const err = await rejection(render(makeClip({ durationSec: 1, width: 320, height: 180 }), { ...QUICK, captions: { kind: 'srt', srt: 'hello' } }, { outputPath: path.join(dir, 'o.mp4') }));
    expect(err.code).toBe('BAD_INPUT');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a failing encoder (no GPU here) is FFMPEG_FAILED with its reason, and cleans up', async () => {
    const dir = tempDir();
    const err = await rejection(render(makeClip({ durationSec: 1, width: 320, height: 180 }), QUICK, { outputPath: path.join(dir, 'o.mp4'), encoder: 'h264_vaapi' }));
    expect(err.code).toBe('FFMPEG_FAILED');
    expect(err.message).toMatch(/h264_vaapi hardware encoder didn't work on this computer \(.*VA.*\)\. Choose the software encoder \(libx264\)/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a corrupt source is MEDIA_UNREADABLE', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.mp4');
    fs.writeFileSync(bad, Buffer.alloc(4096, 7));
    const err = await rejection(probeMedia(bad, { ffprobe: FFPROBE }));
    expect(err.code).toBe('MEDIA_UNREADABLE');
  });
});
