// What Clipdesk knows about a video file after probing it, and the recipe that renders it
// into TikTok-ready vertical video. Shared by the core (which fills them), the UI and the CLI.
import { z } from 'zod';

export const VideoStreamSchema = z.object({
  codec: z.string(),
  profile: z.string().nullable(),
  /** Displayed size: after the rotation metadata is applied (a portrait phone clip is tall). */
  width: z.number().int(),
  height: z.number().int(),
  /** Rotation metadata in degrees (0, 90, 180, 270), as ffmpeg applies it by default. */
  rotation: z.number().int(),
  /** Average frame rate. */
  fps: z.number(),
  variableFrameRate: z.boolean(),
  pixFmt: z.string().nullable(),
  bitDepth: z.number().int(),
  /** PQ or HLG transfer (HDR). */
  hdr: z.boolean(),
  /**
   * A single picture (PNG, JPEG, …) rather than moving video. Defaults to false so media info
   * stored before the field existed still parses.
   */
  isStillImage: z.boolean().default(false),
});
export type VideoStream = z.infer<typeof VideoStreamSchema>;

export const AudioStreamSchema = z.object({
  codec: z.string(),
  channels: z.number().int(),
  sampleRate: z.number().int(),
});

export const MediaInfoSchema = z.object({
  /** ffprobe's format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
  container: z.string(),
  durationSec: z.number(),
  sizeBytes: z.number().int(),
  video: VideoStreamSchema.nullable(),
  audio: AudioStreamSchema.nullable(),
});
export type MediaInfo = z.infer<typeof MediaInfoSchema>;

export const READINESS_VERDICTS = ['fits', 'needs_render', 'unusable'] as const;
export const ReadinessSchema = z.object({
  verdict: z.enum(READINESS_VERDICTS),
  /** Plain-words reasons: why it needs a render, or why it cannot be used. Empty when it fits. */
  reasons: z.array(z.string()),
});
export type Readiness = z.infer<typeof ReadinessSchema>;

export const FIT_MODES = ['crop', 'blur', 'letterbox'] as const;
export const FitModeSchema = z.enum(FIT_MODES);
export type FitMode = z.infer<typeof FitModeSchema>;

const seconds = z.number().min(0).max(24 * 3600);

/**
 * An image of the creator's kept in the data folder's assets (a watermark), named by its
 * content: the first 32 hex digits of its SHA-256 and the image type. A recipe names an asset,
 * never a path, so no caller can make a render read a file of its choosing.
 */
export const AssetNameSchema = z.string().regex(/^[0-9a-f]{32}\.(png|jpg|webp)$/, 'not an asset name (upload or pick the image again)');
export type AssetName = z.infer<typeof AssetNameSchema>;

export const RenderRecipeSchema = z
  .object({
    fit: FitModeSchema,
    width: z.number().int().min(360).max(4096),
    height: z.number().int().min(360).max(4096),
    /** Keep only [startSec, endSec) of the source. */
    trim: z.object({ startSec: seconds, endSec: seconds }).strict().refine((t) => t.endSec > t.startSec, 'trim end must be after its start').nullable(),
    captions: z
      .discriminatedUnion('kind', [
        // The .srt file's text rather than its path, so a browser on another machine can send it.
        z.object({ kind: z.literal('srt'), srt: z.string().min(1).max(512_000) }).strict(),
        z.object({ kind: z.literal('text'), text: z.string().min(1).max(500) }).strict(),
      ])
      .nullable(),
    /**
     * The creator's own image, kept as an asset (uploaded from a browser, or picked in the desktop
     * app and copied in); off by default (TikTok forbids the app adding its brand).
     */
    watermark: z
      .object({
        asset: AssetNameSchema,
        position: z.enum(['top-left', 'top-right', 'bottom-left', 'bottom-right']),
        opacity: z.number().min(0.05).max(1),
      })
      .strict()
      .nullable(),
    /** Two-pass EBU R128 normalisation; null = off. */
    loudness: z.object({ targetLufs: z.number().min(-40).max(-5), truePeakDb: z.number().min(-9).max(0) }).strict().nullable(),
    /** Cover frame time in the output, seconds. */
    coverSec: seconds.nullable(),
    /** ffmpeg H.264 encoder name; null = the setting (auto: a working hardware encoder, else libx264). */
    encoder: z.string().regex(/^[a-z0-9_]+$/).max(40).nullable(),
  })
  .strict();
export type RenderRecipe = z.infer<typeof RenderRecipeSchema>;

export { DEFAULT_RECIPE } from './default-recipe';
