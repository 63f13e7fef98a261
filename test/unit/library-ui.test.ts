// The Library UI's pure parts: how media facts read, the recipe the editor sends, the encoder
// list read from the doctor, and the hash routes inside a section.
import { describe, expect, it } from 'vitest';
import { RenderRecipeSchema, DEFAULT_RECIPE as SHARED_DEFAULT } from '../../src-shared/media/media-info';
import { formatBytes, formatCodecs, formatDuration, formatEta, formatFps } from '../../src-renderer/src/lib/format-media';
import { sectionFromHash, subPathFromHash } from '../../src-renderer/src/navigation/sections';
import { countSrtCues, DEFAULT_RECIPE, draftProblem, newDraft, toRecipe } from '../../src-renderer/src/sections/library/recipe';

describe('media facts', () => {
  it('reads durations, sizes, frame rates and codecs as a creator would', () => {
    expect(formatDuration(42.4)).toBe('0:42');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(7.56, true)).toBe('0:07.5');
    expect(formatBytes(48 * 1024 ** 2)).toMatch(/^48(\.0)? MB$/);
    expect(formatFps(30)).toBe('30 fps');
    expect(formatFps(29.97)).toBe('29.97 fps');
    expect(formatEta(12.2)).toBe('12 s left');
    expect(formatEta(null)).toBeNull();
    const video = { codec: 'h264', profile: null, width: 1920, height: 1080, rotation: 0, fps: 30, variableFrameRate: false, pixFmt: 'yuv420p', bitDepth: 8, hdr: false, isStillImage: false };
    expect(formatCodecs({ container: 'mp4', durationSec: 1, sizeBytes: 1, video, audio: { codec: 'aac', channels: 2, sampleRate: 48000 } })).toBe('H.264 / AAC');
    expect(formatCodecs({ container: 'mp4', durationSec: 1, sizeBytes: 1, video, audio: null })).toBe('H.264, no audio');
  });
});

describe('recipe', () => {
  it('the UI’s defaults are the shared ones (restated to keep zod out of the bundle)', () => {
    expect(DEFAULT_RECIPE).toEqual(SHARED_DEFAULT);
  });

  it('a fresh draft becomes the default recipe, and it passes the contract', () => {
    const recipe = toRecipe(newDraft());
    expect(recipe).toEqual(SHARED_DEFAULT);
    expect(RenderRecipeSchema.safeParse(recipe).success).toBe(true);
  });

  it('every option of the editor reaches the recipe in the contract’s shape', () => {
    const draft = {
      ...newDraft(),
      fit: 'crop' as const,
      trim: { startSec: 1.00004, endSec: 8.5 },
      captions: { kind: 'text' as const, text: '  hello  ' },
      watermark: { enabled: true, asset: '0123456789abcdef0123456789abcdef.png', fileName: 'logo.png', position: 'top-left' as const, opacity: 0.5 },
      loudness: { enabled: false, targetLufs: -14 },
      coverSec: 2.5,
    };
    expect(draftProblem(draft)).toBeNull();
    const recipe = toRecipe(draft);
    expect(recipe).toMatchObject({
      fit: 'crop',
      trim: { startSec: 1, endSec: 8.5 },
      captions: { kind: 'text', text: 'hello' },
      watermark: { asset: '0123456789abcdef0123456789abcdef.png', position: 'top-left', opacity: 0.5 },
      loudness: null,
      coverSec: 2.5,
    });
    expect(RenderRecipeSchema.safeParse(recipe).success).toBe(true);
  });

  it('says what is missing instead of sending a recipe the core would refuse', () => {
    expect(draftProblem({ ...newDraft(), captions: { kind: 'text', text: ' ' } })).toMatch(/caption text/);
    expect(draftProblem({ ...newDraft(), watermark: { ...newDraft().watermark, enabled: true } })).toMatch(/watermark image/);
    expect(draftProblem({ ...newDraft(), loudness: { enabled: true, targetLufs: -60 } })).toMatch(/−40 and −5/);
  });

  it('counts the cues of an .srt file', () => {
    expect(countSrtCues('1\n00:00:00,000 --> 00:00:02,000\nHi\n\n2\n00:00:02,000 --> 00:00:04,500\nThere\n')).toBe(2);
    expect(countSrtCues('just some text')).toBe(0);
  });
});

describe('routes inside a section', () => {
  it('a clip page is #/library/<id>', () => {
    expect(sectionFromHash('#/library/abc123')).toBe('library');
    expect(subPathFromHash('#/library/abc123')).toBe('abc123');
    expect(subPathFromHash('#/library')).toBe('');
    expect(subPathFromHash('#/library/renders')).toBe('renders');
    expect(subPathFromHash('#/library/a%20b')).toBe('a b');
  });
});
