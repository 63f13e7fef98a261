// ffprobe JSON → MediaInfo for the cases generated clips cannot easily show: every way rotation
// is written, cover art, odd rates and pixel formats, text ffprobe took for ANSI art.
import { describe, expect, it } from 'vitest';
import { bitDepthOf, mediaInfoFromFfprobe, parseRate } from '../../src-main/core/media/probe';

const video = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  codec_type: 'video',
  codec_name: 'h264',
  profile: 'High',
  width: 1920,
  height: 1080,
  pix_fmt: 'yuv420p',
  r_frame_rate: '30/1',
  avg_frame_rate: '30/1',
  disposition: { attached_pic: 0 },
  ...extra,
});
const audio = { codec_type: 'audio', codec_name: 'aac', channels: 2, sample_rate: '44100' };
const probe = (streams: unknown[], format: Record<string, unknown> = { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '12.5' }) =>
  mediaInfoFromFfprobe({ streams, format }, 1000);

describe('mediaInfoFromFfprobe', () => {
  it.each<[string, Record<string, unknown>, number, [number, number]]>([
    ['no rotation', {}, 0, [1920, 1080]],
    ["an iPhone's display matrix (-90)", { side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] }, 90, [1080, 1920]],
    ['a display matrix of 90 (counter-clockwise)', { side_data_list: [{ side_data_type: 'Display Matrix', rotation: 90 }] }, 270, [1080, 1920]],
    ['a display matrix of 180', { side_data_list: [{ side_data_type: 'Display Matrix', rotation: 180 }] }, 180, [1920, 1080]],
    ['a display matrix of -180', { side_data_list: [{ side_data_type: 'Display Matrix', rotation: -180 }] }, 180, [1920, 1080]],
    ['the legacy rotate tag', { tags: { rotate: '90' } }, 90, [1080, 1920]],
    ['a negative legacy rotate tag', { tags: { rotate: '-90' } }, 270, [1080, 1920]],
    ['a rotate tag of 270', { tags: { rotate: '270' } }, 270, [1080, 1920]],
    ['a nearly right angle', { side_data_list: [{ side_data_type: 'Display Matrix', rotation: -89.9 }] }, 90, [1080, 1920]],
    ['other side data only', { side_data_list: [{ side_data_type: 'Stereo 3D' }] }, 0, [1920, 1080]],
  ])('rotation: %s', (_name, extra, rotation, [width, height]) => {
    expect(probe([video(extra), audio])?.video).toMatchObject({ rotation, width, height });
  });

  it('prefers the display matrix over the legacy tag', () => {
    expect(probe([video({ tags: { rotate: '180' }, side_data_list: [{ rotation: -90 }] })])?.video?.rotation).toBe(90);
  });

  it('skips cover art (attached_pic) when looking for the video', () => {
    const cover = video({ codec_name: 'mjpeg', width: 600, height: 600, disposition: { attached_pic: 1 } });
    expect(probe([cover, audio])?.video).toBeNull();
    expect(probe([cover, video(), audio])?.video?.codec).toBe('h264');
  });

  it('reads audio facts', () => {
    expect(probe([video(), audio])?.audio).toEqual({ codec: 'aac', channels: 2, sampleRate: 44100 });
  });

  it('durations: the format first, then the streams, else 0', () => {
    expect(probe([video({ duration: '3.5' })], { format_name: 'mov,mp4' })?.durationSec).toBe(3.5);
    expect(probe([video()], { format_name: 'mov,mp4', duration: 'N/A' })?.durationSec).toBe(0);
    expect(probe([{ ...audio, duration: '7.25' }], { format_name: 'mp3' })?.durationSec).toBe(7.25);
  });

  it('frame rate: average, falling back to r_frame_rate; 0/0 guarded; VFR when they differ by over 1%', () => {
    expect(probe([video({ avg_frame_rate: '0/0', r_frame_rate: '25/1' })])?.video).toMatchObject({ fps: 25, variableFrameRate: false });
    expect(probe([video({ avg_frame_rate: '0/0', r_frame_rate: '0/0' })])?.video).toMatchObject({ fps: 0, variableFrameRate: false });
    expect(probe([video({ avg_frame_rate: '30000/1001', r_frame_rate: '30/1' })])?.video?.variableFrameRate).toBe(false);
    expect(probe([video({ avg_frame_rate: '1410/59', r_frame_rate: '30/1' })])?.video?.variableFrameRate).toBe(true);
    expect(probe([video({ avg_frame_rate: '2997/100', r_frame_rate: '600/1' })])?.video?.variableFrameRate).toBe(true);
  });

  it('HDR from the transfer: PQ and HLG', () => {
    expect(probe([video({ color_transfer: 'smpte2084' })])?.video?.hdr).toBe(true);
    expect(probe([video({ color_transfer: 'arib-std-b67' })])?.video?.hdr).toBe(true);
    expect(probe([video({ color_transfer: 'bt709' })])?.video?.hdr).toBe(false);
  });

  it('still images: a picture demuxer, or one frame with no duration', () => {
    expect(probe([video({ codec_name: 'png' })], { format_name: 'png_pipe' })?.video?.isStillImage).toBe(true);
    expect(probe([video({ codec_name: 'mjpeg' })], { format_name: 'image2' })?.video?.isStillImage).toBe(true);
    expect(probe([video({ codec_name: 'h264', nb_frames: '1' })], { format_name: 'mov,mp4' })?.video?.isStillImage).toBe(true);
    expect(probe([video({ codec_name: 'h264', nb_frames: '1' })], { format_name: 'mov,mp4', duration: '0.2' })?.video?.isStillImage).toBe(false);
    // Motion JPEG from an old camera is a video.
    expect(probe([video({ codec_name: 'mjpeg' })], { format_name: 'avi', duration: '10' })?.video?.isStillImage).toBe(false);
    expect(probe([video()])?.video?.isStillImage).toBe(false);
  });

  it('unknown profile and pixel format become null', () => {
    expect(probe([video({ profile: 'unknown', pix_fmt: 'unknown' })])?.video).toMatchObject({ profile: null, pixFmt: null, bitDepth: 8 });
    expect(probe([video({ profile: undefined, pix_fmt: undefined })])?.video).toMatchObject({ profile: null, pixFmt: null });
  });

  it('no picture and no sound, ANSI art, or not ffprobe output at all → null', () => {
    expect(probe([{ codec_type: 'subtitle', codec_name: 'subrip' }], { format_name: 'srt' })).toBeNull();
    expect(probe([], { format_name: 'mov,mp4' })).toBeNull();
    expect(probe([video({ codec_name: 'ansi' })], { format_name: 'tty' })).toBeNull();
    expect(mediaInfoFromFfprobe({}, 1)).toBeNull();
    expect(mediaInfoFromFfprobe('nonsense', 1)).toBeNull();
    expect(mediaInfoFromFfprobe({ streams: 'x' }, 1)).toBeNull();
  });
});

