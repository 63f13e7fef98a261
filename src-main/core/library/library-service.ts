// The library: what the creator imported, from a drop, a file dialog, a folder, a browser
// upload or the CLI. A clip appears at once in state `importing`; a durable job then hashes
// it (duplicates of something already imported are dropped), probes it and makes its
// thumbnail. A crash or quit mid-import resumes on the next start.
import { z } from 'zod';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { Clip, ClipRemoved, ImportResult } from '../../../src-shared/media/library';
import type { MediaInfo } from '../../../src-shared/media/media-info';
import type { MediaTools } from '../media/media-tools';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { JobContext, JobRunner } from '../jobs/job-runner';
import { jobKind } from '../jobs/job-kind';
import { job, type JobDeclaration } from '../feature';
import type { Db } from '../store/database';
import { ClipRepo, PENDING_HASH_PREFIX, type ClipRow, type ListQuery } from './clip-repo';
import { isInside } from '../instance/data-files';
import { requireAbsolute } from '../instance/host-paths';
import { hashFile } from './content-hash';
import { findVideos } from './find-videos';
import { libraryPaths, safeFileName, thumbnailFile, type LibraryPaths } from '../instance/library-paths';
import { PRIVATE_MKDIR } from '../instance/private-dir';

/** What the library needs from ffmpeg and TikTok's rules, handed in so it can be tested alone. */
export const IMPORT_JOB = jobKind('clip.import', z.object({ clipId: z.string() }));

interface ImportPayload {
  clipId: string;
}

export interface LibraryOptions {
  db: Db;
  clock: Clock;
  bus: EventBus;
  audit: AuditLog;
  jobs: JobRunner;
  dataDir: string;
  tools: MediaTools;
  /** Imports running at once (hashing, ffprobe, a thumbnail each). */
  concurrency?: number;
}

export class Library {
  readonly repo: ClipRepo;
  readonly paths: LibraryPaths;
  private readonly progress = new Map<string, number>();

  constructor(private readonly o: LibraryOptions) {
    this.repo = new ClipRepo(o.db, o.clock, (m) => o.tools.assess(m));
    this.paths = libraryPaths(o.dataDir);
  }

  /** The import job, for the library feature to declare (library/index.ts). */
  get importJob(): JobDeclaration {
    return job(IMPORT_JOB, (ctx) => this.runImport(ctx), { concurrency: this.o.concurrency ?? 2, maxAttempts: 3 });
  }

  get(id: string): Clip {
    this.checkSource(this.repo.row(id));
    return this.clip(id);
  }

  list(q: ListQuery): { clips: Clip[]; total: number } {
    const { rows, total } = this.repo.list(q);
    return { clips: rows.map((r) => this.repo.toClip(r, this.progress.get(r.id) ?? null)), total };
  }

  /**
   * Files and folders by path (desktop drop, file dialog, CLI): full paths only, and nothing
   * from inside the data folder (the database and the key that encrypts the tokens are there;
   * reading them as "clips" would hand them to whoever can play the clip).
   */
  async importPaths(inputs: readonly string[], actor: string): Promise<ImportResult> {
    for (const input of inputs) requireAbsolute(input, 'video or folder');
    let found;
    try {
      found = await findVideos(inputs);
    } catch (err) {
      throw new AppError('BAD_INPUT', (err as Error).message);
    }
    const result: ImportResult = { added: [], duplicates: [], skipped: [...found.skipped] };
    for (const file of found.files) {
      // Links followed: a link to the key file is still the key file.
      if (isInside(file, this.o.dataDir)) {
        result.skipped.push({ path: file, reason: `${path.basename(file)} is inside Clipdesk's data folder, which holds Clipdesk's own files; import videos from your own folders.` });
        continue;
      }
      let size: number;
      try {
        size = (await fs.promises.stat(file)).size;
      } catch {
        result.skipped.push({ path: file, reason: `${path.basename(file)} could not be read.` });
        continue;
      }
      if (size === 0) {
        result.skipped.push({ path: file, reason: `${path.basename(file)} is empty (0 bytes), so there is no video in it.` });
        continue;
      }
      const same = this.repo.findByPath(file, size);
      if (same) {
        result.duplicates.push(this.clip(same.id));
        continue;
      }
      result.added.push(this.add({ sourcePath: file, fileName: path.basename(file), sizeBytes: size, contentHash: null, origin: 'path' }));
    }
    this.o.audit.append({
      actor,
      action: 'library.import',
      subject: null,
      detail: `${result.added.length} added, ${result.duplicates.length} already in the library, ${result.skipped.length} skipped`,
    });
    return result;
  }

