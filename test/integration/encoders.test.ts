// Encoder detection with the real ffmpeg: on this kind of machine (no GPU) only libx264 works,
// and hardware encoders the build lists are reported as failed rather than crashing anything.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearEncoderCache, detectH264Encoders, detectWorkingH264Encoders, encoderCacheFile, HARDWARE_H264_ENCODERS } from '../../src-main/core/media/encoders';
import { h264Encoders } from '../../src-main/core/media/ffmpeg-path';
import { runDoctor } from '../../src-main/core/doctor/doctor';
import { FFMPEG } from '../support/media-fixtures';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-enc-');

describe('detectH264Encoders', () => {
  it('tries every listed encoder; libx264 works and comes last', async () => {
    clearEncoderCache();
    const listed = await h264Encoders(FFMPEG);
    const report = await detectH264Encoders(FFMPEG);
    expect(report.working).toContain('libx264');
    expect(report.working[report.working.length - 1]).toBe('libx264');
    const hardwareListed = HARDWARE_H264_ENCODERS.filter((e) => listed.includes(e));
    // Every hardware encoder the build lists is accounted for, one way or the other.
    expect([...report.working, ...report.failed].sort()).toEqual([...hardwareListed, 'libx264'].sort());
    // Encoders the build does not list are never tried.
    for (const e of [...report.working, ...report.failed]) expect(listed).toContain(e);
    // On a machine without /dev/dri, VAAPI cannot work.
    if (listed.includes('h264_vaapi') && !fs.existsSync('/dev/dri/renderD128')) expect(report.failed).toContain('h264_vaapi');
  });

  it('is cached per ffmpeg path', async () => {
    clearEncoderCache();
    const first = detectWorkingH264Encoders(FFMPEG);
    const second = detectWorkingH264Encoders(FFMPEG);
    expect(await first).toEqual(await second);
    const started = Date.now();
    await detectWorkingH264Encoders(FFMPEG);
    expect(Date.now() - started).toBeLessThan(50);
  });

  it('keeps the result in the data folder for the next process, for the same ffmpeg only', async () => {
    const dataDir = tempDir();
    const cacheFile = encoderCacheFile(dataDir);
    const ffmpeg = path.join(tempDir(), 'ffmpeg');
    fs.copyFileSync(FFMPEG, ffmpeg);
    fs.chmodSync(ffmpeg, 0o755);
    clearEncoderCache();
    const detected = await detectH264Encoders(ffmpeg, { cacheFile });
    expect(JSON.parse(fs.readFileSync(cacheFile, 'utf8'))).toMatchObject({ ffmpeg, report: detected });

    // A new process (an empty memory cache) takes the stored result: here, a doctored one proves it.
    const stored = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { report: { working: string[] } };
    stored.report.working = ['h264_fake', 'libx264'];
    fs.writeFileSync(cacheFile, JSON.stringify(stored));
    clearEncoderCache();
    expect(await detectWorkingH264Encoders(ffmpeg, { cacheFile })).toEqual(['h264_fake', 'libx264']);

    // Another binary at the same path (an ffmpeg upgrade) is detected afresh; so is a refresh.
    fs.appendFileSync(ffmpeg, Buffer.from([0]));
    clearEncoderCache();
    expect(await detectWorkingH264Encoders(ffmpeg, { cacheFile })).toEqual(detected.working);
    fs.writeFileSync(cacheFile, JSON.stringify({ ...stored, size: fs.statSync(ffmpeg).size, mtimeMs: fs.statSync(ffmpeg).mtimeMs }));
    expect(await detectWorkingH264Encoders(ffmpeg, { cacheFile, refresh: true })).toEqual(detected.working);
    // A damaged cache file is ignored, not trusted.
    fs.writeFileSync(cacheFile, '{not json');
    clearEncoderCache();
    expect(await detectWorkingH264Encoders(ffmpeg, { cacheFile })).toEqual(detected.working);
  });

  it('an ffmpeg that cannot run rejects, and the failure is not cached', async () => {
    clearEncoderCache();
    const missing = path.join(tempDir(), 'no-ffmpeg');
    await expect(detectH264Encoders(missing)).rejects.toThrow();
    fs.symlinkSync(FFMPEG, missing);
    expect((await detectH264Encoders(missing)).working).toContain('libx264');
  });
});

describe('doctor', () => {
  it("reports the working encoders and which one auto uses", async () => {
    const checks = await runDoctor({ dataDir: tempDir(), secrets: null, env: { ...process.env, FFMPEG_PATH: FFMPEG } });
    const h264 = checks.find((c) => c.id === 'h264');
    expect(h264?.ok).toBe(true);
    expect(h264?.detail).toMatch(/^auto uses \S+ \(.*\); working: .*libx264$/);
  });
});
