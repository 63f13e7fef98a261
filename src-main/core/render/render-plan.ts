// The render as one pure decision: from the probed source and the recipe to the exact ffmpeg
// arguments. Nothing here touches the disk or spawns; the files the plan needs (captions, typed
// text) are returned for the caller to write, which keeps every rule testable without ffmpeg.
import { AppError } from '../../../src-shared/errors';
import type { FitMode, MediaInfo, RenderRecipe } from '../../../src-shared/media/media-info';
import { AUDIO_ARGS, encoderSpec } from './encoder-args';
import { escapeFilterValue, filterPath } from './filter-escape';
import { applyFilter, type LoudnessMeasurement } from './loudness';
import { safeRect } from './safe-area';
import { formatSrt, parseSrt, shiftCues } from './srt';
import { layoutText } from './text-layout';
import { keptSpan, spanInputArgs } from './trim';
import { fileInput } from '../media/input-args';

export interface RenderPlanInput {
  sourcePath: string;
  source: MediaInfo;
  recipe: RenderRecipe;
  /** The watermark image the recipe's asset names, resolved by the caller (required when the recipe has one). */
  watermarkFile?: string | null;
  /** Where ffmpeg writes (the caller's temporary file); the plan's own files sit beside it. */
  outputPath: string;
  encoder: string;
  /** The caption font (DejaVuSans.ttf); only read when the recipe burns in text. */
  fontFile: string;
  /** Pass one's result; null when normalisation is off or the source has no audio. */
  loudness: LoudnessMeasurement | null;
  preset?: string;
  /** Default true. When this ffmpeg lacks zscale/tonemap, HDR sources are refused. */
  canToneMap?: boolean;
}

export interface PlanFile {
  path: string;
  contents: string;
}

export interface RenderPlan {
  args: string[];
  outDurationSec: number;
  /** Files to write before running and to delete afterwards. */
  files: PlanFile[];
}

export const MIN_FPS = 23;
export const MAX_FPS = 60;
/** Below TikTok's 23 fps floor, frames are repeated up to the nearest standard rate. */
const LOW_FPS_TARGET = 24;

/** yuv420p needs even sizes; an odd recipe size is rounded down by one pixel. */
export function outputSize(recipe: Pick<RenderRecipe, 'width' | 'height'>): { width: number; height: number } {
  return { width: recipe.width - (recipe.width % 2), height: recipe.height - (recipe.height % 2) };
}

/**
 * The frame rate filter, or null to keep the source's: out-of-range rates are clamped into
 * TikTok's 23–60, and variable frame rate becomes constant (at its average, rounded).
 */
export function fpsTarget(video: NonNullable<MediaInfo['video']>): number | null {
  const fps = video.fps > 0 ? video.fps : 30;
  if (fps > MAX_FPS) return MAX_FPS;
  if (fps < MIN_FPS) return LOW_FPS_TARGET;
  if (video.variableFrameRate) return Math.min(MAX_FPS, Math.max(LOW_FPS_TARGET, Math.round(fps)));
  return null;
}

/** PQ/HLG to SDR BT.709: to linear light, Hable tone curve, back to BT.709 (zimg). */
const TONEMAP = 'zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p';

/**
 * The fit graph from `[inLabel]` to `[outLabel]`. Blur draws the background from a 1/8-size
 * copy: blurring 136x240 pixels and scaling the result up looks the same as blurring the full
 * frame with a big radius and costs a fraction of it (the benchmark compares the two). The
 * copy is taken from the already-scaled foreground, not the full source. Its downscale
 * averages (area) rather than samples: a sampled copy shimmers as the picture moves, and x264
 * then spends more on the background than the blur saved.
 */
