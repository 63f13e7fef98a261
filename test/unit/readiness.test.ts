// The readiness rules, one case per rule and per boundary, on hand-made media info.
import { describe, expect, it } from 'vitest';
import { MediaInfoSchema, type MediaInfo, type VideoStream } from '../../src-shared/media/media-info';
import {
  AS_IS_RULES,
  NEEDS_RENDER_RULES,
  TIKTOK_VIDEO_LIMITS,
  UNUSABLE_RULES,
  assessReadiness,
  containerFamily,
  describeShape,
  formatBytes,
  formatDuration,
  formatFps,
  isVertical916,
} from '../../src-shared/media/readiness';

const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';

/** A 1080×1920 H.264/AAC MP4: fits as is. */
function info(video: Partial<VideoStream> | null = {}, rest: Partial<MediaInfo> = {}): MediaInfo {
  return {
    container: MP4,
    durationSec: 12,
    sizeBytes: 20_000_000,
    video:
      video === null
        ? null
        : {
            codec: 'h264',
            profile: 'High',
            width: 1080,
            height: 1920,
            rotation: 0,
            fps: 30,
            variableFrameRate: false,
            pixFmt: 'yuv420p',
            bitDepth: 8,
            hdr: false,
            isStillImage: false,
            ...video,
          },
    audio: { codec: 'aac', channels: 2, sampleRate: 48000 },
    ...rest,
  };
}

