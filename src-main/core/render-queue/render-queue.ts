// The render queue: renders of library clips as durable jobs. A render's state, attempts and
// progress are its job's (one source of truth); this adds the recipe, the output and what
// the UI shows while it runs (speed, time left). As many run at once as the creator's
// "parallel renders" setting says; each finished render notifies and updates the library.
import { z } from 'zod';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { JobState, JobSummary } from '../../../src-shared/domain';
import type { Render } from '../../../src-shared/media/library';
import { AssetNameSchema, type MediaInfo, type RenderRecipe } from '../../../src-shared/media/media-info';
import { formatDuration } from '../../../src-shared/media/readiness';
import type { Settings } from '../../../src-shared/settings';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { EventBus } from '../event-bus';
import { permanent, retryable, type JobContext, type JobRunner } from '../jobs/job-runner';
import { jobKind } from '../jobs/job-kind';
import { job, type JobDeclaration } from '../feature';
import type { Library } from '../library/library-service';
import { assetFile } from '../library/assets';
import { safeFileName } from '../instance/library-paths';
import type { Db } from '../store/database';
import { PRIVATE_MKDIR } from '../instance/private-dir';

export const RENDER_JOB = jobKind('render', z.object({ renderId: z.string() }));
/** The actor of a render's own outcome (done, failed): the job, not a caller. */
const RENDERER = 'renderer';

export interface RenderProgress {
  fraction: number;
  speed: number | null;
  etaSec: number | null;
}

/** What the queue needs from ffmpeg, handed in so it can be tested alone. */
export interface RenderTools {
  render(input: {
    sourcePath: string;
    source: MediaInfo;
    recipe: RenderRecipe;
    /** The image the recipe's watermark asset names, inside the data folder's assets. */
    watermarkFile: string | null;
    outputPath: string;
    encoder: string;
    signal: AbortSignal;
    onProgress: (p: RenderProgress) => void;
  }): Promise<{ outputPath: string; coverPath: string | null }>;
  probe(file: string, signal: AbortSignal): Promise<MediaInfo>;
  /** The encoder to use for a setting ('auto' or a name); rejects with a clear error if it cannot work. */
  chooseEncoder(setting: string): Promise<string>;
  /** True for a file a render left half-written (a temporary name), to sweep after a crash. */
  isPartialOutput(fileName: string): boolean;
}

export interface RenderQueueOptions {
  db: Db;
  clock: Clock;
  bus: EventBus;
  audit: AuditLog;
  jobs: JobRunner;
  library: Library;
  settings: () => Settings;
  tools: RenderTools;
  notify?: ((title: string, body: string) => void) | undefined;
}

interface RenderRow {
  id: string;
  clip_id: string;
  job_id: string | null;
  recipe_json: string;
  output_path: string | null;
  output_json: string | null;
  cover_path: string | null;
  encoder: string | null;
  created_at: string;
  updated_at: string;
  file_name: string;
  job_state: JobState | null;
  progress: number | null;
  last_error: string | null;
}

interface RenderPayload {
  renderId: string;
}

const SELECT = `SELECT r.*, c.file_name, j.state AS job_state, j.progress, j.last_error
  FROM render_jobs r JOIN clips c ON c.id = r.clip_id LEFT JOIN jobs j ON j.id = r.job_id`;

export class RenderQueue {
  /** Speed and time left of running renders: live figures, not worth a database write. */
  private readonly live = new Map<string, { speed: number | null; etaSec: number | null; emittedAt: number; startedAt: number }>();

  constructor(private readonly o: RenderQueueOptions) {
    o.bus.subscribe((name, payload) => {
      if (name === 'jobs.changed' && (payload as JobSummary).kind === RENDER_JOB.name) this.onJobChanged(payload as JobSummary);
      if (name === 'settings.changed') o.jobs.setConcurrency(RENDER_JOB, (payload as Settings).renderParallel);
    });
  }

