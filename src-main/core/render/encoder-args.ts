// Every H.264 encoder Clipdesk can drive, in one table: what it needs before the inputs (a
// hardware device), the last step of the filtergraph (the pixel format it takes, an upload to
// the GPU for VAAPI) and its output options. All produce H.264 High profile, 4:2:0 8-bit, which
// TikTok accepts (docs/platforms.md, TikTok §3.8). libx264 is quality-based (CRF); the hardware
// encoders have no comparable constant-quality mode on every platform, so they get a bitrate
// sized to the frame.
import { AppError } from '../../../src-shared/errors';

export interface EncoderOptions {
  width: number;
  height: number;
  fps: number;
  /** libx264 preset override (tests and benchmarks use faster ones); others ignore it. */
  preset?: string;
}

export interface EncoderSpec {
  /** Global options placed before the first input. */
  inputArgs: string[];
  /** Filters ending the video graph. */
  pixelFilter: string;
  outputArgs(o: EncoderOptions): string[];
}

/** About 0.1 bit per pixel per frame: ~6 Mbit/s for 1080x1920 at 30 fps. */
export function videoBitrateKbps(o: Pick<EncoderOptions, 'width' | 'height' | 'fps'>): number {
  return Math.min(40_000, Math.max(1_500, Math.round((o.width * o.height * o.fps * 0.1) / 1000)));
}

function rate(o: EncoderOptions, peak = 1.5): string[] {
  const kbps = videoBitrateKbps(o);
  return ['-b:v', `${kbps}k`, '-maxrate', `${Math.round(kbps * peak)}k`, '-bufsize', `${kbps * 2}k`];
}

export const ENCODERS: Record<string, EncoderSpec> = {
  libx264: {
    inputArgs: [],
    pixelFilter: 'format=yuv420p',
    outputArgs: (o) => ['-c:v', 'libx264', '-preset', o.preset ?? 'medium', '-crf', '20', '-profile:v', 'high', '-pix_fmt', 'yuv420p'],
  },
  h264_nvenc: {
    inputArgs: [],
    pixelFilter: 'format=yuv420p',
    outputArgs: (o) => ['-c:v', 'h264_nvenc', '-preset', 'p5', '-tune', 'hq', '-rc', 'vbr', ...rate(o), '-profile:v', 'high', '-pix_fmt', 'yuv420p'],
  },
  h264_qsv: {
    inputArgs: [],
    pixelFilter: 'format=nv12',
    outputArgs: (o) => ['-c:v', 'h264_qsv', '-preset', 'medium', ...rate(o), '-profile:v', 'high'],
  },
  h264_vaapi: {
    // The render node every Linux GPU driver exposes first; frames are uploaded after the
    // software filters have run.
    inputArgs: ['-vaapi_device', '/dev/dri/renderD128'],
    pixelFilter: 'format=nv12,hwupload',
    outputArgs: (o) => ['-c:v', 'h264_vaapi', ...rate(o), '-profile:v', 'high'],
  },
  h264_videotoolbox: {
    inputArgs: [],
    pixelFilter: 'format=yuv420p',
    // allow_sw: fall back to Apple's software encoder rather than fail on a busy or absent engine.
    outputArgs: (o) => ['-c:v', 'h264_videotoolbox', '-b:v', `${videoBitrateKbps(o)}k`, '-profile:v', 'high', '-allow_sw', '1', '-pix_fmt', 'yuv420p'],
  },
  h264_amf: {
    inputArgs: [],
    pixelFilter: 'format=yuv420p',
    outputArgs: (o) => ['-c:v', 'h264_amf', '-quality', 'balanced', '-rc', 'vbr_peak', ...rate(o), '-profile:v', 'high', '-pix_fmt', 'yuv420p'],
  },
};

export function encoderSpec(name: string): EncoderSpec {
  const spec = Object.hasOwn(ENCODERS, name) ? ENCODERS[name] : undefined;
  if (!spec) throw new AppError('BAD_INPUT', `Clipdesk can't render with the encoder "${name}". Choose one of: ${Object.keys(ENCODERS).join(', ')}.`);
  return spec;
}

/** AAC-LC stereo at 48 kHz: what TikTok's own exports carry. */
export const AUDIO_ARGS = ['-c:a', 'aac', '-b:a', '192k', '-ar', '48000', '-ac', '2'];