describe('assessReadiness', () => {
  it('a vertical 9:16 H.264/AAC MP4 fits as is, without reasons', () => {
    expect(assessReadiness(info())).toEqual({ verdict: 'fits', reasons: [] });
    expect(MediaInfoSchema.parse(info())).toEqual(info());
  });

  it.each<[string, Partial<VideoStream> | null, Partial<MediaInfo>]>([
    ['H.265', { codec: 'hevc', profile: 'Main' }, {}],
    ['MOV', {}, { container: MP4 }],
    ['720×1280', { width: 720, height: 1280 }, {}],
    ['1080×1918 (within the 9:16 tolerance)', { width: 1080, height: 1918 }, {}],
    ['yuvj420p', { pixFmt: 'yuvj420p' }, {}],
    ['23.976 fps', { fps: 24000 / 1001 }, {}],
    ['59.94 fps', { fps: 60000 / 1001 }, {}],
    ['exactly 60 fps', { fps: 60 }, {}],
    ['exactly 23 fps', { fps: 23 }, {}],
    ['rotated portrait (phone) video', { rotation: 90 }, {}],
    ['exactly 10 minutes', {}, { durationSec: 600 }],
    ['exactly 4 GB', {}, { sizeBytes: 4 * 1024 ** 3 }],
    ['2160×3840', { width: 2160, height: 3840 }, {}],
    ['mono 44.1 kHz AAC', {}, { audio: { codec: 'aac', channels: 1, sampleRate: 44100 } }],
  ])('fits: %s', (_name, video, rest) => {
    expect(assessReadiness(info(video, rest))).toEqual({ verdict: 'fits', reasons: [] });
  });

  it.each<[string, Partial<VideoStream>, Partial<MediaInfo>, string]>([
    ['landscape 16:9', { width: 1920, height: 1080 }, {}, 'Landscape 16:9 — will be framed for vertical video'],
    ['square', { width: 1080, height: 1080 }, {}, 'Square 1:1 — will be framed for vertical video'],
    ['portrait 3:4', { width: 1080, height: 1440 }, {}, 'Portrait 3:4 — will be framed for 9:16 vertical video'],
    ['a tall phone screen recording', { width: 1080, height: 2340 }, {}, 'Portrait 1080×2340 — will be framed for 9:16 vertical video'],
    ['no audio', {}, { audio: null }, 'No audio track — a silent track will be added'],
    ['Opus audio', {}, { audio: { codec: 'opus', channels: 2, sampleRate: 48000 } }, 'Opus audio — will be re-encoded as AAC'],
    ['PCM audio', {}, { audio: { codec: 'pcm_s16le', channels: 2, sampleRate: 48000 } }, 'PCM audio — will be re-encoded as AAC'],
    ['10-bit HDR', { codec: 'hevc', pixFmt: 'yuv420p10le', bitDepth: 10, hdr: true }, {}, '10-bit HDR — will be tone-mapped to SDR'],
    ['8-bit HDR (HLG)', { hdr: true }, {}, 'HDR — will be tone-mapped to SDR'],
    ['10-bit SDR', { codec: 'hevc', pixFmt: 'yuv420p10le', bitDepth: 10 }, {}, '10-bit colour — will be converted to 8-bit'],
    ['4:4:4', { pixFmt: 'yuv444p' }, {}, 'yuv444p pixel format — will be converted to yuv420p, which every phone plays'],
    ['unknown pixel format', { pixFmt: null }, {}, 'Unknown pixel format — will be converted to yuv420p'],
    ['120 fps', { fps: 120 }, {}, '120 fps — will be reduced to 60'],
    ['15 fps', { fps: 15 }, {}, "15 fps is below TikTok's 23 fps minimum — will be converted to 30 fps"],
    ['22.5 fps', { fps: 22.5 }, {}, "22.5 fps is below TikTok's 23 fps minimum — will be converted to 30 fps"],
    ['an unknown frame rate', { fps: 0 }, {}, 'Unknown frame rate — will be set to 30 fps'],
    ['variable frame rate', { variableFrameRate: true }, {}, 'Variable frame rate — will be converted to a constant frame rate'],
    ['odd dimensions', { width: 1079, height: 1919 }, {}, 'Odd dimensions (1079×1919) — will be resized to even ones'],
    ['VP9 in WebM', { codec: 'vp9', profile: null }, { container: 'matroska,webm' }, 'VP9 video — will be re-encoded as H.264, which TikTok recommends'],
    ['MPEG-4 Part 2', { codec: 'mpeg4' }, {}, "MPEG-4 Part 2 video — TikTok doesn't accept it; will be re-encoded as H.264"],
    ['ProRes', { codec: 'prores' }, {}, "ProRes video — TikTok doesn't accept it; will be re-encoded as H.264"],
    ['H.264 in MKV', {}, { container: 'matroska,webm' }, 'MKV container — will be rewritten as MP4'],
    ['AVI', {}, { container: 'avi' }, 'AVI container — will be rewritten as MP4'],
    ['MPEG-TS', {}, { container: 'mpegts' }, 'MPEG-TS container — will be rewritten as MP4'],
    ['smaller than 360 px', { width: 270, height: 480 }, {}, "270×480 is below TikTok's 360-pixel minimum — will be scaled up (it may look soft)"],
    ['larger than 4096 px', { width: 4320, height: 7680 }, {}, "4320×7680 is over TikTok's 4096-pixel limit — will be scaled down"],
    ['longer than 10 minutes', {}, { durationSec: 601 }, "Longer than TikTok's 10-minute limit (10:01) — trim it to 10 minutes or less"],
    ['longer than an hour', {}, { durationSec: 3725 }, "Longer than TikTok's 10-minute limit (1:02:05) — trim it to 10 minutes or less"],
    ['over 4 GB', {}, { sizeBytes: 5 * 1024 ** 3 }, "5 GB is over TikTok's 4 GB limit — the render will make it smaller"],
  ])('needs a render: %s', (_name, video, rest, reason) => {
    expect(assessReadiness(info(video, rest))).toEqual({ verdict: 'needs_render', reasons: [reason] });
  });

  it('lists every reason that applies, in one order', () => {
    const r = assessReadiness(
      info({ width: 3840, height: 2160, codec: 'hevc', pixFmt: 'yuv420p10le', bitDepth: 10, hdr: true, fps: 120 }, { audio: null, durationSec: 700 }),
    );
    expect(r.verdict).toBe('needs_render');
    expect(r.reasons).toEqual([
      'Landscape 16:9 — will be framed for vertical video',
      '120 fps — will be reduced to 60',
      '10-bit HDR — will be tone-mapped to SDR',
      'No audio track — a silent track will be added',
      "Longer than TikTok's 10-minute limit (11:40) — trim it to 10 minutes or less",
    ]);
  });

  it.each<[string, Partial<VideoStream> | null, Partial<MediaInfo>, string]>([
    ['audio only', null, {}, 'Audio only — there is no picture to make a video from'],
    ['no streams at all', null, { audio: null }, 'No video in this file — Clipdesk needs a video clip'],
    ['a still image', { codec: 'png', pixFmt: 'rgb24', isStillImage: true, fps: 25 }, { durationSec: 0, audio: null, container: 'png_pipe' }, 'A still image, not a video — Clipdesk makes TikToks from video clips'],
    ['a still image that claims a duration', { codec: 'mjpeg', isStillImage: true }, { durationSec: 0.04, container: 'jpeg_pipe' }, 'A still image, not a video — Clipdesk makes TikToks from video clips'],
    ['zero duration', {}, { durationSec: 0 }, 'Zero length — the file has no playable video'],
    ['absurdly tiny', { width: 32, height: 48 }, {}, 'Only 32×48 pixels — too small to make a watchable video'],
  ])('unusable: %s', (_name, video, rest, reason) => {
    expect(assessReadiness(info(video, rest))).toEqual({ verdict: 'unusable', reasons: [reason] });
  });

  it('the tiny cut-off is the boundary between unusable and upscaling', () => {
    const min = AS_IS_RULES.minUsableSidePx;
    expect(assessReadiness(info({ width: min - 1, height: 200 })).verdict).toBe('unusable');
    expect(assessReadiness(info({ width: min, height: 200 })).verdict).toBe('needs_render');
  });

  it('every rule is exercised by a case above, so a new rule needs a test', () => {
    // A rule that never fires on the fitting clip and fires on at least one variant.
    for (const [name, rule] of [...Object.entries(UNUSABLE_RULES), ...Object.entries(NEEDS_RENDER_RULES)]) {
      const base = info();
      expect(rule(base, base.video as VideoStream), name).toBeNull();
    }
    expect(Object.keys(NEEDS_RENDER_RULES).sort()).toEqual(
      ['audio', 'codec', 'colour', 'container', 'frameRate', 'oddSize', 'shape', 'tooBig', 'tooLarge', 'tooLong', 'tooSmall', 'variableFrameRate'].sort(),
    );
    expect(Object.keys(UNUSABLE_RULES).sort()).toEqual(['stillImage', 'tiny', 'zeroDuration']);
  });
});