  /**
   * A file a browser uploaded to the host, already hashed while it streamed in: a duplicate
   * is known at once and its copy deleted; otherwise the copy moves into the uploads folder.
   */
  async importUpload(upload: { tempFile: string; fileName: string; sizeBytes: number; contentHash: string }, actor: string): Promise<{ clip: Clip; duplicate: boolean }> {
    const existing = this.repo.findByHash(upload.contentHash);
    if (existing) {
      await fs.promises.rm(upload.tempFile, { force: true });
      return { clip: this.clip(existing.id), duplicate: true };
    }
    const id = crypto.randomUUID();
    await fs.promises.mkdir(this.paths.uploads, PRIVATE_MKDIR);
    const dest = path.join(this.paths.uploads, `${id.slice(0, 8)}-${safeFileName(upload.fileName)}`);
    await fs.promises.rename(upload.tempFile, dest);
    const clip = this.add({ id, sourcePath: dest, fileName: upload.fileName, sizeBytes: upload.sizeBytes, contentHash: upload.contentHash, origin: 'upload' });
    this.o.audit.append({ actor, action: 'library.upload', subject: id, detail: upload.fileName });
    return { clip, duplicate: false };
  }

  /** Removes a clip, its thumbnail and (for an upload) the uploaded copy; the creator's own file stays. */
  async remove(id: string, actor: string): Promise<void> {
    const row = this.repo.row(id);
    this.repo.delete(id);
    this.progress.delete(id);
    await fs.promises.rm(thumbnailFile(this.paths, id), { force: true });
    if (row.origin === 'upload') await fs.promises.rm(row.source_path, { force: true });
    this.o.audit.append({ actor, action: 'library.remove', subject: id, detail: row.file_name });
    this.emitRemoved({ id, duplicateOf: null });
  }

  /**
   * Notices sources moved or deleted since import (state `missing`, with what to do) and
   * sources put back (imported again). Cheap: one stat per clip.
   */
  verifySources(): number {
    let changed = 0;
    for (const row of this.repo.allSources()) if (this.checkSource(row)) changed++;
    return changed;
  }

  /** The clip's source, or FILE_MISSING (and the clip marked missing) when it is gone. */
  sourceOf(id: string): string {
    const row = this.repo.row(id);
    if (!fs.existsSync(row.source_path)) {
      this.checkSource(row);
      throw new AppError('FILE_MISSING', missingMessage(row.file_name));
    }
    return row.source_path;
  }

  clip(id: string): Clip {
    return this.repo.toClip(this.repo.row(id), this.progress.get(id) ?? null);
  }

  /** Returns true when the clip's state changed. */
  private checkSource(row: Pick<ClipRow, 'id' | 'source_path' | 'state' | 'error'>): boolean {
    const present = fs.existsSync(row.source_path);
    if (!present && row.state !== 'missing') {
      this.repo.setState(row.id, 'missing', missingMessage(path.basename(row.source_path)));
      this.emit(row.id);
      return true;
    }
    if (present && row.state === 'missing') {
      // Put back: import it again (probe data and thumbnail may be stale or absent).
      this.repo.setState(row.id, 'importing', null);
      this.o.jobs.enqueue(IMPORT_JOB, { clipId: row.id } satisfies ImportPayload);
      this.emit(row.id);
      return true;
    }
    return false;
  }

  private add(clip: { id?: string; sourcePath: string; fileName: string; sizeBytes: number; contentHash: string | null; origin: 'path' | 'upload' }): Clip {
    const id = clip.id ?? crypto.randomUUID();
    const insert = this.o.db.transaction(() => {
      this.repo.insert({ ...clip, id });
      this.o.jobs.enqueue(IMPORT_JOB, { clipId: id } satisfies ImportPayload);
    });
    insert();
    this.progress.set(id, 0);
    return this.emit(id);
  }

