// The one way a file goes into ffmpeg or ffprobe as an input. Every user file (a clip, an
// upload, a watermark) and every file Clipdesk made from one is passed through here.
//
// - `file:<absolute path>`: a name is never read as an option ("-x.mp4"), a protocol
//   ("concat:a|b.mp4", "http:…") or relative to ffmpeg's working folder.
// - `-protocol_whitelist file`: the input, and anything its demuxer opens in turn, may only be
//   a local file — no http, tcp, udp, data, concat, subfile, crypto or pipe.
// - `-format_whitelist`: only the demuxers of single-file containers Clipdesk takes. A file's
//   format is chosen from its content, not its name, so an uploaded HLS playlist (#EXTM3U)
//   named clip.mp4 would be opened by the hls demuxer, which reads the files and URLs the
//   playlist lists, and local files are allowed by the protocol whitelist alone; likewise
//   ffconcat scripts (concat demuxer), DASH manifests and the like. Those are refused outright.
// - "%d" or "*" in an image's name must not make the image2 demuxer read a sequence or a glob
//   of other files: ffprobe gets `-pattern_type none`; ffmpeg reads an image with image2pipe,
//   which reads the one file and tells its codec from its content.
// Sources: ffmpeg-formats "Format Options" (protocol_whitelist, format_whitelist) and the
// image2 demuxer's pattern_type (docs/security.md).
import path from 'node:path';

/** Demuxers of the video containers Clipdesk imports (find-videos.ts), and single-file audio formats so an audio-only file is named as such. */
export const VIDEO_DEMUXERS = ['mov', 'matroska', 'avi', 'mpegts', 'mpeg', 'flv', 'asf', 'ogg', 'h264', 'hevc', 'mp3', 'wav', 'aac', 'flac'] as const;
/** Demuxers of single still images (probe tells a still image from a video; watermarks). */
export const IMAGE_DEMUXERS = ['image2', 'png_pipe', 'jpeg_pipe', 'webp_pipe', 'bmp_pipe', 'tiff_pipe', 'gif'] as const;

/** The protocols an input may use: a local file, nothing else. */
export const INPUT_PROTOCOLS = 'file';

/**
 * - `video`: ffmpeg reading a clip (or a render made from one).
 * - `image`: ffmpeg reading a still image (a watermark, a still's thumbnail): image2pipe, one file.
 * - `probe`: ffprobe reading anything a creator gave, video or image. ffprobe, unlike ffmpeg,
 *   accepts `-pattern_type` even when the demuxer chosen is not image2.
 */
export type InputKind = 'video' | 'image' | 'probe';

/** Input options and `-i` for one file; put other input options (-ss, -t) before them. */
export function fileInput(file: string, kind: InputKind = 'video'): string[] {
  const url = `file:${path.resolve(file)}`;
  const protocols = ['-protocol_whitelist', INPUT_PROTOCOLS];
  if (kind === 'image') return [...protocols, '-f', 'image2pipe', '-i', url];
  if (kind === 'probe') return [...protocols, '-format_whitelist', [...VIDEO_DEMUXERS, ...IMAGE_DEMUXERS].join(','), '-pattern_type', 'none', '-i', url];
  return [...protocols, '-format_whitelist', VIDEO_DEMUXERS.join(','), '-i', url];
}
