// The part of the source a render keeps, decided once for the loudness measurement and the
// render so both passes hear exactly the same audio.
import type { RenderRecipe } from '../../../src-shared/media/media-info';
import { AppError } from '../../../src-shared/errors';

export interface Span {
  startSec: number;
  durationSec: number;
}

const fmt = (s: number): string => `${Math.round(s * 10) / 10} s`;

/** The kept span; a trim past the end is cut at the end. */
export function keptSpan(trim: RenderRecipe['trim'], sourceDurationSec: number): Span {
  if (!trim) return { startSec: 0, durationSec: sourceDurationSec };
  if (trim.startSec >= sourceDurationSec) {
    throw new AppError('BAD_INPUT', `The trim starts at ${fmt(trim.startSec)}, but the clip is only ${fmt(sourceDurationSec)} long. Choose a start inside the clip.`);
  }
  return { startSec: trim.startSec, durationSec: Math.min(trim.endSec, sourceDurationSec) - trim.startSec };
}

/**
 * Input options that keep the span. Placed before `-i`, seeking is fast (to the keyframe
 * before) and, because the video is re-encoded, still frame-accurate: ffmpeg decodes from
 * that keyframe and drops what comes before the start.
 */
export function spanInputArgs(span: Span, trimmed: boolean): string[] {
  return trimmed ? ['-ss', span.startSec.toFixed(3), '-t', span.durationSec.toFixed(3)] : [];
}