export function fitGraph(fit: FitMode, width: number, height: number, inLabel: string, outLabel: string): string {
  const cover = `scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height}`;
  const contain = `scale=${width}:${height}:force_original_aspect_ratio=decrease:force_divisible_by=2`;
  switch (fit) {
    case 'crop':
      return `[${inLabel}]${cover},setsar=1[${outLabel}]`;
    case 'letterbox':
      return `[${inLabel}]${contain},pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1[${outLabel}]`;
    case 'blur': {
      const bw = Math.max(2, Math.round(width / 16) * 2);
      const bh = Math.max(2, Math.round(height / 16) * 2);
      return (
        `[${inLabel}]${contain},split=2[bgsrc][fg];` +
        `[bgsrc]scale=${bw}:${bh}:force_original_aspect_ratio=increase:flags=area,crop=${bw}:${bh},boxblur=4:2,scale=${width}:${height}:flags=bilinear[bg];` +
        `[bg][fg]overlay=x=(W-w)/2:y=(H-h)/2,setsar=1[${outLabel}]`
      );
    }
  }
}

/** Caption style: pixel units (PlayRes = frame size), bottom-centred inside the safe area. */
export function captionStyle(width: number, height: number): string {
  const safe = safeRect(width, height);
  const size = Math.round(height * 0.032);
  return [
    `PlayResX=${width}`,
    `PlayResY=${height}`,
    'FontName=DejaVu Sans',
    `FontSize=${size}`,
    'PrimaryColour=&H00FFFFFF',
    'OutlineColour=&H00000000',
    'BorderStyle=1',
    `Outline=${Math.max(2, Math.round(size / 12))}`,
    'Shadow=0',
    'Alignment=2',
    `MarginL=${safe.margins.left}`,
    `MarginR=${safe.margins.right}`,
    `MarginV=${safe.margins.bottom}`,
  ].join(',');
}

function watermarkGraph(
  wm: NonNullable<RenderRecipe['watermark']>,
  inputIndex: number,
  width: number,
  height: number,
  inLabel: string,
  outLabel: string,
): string {
  const safe = safeRect(width, height);
  // About a sixth of the frame's width: readable on a phone, small enough not to compete.
  const w = Math.round(width * 0.18);
  const left = wm.position.endsWith('left');
  const top = wm.position.startsWith('top');
  const x = left ? `${safe.margins.left}` : `W-w-${safe.margins.right}`;
  const y = top ? `${safe.margins.top}` : `H-h-${safe.margins.bottom}`;
  return (
    `[${inputIndex}:v]scale=${w}:-1,format=rgba,colorchannelmixer=aa=${wm.opacity.toFixed(2)}[wm];` +
    `[${inLabel}][wm]overlay=x=${x}:y=${y}:format=auto[${outLabel}]`
  );
}

