// The render plan as a pure function: which ffmpeg arguments each recipe option produces.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { DEFAULT_RECIPE, type MediaInfo, type RenderRecipe } from '../../src-shared/media/media-info';
import { ENCODERS, encoderSpec, videoBitrateKbps } from '../../src-main/core/render/encoder-args';
import { classifyFfmpegFailure, lastMeaningfulLine, progressFromBlock } from '../../src-main/core/render/ffmpeg-process';
import { escapeFilterValue, filterPath } from '../../src-main/core/render/filter-escape';
import { fontCandidates } from '../../src-main/core/render/font';
import { applyFilter, parseLoudnormJson, planLoudnessMeasurement } from '../../src-main/core/render/loudness';
import { coverPathFor, isPartialName, partialPathFor } from '../../src-main/core/render/output-paths';
import { captionStyle, fitGraph, fpsTarget, outputSize, planRender, type RenderPlanInput } from '../../src-main/core/render/render-plan';
import { safeRect } from '../../src-main/core/render/safe-area';
import { formatSrt, parseSrt, shiftCues } from '../../src-main/core/render/srt';
import { layoutText, wrapText } from '../../src-main/core/render/text-layout';

const VIDEO: NonNullable<MediaInfo['video']> = {
  codec: 'h264', profile: 'High', width: 1920, height: 1080, rotation: 0, fps: 30, variableFrameRate: false, pixFmt: 'yuv420p', bitDepth: 8, hdr: false, isStillImage: false,
};
const SOURCE: MediaInfo = { container: 'mov,mp4', durationSec: 10, sizeBytes: 1000, video: VIDEO, audio: { codec: 'aac', channels: 2, sampleRate: 48000 } };

function plan(recipe: Partial<RenderRecipe> = {}, over: Partial<RenderPlanInput> = {}) {
  return planRender({
    sourcePath: '/clips/in.mp4',
    source: SOURCE,
    recipe: { ...DEFAULT_RECIPE, ...recipe },
    outputPath: '/out/.x.partial.mp4',
    encoder: 'libx264',
    fontFile: '/app/resources/fonts/DejaVuSans.ttf',
    loudness: null,
    ...over,
  });
}
const graphOf = (args: string[]): string => args[args.indexOf('-filter_complex') + 1] as string;
const after = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('planRender: the output every TikTok upload needs', () => {
  it('writes H.264 High yuv420p at the recipe size, AAC 48 kHz stereo, faststart MP4, no source metadata', () => {
    const { args, outDurationSec } = plan();
    expect(outDurationSec).toBe(10);
    expect(args.slice(0, 5)).toEqual(['-hide_banner', '-nostdin', '-y', '-loglevel', 'error']);
    expect(after(args, '-c:v')).toBe('libx264');
    expect(after(args, '-profile:v')).toBe('high');
    expect(after(args, '-pix_fmt')).toBe('yuv420p');
    expect(after(args, '-crf')).toBe('20');
    expect(after(args, '-preset')).toBe('medium');
    expect(after(args, '-c:a')).toBe('aac');
    expect(after(args, '-ar')).toBe('48000');
    expect(after(args, '-ac')).toBe('2');
    expect(after(args, '-movflags')).toBe('+faststart');
    expect(after(args, '-map_metadata')).toBe('-1');
    expect(args.slice(-3)).toEqual(['-f', 'mp4', '/out/.x.partial.mp4']);
    expect(graphOf(args)).toContain('1080:1920');
    expect(graphOf(args)).toMatch(/format=yuv420p\[vout\]$|format=yuv420p\[vout\];/);
  });

  it('honours a preset override (tests, benchmarks) and rounds odd sizes down to even', () => {
    expect(after(plan({}, { preset: 'ultrafast' }).args, '-preset')).toBe('ultrafast');
    expect(outputSize({ width: 361, height: 641 })).toEqual({ width: 360, height: 640 });
    expect(graphOf(plan({ width: 361, height: 641 }).args)).toContain('360:640');
  });

  it('maps a source without audio to a silent stereo track of the output length', () => {
    const { args } = plan({ trim: { startSec: 1, endSec: 3.5 } }, { source: { ...SOURCE, audio: null } });
    const i = args.indexOf('anullsrc=channel_layout=stereo:sample_rate=48000');
    expect(i).toBeGreaterThan(0);
    expect(args.slice(i - 5, i)).toEqual(['-f', 'lavfi', '-t', '2.500', '-i']);
    expect(args[args.lastIndexOf('-map') + 1]).toBe('1:a');
    expect(graphOf(args)).not.toContain('[0:a:0]');
  });
});