  private async runImport(ctx: JobContext<ImportPayload>): Promise<void> {
    const { clipId } = ctx.payload;
    const first = this.repo.find(clipId);
    if (!first) return; // removed while queued
    const { source_path: source, file_name: fileName } = first;
    const setProgress = (fraction: number): void => {
      const last = this.progress.get(clipId) ?? 0;
      this.progress.set(clipId, fraction);
      if (fraction - last >= 0.02 || fraction === 1) this.emit(clipId);
    };
    try {
      if (!fs.existsSync(source)) {
        this.repo.setState(clipId, 'missing', missingMessage(fileName));
        return;
      }
      if (first.content_hash.startsWith(PENDING_HASH_PREFIX)) {
        const hash = await hashFile(source, { signal: ctx.signal, onProgress: (f) => setProgress(f * 0.5) });
        const dup = this.repo.findByHash(hash);
        if (dup && dup.id !== clipId) return this.dropDuplicate(clipId, dup);
        this.repo.setHash(clipId, hash);
      }
      setProgress(0.55);
      let media: MediaInfo;
      try {
        media = await this.o.tools.probe(source, ctx.signal);
      } catch (err) {
        if (ctx.signal.aborted || (err instanceof AppError && err.code === 'CANCELLED')) throw err;
        const missing = err instanceof AppError && err.code === 'FILE_MISSING';
        this.repo.setState(clipId, missing ? 'missing' : 'failed', errorText(err, fileName));
        return;
      }
      if (!this.repo.find(clipId)) return; // removed while probing
      const readiness = this.o.tools.assess(media);
      const unusable = readiness.verdict === 'unusable';
      // The facts show at once; the clip is ready (or not) when its thumbnail is made too.
      this.repo.setProbed(clipId, media, 'importing', null);
      setProgress(0.8);
      if (media.video && media.durationSec > 0) {
        const out = thumbnailFile(this.paths, clipId);
        try {
          await fs.promises.mkdir(this.paths.thumbnails, PRIVATE_MKDIR);
          await this.o.tools.thumbnail(source, media, out, ctx.signal);
          if (this.repo.find(clipId)) this.repo.setThumbnail(clipId, path.basename(out));
          else await fs.promises.rm(out, { force: true }); // removed meanwhile
        } catch (err) {
          if (ctx.signal.aborted) throw err;
          // A clip without a thumbnail is still usable; the card shows a placeholder.
        }
      }
      if (this.repo.find(clipId)) this.repo.setState(clipId, unusable ? 'unusable' : 'ready', unusable ? readiness.reasons.join(' ') : null);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      if (this.repo.find(clipId)) this.repo.setState(clipId, 'failed', errorText(err, fileName));
    } finally {
      this.progress.delete(clipId);
      if (this.repo.find(clipId)) this.emit(clipId);
    }
  }

  private dropDuplicate(clipId: string, existing: ClipRow): void {
    this.repo.delete(clipId);
    this.progress.delete(clipId);
    // Found by the import job as it hashed the file, not by whoever imported it: 'importer', as a
    // render's outcome is 'renderer's.
    this.o.audit.append({ actor: 'importer', action: 'library.duplicate', subject: existing.id, detail: `same content as ${existing.file_name}` });
    this.emitRemoved({ id: clipId, duplicateOf: existing.id });
  }

  private emit(id: string): Clip {
    const clip = this.clip(id);
    this.o.bus.emit('clips.changed', clip);
    return clip;
  }

  private emitRemoved(removed: ClipRemoved): void {
    this.o.bus.emit('clips.removed', removed);
  }
}

function missingMessage(fileName: string): string {
  return `${fileName} was moved or deleted. Put it back where it was, or remove the clip and import it again.`;
}

function errorText(err: unknown, fileName: string): string {
  if (err instanceof AppError) return err.message;
  return `${fileName} could not be imported: ${(err as Error).message ?? String(err)}`;
}
