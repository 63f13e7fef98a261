// The font burned-in captions and text are drawn with. Clipdesk ships its own (DejaVu Sans,
// resources/fonts) so a render looks the same on every machine instead of depending on what
// fontconfig finds. It must be a real file on disk: ffmpeg cannot read from inside app.asar.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../src-shared/errors';

export const FONT_FILE_NAME = 'DejaVuSans.ttf';

/**
 * Where to look, in order:
 *  1. $CLIPDESK_RESOURCES_DIR/fonts (tests, unusual installs);
 *  2. process.resourcesPath/resources/fonts — the packaged app (electron-builder extraResources);
 *  3. resources/fonts in a folder above this file — dev (src-main/core/render → ../../../resources)
 *     and the build (out/main, or a chunk below it → ../../resources).
 */
export function fontCandidates(env: NodeJS.ProcessEnv = process.env, here: string = path.dirname(fileURLToPath(import.meta.url))): string[] {
  const out: string[] = [];
  if (env.CLIPDESK_RESOURCES_DIR) out.push(path.join(env.CLIPDESK_RESOURCES_DIR, 'fonts', FONT_FILE_NAME));
  // Set by Electron only; core reads it without importing electron.
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) out.push(path.join(resourcesPath, 'resources', 'fonts', FONT_FILE_NAME));
  let dir = here;
  for (let i = 0; i < 5; i++) {
    out.push(path.join(dir, 'resources', 'fonts', FONT_FILE_NAME));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

export function findFontFile(env: NodeJS.ProcessEnv = process.env): string {
  for (const candidate of fontCandidates(env)) {
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next place
    }
  }
  throw new AppError('INTERNAL', `Clipdesk's caption font (${FONT_FILE_NAME}) is missing from its installation, so text can't be burned in. Reinstall Clipdesk, or render without captions.`);
}
