// Getting dropped or picked files into the library, the one part of importing that differs by
// transport (docs/architecture.md §1): the desktop hands the core paths (the preload's
// getPathForFile), a browser uploads the bytes to the host, which keeps them and imports them
// there.
import type { Clip } from '../../../src-shared/media/library';
import { errorMessage } from '../lib/error-message';
import { api } from './index';

/** What the import is doing, file by file, so each can show as a card at once. */
export type ImportEvent =
  | { type: 'queued'; key: string; fileName: string; sizeBytes: number | null }
  | { type: 'progress'; key: string; fraction: number }
  /** The file's part is over; with the clip when it is known here (browser uploads). */
  | { type: 'settled'; key: string; clip: Clip | null; duplicate: boolean }
  | { type: 'failed'; key: string; fileName: string; message: string };

export interface ImportOutcome {
  /** Clips the library gained (state importing, probed next). */
  clips: Clip[];
  /** Files that were already in the library: the existing clips. */
  duplicates: Clip[];
  failures: { fileName: string; message: string }[];
}

type Items = DataTransferItemList | FileList | readonly File[];

/** Extensions worth uploading from a dropped or picked folder; other files there are skipped. */
const VIDEO_EXTENSIONS = /\.(mp4|m4v|mov|qt|webm|mkv|avi|wmv|flv|mts|m2ts|ts|3gp|3g2|mpg|mpeg|ogv|hevc|mxf)$/i;

export function looksLikeVideo(file: File): boolean {
  return file.type.startsWith('video/') || VIDEO_EXTENSIONS.test(file.name);
}

/** Files uploaded at once in a browser: enough to fill a link, few enough to show steady progress. */
const UPLOAD_CONCURRENCY = 2;

let nextKey = 1;
const newKey = (): string => `import-${nextKey++}`;

/**
 * Imports what was dropped or picked. Call it from the drop or change handler itself: a drop's
 * items can only be read during the event, so they are taken before the first await.
 */
export function importFiles(items: Items, onEvent: (event: ImportEvent) => void = () => undefined): Promise<ImportOutcome> {
  const bridge = window.clipdesk;
  if (bridge) {
    const files = filesOf(items);
    // A folder picked with webkitdirectory lists every file in it: keep the videos. (A dropped
    // folder arrives as one entry with the folder's path, and the core walks it.)
    const picked = files.some((f) => f.webkitRelativePath) ? files.filter(looksLikeVideo) : files;
    return importPaths(picked, (f) => bridge.getPathForFile(f), onEvent);
  }
  return uploadAll(collectForUpload(items), onEvent);
}

function filesOf(items: Items): File[] {
  if (typeof DataTransferItemList !== 'undefined' && items instanceof DataTransferItemList) {
    return [...items].filter((i) => i.kind === 'file').map((i) => i.getAsFile()).filter((f): f is File => f !== null);
  }
  return Array.from(items as ArrayLike<File>);
}

// ——— Desktop: paths ———

async function importPaths(files: File[], pathOf: (f: File) => string, onEvent: (e: ImportEvent) => void): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { clips: [], duplicates: [], failures: [] };
  const queued: { key: string; path: string; fileName: string }[] = [];
  for (const file of files) {
    let path = '';
    try {
      path = pathOf(file);
    } catch {
      path = '';
    }
    if (!path) {
      // A file dragged out of a browser or a chat app exists only in memory; the desktop app
      // imports files from disk and has nowhere to upload to.
      const message = `“${file.name}” is not a file on this computer (it was dragged from another app). Save it to a folder first, then import it from there.`;
      outcome.failures.push({ fileName: file.name, message });
      onEvent({ type: 'failed', key: newKey(), fileName: file.name, message });
      continue;
    }
    const key = newKey();
    queued.push({ key, path, fileName: file.name });
    // Folders come through as paths too (the core walks them), so their size is not known here.
    onEvent({ type: 'queued', key, fileName: file.name, sizeBytes: file.size || null });
  }
  if (queued.length === 0) return outcome;
  // The contract takes up to 1000 paths a call.
  for (let i = 0; i < queued.length; i += 1000) {
    const batch = queued.slice(i, i + 1000);
    try {
      const result = await api.call('library.import', { paths: batch.map((q) => q.path) });
      outcome.clips.push(...result.added);
      outcome.duplicates.push(...result.duplicates);
      for (const skipped of result.skipped) outcome.failures.push({ fileName: baseName(skipped.path), message: skipped.reason });
      for (const q of batch) onEvent({ type: 'settled', key: q.key, clip: null, duplicate: false });
    } catch (err) {
      const message = errorMessage(err);
      for (const q of batch) {
        outcome.failures.push({ fileName: q.fileName, message });
        onEvent({ type: 'failed', key: q.key, fileName: q.fileName, message });
      }
    }
  }
  return outcome;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

// ——— Browser: uploads ———

