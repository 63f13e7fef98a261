// The recipe as the editor holds it, and the RenderRecipe it becomes. Edits are remembered per
// clip for the session, so leaving a clip and coming back finds them as they were.
import type { FitMode, RenderRecipe } from '../../../../src-shared/media/media-info';

import { DEFAULT_RECIPE } from '../../../../src-shared/media/default-recipe';

export { DEFAULT_RECIPE };

export const FIT_LABELS: Record<FitMode, { label: string; description: string }> = {
  crop: { label: 'Crop to fill', description: 'Fills the frame; the sides of a wide clip are cut off.' },
  blur: { label: 'Blurred background', description: 'The whole clip, on a blurred copy of itself.' },
  letterbox: { label: 'Letterbox', description: 'The whole clip, on black bars.' },
};

export type CaptionsDraft = { kind: 'none' } | { kind: 'srt'; srt: string; fileName: string } | { kind: 'text'; text: string };
export type WatermarkPosition = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

export interface RecipeDraft {
  fit: FitMode;
  /** null = the whole clip. */
  trim: { startSec: number; endSec: number } | null;
  captions: CaptionsDraft;
  watermark: { enabled: boolean; asset: string | null; fileName: string | null; position: WatermarkPosition; opacity: number };
  loudness: { enabled: boolean; targetLufs: number };
  /** Seconds into the rendered output. */
  coverSec: number | null;
}

export function newDraft(): RecipeDraft {
  return {
    fit: DEFAULT_RECIPE.fit,
    trim: null,
    captions: { kind: 'none' },
    watermark: { enabled: false, asset: null, fileName: null, position: 'bottom-right', opacity: 0.8 },
    loudness: { enabled: true, targetLufs: DEFAULT_RECIPE.loudness.targetLufs },
    coverSec: null,
  };
}

const drafts = new Map<string, RecipeDraft>();
export function rememberedDraft(clipId: string): RecipeDraft {
  return drafts.get(clipId) ?? newDraft();
}
export function rememberDraft(clipId: string, draft: RecipeDraft): void {
  drafts.set(clipId, draft);
}

/** Why the draft cannot be rendered as it is, or null. */
export function draftProblem(draft: RecipeDraft): string | null {
  if (draft.trim && draft.trim.endSec <= draft.trim.startSec) return 'The trim end must be after its start.';
  if (draft.captions.kind === 'text' && !draft.captions.text.trim()) return 'Type the caption text, or choose No captions.';
  if (draft.captions.kind === 'srt' && !draft.captions.srt.trim()) return 'The .srt file is empty; choose another, or No captions.';
  if (draft.watermark.enabled && !draft.watermark.asset) return 'Choose the watermark image, or turn the watermark off.';
  if (draft.loudness.enabled && !(draft.loudness.targetLufs >= -40 && draft.loudness.targetLufs <= -5))
    return 'Target loudness must be between −40 and −5 LUFS.';
  return null;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

export function toRecipe(draft: RecipeDraft): RenderRecipe {
  return {
    fit: draft.fit,
    width: DEFAULT_RECIPE.width,
    height: DEFAULT_RECIPE.height,
    trim: draft.trim ? { startSec: round3(draft.trim.startSec), endSec: round3(draft.trim.endSec) } : null,
    captions:
      draft.captions.kind === 'srt'
        ? { kind: 'srt', srt: draft.captions.srt }
        : draft.captions.kind === 'text'
          ? { kind: 'text', text: draft.captions.text.trim() }
          : null,
    watermark:
      draft.watermark.enabled && draft.watermark.asset
        ? { asset: draft.watermark.asset, position: draft.watermark.position, opacity: draft.watermark.opacity }
        : null,
    loudness: draft.loudness.enabled ? { targetLufs: draft.loudness.targetLufs, truePeakDb: DEFAULT_RECIPE.loudness.truePeakDb } : null,
    coverSec: draft.coverSec === null ? null : round3(draft.coverSec),
    encoder: null,
  };
}

/** Number of cues in an .srt file, to confirm the right one was picked. */
export function countSrtCues(srt: string): number {
  return (srt.match(/\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->/g) ?? []).length;
}
