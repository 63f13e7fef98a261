// One render, start to finish: check the inputs, measure loudness (pass one), render into a
// hidden temporary file beside the output (pass two), grab the cover frame, then rename into
// place. Whatever fails or is cancelled, the temporary files are removed and the output path
// is left as it was: a creator never finds a half-written video.
import fs from 'node:fs';
import path from 'node:path';
import { ZodError } from 'zod';
import { AppError } from '../../../src-shared/errors';
import { RenderRecipeSchema, type MediaInfo, type RenderRecipe } from '../../../src-shared/media/media-info';
import { runFfmpeg, type FfmpegProgress } from './ffmpeg-process';
import { findFontFile } from './font';
import { parseLoudnormJson, planLoudnessMeasurement, type LoudnessMeasurement } from './loudness';
import { coverPathFor, partialPathFor } from './output-paths';
import { planRender } from './render-plan';
import { keptSpan } from './trim';
import { fileInput } from '../media/input-args';
import { toolOutput } from '../media/spawn-tool';

export interface RenderClipInput {
  ffmpeg: string;
  sourcePath: string;
  source: MediaInfo;
  recipe: RenderRecipe;
  /** The image the recipe's watermark asset names (the render queue resolves it inside the data folder's assets). */
  watermarkFile?: string | null;
  outputPath: string;
  encoder: string;
  fontFile?: string;
  signal?: AbortSignal;
  onProgress?(p: FfmpegProgress): void;
  preset?: string;
}

export interface RenderClipResult {
  outputPath: string;
  coverPath: string | null;
  /** The ffmpeg argument lists run, in order (without the -progress options), for benchmarks and logs. */
  passes: string[][];
}

/** Share of the progress bar for each pass: measuring reads the audio only and is quick. */
const MEASURE_SHARE = 0.15;
const COVER_SHARE = 0.02;

const toolFilters = new Map<string, Promise<string>>();

/** Whether this ffmpeg has the filters HDR → SDR needs (zscale is an optional library). */
async function canToneMap(ffmpeg: string): Promise<boolean> {
  let listing = toolFilters.get(ffmpeg);
  if (!listing) {
    listing = toolOutput(ffmpeg, ['-hide_banner', '-filters']).catch(() => '');
    toolFilters.set(ffmpeg, listing);
  }
  const text = await listing;
  return /\szscale\s/.test(text) && /\stonemap\s/.test(text);
}

async function checkWatermark(ffmpeg: string, file: string): Promise<void> {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new AppError('BAD_INPUT', `The watermark image ${file} can't be found or opened. Choose the image again.`);
  }
  // Decode it once now rather than fail minutes into the render.
  const ok = await toolOutput(ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', ...fileInput(file, 'image'), '-frames:v', '1', '-f', 'null', '-'], 20_000).then(
    () => true,
    () => false,
  );
  if (!ok) throw new AppError('BAD_INPUT', `The watermark ${file} isn't an image Clipdesk can read. Use a PNG (with transparency) or a JPEG.`);
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // best effort: nothing else to do about a file we cannot remove
  }
}

