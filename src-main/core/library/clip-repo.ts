// Reading and writing clips. The readiness verdict is not stored: it is worked out from the
// probe data each time a clip is read, so a change to TikTok's rules applies to every clip.
import type { Clip, ClipState } from '../../../src-shared/media/library';
import type { MediaInfo, Readiness } from '../../../src-shared/media/media-info';
import { AppError } from '../../../src-shared/errors';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { Db } from '../store/database';

export type ClipOrigin = 'path' | 'upload';

export interface ClipRow {
  id: string;
  content_hash: string;
  source_path: string;
  file_name: string;
  size_bytes: number;
  probe_json: string | null;
  thumbnail: string | null;
  state: ClipState;
  error: string | null;
  origin: ClipOrigin;
  created_at: string;
  updated_at: string;
}

/** Marks a row whose hash is still being computed; unique per clip so the UNIQUE index holds. */
export const PENDING_HASH_PREFIX = 'pending:';

export interface ListQuery {
  query?: string | undefined;
  states?: readonly ClipState[] | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

export class ClipRepo {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly assess: (media: MediaInfo) => Readiness,
  ) {}

  insert(clip: { id: string; sourcePath: string; fileName: string; sizeBytes: number; contentHash: string | null; origin: ClipOrigin }): ClipRow {
    const now = iso(this.clock.now());
    return this.db
      .prepare(
        `INSERT INTO clips (id, content_hash, source_path, file_name, size_bytes, state, origin, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'importing', ?, ?, ?) RETURNING *`,
      )
      .get(clip.id, clip.contentHash ?? PENDING_HASH_PREFIX + clip.id, clip.sourcePath, clip.fileName, clip.sizeBytes, clip.origin, now, now) as ClipRow;
  }

  row(id: string): ClipRow {
    const row = this.find(id);
    if (!row) throw new AppError('NOT_FOUND', 'That clip is no longer in the library.');
    return row;
  }

  find(id: string): ClipRow | undefined {
    return this.db.prepare('SELECT * FROM clips WHERE id = ?').get(id) as ClipRow | undefined;
  }

  findByHash(hash: string): ClipRow | undefined {
    return this.db.prepare('SELECT * FROM clips WHERE content_hash = ?').get(hash) as ClipRow | undefined;
  }

  /** A clip imported from this very path with this size: the same file dropped again. */
  findByPath(sourcePath: string, sizeBytes: number): ClipRow | undefined {
    return this.db.prepare('SELECT * FROM clips WHERE source_path = ? AND size_bytes = ?').get(sourcePath, sizeBytes) as ClipRow | undefined;
  }

  setHash(id: string, hash: string): void {
    this.db.prepare('UPDATE clips SET content_hash = ?, updated_at = ? WHERE id = ?').run(hash, iso(this.clock.now()), id);
  }

  setProbed(id: string, media: MediaInfo, state: ClipState, error: string | null): void {
    this.db
      .prepare('UPDATE clips SET probe_json = ?, state = ?, error = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(media), state, error, iso(this.clock.now()), id);
  }

  setThumbnail(id: string, file: string | null): void {
    this.db.prepare('UPDATE clips SET thumbnail = ?, updated_at = ? WHERE id = ?').run(file, iso(this.clock.now()), id);
  }

  setState(id: string, state: ClipState, error: string | null): void {
    this.db.prepare('UPDATE clips SET state = ?, error = ?, updated_at = ? WHERE id = ?').run(state, error, iso(this.clock.now()), id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM clips WHERE id = ?').run(id);
  }

  list(q: ListQuery): { rows: ClipRow[]; total: number } {
    const where: string[] = [];
    const params: unknown[] = [];
    const text = q.query?.trim();
    if (text) {
      // File name search; LIKE's own wildcards in the query are taken literally.
      where.push("file_name LIKE ? ESCAPE '\\'");
      params.push(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (q.states?.length) {
      where.push(`state IN (${q.states.map(() => '?').join(',')})`);
      params.push(...q.states);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM clips ${clause}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM clips ${clause} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`)
      .all(...params, q.limit ?? 200, q.offset ?? 0) as ClipRow[];
    return { rows, total };
  }

  allSources(): Array<Pick<ClipRow, 'id' | 'source_path' | 'state' | 'error'>> {
    return this.db.prepare('SELECT id, source_path, state, error FROM clips').all() as Array<Pick<ClipRow, 'id' | 'source_path' | 'state' | 'error'>>;
  }

  toClip(row: ClipRow, progress: number | null): Clip {
    const media = row.probe_json ? (JSON.parse(row.probe_json) as MediaInfo) : null;
    return {
      id: row.id,
      fileName: row.file_name,
      sourcePath: row.source_path,
      sizeBytes: row.size_bytes,
      contentHash: row.content_hash.startsWith(PENDING_HASH_PREFIX) ? '' : row.content_hash,
      state: row.state,
      error: row.error,
      progress: row.state === 'importing' ? progress : null,
      media,
      readiness: media ? this.assess(media) : null,
      hasThumbnail: row.thumbnail !== null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
