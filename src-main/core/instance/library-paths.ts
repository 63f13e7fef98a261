// Where the library keeps what it makes, inside the data folder. Sources the creator imports
// by path stay where they are; only browser uploads are copied in.
import path from 'node:path';

export interface LibraryPaths {
  thumbnails: string;
  uploads: string;
  renders: string;
  /** The creator's own images (a watermark) uploaded from a browser. */
  assets: string;
}

/** The library's folders by name, directly inside the data folder (data-layout lists them as Clipdesk's). */
export const LIBRARY_FOLDERS: Readonly<LibraryPaths> = { thumbnails: 'thumbnails', uploads: 'uploads', renders: 'renders', assets: 'assets' };

export function libraryPaths(dataDir: string): LibraryPaths {
  return {
    thumbnails: path.join(dataDir, LIBRARY_FOLDERS.thumbnails),
    uploads: path.join(dataDir, LIBRARY_FOLDERS.uploads),
    renders: path.join(dataDir, LIBRARY_FOLDERS.renders),
    assets: path.join(dataDir, LIBRARY_FOLDERS.assets),
  };
}

export const thumbnailFile = (paths: LibraryPaths, clipId: string): string => path.join(paths.thumbnails, `${clipId}.jpg`);

/**
 * A file name that is safe on every platform and still recognisable: letters of any script,
 * digits, spaces, dots, dashes and underscores are kept; anything else becomes '_'.
 */
export function safeFileName(name: string, maxLength = 80): string {
  const base = path.basename(name).normalize('NFC');
  const cleaned = base.replace(/[^\p{L}\p{N} ._-]/gu, '_').replace(/^[. ]+/, '').trim();
  const short = [...cleaned].slice(0, maxLength).join('');
  return short || 'clip';
}
