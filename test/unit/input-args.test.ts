// fileInput: the one shape of an ffmpeg/ffprobe input for a file (input-args.ts).
import { describe, expect, it } from 'vitest';
import { fileInput, IMAGE_DEMUXERS, VIDEO_DEMUXERS } from '../../src-main/core/media/input-args';

describe('fileInput', () => {
  it('gives a clip as an absolute file: URL, local files only, single-file video formats only', () => {
    expect(fileInput('/clips/-x %d.mp4')).toEqual(['-protocol_whitelist', 'file', '-format_whitelist', VIDEO_DEMUXERS.join(','), '-i', 'file:/clips/-x %d.mp4']);
  });

  it('resolves a relative name, so it can never start with a dash or name a protocol', () => {
    const url = fileInput('concat:a|b.mp4').at(-1)!;
    expect(url).toBe(`file:${process.cwd()}/concat:a|b.mp4`);
  });

  it('reads an image as that one file (image2pipe), never as a numbered sequence', () => {
    expect(fileInput('/me/logo %03d.png', 'image')).toEqual(['-protocol_whitelist', 'file', '-f', 'image2pipe', '-i', 'file:/me/logo %03d.png']);
  });

  it('lets ffprobe tell videos from images, without patterns', () => {
    const args = fileInput('/x.png', 'probe');
    expect(args).toEqual(['-protocol_whitelist', 'file', '-format_whitelist', [...VIDEO_DEMUXERS, ...IMAGE_DEMUXERS].join(','), '-pattern_type', 'none', '-i', 'file:/x.png']);
  });

  it.each(['hls', 'concat', 'dash', 'ffmetadata', 'tee', 'lavfi', 'image2'])('never allows the %s demuxer for a video', (demuxer) => {
    expect(fileInput('/x.mp4')[3]!.split(',')).not.toContain(demuxer);
  });
});