export async function renderClip(input: RenderClipInput): Promise<RenderClipResult> {
  const { ffmpeg, sourcePath, source, signal } = input;
  let recipe: RenderRecipe;
  try {
    recipe = RenderRecipeSchema.parse(input.recipe);
  } catch (err) {
    if (err instanceof ZodError) throw new AppError('BAD_INPUT', `The render settings aren't valid: ${err.issues.map((i) => `${i.path.join('.') || 'recipe'}: ${i.message}`).join('; ')}.`);
    throw err;
  }
  if (!fs.existsSync(sourcePath)) {
    throw new AppError('FILE_MISSING', `The clip's file is gone: ${sourcePath}. It was moved or deleted; put it back or import it again.`);
  }
  const outputPath = path.resolve(input.outputPath);
  const outDir = path.dirname(outputPath);
  if (!fs.existsSync(outDir) || !fs.statSync(outDir).isDirectory()) {
    throw new AppError('BAD_INPUT', `The folder ${outDir} doesn't exist. Choose an existing folder for the rendered video.`);
  }
  const coverPath = recipe.coverSec === null ? null : coverPathFor(outputPath);
  if (coverPath === outputPath) throw new AppError('BAD_INPUT', 'The rendered video needs a .mp4 name (the cover image takes the .jpg one).');
  const watermarkFile = recipe.watermark ? (input.watermarkFile ?? null) : null;
  if (recipe.watermark) {
    if (!watermarkFile) throw new AppError('BAD_INPUT', 'The watermark image was not found; choose it again.');
    await checkWatermark(ffmpeg, watermarkFile);
  }
  const needsFont = recipe.captions !== null;
  const fontFile = input.fontFile ?? (needsFont ? findFontFile() : '');

  const partial = partialPathFor(outputPath);
  const coverPartial = `${partial}.cover.jpg`;
  const temps = new Set<string>([partial, coverPartial]);
  const passes: string[][] = [];
  const report = (from: number, share: number) => (p: FfmpegProgress) =>
    input.onProgress?.({ ...p, fraction: from + share * p.fraction });

  const planFor = (loudness: LoudnessMeasurement | null, toneMap: boolean) =>
    planRender({ sourcePath, source, recipe, watermarkFile, outputPath: partial, encoder: input.encoder, fontFile, loudness, preset: input.preset, canToneMap: toneMap });
  // Plan once before running anything, so a bad SRT, trim or encoder name is reported at once
  // rather than after the loudness pass.
  const toneMap = source.video?.hdr ? await canToneMap(ffmpeg) : true;
  planFor(null, toneMap);

  let stage: 'measure' | 'render' | 'cover' = 'measure';
  try {
    const span = keptSpan(recipe.trim, source.durationSec);
    let loudness: LoudnessMeasurement | null = null;
    const measure = recipe.loudness !== null && source.audio !== null;
    if (measure && recipe.loudness) {
      const args = planLoudnessMeasurement({ sourcePath, span, trimmed: recipe.trim !== null, target: recipe.loudness });
      passes.push(args);
      const { stderrTail } = await runFfmpeg(ffmpeg, args, { signal, durationSec: span.durationSec, onProgress: report(0, MEASURE_SHARE) });
      loudness = parseLoudnormJson(stderrTail);
    }

    const plan = planFor(loudness, toneMap);
    for (const f of plan.files) {
      temps.add(f.path);
      fs.writeFileSync(f.path, f.contents, 'utf8');
    }
    const renderStart = measure ? MEASURE_SHARE : 0;
    const renderShare = 1 - renderStart - (coverPath ? COVER_SHARE : 0);
    passes.push(plan.args);
    stage = 'render';
    await runFfmpeg(ffmpeg, plan.args, { signal, durationSec: plan.outDurationSec, onProgress: report(renderStart, renderShare), outputPath });

    if (coverPath && recipe.coverSec !== null) {
      // A time past the end means the last frame rather than an error.
      const at = Math.max(0, Math.min(recipe.coverSec, plan.outDurationSec - 0.1));
      const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-ss', at.toFixed(3), ...fileInput(partial), '-frames:v', '1', '-q:v', '2', '-update', '1', '-f', 'image2', coverPartial];
      passes.push(args);
      stage = 'cover';
      // One frame: ffmpeg's speed and ETA for it mean nothing.
      const coverReport = report(1 - COVER_SHARE, COVER_SHARE);
      await runFfmpeg(ffmpeg, args, { signal, durationSec: 0, onProgress: (p) => coverReport({ ...p, speed: null, etaSec: 0 }), outputPath });
    }
    if (signal?.aborted) throw new AppError('CANCELLED', 'The render was cancelled.');
    fs.renameSync(partial, outputPath);
    if (coverPath) fs.renameSync(coverPartial, coverPath);
    input.onProgress?.({ fraction: 1, speed: null, etaSec: 0, outTimeSec: plan.outDurationSec });
    return { outputPath, coverPath, passes };
  } catch (err) {
    if (err instanceof AppError && err.code === 'FFMPEG_FAILED' && stage === 'render' && input.encoder !== 'libx264') {
      // Hardware encoders fail for reasons outside Clipdesk (driver, no GPU, GPU busy); the
      // software encoder always works, so say so.
      throw new AppError('FFMPEG_FAILED', `The ${input.encoder} hardware encoder didn't work on this computer (${err.message.replace(/^The render failed in ffmpeg \(exit [^)]*\): /, '')}). Choose the software encoder (libx264) in Settings and render again.`);
    }
    if (err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new AppError('DISK_FULL', `The disk is full: free space on ${outDir} and retry.`);
    }
    throw err;
  } finally {
    for (const f of temps) removeQuietly(f);
  }
}
