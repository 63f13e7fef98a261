// TikTok-ready videos of any size for tests, without vitest (Playwright specs and the crash
// campaign use them too).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeClip } from './media-fixtures';

/**
 * A TikTok-ready MP4 (1080×1920 H.264/AAC, faststart) of exactly `bytes` bytes (at least the
 * encoded clip's size): random bytes in trailing `free` boxes, which players and ffprobe skip
 * — a large upload without encoding a large video.
 */
export function readyVideo(dir: string, bytes?: number, name = 'ready.mp4'): string {
  const base = makeClip({ width: 1080, height: 1920, durationSec: 2, audio: true });
  const file = path.join(dir, name);
  fs.copyFileSync(base, file);
  const baseSize = fs.statSync(file).size;
  let missing = (bytes ?? baseSize) - baseSize;
  if (missing < 0) throw new Error(`readyVideo: the clip alone is ${baseSize} bytes`);
  const fd = fs.openSync(file, 'a');
  try {
    while (missing > 0) {
      const box = Math.min(missing, 256 * 1024 * 1024);
      if (box < 8) throw new Error('readyVideo: padding must be 0 or at least 8 bytes');
      const header = Buffer.alloc(8);
      header.writeUInt32BE(box, 0);
      header.write('free', 4, 'ascii');
      fs.writeSync(fd, header);
      let left = box - 8;
      while (left > 0) {
        const block = crypto.randomBytes(Math.min(left, 4 * 1024 * 1024));
        fs.writeSync(fd, block);
        left -= block.length;
      }
      missing -= box;
    }
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

export const sha256 = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