  /** The render job, for the render-queue feature to declare (render-queue/index.ts). */
  get renderJob(): JobDeclaration {
    return job(RENDER_JOB, (ctx) => this.run(ctx), { concurrency: this.o.settings().renderParallel, maxAttempts: 2 });
  }

  /** The file a post sends: its render's output, or its clip when it was posted as is (null when gone). */
  videoFileOf(post: { render_id: string | null; clip_id: string | null }): string | null {
    if (post.render_id) {
      try {
        return this.get(post.render_id).outputPath;
      } catch {
        return null;
      }
    }
    return post.clip_id ? (this.o.library.repo.find(post.clip_id)?.source_path ?? null) : null;
  }

  /** The folder renders are written to. */
  get folder(): string {
    return this.o.library.paths.renders;
  }

  start(clipId: string, recipe: RenderRecipe, actor: string): Render {
    const clip = this.o.library.get(clipId);
    if (clip.state === 'importing') throw new AppError('CONFLICT', `${clip.fileName} is still being imported; render it when it is ready.`);
    if (clip.state === 'missing') throw new AppError('FILE_MISSING', clip.error ?? `${clip.fileName} was moved or deleted.`);
    if (clip.state !== 'ready') throw new AppError('BAD_INPUT', `${clip.fileName} cannot be rendered: ${clip.error ?? 'it could not be read.'}`);
    if (recipe.trim && clip.media && recipe.trim.startSec >= clip.media.durationSec) {
      throw new AppError('BAD_INPUT', `The trim starts at ${recipe.trim.startSec} s, after the end of ${clip.fileName} (${clip.media.durationSec.toFixed(1)} s).`);
    }
    if (recipe.watermark) this.watermarkFile(recipe.watermark.asset);
    const id = crypto.randomUUID();
    const stem = safeFileName(path.parse(clip.fileName).name, 60);
    const outputPath = path.join(this.folder, `${stem}-${id.slice(0, 8)}.mp4`);
    const now = iso(this.o.clock.now());
    this.o.db.transaction(() => {
      this.o.db
        .prepare('INSERT INTO render_jobs (id, clip_id, recipe_json, output_path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, clipId, JSON.stringify(recipe), outputPath, now, now);
      const job = this.o.jobs.enqueue(RENDER_JOB, { renderId: id } satisfies RenderPayload);
      this.o.db.prepare('UPDATE render_jobs SET job_id = ? WHERE id = ?').run(job.id, id);
    })();
    this.o.audit.append({ actor, action: 'render.start', subject: id, detail: `${clip.fileName}: ${describeRecipe(recipe)}` });
    return this.emit(id);
  }

  /** The image a recipe's watermark asset names: only ever a file in the data folder's assets. */
  private watermarkFile(asset: string): string {
    const file = assetFile(this.o.library.paths.assets, asset);
    if (!file) throw new AppError('BAD_INPUT', 'The watermark image is no longer in Clipdesk; choose the image again.');
    return file;
  }

  get(id: string): Render {
    return toRender(this.row(id), this.live.get(id));
  }

  list(q: { clipId?: string | undefined; limit?: number | undefined }): Render[] {
    const rows = (
      q.clipId
        ? this.o.db.prepare(`${SELECT} WHERE r.clip_id = ? ORDER BY r.created_at DESC LIMIT ?`).all(q.clipId, q.limit ?? 200)
        : this.o.db.prepare(`${SELECT} ORDER BY r.created_at DESC LIMIT ?`).all(q.limit ?? 200)
    ) as RenderRow[];
    return rows.map((r) => toRender(r, this.live.get(r.id)));
  }

  cancel(id: string, actor: string): Render {
    const row = this.row(id);
    if (!row.job_id) throw new AppError('CONFLICT', 'This render has no job to cancel.');
    this.o.jobs.cancel(row.job_id);
    this.o.audit.append({ actor, action: 'render.cancel', subject: id, detail: row.file_name });
    return this.get(id);
  }

  retry(id: string, actor: string): Render {
    const row = this.row(id);
    if (!row.job_id) throw new AppError('CONFLICT', 'This render has no job to retry.');
    this.o.library.sourceOf(row.clip_id); // a source that is gone fails here, with what to do
    this.o.jobs.retry(row.job_id);
    this.o.audit.append({ actor, action: 'render.retry', subject: id, detail: row.file_name });
    return this.get(id);
  }

  /** Before a clip leaves the library: stop its renders and delete their files. */
  async removeForClip(clipId: string): Promise<void> {
    const rows = this.o.db.prepare(`${SELECT} WHERE r.clip_id = ?`).all(clipId) as RenderRow[];
    for (const r of rows) {
      if (r.job_id && (r.job_state === 'queued' || r.job_state === 'running')) this.o.jobs.cancel(r.job_id);
    }
    for (const r of rows) {
      for (const file of [r.output_path, r.cover_path]) if (file) await fs.promises.rm(file, { force: true });
    }
  }

  /**
   * Deletes half-written outputs a crashed or killed process left behind. Run at start by
   * the process holding the data-folder lock, before any render runs.
   */
  sweepPartialOutputs(): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.folder);
    } catch {
      return [];
    }
    const removed = names.filter((n) => this.o.tools.isPartialOutput(n));
    for (const n of removed) fs.rmSync(path.join(this.folder, n), { force: true });
    return removed;
  }

  private async run(ctx: JobContext<RenderPayload>): Promise<void> {
    try {
      await this.renderNow(ctx);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      // The tools name what is wrong with this source or recipe (ffmpeg failed on it, the file
      // or watermark is gone): that repeats on every attempt. Anything else (a full disk, a
      // killed process) may not.
      throw err instanceof AppError ? permanent(err) : retryable(err);
    }
  }

  private async renderNow(ctx: JobContext<RenderPayload>): Promise<void> {
    const { renderId } = ctx.payload;
    const row = this.o.db.prepare(`${SELECT} WHERE r.id = ?`).get(renderId) as RenderRow | undefined;
    if (!row || !row.output_path) return; // its clip was removed meanwhile
    const recipe = storedRecipe(row.recipe_json);
    const watermarkFile = recipe.watermark ? this.watermarkFile(recipe.watermark.asset) : null;
    const sourcePath = this.o.library.sourceOf(row.clip_id);
    const clip = this.o.library.clip(row.clip_id); // sourceOf just checked the file
    const source = clip.media ?? (await this.o.tools.probe(sourcePath, ctx.signal));
    const encoder = await this.o.tools.chooseEncoder(recipe.encoder ?? this.o.settings().renderEncoder);
    await fs.promises.mkdir(this.folder, PRIVATE_MKDIR);
    // A half-written file from an earlier, interrupted run of this render goes first.
    await fs.promises.rm(row.output_path, { force: true });
    const result = await this.o.tools.render({
      sourcePath,
      source,
      recipe,
      watermarkFile,
      outputPath: row.output_path,
      encoder,
      signal: ctx.signal,
      onProgress: (p) => {
        const now = this.o.clock.now();
        const last = this.live.get(renderId);
        const startedAt = last?.startedAt ?? now;
        // Time left for the whole render (all passes), from the pace so far; ffmpeg's own
        // figure covers only the pass it is running.
        const elapsedSec = (now - startedAt) / 1000;
        const etaSec = p.fraction > 0.02 && elapsedSec > 1 ? Math.round((elapsedSec * (1 - p.fraction)) / p.fraction) : p.etaSec;
        this.live.set(renderId, { speed: p.speed, etaSec, emittedAt: last?.emittedAt ?? 0, startedAt });
        ctx.progress(p.fraction);
        // ctx.progress emits on 1% steps; speed and time left also refresh about once a second.
        if (!last || now - last.emittedAt >= 1000) {
          this.live.set(renderId, { speed: p.speed, etaSec, emittedAt: now, startedAt });
          this.emit(renderId);
        }
      },
    });
    const output = await this.o.tools.probe(result.outputPath, ctx.signal);
    this.o.db
      .prepare('UPDATE render_jobs SET output_json = ?, cover_path = ?, encoder = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(output), result.coverPath, encoder, iso(this.o.clock.now()), renderId);
  }

  private onJobChanged(job: JobSummary): void {
    const row = this.o.db.prepare(`${SELECT} WHERE r.job_id = ?`).get(job.id) as RenderRow | undefined;
    if (!row) return;
    if (job.state !== 'running') this.live.delete(row.id);
    const render = toRender(row, this.live.get(row.id));
    this.o.bus.emit('renders.changed', render);
    // How a render ended is the render job's to say, not whoever started it: 'renderer', as the
    // publisher's own steps are 'publisher'.
    if (job.state === 'succeeded') {
      const o = render.output;
      const what = o?.video ? `${o.video.width}×${o.video.height}, ${formatDuration(o.durationSec)}` : 'done';
      this.o.notify?.('Render finished', `${row.file_name} is ready (${what}).`);
      this.o.audit.append({ actor: RENDERER, action: 'render.done', subject: row.id, detail: `${row.file_name} → ${row.output_path} (${what})` });
    } else if (job.state === 'failed') {
      this.o.notify?.('Render failed', `${row.file_name}: ${job.lastError ?? 'unknown error'}`);
      this.o.audit.append({ actor: RENDERER, action: 'render.failed', subject: row.id, detail: `${row.file_name}: ${job.lastError ?? ''}` });
    }
  }

  private row(id: string): RenderRow {
    const row = this.o.db.prepare(`${SELECT} WHERE r.id = ?`).get(id) as RenderRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'That render no longer exists.');
    return row;
  }

  private emit(id: string): Render {
    const render = this.get(id);
    this.o.bus.emit('renders.changed', render);
    return render;
  }
}

