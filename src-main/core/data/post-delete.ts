// Deleting a post (posts.delete): never while TikTok may be mid-publish; its approvals and
// publish attempts go with it (the schema cascades), its waiting jobs are cancelled, and, when
// asked, the files only it used (never a file outside the data folder).
import { AppError } from '../../../src-shared/errors';
import { AT_TIKTOK_STATES, describeState, type PostState } from '../../../src-shared/posts/lifecycle';
import { DEADLINE_JOB } from '../approvals/approval-service';
import type { AuditLog } from '../audit/audit-log';
import type { JobRunner } from '../jobs/job-runner';
import type { Db } from '../store/database';
import { PUBLISH_JOB } from '../post-store/publish-queue';
import { deleteDataFile } from '../instance/data-files';
import { removablePostMedia } from './post-media';

export interface PostDeleteDeps {
  dataDir: string;
  db: Db;
  audit: AuditLog;
  jobs: JobRunner;
  /** Told when a clip's uploaded source was deleted (the library marks it missing). */
  onSourcesChanged?: () => void;
}

export function deletePost(deps: PostDeleteDeps, input: { id: string; deleteMedia: boolean }, actor: string): { deleted: true; filesDeleted: number } {
  const { db, jobs, audit } = deps;
  const read = () => db.prepare('SELECT id, state, caption, clip_id, render_id FROM posts WHERE id = ?').get(input.id) as
    | { id: string; state: PostState; caption: string; clip_id: string | null; render_id: string | null }
    | undefined;
  const post = read();
  if (!post) throw new AppError('NOT_FOUND', `No post with id ${input.id}.`);
  const refuse = (state: PostState): never => {
    throw new AppError('CONFLICT', `This post is ${describeState(state)}: TikTok may be publishing it right now, so it cannot be deleted until that finishes.`);
  };
  if (AT_TIKTOK_STATES.includes(post.state)) refuse(post.state);
  // Chosen before the row goes: who else uses a file is asked of the rows as they are now.
  const media = input.deleteMedia ? removablePostMedia(db, deps.dataDir, post, 'delete') : { files: [], sourceOf: null };

  db.transaction(() => {
    const now = read();
    if (!now) throw new AppError('NOT_FOUND', `No post with id ${input.id}.`);
    if (AT_TIKTOK_STATES.includes(now.state)) refuse(now.state);
    const approvalIds = (db.prepare('SELECT id FROM approvals WHERE post_id = ?').all(post.id) as { id: string }[]).map((r) => r.id);
    // Its publishing (queued, or running but not yet started: the post is not uploading) and its approval deadlines.
    const running = db
      .prepare("SELECT id FROM jobs WHERE kind = ? AND state = 'running' AND json_extract(payload_json, '$.postId') = ?")
      .all(PUBLISH_JOB.name, post.id) as { id: string }[];
    const jobIds = [...jobs.queuedFor(PUBLISH_JOB, 'postId', post.id), ...running.map((r) => r.id), ...approvalIds.flatMap((a) => jobs.queuedFor(DEADLINE_JOB, 'approvalId', a))];
    // A render made for this post alone and still running: its file would outlive the post.
    if (input.deleteMedia && post.render_id && !db.prepare('SELECT 1 FROM posts WHERE render_id = ? AND id != ?').get(post.render_id, post.id)) {
      const render = db.prepare("SELECT j.id FROM render_jobs r JOIN jobs j ON j.id = r.job_id WHERE r.id = ? AND j.state IN ('queued', 'running')").get(post.render_id) as { id: string } | undefined;
      if (render) jobIds.push(render.id);
    }
    for (const id of jobIds) jobs.cancel(id);
    db.prepare('DELETE FROM posts WHERE id = ?').run(post.id);
  })();

  let filesDeleted = 0;
  for (const f of media.files) if (deleteDataFile(deps.dataDir, f)) filesDeleted++;
  if (media.sourceOf) deps.onSourcesChanged?.();
  const caption = post.caption.length > 60 ? `${post.caption.slice(0, 57)}…` : post.caption;
  audit.append({
    actor,
    action: 'post.deleted',
    subject: post.id,
    detail: `${caption ? `“${caption}” ` : ''}(was ${post.state})${input.deleteMedia ? `; ${filesDeleted} file${filesDeleted === 1 ? '' : 's'} deleted` : '; files kept'}`,
  });
  return { deleted: true, filesDeleted };
}
