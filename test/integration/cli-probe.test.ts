// `clipdesk probe` as a person runs it: the built CLI as a child process, on generated files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MediaInfoSchema, ReadinessSchema } from '../../src-shared/media/media-info';
import { makeAudioOnly, makeClip, makeImage, makeTruncated, writeClip } from '../support/media-fixtures';
import { CLI, ROOT } from '../support/serve-process';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-cli-probe-');

function clipdesk(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'out/main/cli.js'))) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
});

describe('clipdesk probe', () => {
  it('a landscape clip: the facts, "Needs a render" with reasons, exit 0', () => {
    const file = writeClip(path.join(tempDir(), 'holiday clip.mp4'), { durationSec: 2, width: 640, height: 360 });
    const r = clipdesk(['probe', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('holiday clip.mp4');
    expect(r.stdout).toMatch(/Container\s+MP4 \(mov,mp4/);
    expect(r.stdout).toMatch(/Duration\s+0:02 \(2\.\d\d s\)/);
    expect(r.stdout).toMatch(/Video\s+H\.264 \(.+\), 640×360, 30 fps/);
    expect(r.stdout).toMatch(/Colour\s+yuv420p, 8-bit, SDR/);
    expect(r.stdout).toMatch(/Audio\s+AAC, mono, 48 kHz/);
    expect(r.stdout).toMatch(/Size\s+\d+(\.\d)? KB/);
    expect(r.stdout).toContain('Needs a render:\n  - Landscape 16:9 — will be framed for vertical video\n');
  });

  it('a vertical H.264/AAC clip fits as is', () => {
    const r = clipdesk(['probe', makeClip({ durationSec: 1, width: 1080, height: 1920 })]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Fits TikTok as is.');
    expect(r.stdout).not.toContain('Needs a render');
  });

  it('a rotated clip shows its rotation and its displayed size', () => {
    const r = clipdesk(['probe', makeClip({ durationSec: 1, width: 640, height: 360, rotation: 90 })]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/360×640/);
    expect(r.stdout).toMatch(/Rotation\s+(90|270)°/);
  });

  it('HDR shows as HDR, with the reason', () => {
    const r = clipdesk(['probe', makeClip({ durationSec: 1, codec: 'libx265', pixFmt: 'yuv420p10le', hdr: true })]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Colour\s+yuv420p10le, 10-bit, HDR/);
    expect(r.stdout).toContain('10-bit HDR — will be tone-mapped to SDR');
  });

  it('--json: { file, media, readiness } that parse against the contract', () => {
    const file = makeClip({ durationSec: 1, width: 1080, height: 1920 });
    const r = clipdesk(['probe', file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { file: string; media: unknown; readiness: unknown };
    expect(out.file).toBe(file);
    expect(MediaInfoSchema.parse(out.media)).toMatchObject({ video: { width: 1080, height: 1920 } });
    expect(ReadinessSchema.parse(out.readiness)).toEqual({ verdict: 'fits', reasons: [] });
  });

  it('an image or audio only: the facts, then "Cannot be used" on stderr, exit 1', () => {
    const image = clipdesk(['probe', makeImage(path.join(tempDir(), 'still.png'))]);
    expect(image.code).toBe(1);
    expect(image.stdout).toMatch(/Container\s+PNG image/);
    expect(image.stderr.trim().split('\n')).toEqual(['Cannot be used: A still image, not a video — Clipdesk makes TikToks from video clips']);
    const audio = clipdesk(['probe', makeAudioOnly(path.join(tempDir(), 'voice.m4a'))]);
    expect(audio.code).toBe(1);
    expect(audio.stdout).toMatch(/Video\s+none/);
    expect(audio.stderr.trim()).toBe('Cannot be used: Audio only — there is no picture to make a video from');
    const json = clipdesk(['probe', makeAudioOnly(path.join(tempDir(), 'voice.m4a')), '--json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { readiness: { verdict: string } }).readiness.verdict).toBe('unusable');
  });

  it('unreadable files: one line on stderr naming the file, exit 1; --json gives the error', () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.mp4');
    fs.writeFileSync(text, 'not a video\n'.repeat(20));
    const cases: Array<[string, string, string]> = [
      [path.join(dir, 'missing.mp4'), 'FILE_MISSING', 'Can\'t find "missing.mp4"'],
      [text, 'MEDIA_UNREADABLE', '"notes.mp4" is not a video file'],
      [makeTruncated(path.join(dir, 'cut.mp4')), 'MEDIA_UNREADABLE', '"cut.mp4" is not a video file'],
      [dir, 'MEDIA_UNREADABLE', 'is a folder'],
    ];
    for (const [file, code, message] of cases) {
      const human = clipdesk(['probe', file]);
      expect(human.code, file).toBe(1);
      expect(human.stdout, file).toBe('');
      const lines = human.stderr.trim().split('\n');
      expect(lines, file).toHaveLength(1);
      expect(lines[0], file).toContain(message);
      const json = clipdesk(['probe', file, '--json']);
      expect(json.code, file).toBe(1);
      const out = JSON.parse(json.stdout) as { file: string; error: { code: string; message: string } };
      expect(out.file).toBe(file);
      expect(out.error.code).toBe(code);
      expect(out.error.message).toContain(message);
    }
  });

  it('a name with quotes, emoji and non-Latin characters', () => {
    const name = `клип "😀" 'x'.mp4`;
    const file = writeClip(path.join(tempDir(), name), { durationSec: 1 });
    const r = clipdesk(['probe', file]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(name);
    expect((JSON.parse(clipdesk(['probe', file, '--json']).stdout) as { file: string }).file).toBe(file);
  });

  it('ffprobe missing: says how to install it, exit 1', () => {
    const r = clipdesk(['probe', makeClip({ durationSec: 1 })], { PATH: '/nonexistent', FFMPEG_PATH: '', FFPROBE_PATH: '', FFMPEG_BIN: '/nonexistent/ffmpeg' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Install ffmpeg');
  });

  it('usage errors exit 2', () => {
    expect(clipdesk(['probe']).code).toBe(2);
    expect(clipdesk(['probe', 'a.mp4', 'b.mp4']).code).toBe(2);
    expect(clipdesk(['probe', 'a.mp4', '--bogus']).code).toBe(2);
  });
});
