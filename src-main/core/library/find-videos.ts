// Turns what the creator dropped or picked (files and folders) into the list of files to
// import. A file named explicitly is always tried, whatever its extension, so that a wrong
// file gets a specific error; inside folders only video-looking files are taken.
import fs from 'node:fs';
import path from 'node:path';

export const VIDEO_EXTENSIONS = new Set([
  '.mp4', '.m4v', '.mov', '.qt', '.webm', '.mkv', '.avi', '.mts', '.m2ts', '.ts', '.3gp', '.3g2', '.mpg', '.mpeg', '.wmv', '.flv', '.hevc',
]);

/** More than this in one import is almost certainly the wrong folder (a whole disk). */
export const MAX_FILES_PER_IMPORT = 5000;

export interface FoundVideos {
  files: string[];
  skipped: Array<{ path: string; reason: string }>;
}

export function isVideoName(name: string): boolean {
  return VIDEO_EXTENSIONS.has(path.extname(name).toLowerCase());
}

export async function findVideos(inputs: readonly string[]): Promise<FoundVideos> {
  const files: string[] = [];
  const skipped: FoundVideos['skipped'] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  };
  for (const input of inputs) {
    const abs = path.resolve(input);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(abs);
    } catch {
      skipped.push({ path: input, reason: `${path.basename(abs)} was not found. It may have been moved or deleted.` });
      continue;
    }
    if (stat.isFile()) {
      add(abs);
    } else if (stat.isDirectory()) {
      const inside = await walk(abs);
      if (inside.length === 0) skipped.push({ path: input, reason: `The folder ${path.basename(abs)} has no video files in it.` });
      for (const f of inside) add(f);
    } else {
      skipped.push({ path: input, reason: `${path.basename(abs)} is not a regular file or folder.` });
    }
    if (files.length > MAX_FILES_PER_IMPORT) {
      throw Object.assign(new Error(`That is more than ${MAX_FILES_PER_IMPORT} video files in one import. Import a smaller folder.`), { tooMany: true });
    }
  }
  return { files, skipped };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.promises.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && isVideoName(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((p) => !p.split(path.sep).some((part) => part.startsWith('.') && part.length > 1))
    .sort((a, b) => a.localeCompare(b));
}
