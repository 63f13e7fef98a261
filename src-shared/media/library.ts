// Clips in the library and renders of them, as the UI and the CLI see them. Files are named
// by id; the UI builds their URLs for its transport (src-renderer/src/api/media-url.ts).
import { z } from 'zod';
import { JobStateSchema } from '../domain';
import { MediaInfoSchema, ReadinessSchema, RenderRecipeSchema } from './media-info';

export const CLIP_STATES = ['importing', 'ready', 'unusable', 'failed', 'missing'] as const;
export const ClipStateSchema = z.enum(CLIP_STATES);
export type ClipState = z.infer<typeof ClipStateSchema>;

export const ClipSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  sourcePath: z.string(),
  sizeBytes: z.number().int(),
  contentHash: z.string(),
  /** importing → ready | unusable (probed, cannot be used) | failed (could not read) | missing (file gone). */
  state: ClipStateSchema,
  /** Why it is unusable, failed or missing, in plain words, with what to do. */
  error: z.string().nullable(),
  /** 0..1 while importing (hashing, probing, thumbnailing); null otherwise. */
  progress: z.number().nullable(),
  media: MediaInfoSchema.nullable(),
  readiness: ReadinessSchema.nullable(),
  hasThumbnail: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Clip = z.infer<typeof ClipSchema>;

export const ImportResultSchema = z.object({
  /** New clips, at once in state `importing`; probing and thumbnails follow as clips.changed. */
  added: z.array(ClipSchema),
  /** Files already in the library (same file, or same content under another name). */
  duplicates: z.array(ClipSchema),
  /** Paths not imported, each with why: not found, not a file, a folder with no videos… */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

/**
 * A clip left the library: removed by the creator, or found while importing to be a duplicate
 * of `duplicateOf` (same content under another name), in which case the existing clip stays.
 */
export const ClipRemovedSchema = z.object({ id: z.string(), duplicateOf: z.string().nullable() });
export type ClipRemoved = z.infer<typeof ClipRemovedSchema>;

export const RenderSchema = z.object({
  id: z.string(),
  clipId: z.string(),
  /** The clip's file name, so a queue can be listed without fetching every clip. */
  clipFileName: z.string(),
  state: JobStateSchema,
  recipe: RenderRecipeSchema,
  /** 0..1 */
  progress: z.number().nullable(),
  /** Encoding speed as a multiple of real time (ffmpeg's speed=). */
  speed: z.number().nullable(),
  etaSec: z.number().nullable(),
  outputPath: z.string().nullable(),
  /** What the finished file is (probed after rendering); null until it succeeds. */
  output: MediaInfoSchema.nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Render = z.infer<typeof RenderSchema>;

/** The kinds of file the transports serve by id (with HTTP Range for video). */
export const MEDIA_KINDS = ['clip', 'thumbnail', 'render', 'avatar'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
