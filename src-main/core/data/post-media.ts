// Which of a post's files Clipdesk may delete — its render's output and cover, and its clip's
// uploaded copy — without taking a file from anything else that still needs it. Never a file
// outside the data folder: sources imported by path are the creator's own.
import fs from 'node:fs';
import { libraryPaths } from '../instance/library-paths';
import type { Db } from '../store/database';
import { isInside } from '../instance/data-files';

export interface PostMediaRow {
  id: string;
  clip_id: string | null;
  render_id: string | null;
}

/**
 * - `delete`: the post goes; a file stays when any other post (or another render of the clip)
 *   uses it.
 * - `retention`: the post stays (published); a file stays when a post not yet published still
 *   needs it, or a render of the clip is queued or running.
 */
export type MediaRule = 'delete' | 'retention';

const NOT_NEEDING = "('published', 'cancelled', 'rejected')";

export interface PostFiles {
  files: string[];
  /** The clip whose uploaded source is among `files`. */
  sourceOf: string | null;
}

export function removablePostMedia(db: Db, dataDir: string, post: PostMediaRow, rule: MediaRule): PostFiles {
  const files: string[] = [];
  let source: string | null = null;
  const others = rule === 'delete' ? '' : `AND state NOT IN ${NOT_NEEDING}`;
  if (post.render_id) {
    const render = db.prepare('SELECT output_path, cover_path FROM render_jobs WHERE id = ?').get(post.render_id) as { output_path: string | null; cover_path: string | null } | undefined;
    const shared = db.prepare(`SELECT 1 FROM posts WHERE render_id = ? AND id != ? ${others} LIMIT 1`).get(post.render_id, post.id);
    if (render && !shared) for (const f of [render.output_path, render.cover_path]) if (f) files.push(f);
  }
  if (post.clip_id) {
    const clip = db.prepare('SELECT source_path FROM clips WHERE id = ?').get(post.clip_id) as { source_path: string } | undefined;
    const uploaded = clip && isInside(clip.source_path, libraryPaths(dataDir).uploads);
    const usedByPost = db.prepare(`SELECT 1 FROM posts WHERE clip_id = ? AND id != ? ${others} LIMIT 1`).get(post.clip_id, post.id);
    const usedByRender =
      rule === 'delete'
        ? db.prepare('SELECT 1 FROM render_jobs WHERE clip_id = ? AND id IS NOT ? LIMIT 1').get(post.clip_id, post.render_id)
        : db.prepare("SELECT 1 FROM render_jobs r JOIN jobs j ON j.id = r.job_id WHERE r.clip_id = ? AND j.state IN ('queued', 'running') LIMIT 1").get(post.clip_id);
    if (clip && uploaded && !usedByPost && !usedByRender) {
      files.push(clip.source_path);
      source = clip.source_path;
    }
  }
  const existing = files.filter((f) => isInside(f, dataDir) && fs.existsSync(f));
  return { files: existing, sourceOf: source && existing.includes(source) ? post.clip_id : null };
}