describe('parseRate and bitDepthOf', () => {
  it('parses rationals and guards against zero and garbage', () => {
    expect(parseRate('30/1')).toBe(30);
    expect(parseRate('30000/1001')).toBeCloseTo(29.97, 2);
    expect(parseRate('25')).toBe(25);
    expect(parseRate('0/0')).toBe(0);
    expect(parseRate('1/0')).toBe(0);
    expect(parseRate('abc')).toBe(0);
    expect(parseRate(undefined)).toBe(0);
  });

  it('reads bit depth from the pixel format, then the stream', () => {
    expect(bitDepthOf('yuv420p', 8)).toBe(8);
    expect(bitDepthOf('yuv420p', undefined)).toBe(8);
    expect(bitDepthOf('yuv420p10le', undefined)).toBe(10);
    expect(bitDepthOf('yuv422p12be', undefined)).toBe(12);
    expect(bitDepthOf('p010le', undefined)).toBe(10);
    expect(bitDepthOf('gray10le', undefined)).toBe(10);
    expect(bitDepthOf('rgb48le', undefined)).toBe(16);
    expect(bitDepthOf('rgba64be', undefined)).toBe(16);
    expect(bitDepthOf('y210le', 10)).toBe(10);
    expect(bitDepthOf(undefined, 10)).toBe(10);
    expect(bitDepthOf('rgb24', undefined)).toBe(8);
  });
});