describe('planRender: frame rate', () => {
  it('keeps 23–60 fps, clamps outside, makes variable frame rate constant', () => {
    expect(fpsTarget({ ...VIDEO, fps: 30 })).toBeNull();
    expect(fpsTarget({ ...VIDEO, fps: 23.976 })).toBeNull();
    expect(fpsTarget({ ...VIDEO, fps: 59.94 })).toBeNull();
    expect(fpsTarget({ ...VIDEO, fps: 120 })).toBe(60);
    expect(fpsTarget({ ...VIDEO, fps: 15 })).toBe(24);
    expect(fpsTarget({ ...VIDEO, fps: 29.7, variableFrameRate: true })).toBe(30);
    expect(graphOf(plan({}, { source: { ...SOURCE, video: { ...VIDEO, fps: 120 } } }).args)).toMatch(/^\[0:v\]fps=60\[/);
    expect(graphOf(plan().args)).not.toContain('fps=');
  });
});

describe('planRender: fit', () => {
  it('crop covers then crops; letterbox fits and pads black; blur fills from a small blurred copy', () => {
    expect(fitGraph('crop', 1080, 1920, 'a', 'b')).toBe('[a]scale=1080:1920:force_original_aspect_ratio=increase,crop=1080:1920,setsar=1[b]');
    const lb = fitGraph('letterbox', 1080, 1920, 'a', 'b');
    expect(lb).toContain('force_original_aspect_ratio=decrease');
    expect(lb).toContain('pad=1080:1920:(ow-iw)/2:(oh-ih)/2:color=black');
    const blur = fitGraph('blur', 1080, 1920, 'a', 'b');
    // The blur runs at 1/8 size (136x240), never at full size.
    expect(blur).toContain('[a]scale=1080:1920:force_original_aspect_ratio=decrease:force_divisible_by=2,split=2[bgsrc][fg];');
    expect(blur).toContain('[bgsrc]scale=136:240:force_original_aspect_ratio=increase:flags=area,crop=136:240,boxblur=4:2,scale=1080:1920:flags=bilinear[bg]');
    expect(blur).not.toMatch(/crop=1080:1920,boxblur/);
    expect(blur).toContain('overlay=x=(W-w)/2:y=(H-h)/2');
  });
});

describe('planRender: HDR and trim', () => {
  it('tone-maps PQ/HLG to BT.709 and tags it, or refuses without zscale', () => {
    const hdr = { ...SOURCE, video: { ...VIDEO, hdr: true, bitDepth: 10, pixFmt: 'yuv420p10le' } };
    const { args } = plan({}, { source: hdr });
    expect(graphOf(args)).toContain('zscale=t=linear');
    expect(graphOf(args)).toContain('tonemap=tonemap=hable');
    expect(after(args, '-color_trc')).toBe('bt709');
    expect(after(args, '-colorspace')).toBe('bt709');
    expect(thrown(() => plan({}, { source: hdr, canToneMap: false })).code).toBe('MEDIA_UNSUPPORTED');
    expect(graphOf(plan().args)).not.toContain('zscale');
  });

  it('seeks before the input and keeps end − start; a trim past the end stops at the end', () => {
    const p = plan({ trim: { startSec: 1.5, endSec: 4 } });
    expect(p.args.slice(5, 9)).toEqual(['-ss', '1.500', '-t', '2.500']);
    expect(p.args.indexOf('-ss')).toBeLessThan(p.args.indexOf('-i'));
    expect(p.outDurationSec).toBe(2.5);
    expect(plan({ trim: { startSec: 8, endSec: 30 } }).outDurationSec).toBe(2);
    const err = thrown(() => plan({ trim: { startSec: 12, endSec: 14 } }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/starts at 12 s.*only 10 s long/);
    expect(plan().args).not.toContain('-ss');
  });

  it('refuses a file with no video', () => {
    expect(thrown(() => plan({}, { source: { ...SOURCE, video: null } })).code).toBe('MEDIA_UNSUPPORTED');
  });
});

describe('loudness', () => {
  const STDERR = `[Parsed_loudnorm_0 @ 0x5581] \n{\n\t"input_i" : "-32.05",\n\t"input_tp" : "-19.94",\n\t"input_lra" : "0.00",\n\t"input_thresh" : "-42.05",\n\t"output_i" : "-14.43",\n\t"output_tp" : "-1.94",\n\t"output_lra" : "0.00",\n\t"output_thresh" : "-24.43",\n\t"normalization_type" : "dynamic",\n\t"target_offset" : "0.43"\n}\n`;

  it('measures the same span the render keeps', () => {
    const args = planLoudnessMeasurement({ sourcePath: '/c/in.mp4', span: { startSec: 2, durationSec: 3 }, trimmed: true, target: { targetLufs: -14, truePeakDb: -1 } });
    expect(args).toEqual(expect.arrayContaining(['-ss', '2.000', '-t', '3.000', '-i', 'file:/c/in.mp4', '-af', 'loudnorm=I=-14:TP=-1:LRA=11:print_format=json', '-f', 'null', '-']));
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    expect(after(args, '-loglevel')).toBe('info');
  });

  it('parses loudnorm JSON from stderr and applies it linearly, then resamples to 48 kHz', () => {
    const m = parseLoudnormJson(`frame stuff\n${STDERR}[out#0] muxing overhead`);
    expect(m).toEqual({ inputI: -32.05, inputTp: -19.94, inputLra: 0, inputThresh: -42.05, targetOffset: 0.43 });
    const { args } = plan({}, { loudness: m });
    expect(graphOf(args)).toContain(
      '[0:a:0]loudnorm=I=-14:TP=-1:LRA=11:measured_I=-32.05:measured_TP=-19.94:measured_LRA=0.00:measured_thresh=-42.05:offset=0.43:linear=true,aresample=48000[aout]',
    );
    // A measured range above 11 LU raises the target range so linear mode holds.
    expect(applyFilter({ targetLufs: -14, truePeakDb: -1 }, { ...m, inputLra: 15.3 })).toContain('LRA=16:');
  });

  it('leaves silence alone and reports a missing measurement', () => {
    const silent = parseLoudnormJson(STDERR.replace('"-32.05"', '"-inf"').replace('"-19.94"', '"-inf"'));
    expect(silent.inputI).toBe(-Infinity);
    expect(applyFilter({ targetLufs: -14, truePeakDb: -1 }, silent)).toBeNull();
    expect(graphOf(plan({}, { loudness: silent }).args)).toContain('[0:a:0]aresample=48000[aout]');
    expect(thrown(() => parseLoudnormJson('Conversion failed!')).code).toBe('FFMPEG_FAILED');
    // Off in the recipe: no loudnorm even with a measurement.
    expect(graphOf(plan({ loudness: null }, { loudness: parseLoudnormJson(STDERR) }).args)).not.toContain('loudnorm');
  });
});

describe('captions (SRT)', () => {
  const SRT = '\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\nHello: "world"\r\n\r\n2\r\n00:00:03.2 --> 00:00:05,000 X1:10\r\nSecond\r\nline\r\n';

  it('parses, normalises and renumbers; shifts by the trim and drops cues before it', () => {
    const cues = parseSrt(SRT);
    expect(cues).toEqual([
      { startSec: 1, endSec: 2.5, text: 'Hello: "world"' },
      { startSec: 3.2, endSec: 5, text: 'Second\nline' },
    ]);
    expect(formatSrt(shiftCues(cues, -3))).toBe('1\n00:00:00,200 --> 00:00:02,000\nSecond\nline\n');
    expect(formatSrt(cues)).toBe('1\n00:00:01,000 --> 00:00:02,500\nHello: "world"\n\n2\n00:00:03,200 --> 00:00:05,000\nSecond\nline\n');
  });

  it('refuses invalid SRT saying which caption is wrong', () => {
    expect(thrown(() => parseSrt('')).message).toMatch(/no captions/);
    expect(thrown(() => parseSrt('1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\nnot a time\ntext')).message).toMatch(/caption 2 has no time line/);
    expect(thrown(() => parseSrt('1\n00:00:03,000 --> 00:00:02,000\nbackwards')).message).toMatch(/caption 1 ends/);
    expect(thrown(() => parseSrt('1\n00:00:01,000 --> 00:00:02,000\n')).message).toMatch(/no text/);
    expect(thrown(() => plan({ captions: { kind: 'srt', srt: 'garbage' } })).code).toBe('BAD_INPUT');
  });

  it('writes the cues beside the output and burns them with the shipped font inside the safe area', () => {
    const out = "/out/Bob's clips: 日本/.v.partial.mp4";
    const p = plan({ captions: { kind: 'srt', srt: SRT }, trim: { startSec: 1, endSec: 6 } }, { outputPath: out, fontFile: '/app/my fonts/DejaVuSans.ttf' });
    expect(p.files).toEqual([{ path: `${out}.captions.srt`, contents: formatSrt(shiftCues(parseSrt(SRT), -1)) }]);
    const g = graphOf(p.args);
    expect(g).toContain(`subtitles=filename=${filterPath(`${out}.captions.srt`)}:charenc=UTF-8:fontsdir=${filterPath('/app/my fonts')}:force_style=`);
    expect(g).toContain(escapeFilterValue('FontName=DejaVu Sans'));
    const style = captionStyle(1080, 1920);
    expect(style).toContain('PlayResY=1920');
    expect(style).toContain(`MarginV=${safeRect(1080, 1920).margins.bottom}`);
    expect(style).toContain(`MarginR=${safeRect(1080, 1920).margins.right}`);
  });
});

describe('typed text', () => {
  it('wraps words to the width and splits an over-long word', () => {
    expect(wrapText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('first\nsecond', 40)).toEqual(['first', 'second']);
    // Wide characters count double.
    expect(wrapText('日本語テキスト', 6)).toEqual(['日本語', 'テキス', 'ト']);
  });

  it('shrinks long text to fit the height', () => {
    const short = layoutText('Hi', 864, 400, 1920);
    const long = layoutText('word '.repeat(30), 864, 400, 1920);
    expect(long.fontSize).toBeLessThan(short.fontSize);
    expect(long.lines.length * long.lineHeight).toBeLessThanOrEqual(400);
    // Too long for any size: the smallest, wrapped to the width.
    const huge = layoutText('word '.repeat(100), 864, 400, 1920);
    expect(huge.fontSize).toBe(Math.round(1920 * 0.022));
  });

  it('draws each line from a text file, never parsed, with the shipped font, centred in the safe area', () => {
    const p = plan({ captions: { kind: 'text', text: `It's 100%: "yes" 🎉 ${'more words '.repeat(4)}` } });
    expect(p.files.length).toBeGreaterThan(1);
    expect(p.files.map((f) => f.contents).join(' ')).toBe(`It's 100%: "yes" 🎉 ${'more words '.repeat(4)}`.trim());
    const g = graphOf(p.args);
    const safe = safeRect(1080, 1920);
    expect(g).toContain(`drawtext=fontfile=${filterPath('/app/resources/fonts/DejaVuSans.ttf')}:textfile=${filterPath(p.files[0]!.path)}:expansion=none`);
    expect(g).toContain(`x=${safe.x}+(${safe.width}-text_w)/2:y=${safe.y}`);
    expect(g).not.toMatch(/[:=]text=/);
  });
});

describe('watermark', () => {
  it('is input 1, scaled to the width, faded, and placed inside the safe margins at its corner', () => {
    const wm = { asset: '0123456789abcdef0123456789abcdef.png', position: 'top-left', opacity: 0.5 } as const;
    const p = plan({ watermark: wm }, { source: { ...SOURCE, audio: null }, watermarkFile: '/me/logo.png' });
    const inputs = p.args.filter((_, i) => p.args[i - 1] === '-i');
    expect(inputs).toEqual(['file:/clips/in.mp4', 'file:/me/logo.png', 'anullsrc=channel_layout=stereo:sample_rate=48000']);
    // The clip and the image go in through fileInput (input-args.ts): local files, single-file formats only.
    expect(p.args.slice(p.args.indexOf('file:/me/logo.png') - 5)).toEqual(expect.arrayContaining(['-protocol_whitelist', 'file', '-f', 'image2pipe', '-i', 'file:/me/logo.png']));
    const safe = safeRect(1080, 1920);
    expect(graphOf(p.args)).toContain(`[1:v]scale=${Math.round(1080 * 0.18)}:-1,format=rgba,colorchannelmixer=aa=0.50[wm]`);
    expect(graphOf(p.args)).toContain(`overlay=x=${safe.margins.left}:y=${safe.margins.top}`);
    expect(p.args[p.args.lastIndexOf('-map') + 1]).toBe('2:a');
    const br = plan({ watermark: { ...wm, position: 'bottom-right' } }, { watermarkFile: '/me/logo.png' });
    expect(graphOf(br.args)).toContain(`overlay=x=W-w-${safe.margins.right}:y=H-h-${safe.margins.bottom}`);
  });
});

describe('encoders', () => {
  it('has one entry per encoder; hardware ones are bitrate-based High profile', () => {
    const opts = { width: 1080, height: 1920, fps: 30 };
    expect(videoBitrateKbps(opts)).toBe(6221);
    for (const name of ['h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox', 'h264_amf']) {
      const args = encoderSpec(name).outputArgs(opts);
      expect(after(args, '-c:v'), name).toBe(name);
      expect(after(args, '-profile:v'), name).toBe('high');
      expect(after(args, '-b:v'), name).toBe('6221k');
      expect(args, name).not.toContain('-crf');
    }
    expect(encoderSpec('h264_nvenc').outputArgs(opts)).toEqual(expect.arrayContaining(['-maxrate', '9332k', '-bufsize', '12442k']));
    expect(encoderSpec('libx264').outputArgs({ ...opts, preset: 'veryfast' })).toEqual(['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-profile:v', 'high', '-pix_fmt', 'yuv420p']);
    expect(Object.keys(ENCODERS)).toContain('libx264');
  });

  it('VAAPI opens its device before the inputs and uploads at the end of the graph; QSV takes NV12', () => {
    const v = plan({}, { encoder: 'h264_vaapi' });
    expect(v.args.indexOf('-vaapi_device')).toBeLessThan(v.args.indexOf('-i'));
    expect(graphOf(v.args)).toContain('format=nv12,hwupload[vout]');
    expect(graphOf(plan({}, { encoder: 'h264_qsv' }).args)).toContain('format=nv12[vout]');
    expect(graphOf(plan({}, { encoder: 'h264_videotoolbox' }).args)).toContain('format=yuv420p[vout]');
  });

  it('refuses an unknown encoder by name', () => {
    const err = thrown(() => plan({}, { encoder: 'x265_magic' }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toContain('x265_magic');
    expect(thrown(() => encoderSpec('constructor')).code).toBe('BAD_INPUT');
  });
});

describe('filtergraph escaping', () => {
  it('escapes for the option parser, then for the graph parser', () => {
    expect(escapeFilterValue('plain/path.srt')).toBe('plain/path.srt');
    expect(escapeFilterValue('a:b')).toBe('a\\\\:b');
    expect(escapeFilterValue("it's")).toBe("it\\\\\\'s");
    expect(escapeFilterValue('x,y;z[1]')).toBe('x\\,y\\;z\\[1\\]');
    expect(escapeFilterValue('back\\slash')).toBe('back\\\\\\\\slash');
    expect(escapeFilterValue('emoji 🎬 日本')).toBe('emoji 🎬 日本');
    expect(escapeFilterValue('trailing ')).toBe('trailing\\\\\\ ');
    expect(filterPath('C:\\Users\\me\\a.srt', 'win32')).toBe('C\\\\:/Users/me/a.srt');
  });
});

describe('ffmpeg process helpers', () => {
  it('reads progress blocks', () => {
    const block = new Map([['out_time_us', '2500000'], ['speed', '2.5x'], ['progress', 'continue']]);
    expect(progressFromBlock(block, 10)).toEqual({ fraction: 0.25, speed: 2.5, etaSec: 3, outTimeSec: 2.5 });
    expect(progressFromBlock(new Map([['out_time_us', 'N/A'], ['speed', 'N/A'], ['progress', 'continue']]), 10)).toEqual({ fraction: 0, speed: null, etaSec: null, outTimeSec: 0 });
    expect(progressFromBlock(new Map([['out_time_us', '9000000'], ['progress', 'end']]), 10).fraction).toBe(1);
  });

  it('maps failures to what the creator can do', () => {
    expect(classifyFfmpegFailure('av_interleaved_write_frame(): No space left on device\nConversion failed!', 1, '/v/out.mp4')).toMatchObject({ code: 'DISK_FULL', message: 'The disk is full: free space on /v and retry.' });
    expect(classifyFfmpegFailure('/clips/a.mp4: No such file or directory', 1).code).toBe('FILE_MISSING');
    expect(classifyFfmpegFailure('/clips/a.mp4: Invalid data found when processing input', 1)).toMatchObject({ code: 'MEDIA_UNREADABLE' });
    const other = classifyFfmpegFailure('[libx264 @ 0x1] broken thing\nConversion failed!\n', 1);
    expect(other.code).toBe('FFMPEG_FAILED');
    expect(other.message).toContain('broken thing');
    expect(lastMeaningfulLine('a\nb\nConversion failed!\n')).toBe('b');
    expect(
      lastMeaningfulLine('[h264_nvenc @ 0x55ac7402a400] Cannot load libcuda.so.1\nError initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate\n'),
    ).toBe('h264_nvenc: Cannot load libcuda.so.1');
  });
});

describe('paths and probing', () => {
  it('names the partial file hidden beside the output and the cover after it', () => {
    const partial = partialPathFor('/v/my clip.mp4');
    expect(path.dirname(partial)).toBe('/v');
    expect(path.basename(partial)).toMatch(/^\.my clip\.mp4\.partial-[0-9a-f]{8}\.mp4$/);
    expect(partialPathFor('/v/a.mp4')).not.toBe(partialPathFor('/v/a.mp4'));
    // What a crash leaves is recognised for the start-up sweep; finished files never are.
    expect(isPartialName(path.basename(partialPathFor('/v/my clip.mp4')))).toBe(true);
    expect(isPartialName(`${path.basename(partialPathFor('/v/a.mp4'))}.cover.jpg`)).toBe(true);
    for (const name of ['my clip.mp4', 'my clip.jpg', '.hidden.mp4', 'x.partial-1234abcd.mp4']) expect(isPartialName(name), name).toBe(false);
    expect(coverPathFor('/v/my clip.mp4')).toBe('/v/my clip.jpg');
    expect(coverPathFor('/v/noext')).toBe('/v/noext.jpg');
  });

  it('finds the font from the env, the packaged resources, then folders above', () => {
    const c = fontCandidates({ CLIPDESK_RESOURCES_DIR: '/r' }, '/repo/out/main');
    expect(c[0]).toBe('/r/fonts/DejaVuSans.ttf');
    expect(c).toContain('/repo/resources/fonts/DejaVuSans.ttf');
  });
});
