// The recipe a render starts from: TikTok's 1080×1920, blurred background, −14 LUFS / −1 dBTP.
// Its own module, with only a type import, so the UI can use it without bundling zod.
import type { RenderRecipe } from './media-info';

export const DEFAULT_RECIPE = {
  fit: 'blur',
  width: 1080,
  height: 1920,
  trim: null,
  captions: null,
  watermark: null,
  loudness: { targetLufs: -14, truePeakDb: -1 },
  coverSec: null,
  encoder: null,
} as const satisfies RenderRecipe;
