// Finding ffmpeg and ffprobe (DESIGN.md §3): FFMPEG_PATH / FFPROBE_PATH, then the binary
// ffmpeg-static installed (inside a packaged app: app.asar → app.asar.unpacked, since a
// binary cannot be spawned from inside an asar), then the PATH.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { toolOutput } from './spawn-tool';

export interface ToolLocation {
  path: string;
  source: 'env' | 'ffmpeg-static' | 'beside-ffmpeg' | 'PATH';
}

const exe = (name: string): string => (process.platform === 'win32' ? `${name}.exe` : name);

function isFile(p: string | undefined | null): p is string {
  if (!p) return false;
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe(name));
    if (isFile(candidate)) return candidate;
  }
  return null;
}

function ffmpegStatic(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const p = require('ffmpeg-static') as string | null;
    return p ? p.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`) : null;
  } catch {
    return null;
  }
}

export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): ToolLocation | null {
  if (isFile(env.FFMPEG_PATH)) return { path: env.FFMPEG_PATH, source: 'env' };
  const bundled = ffmpegStatic();
  if (isFile(bundled)) return { path: bundled, source: 'ffmpeg-static' };
  const found = onPath('ffmpeg', env);
  return found ? { path: found, source: 'PATH' } : null;
}

export function findFfprobe(env: NodeJS.ProcessEnv = process.env): ToolLocation | null {
  if (isFile(env.FFPROBE_PATH)) return { path: env.FFPROBE_PATH, source: 'env' };
  const ffmpeg = findFfmpeg(env);
  if (ffmpeg) {
    const beside = path.join(path.dirname(ffmpeg.path), exe('ffprobe'));
    if (isFile(beside)) return { path: beside, source: 'beside-ffmpeg' };
  }
  const found = onPath('ffprobe', env);
  return found ? { path: found, source: 'PATH' } : null;
}

export async function toolVersion(file: string): Promise<string> {
  const out = await toolOutput(file, ['-hide_banner', '-version']);
  const first = out.split('\n')[0] ?? '';
  return first.replace(/^ff(mpeg|probe) version /, '').split(' ')[0] ?? first;
}

/** The H.264 encoders this ffmpeg was built with (whether the hardware works is a later probe). */
export async function h264Encoders(ffmpeg: string): Promise<string[]> {
  const out = await toolOutput(ffmpeg, ['-hide_banner', '-encoders']);
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols.length > 2 && /^V/.test(cols[0] ?? '') && /h264|264/.test(cols[1] ?? ''))
    .map((cols) => cols[1] as string);
}