function toRender(row: RenderRow, live: { speed: number | null; etaSec: number | null } | undefined): Render {
  const state = row.job_state ?? 'failed';
  return {
    id: row.id,
    clipId: row.clip_id,
    clipFileName: row.file_name,
    state,
    recipe: storedRecipe(row.recipe_json),
    progress: row.progress,
    speed: state === 'running' ? (live?.speed ?? null) : null,
    etaSec: state === 'running' ? (live?.etaSec ?? null) : null,
    outputPath: state === 'succeeded' ? row.output_path : null,
    output: row.output_json ? (JSON.parse(row.output_json) as MediaInfo) : null,
    error: state === 'failed' ? (row.last_error ?? 'The render failed.') : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * A render's recipe as stored. Renders made before watermarks became assets named the image by
 * its path: the file name of an uploaded asset is its asset name; an image picked elsewhere
 * was never copied in, so its render asks for the image again (watermarkFile) rather than read
 * a path no caller may name any more.
 */
export function storedRecipe(json: string): RenderRecipe {
  const recipe = JSON.parse(json) as RenderRecipe & { watermark: (RenderRecipe['watermark'] & { path?: string }) | null };
  if (recipe.watermark && recipe.watermark.asset === undefined && typeof recipe.watermark.path === 'string') {
    const { path: legacy, ...rest } = recipe.watermark;
    const name = path.basename(legacy);
    return { ...recipe, watermark: { ...rest, asset: AssetNameSchema.safeParse(name).success ? name : 'missing.png' } };
  }
  return recipe;
}

export function describeRecipe(r: RenderRecipe): string {
  const parts = [`${r.width}×${r.height}`, { crop: 'crop to fill', blur: 'blurred background', letterbox: 'letterbox' }[r.fit]];
  if (r.trim) parts.push(`trim ${r.trim.startSec}–${r.trim.endSec} s`);
  if (r.captions) parts.push(r.captions.kind === 'srt' ? 'SRT captions' : 'text caption');
  if (r.watermark) parts.push('watermark');
  parts.push(r.loudness ? `loudness ${r.loudness.targetLufs} LUFS` : 'loudness unchanged');
  return parts.join(', ');
}
