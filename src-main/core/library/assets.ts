// The creator's own images (a watermark), kept in the data folder's assets folder and named by
// their content (AssetNameSchema). A browser uploads one; the desktop window or the CLI copies a
// picked file in. A recipe names the asset; only here does a name become a path, and only a
// path inside the assets folder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../src-shared/errors';
import { AssetNameSchema, type AssetName } from '../../../src-shared/media/media-info';
import { hashFile } from './content-hash';
import { PRIVATE_MKDIR } from '../instance/private-dir';

/** Larger than any watermark worth overlaying. */
export const MAX_ASSET_BYTES = 20 * 1024 ** 2;

/** The image type from the file's first bytes (never its name): PNG, JPEG or WebP. */
export async function imageExtension(file: string): Promise<'.png' | '.jpg' | '.webp' | null> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(12);
    await fd.read(head, 0, 12, 0);
    if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return '.png';
    if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return '.jpg';
    if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return '.webp';
    return null;
  } finally {
    await fd.close();
  }
}

/** The asset name of a file's content: what it would be called in the assets folder. */
export async function assetNameOf(file: string, contentHash?: string): Promise<AssetName> {
  const ext = await imageExtension(file);
  if (!ext) throw new AppError('MEDIA_UNSUPPORTED', `${path.basename(file)} is not a PNG, JPEG or WebP image.`);
  const hash = contentHash ?? (await hashFile(file));
  return `${hash.slice(0, 32)}${ext}`;
}

/** Moves a received file (already hashed as it streamed in) into the assets folder. */
export async function keepUploadedAsset(assetsDir: string, tempFile: string, contentHash: string, fileName: string): Promise<AssetName> {
  const ext = await imageExtension(tempFile);
  if (!ext) throw new AppError('MEDIA_UNSUPPORTED', `${fileName} is not a PNG, JPEG or WebP image.`);
  const name = `${contentHash.slice(0, 32)}${ext}`;
  await fs.promises.rename(tempFile, path.join(assetsDir, name));
  return name;
}

/** Copies an image the person at the machine picked into the assets folder (the picked file stays). */
export async function copyAssetIn(assetsDir: string, file: string): Promise<AssetName> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new AppError('FILE_MISSING', `${path.basename(file)} was not found. Choose the image again.`);
  }
  if (!stat.isFile()) throw new AppError('BAD_INPUT', `${path.basename(file)} is not a file.`);
  if (stat.size > MAX_ASSET_BYTES) throw new AppError('BAD_INPUT', `${path.basename(file)} is larger than ${MAX_ASSET_BYTES / 1024 ** 2} MB; use a smaller image.`);
  const name = await assetNameOf(file);
  await fs.promises.mkdir(assetsDir, PRIVATE_MKDIR);
  const dest = path.join(assetsDir, name);
  if (fs.existsSync(dest)) return name; // the same image, kept already
  const temp = path.join(assetsDir, `.incoming-${crypto.randomUUID()}`);
  try {
    await pipeline(fs.createReadStream(file), fs.createWriteStream(temp, { flags: 'wx' }));
    await fs.promises.rename(temp, dest);
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
  return name;
}

/** The path of a kept asset, or null when the name is not an asset name or the file is gone. */
export function assetFile(assetsDir: string, name: string): string | null {
  if (!AssetNameSchema.safeParse(name).success) return null;
  const file = path.join(assetsDir, name);
  return fs.existsSync(file) ? file : null;
}