export function planRender(input: RenderPlanInput): RenderPlan {
  const { source, recipe } = input;
  const video = source.video;
  if (!video) throw new AppError('MEDIA_UNSUPPORTED', 'This file has no video picture, so it cannot become a TikTok video. Choose a video clip.');
  if (video.hdr && input.canToneMap === false) {
    throw new AppError(
      'MEDIA_UNSUPPORTED',
      "This clip is HDR, and the ffmpeg Clipdesk is using can't convert HDR to standard video (it lacks zscale). Export the clip as SDR from your phone or editor, or point FFMPEG_PATH at a full ffmpeg build.",
    );
  }
  const encoder = encoderSpec(input.encoder);
  const { width, height } = outputSize(recipe);
  const span = keptSpan(recipe.trim, source.durationSec);
  const trimmed = recipe.trim !== null;
  const fps = fpsTarget(video);
  const files: PlanFile[] = [];

  // Inputs: 0 the source, then the watermark, then silence for a source without audio.
  const inputs: string[] = [...spanInputArgs(span, trimmed), ...fileInput(input.sourcePath)];
  let nextInput = 1;
  const watermarkInput = recipe.watermark ? nextInput++ : -1;
  if (recipe.watermark) {
    if (!input.watermarkFile) throw new AppError('BAD_INPUT', 'The watermark image was not found; choose it again.');
    inputs.push(...fileInput(input.watermarkFile, 'image'));
  }
  const silenceInput = source.audio ? -1 : nextInput++;
  if (silenceInput !== -1) inputs.push('-f', 'lavfi', '-t', span.durationSec.toFixed(3), '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000');

  // Video graph, stage by stage; each stage reads the previous label.
  const graph: string[] = [];
  let label = '0:v';
  let n = 0;
  const chain = (filters: string[]): void => {
    if (filters.length === 0) return;
    const out = `v${n++}`;
    graph.push(`[${label}]${filters.join(',')}[${out}]`);
    label = out;
  };
  // Frame rate first, so a 120 fps source is halved before the expensive filters.
  chain([...(fps !== null ? [`fps=${fps}`] : []), ...(video.hdr ? [TONEMAP] : [])]);
  const fitted = `v${n++}`;
  graph.push(fitGraph(recipe.fit, width, height, label, fitted));
  label = fitted;

  const overlays: string[] = [];
  if (recipe.captions?.kind === 'text') {
    const safe = safeRect(width, height);
    // Typed text sits at the top of the safe area, in at most its upper third.
    const layout = layoutText(recipe.captions.text, safe.width, Math.round(safe.height / 3), height);
    layout.lines.forEach((line, i) => {
      const file = `${input.outputPath}.text-${i}.txt`;
      files.push({ path: file, contents: line });
      // One drawtext per line so each is centred (drawtext in ffmpeg 5 cannot centre lines of a block);
      // textfile + expansion=none means the text is never parsed: quotes, colons, % and emoji are safe.
      overlays.push(
        `drawtext=fontfile=${filterPath(input.fontFile)}:textfile=${filterPath(file)}:expansion=none` +
          `:fontsize=${layout.fontSize}:fontcolor=white:borderw=${Math.max(2, Math.round(layout.fontSize / 14))}:bordercolor=black` +
          `:x=${safe.x}+(${safe.width}-text_w)/2:y=${safe.y + i * layout.lineHeight}`,
      );
    });
  }
  if (recipe.captions?.kind === 'srt') {
    const cues = shiftCues(parseSrt(recipe.captions.srt), -span.startSec);
    const file = `${input.outputPath}.captions.srt`;
    files.push({ path: file, contents: formatSrt(cues) });
    const fontsDir = input.fontFile.replace(/[\\/][^\\/]*$/, '') || '.';
    overlays.push(`subtitles=filename=${filterPath(file)}:charenc=UTF-8:fontsdir=${filterPath(fontsDir)}:force_style=${escapeFilterValue(captionStyle(width, height))}`);
  }
  chain(overlays);
  if (recipe.watermark) {
    const out = `v${n++}`;
    graph.push(watermarkGraph(recipe.watermark, watermarkInput, width, height, label, out));
    label = out;
  }
  graph.push(`[${label}]${encoder.pixelFilter}[vout]`);

  let audioMap: string;
  if (source.audio) {
    const loud = input.loudness && recipe.loudness ? applyFilter(recipe.loudness, input.loudness) : null;
    // loudnorm works at 192 kHz internally; resample back to 48 kHz after it.
    graph.push(`[0:a:0]${loud ? `${loud},` : ''}aresample=48000[aout]`);
    audioMap = '[aout]';
  } else {
    audioMap = `${silenceInput}:a`;
  }

  const hdrTags = video.hdr ? ['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709'] : [];
  const args = [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    ...encoder.inputArgs,
    ...inputs,
    '-filter_complex', graph.join(';'),
    '-map', '[vout]', '-map', audioMap,
    ...encoder.outputArgs({ width, height, fps: fps ?? video.fps, preset: input.preset }),
    ...hdrTags,
    ...AUDIO_ARGS,
    // No source metadata (location, device, dates) leaves the creator's machine in the upload.
    '-map_metadata', '-1', '-map_chapters', '-1',
    '-movflags', '+faststart',
    '-f', 'mp4', input.outputPath,
  ];
  return { args, outDurationSec: span.durationSec, files };
}