describe('TikTok limits', () => {
  it('are the documented ones (docs/platforms.md, TikTok §3.8)', () => {
    expect(TIKTOK_VIDEO_LIMITS).toEqual({
      containers: ['MP4', 'MOV', 'WebM'],
      videoCodecs: ['h264', 'hevc', 'vp8', 'vp9'],
      minFps: 23,
      maxFps: 60,
      minSidePx: 360,
      maxSidePx: 4096,
      maxDurationSec: 600,
      maxSizeBytes: 4294967296,
    });
  });
});

describe('helpers', () => {
  it('containerFamily tells MP4, WebM and MKV apart', () => {
    expect(containerFamily(MP4, 'h264')).toBe('MP4');
    expect(containerFamily('matroska,webm', 'vp9')).toBe('WebM');
    expect(containerFamily('matroska,webm', 'vp8')).toBe('WebM');
    expect(containerFamily('matroska,webm', 'h264')).toBe('MKV');
    expect(containerFamily('matroska,webm', null)).toBe('MKV');
    expect(containerFamily('avi', 'mpeg4')).toBe('AVI');
    expect(containerFamily('flv', 'h264')).toBe('FLV');
    expect(containerFamily('ogg', 'theora')).toBe('OGG');
    expect(containerFamily('png_pipe', 'png')).toBe('PNG image');
    expect(containerFamily('jpeg_pipe', 'mjpeg')).toBe('JPEG image');
    expect(containerFamily('image2', 'mjpeg')).toBe('Image');
  });

  it('describeShape names common ratios and falls back to the size', () => {
    expect(describeShape(1920, 1080)).toBe('Landscape 16:9');
    expect(describeShape(1280, 720)).toBe('Landscape 16:9');
    expect(describeShape(640, 480)).toBe('Landscape 4:3');
    expect(describeShape(1080, 1920)).toBe('Portrait 9:16');
    expect(describeShape(1080, 1350)).toBe('Portrait 4:5');
    expect(describeShape(500, 500)).toBe('Square 1:1');
    expect(describeShape(2560, 1080)).toBe('Landscape 21:9');
    expect(describeShape(1000, 300)).toBe('Landscape 1000×300');
  });

  it('isVertical916 allows 2% either way', () => {
    expect(isVertical916(1080, 1920)).toBe(true);
    expect(isVertical916(1080, 1890)).toBe(true);
    expect(isVertical916(1080, 1800)).toBe(false);
    expect(isVertical916(1920, 1080)).toBe(false);
    expect(isVertical916(1080, 0)).toBe(false);
  });

  it('formats durations, frame rates and sizes', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(12.4)).toBe('0:12');
    expect(formatDuration(754)).toBe('12:34');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatFps(30)).toBe('30');
    expect(formatFps(30000 / 1001)).toBe('29.97');
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20_000_000)).toBe('19.1 MB');
    expect(formatBytes(4 * 1024 ** 3)).toBe('4 GB');
    expect(formatBytes(300 * 1024 ** 2)).toBe('300 MB');
  });
});
