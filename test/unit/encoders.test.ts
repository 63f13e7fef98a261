// The H.264 encoder decision: auto prefers working hardware, a named encoder must work.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { HARDWARE_H264_ENCODERS, chooseEncoder, describeEncoders, trialArgs } from '../../src-main/core/media/encoders';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an error');
}

describe('chooseEncoder', () => {
  it('auto: the first working hardware encoder', () => {
    expect(chooseEncoder('auto', ['h264_nvenc', 'h264_vaapi', 'libx264'])).toEqual({
      encoder: 'h264_nvenc',
      reason: 'auto: h264_nvenc is the first working hardware encoder',
    });
    expect(chooseEncoder('auto', ['h264_videotoolbox', 'libx264']).encoder).toBe('h264_videotoolbox');
  });

  it('auto: libx264 when no hardware encoder works', () => {
    expect(chooseEncoder('auto', ['libx264'])).toEqual({ encoder: 'libx264', reason: 'auto: no working hardware encoder, so libx264 (software)' });
  });

  it('auto with nothing working: FFMPEG_FAILED saying what to install', () => {
    const err = thrown(() => chooseEncoder('auto', []));
    expect(err.code).toBe('FFMPEG_FAILED');
    expect(err.message).toContain('libx264');
  });

  it('a named encoder that works is used', () => {
    expect(chooseEncoder('libx264', ['h264_qsv', 'libx264'])).toEqual({ encoder: 'libx264', reason: 'libx264, as chosen in Settings' });
    expect(chooseEncoder('h264_qsv', ['h264_qsv', 'libx264']).encoder).toBe('h264_qsv');
  });

  it('a named encoder that does not work: FFMPEG_FAILED listing what does', () => {
    const err = thrown(() => chooseEncoder('h264_nvenc', ['libx264']));
    expect(err.code).toBe('FFMPEG_FAILED');
    expect(err.message).toContain('"h264_nvenc"');
    expect(err.message).toContain('Encoders that work here: libx264.');
    expect(err.message).toContain('"auto"');
    expect(thrown(() => chooseEncoder('h264_nvenc', [])).message).toContain('No H.264 encoder works');
  });
});

describe('describeEncoders', () => {
  it('says what auto uses and which present encoders failed', () => {
    expect(describeEncoders({ working: ['libx264'], failed: ['h264_nvenc', 'h264_vaapi'] })).toBe(
      'auto uses libx264 (no working hardware encoder: h264_nvenc, h264_vaapi present but failed); working: libx264',
    );
    expect(describeEncoders({ working: ['libx264'], failed: [] })).toBe('auto uses libx264 (no working hardware encoder); working: libx264');
    expect(describeEncoders({ working: ['h264_qsv', 'libx264'], failed: ['h264_nvenc'] })).toBe(
      'auto uses h264_qsv (hardware; h264_nvenc present but failed); working: h264_qsv, libx264',
    );
    expect(describeEncoders({ working: [], failed: ['h264_nvenc'] })).toBe('none works (h264_nvenc present but failed)');
    expect(describeEncoders({ working: [], failed: [] })).toBe('none');
  });
});

describe('trialArgs', () => {
  it('VAAPI uploads frames to the device; other hardware gets nv12; libx264 yuv420p; all discard the output', () => {
    const vaapi = trialArgs('h264_vaapi');
    expect(vaapi).toEqual(expect.arrayContaining(['-vaapi_device', '/dev/dri/renderD128', 'format=nv12,hwupload']));
    for (const e of HARDWARE_H264_ENCODERS.filter((x) => x !== 'h264_vaapi')) expect(trialArgs(e)).toContain('format=nv12');
    expect(trialArgs('libx264')).toContain('yuv420p');
    for (const e of [...HARDWARE_H264_ENCODERS, 'libx264']) expect(trialArgs(e).slice(-5)).toEqual(['-c:v', e, '-f', 'null', '-']);
  });
});
