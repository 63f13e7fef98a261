// `clipdesk render FILE -o OUT [options]`: one render from the command line, with progress on
// stderr (a bar on a terminal, plain lines otherwise, JSON lines with --json) and the output
// path on stdout. Ctrl+C cancels and leaves nothing behind (exit 130).
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { assetNameOf } from '../../core/library/assets';
import { DEFAULT_RECIPE, RenderRecipeSchema, type RenderRecipe } from '../../../src-shared/media/media-info';
import { findFfmpeg, findFfprobe } from '../../core/media/ffmpeg-path';
import type { FfmpegProgress } from '../../core/render/ffmpeg-process';
import { encoderSpec } from '../../core/render/encoder-args';
import { renderClip } from '../../core/render/render-clip';
import { probeMedia } from '../../core/media/probe';
import { DATABASE_FILE } from '../../core/store/database';
import { chooseEncoder, detectWorkingH264Encoders, encoderCacheFile } from '../../core/media/encoders';
import { CliError } from '../cli-error';

type Values = Record<string, string | boolean | undefined>;

const usage = (message: string): CliError => new CliError(`clipdesk render: ${message}`, 2);

/** "12", "1.5", "0:05", "1:02:03.5" → seconds; null if it is none of those. */
export function parseTime(text: string): number | null {
  const t = text.trim();
  if (!/^\d+(?:\.\d+)?$|^(?:\d+:)?\d{1,2}:\d{1,2}(?:\.\d+)?$/.test(t)) return null;
  return t.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

export function parseTrim(text: string): { startSec: number; endSec: number } {
  const m = /^\s*([^-]+?)\s*-\s*([^-]+?)\s*$/.exec(text);
  const startSec = m ? parseTime(m[1] as string) : null;
  const endSec = m ? parseTime(m[2] as string) : null;
  if (startSec === null || endSec === null) throw usage(`--trim takes START-END in seconds or [h:]mm:ss, e.g. 1.5-12 or 0:05-0:40 (got "${text}").`);
  if (endSec <= startSec) throw usage(`--trim ${text}: the end must be after the start.`);
  return { startSec, endSec };
}

export function parseLoudness(text: string): RenderRecipe['loudness'] {
  if (text.trim().toLowerCase() === 'off') return null;
  const lufs = Number(text);
  if (!Number.isFinite(lufs) || lufs >= 0) throw usage(`--loudness takes a target in LUFS below zero, written with "=" (e.g. --loudness=-14), or "off" (got "${text}").`);
  return { targetLufs: lufs, truePeakDb: DEFAULT_RECIPE.loudness?.truePeakDb ?? -1 };
}

/** The recipe the options describe, validated like any other recipe. */
export function recipeFromOptions(values: Values): RenderRecipe {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const recipe: RenderRecipe = { ...DEFAULT_RECIPE };
  const fit = str('fit');
  if (fit !== undefined) {
    if (fit !== 'crop' && fit !== 'blur' && fit !== 'letterbox') throw usage(`--fit takes crop, blur or letterbox (got "${fit}").`);
    recipe.fit = fit;
  }
  const trim = str('trim');
  if (trim !== undefined) recipe.trim = parseTrim(trim);
  const loudness = str('loudness');
  if (loudness !== undefined) recipe.loudness = parseLoudness(loudness);
  const captions = str('captions');
  const text = str('text');
  if (captions !== undefined && text !== undefined) throw usage('choose --captions or --text, not both.');
  if (captions !== undefined) {
    let srt: string;
    try {
      srt = fs.readFileSync(captions, 'utf8');
    } catch {
      throw new CliError(`clipdesk render: can't read the captions file ${captions}. Check the path.`, 1);
    }
    recipe.captions = { kind: 'srt', srt };
  }
  if (text !== undefined) recipe.captions = { kind: 'text', text };
  const cover = str('cover');
  if (cover !== undefined) {
    const sec = parseTime(cover);
    if (sec === null) throw usage(`--cover takes a time in seconds or [h:]mm:ss (got "${cover}").`);
    recipe.coverSec = sec;
  }
  const encoder = str('encoder');
  if (encoder !== undefined) recipe.encoder = encoder;
  const parsed = RenderRecipeSchema.safeParse(recipe);
  if (!parsed.success) {
    throw usage(parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

const clock = (sec: number): string => `${Math.floor(sec / 60)}:${String(Math.floor(sec % 60)).padStart(2, '0')}`;

/** Progress on stderr: a redrawn bar on a terminal, else at most one plain line a second. */
function progressPrinter(mode: 'tty' | 'plain' | 'json'): { update(p: FfmpegProgress): void; finish(): void } {
  let lastAt = 0;
  let lastPct = -1;
  return {
    update(p) {
      const pct = Math.floor(p.fraction * 100);
      const now = Date.now();
      if (mode !== 'tty' && now - lastAt < 1000 && pct < 100) return;
      if (pct === lastPct && mode !== 'tty') return;
      lastAt = now;
      lastPct = pct;
      const speed = p.speed === null ? '' : `${p.speed.toFixed(1)}x`;
      if (mode === 'json') {
        process.stdout.write(`${JSON.stringify({ progress: Math.round(p.fraction * 1000) / 1000, speed: p.speed, etaSec: p.etaSec === null ? null : Math.round(p.etaSec) })}\n`);
      } else if (mode === 'plain') {
        process.stderr.write(`progress ${pct}%${speed ? ` speed ${speed}` : ''}${p.etaSec === null ? '' : ` eta ${Math.round(p.etaSec)}s`}\n`);
      } else {
        const filled = Math.round(p.fraction * 20);
        const eta = p.etaSec === null ? '' : `  ${clock(p.etaSec)} left`;
        process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}] ${String(pct).padStart(3)}%${speed ? `  ${speed}` : ''}${eta}\x1b[K`);
      }
    },
    finish() {
      if (mode === 'tty') process.stderr.write('\n');
    },
  };
}

export async function renderCommand(dataDir: string, file: string, values: Values): Promise<number> {
  const json = values.json === true;
  const out = typeof values.output === 'string' ? values.output : undefined;
  if (!out) throw usage('-o OUT is required: the path of the video to write (e.g. -o clip-tiktok.mp4).');
  const recipe = recipeFromOptions(values);
  // The watermark, a file of this machine named at its own terminal: the recipe names it by its
  // content as an asset would be named, and the engine is given the file itself.
  const watermarkFile = typeof values.watermark === 'string' ? path.resolve(values.watermark) : null;
  const ffmpeg = findFfmpeg();
  if (!ffmpeg) throw new CliError("clipdesk render: Clipdesk can't find ffmpeg. Reinstall Clipdesk, or set FFMPEG_PATH to a working ffmpeg.", 1);

  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.on('SIGINT', cancel);
  process.on('SIGTERM', cancel);
  const printer = progressPrinter(json ? 'json' : process.stderr.isTTY ? 'tty' : 'plain');
  try {
    const ffprobe = findFfprobe()?.path;
    const source = await probeMedia(path.resolve(file), { ...(ffprobe ? { ffprobe } : {}), signal: controller.signal });
    if (watermarkFile) recipe.watermark = { asset: await watermarkAsset(watermarkFile), position: 'bottom-right', opacity: 0.8 };
    if (recipe.encoder) encoderSpec(recipe.encoder); // not an encoder Clipdesk knows: a usage error (exit 2)
    const encoder = chooseEncoder(recipe.encoder ?? (await encoderSetting(dataDir)), await detectWorkingH264Encoders(ffmpeg.path, fs.existsSync(dataDir) ? { cacheFile: encoderCacheFile(dataDir) } : {})).encoder;
    const result = await renderClip({
      ffmpeg: ffmpeg.path,
      sourcePath: path.resolve(file),
      source,
      recipe,
      watermarkFile,
      outputPath: path.resolve(out),
      encoder,
      signal: controller.signal,
      onProgress: (p) => printer.update(p),
    });
    printer.finish();
    if (json) process.stdout.write(`${JSON.stringify({ done: true, output: result.outputPath, cover: result.coverPath, passes: result.passes })}\n`);
    else process.stdout.write(`${result.outputPath}\n`);
    return 0;
  } catch (err) {
    printer.finish();
    if (err instanceof AppError) {
      if (json) process.stdout.write(`${JSON.stringify({ error: { code: err.code, message: err.message } })}\n`);
      if (err.code === 'CANCELLED') throw new CliError('clipdesk render: cancelled; nothing was written.', 130);
      throw new CliError(`clipdesk render: ${err.message}`, err.code === 'BAD_INPUT' ? 2 : 1);
    }
    throw err;
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

/**
 * The creator's encoder setting when this data folder has a database; 'auto' otherwise. A
 * render of a loose file must not create a data folder just to read a default.
 */
async function encoderSetting(dataDir: string): Promise<string> {
  if (!fs.existsSync(path.join(dataDir, DATABASE_FILE))) return 'auto';
  const { openApiSession } = await import('../api-session');
  const session = await openApiSession(dataDir);
  try {
    return (await session.call('settings.get', {})).renderEncoder;
  } finally {
    await session.close();
  }
}

async function watermarkAsset(file: string): Promise<string> {
  try {
    return await assetNameOf(file);
  } catch (err) {
    if (err instanceof AppError) throw new AppError('BAD_INPUT', `The watermark ${file} isn't an image Clipdesk can read (${err.message}) Use a PNG (with transparency) or a JPEG.`);
    throw new AppError('BAD_INPUT', `The watermark image ${file} can't be found or opened. Check the path.`);
  }
}