interface Upload {
  key: string;
  /** Resolves to the file (folder entries are read asynchronously). */
  file: Promise<File>;
  fileName: string;
}

/** Takes everything out of the drop synchronously; folders are walked afterwards. */
function collectForUpload(items: Items): Promise<File[]> {
  if (typeof DataTransferItemList !== 'undefined' && items instanceof DataTransferItemList) {
    const entries: FileSystemEntry[] = [];
    const loose: File[] = [];
    for (const item of [...items]) {
      if (item.kind !== 'file') continue;
      const entry = item.webkitGetAsEntry?.();
      if (entry) entries.push(entry);
      else {
        const f = item.getAsFile();
        if (f) loose.push(f);
      }
    }
    return Promise.all(entries.map((e) => (e.isDirectory ? walk(e as FileSystemDirectoryEntry) : fileOf(e as FileSystemFileEntry)))).then(
      (lists) => [...loose, ...lists.flat()],
    );
  }
  const files = Array.from(items as ArrayLike<File>);
  // A folder picked with webkitdirectory lists every file in it: keep the videos.
  const fromFolder = files.some((f) => f.webkitRelativePath);
  return Promise.resolve(fromFolder ? files.filter(looksLikeVideo) : files);
}

function fileOf(entry: FileSystemFileEntry): Promise<File[]> {
  return new Promise((resolve) => entry.file((f) => resolve([f]), () => resolve([])));
}

async function walk(dir: FileSystemDirectoryEntry): Promise<File[]> {
  const reader = dir.createReader();
  const out: File[] = [];
  // readEntries answers in batches (100 in Chromium) until it returns an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve) => reader.readEntries(resolve, () => resolve([])));
    if (batch.length === 0) break;
    for (const entry of batch) {
      if (entry.isDirectory) out.push(...(await walk(entry as FileSystemDirectoryEntry)));
      else if (entry.isFile) {
        const [file] = await fileOf(entry as FileSystemFileEntry);
        if (file && looksLikeVideo(file)) out.push(file);
      }
    }
  }
  return out;
}

async function uploadAll(collected: Promise<File[]>, onEvent: (e: ImportEvent) => void): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { clips: [], duplicates: [], failures: [] };
  const files = await collected;
  const uploads: Upload[] = files.map((f) => ({ key: newKey(), file: Promise.resolve(f), fileName: f.name }));
  uploads.forEach((u, i) => onEvent({ type: 'queued', key: u.key, fileName: u.fileName, sizeBytes: files[i]?.size ?? null }));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < uploads.length) {
      const u = uploads[next++] as Upload;
      try {
        const file = await u.file;
        const { clip, duplicate } = await uploadClip(file, (fraction) => onEvent({ type: 'progress', key: u.key, fraction }));
        (duplicate ? outcome.duplicates : outcome.clips).push(clip);
        onEvent({ type: 'settled', key: u.key, clip, duplicate });
      } catch (err) {
        const message = errorMessage(err);
        outcome.failures.push({ fileName: u.fileName, message });
        onEvent({ type: 'failed', key: u.key, fileName: u.fileName, message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, uploads.length) }, worker));
  return outcome;
}

/** POST /upload with the raw bytes: the host streams them to disk and imports the file. */
export function uploadClip(file: File, onProgress?: (fraction: number) => void): Promise<{ clip: Clip; duplicate: boolean }> {
  return post<{ clip: Clip; duplicate?: boolean }>(file, {}, onProgress).then((r) => ({ clip: r.clip, duplicate: r.duplicate === true }));
}

/**
 * The creator's watermark image, kept by Clipdesk as an asset; a recipe names the asset. In the
 * desktop app the picked file is copied in by path; in a browser it is uploaded to the host.
 */
export async function keepWatermark(file: File): Promise<string> {
  if (window.clipdesk) {
    const path = window.clipdesk.getPathForFile(file);
    if (!path) throw new Error(`“${file.name}” is not a file on this computer. Save it to a folder first, then pick it from there.`);
    return (await api.call('assets.add', { path })).asset;
  }
  const { asset } = await post<{ asset: string }>(file, { 'X-Clipdesk-Purpose': 'watermark' });
  return asset;
}

function post<T>(file: File, headers: Record<string, string>, onProgress?: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    // XMLHttpRequest rather than fetch: it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/upload');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === 'object') {
        resolve(body as T);
        return;
      }
      const error = (body as { error?: { message?: unknown } } | null)?.error;
      reject(
        new Error(
          typeof error?.message === 'string' && error.message
            ? error.message
            : `Uploading “${file.name}” failed (the host answered ${xhr.status || 'nothing'}). Try again.`,
        ),
      );
    };
    xhr.onerror = () => reject(new Error(`Uploading “${file.name}” failed: the connection to Clipdesk dropped. Try again.`));
    xhr.onabort = () => reject(new Error(`Uploading “${file.name}” was stopped.`));
    xhr.send(file);
  });
}
