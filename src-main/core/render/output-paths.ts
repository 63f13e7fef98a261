// Names of the files a render writes. The video is written to a hidden temporary file in the
// output's own folder (same filesystem, so the final rename is atomic) and only renamed onto
// the output once ffmpeg has finished; the cover is the output's name with .jpg.
import crypto from 'node:crypto';
import path from 'node:path';

export function partialPathFor(outputPath: string): string {
  const dir = path.dirname(outputPath);
  return path.join(dir, `.${path.basename(outputPath)}.partial-${crypto.randomBytes(4).toString('hex')}.mp4`);
}

/** True for a name {@link partialPathFor} makes: what a crashed render leaves behind. */
export function isPartialName(fileName: string): boolean {
  return /^\..+\.partial-[0-9a-f]{8}\.mp4(\.cover\.jpg)?$/.test(fileName);
}

/** `clip.mp4` → `clip.jpg` (what `clipdesk render --cover` documents as OUT.jpg). */
export function coverPathFor(outputPath: string): string {
  const ext = path.extname(outputPath);
  return `${ext ? outputPath.slice(0, -ext.length) : outputPath}.jpg`;
}
