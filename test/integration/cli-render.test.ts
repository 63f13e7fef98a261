// `clipdesk render` as a person (or a script) uses it: the built CLI run as a child process.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffprobeJson, makeClip } from '../support/media-fixtures';
import { CLI, ROOT } from '../support/serve-process';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-cli-render-');

function clipdesk(args: string[], dir: string): { code: number | null; stdout: string; stderr: string } {
  // A data folder that does not exist: a render of a loose file must not need (or create) one.
  const r = spawnSync(process.execPath, [CLI, ...args, '--data', path.join(dir, 'data')], { encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'out/main/cli.js'))) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
});

describe('clipdesk render', () => {
  it('renders, prints plain progress lines on stderr when not a terminal, and the output path on stdout', () => {
    const dir = tempDir();
    const out = path.join(dir, 'my clip.mp4');
    const src = makeClip({ durationSec: 2, width: 320, height: 180 });
    const r = clipdesk(['render', src, '-o', out, '--fit', 'crop', '--trim', '0.2-1.2', '--loudness', '-16', '--cover', '0.5'], dir);
    expect(r.stderr).not.toContain('clipdesk render:');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${out}\n`);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^progress \d{1,3}%( speed [\d.]+x)?( eta \d+s)?$/);
    expect(lines.at(-1)).toMatch(/^progress 100%/);
    const v = ffprobeJson(out).streams.find((s) => s.codec_type === 'video') as Record<string, unknown>;
    expect(v).toMatchObject({ codec_name: 'h264', width: 1080, height: 1920 });
    expect(Number(ffprobeJson(out).format.duration)).toBeCloseTo(1, 1);
    expect(fs.readdirSync(dir).filter((f) => !f.startsWith('data')).sort()).toEqual(['my clip.jpg', 'my clip.mp4']);
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false); // no data folder made for a loose render
  }, 120_000);

  it('--json prints JSON lines: progress, then the result with the ffmpeg passes it ran', () => {
    const dir = tempDir();
    const out = path.join(dir, 'o.mp4');
    const r = clipdesk(['render', makeClip({ durationSec: 1, width: 320, height: 180 }), '-o', out, '--json', '--loudness', 'off', '--text', 'Hello: "you"'], dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = lines.at(-1) as { done: boolean; output: string; cover: null; passes: string[][] };
    expect(last).toMatchObject({ done: true, output: out, cover: null });
    expect(last.passes).toHaveLength(1);
    expect(last.passes[0]).toContain('-filter_complex');
    expect(last.passes[0]?.join(' ')).toContain('drawtext=');
    for (const l of lines.slice(0, -1)) expect(l).toHaveProperty('progress');
    expect(r.stderr).toBe('');
  }, 120_000);

  it('answers bad options with one line and exit code 2, before doing anything', () => {
    const dir = tempDir();
    const src = makeClip({ durationSec: 1, width: 320, height: 180 });
    const srt = path.join(dir, 'bad.srt');
    fs.writeFileSync(srt, 'not subtitles');
    const cases: Array<[string[], RegExp]> = [
      [['--fit', 'sideways'], /--fit takes crop, blur or letterbox/],
      [['--trim', 'abc'], /--trim takes START-END/],
      [['--trim', '5-2'], /end must be after the start/],
      [['--loudness', 'loud'], /--loudness takes a target in LUFS/],
      [['--cover', 'soon'], /--cover takes a time/],
      [['--captions', srt, '--text', 'hi'], /--captions or --text, not both/],
      [['--captions', srt], /isn't valid SRT/],
      [['--encoder', 'x265_magic'], /can't render with the encoder "x265_magic"/],
    ];
    for (const [extra, message] of cases) {
      const r = clipdesk(['render', src, '-o', path.join(dir, 'o.mp4'), ...extra], dir);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), extra.join(' ')).toHaveLength(1);
      expect(r.stderr, extra.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
    const noOut = clipdesk(['render', src], dir);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/-o OUT is required/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.mp4'))).toEqual([]);
  }, 120_000);

  it('a corrupt or missing input fails with one line and a non-zero exit', () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.mp4');
    fs.writeFileSync(bad, Buffer.alloc(10_000, 3));
    for (const input of [bad, path.join(dir, 'missing.mp4')]) {
      const r = clipdesk(['render', input, '-o', path.join(dir, 'o.mp4')], dir);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(path.basename(input)); // named, without the folder noise
    }
    expect(fs.existsSync(path.join(dir, 'o.mp4'))).toBe(false);
  }, 60_000);

  // In a terminal, Ctrl+C signals the whole process group (clipdesk and its ffmpeg); a script
  // may signal clipdesk alone. Both must cancel the same way.
  it.each([
    ['clipdesk alone', false],
    ['the process group, as a terminal does', true],
  ])('SIGINT to %s cancels: exit 130, one line, nothing left in the output folder', async (_name, group) => {
    const dir = tempDir();
    const outDir = path.join(dir, 'renders');
    fs.mkdirSync(outDir);
    const src = makeClip({ durationSec: 10, width: 640, height: 360 });
    const child = spawn(process.execPath, [CLI, 'render', src, '-o', path.join(outDir, 'o.mp4'), '--data', path.join(dir, 'data')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: group,
    });
    let interruptedAt = 0;
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // Into the render pass (past the loudness measurement), then interrupt.
        const pct = [...stderr.matchAll(/progress (\d+)%/g)].map((m) => Number(m[1]));
        if (pct.some((p) => p >= 16) && !interruptedAt) {
          interruptedAt = Date.now();
          if (group) process.kill(-(child.pid as number), 'SIGINT');
          else child.kill('SIGINT');
        }
      });
      child.once('exit', resolve);
    });
    expect(code).toBe(130);
    expect(Date.now() - interruptedAt).toBeLessThan(5000);
    const last = stderr.trim().split('\n').at(-1);
    expect(last).toBe('clipdesk render: cancelled; nothing was written.');
    expect(stdout).toBe('');
    expect(fs.readdirSync(outDir)).toEqual([]);
  }, 120_000);
});
