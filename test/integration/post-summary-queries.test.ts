// The post summary lists show is one read model (docs/architecture.md §2): a page of posts is
// read with a fixed number of statements, however many posts it holds — not a handful for each
// post (its account, render, clip, approval and publish attempt). Counted against real SQLite by
// wrapping `db.prepare`, so every statement the repo runs (run/get/all/iterate) is seen.
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src-main/core/audit/audit-log';
import { EventBus } from '../../src-main/core/event-bus';
import { PostRepo } from '../../src-main/core/post-store/post-repo';
import { openDatabase, type Db } from '../../src-main/core/store/database';
import { fakeClock } from '../support/fake-clock';
import { useTempDirs } from '../support/temp-dir';
import { countStatements } from '../support/count-statements';

const tempDir = useTempDirs('clipdesk-summary-');
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

const NOW = '2026-05-04T09:00:00.000Z';

/** `count` posts, each with everything a summary shows beside it: account, clip, render, approval, attempt, hold. */
function seed(db: Db, count: number): void {
  db.transaction(() => {
    const account = db.prepare("INSERT INTO accounts (id, provider, external_id, display_name, username, state, created_at, updated_at) VALUES (?, 'tiktok', ?, ?, ?, 'connected', ?, ?)");
    for (let a = 0; a < 3; a++) account.run(`acc${a}`, `ext${a}`, `Account ${a}`, `handle${a}`, NOW, NOW);
    const clip = db.prepare("INSERT INTO clips (id, content_hash, source_path, file_name, size_bytes, probe_json, state, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, 'ready', ?, ?)");
    const render = db.prepare("INSERT INTO render_jobs (id, clip_id, recipe_json, output_path, output_json, created_at, updated_at) VALUES (?, ?, '{}', ?, ?, ?, ?)");
    const post = db.prepare(
      `INSERT INTO posts (id, clip_id, render_id, account_id, state, caption, settings_json, scheduled_at, created_at, updated_at, hold_kind, hold_reason, hold_until, hold_since)
       VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?)`,
    );
    const approval = db.prepare("INSERT INTO approvals (id, post_id, status, requested_at, held_at) VALUES (?, ?, 'pending', ?, ?)");
    const attempt = db.prepare(
      "INSERT INTO publish_attempts (id, post_id, account_id, attempt, mode, phase, video_path, video_size, uploaded_bytes, detail, created_at, updated_at) VALUES (?, ?, ?, ?, 'direct', 'uploading', '/v.mp4', 100, 40, 'Uploading 40 %', ?, ?)",
    );
    for (let i = 0; i < count; i++) {
      const id = `p${String(i).padStart(5, '0')}`;
      const at = new Date(Date.parse(NOW) + i * 1000).toISOString();
      clip.run(`c${i}`, `h${i}`, `/clips/${i}.mov`, `clip ${i}.mov`, JSON.stringify({ durationSec: 20 }), NOW, NOW);
      render.run(`r${i}`, `c${i}`, `/renders/r${i}.mp4`, JSON.stringify({ durationSec: 19.5 }), NOW, NOW);
      const state = i % 3 === 0 ? 'awaiting_approval' : i % 3 === 1 ? 'scheduled' : 'uploading';
      const held = state === 'scheduled' ? ['paused', 'Publishing is paused; this post goes out when you resume.', 1, 1] : [null, null, null, null];
      post.run(id, `c${i}`, `r${i}`, `acc${i % 3}`, state, `caption ${i}`, at, at, at, ...held);
      if (state === 'awaiting_approval') approval.run(`ap${i}`, id, i, null);
      if (state === 'uploading') {
        attempt.run(`a${i}-1`, id, `acc${i % 3}`, 1, at, at);
        attempt.run(`a${i}-2`, id, `acc${i % 3}`, 2, at, at);
      }
    }
  })();
}

describe('the post summary read model', () => {
  it('lists 1,000 posts with a number of statements that does not grow with them', () => {
    const db = openDatabase(tempDir());
    dbs.push(db);
    const clock = fakeClock();
    const bus = new EventBus();
    const posts = new PostRepo(db, clock, new AuditLog(db, clock, bus), bus);
    seed(db, 1000);
    const statements = countStatements(db);

    const small = posts.list({ limit: 10 });
    const forTen = statements.n;
    statements.reset();
    const started = performance.now();
    const all = posts.list({ limit: 1000 });
    const ms = performance.now() - started;
    const forThousand = statements.n;
    console.log(`posts.list: ${forTen} statement(s) for 10 posts, ${forThousand} for 1,000 (${ms.toFixed(1)} ms)`);

    expect(small).toHaveLength(10);
    expect(all).toHaveLength(1000);
    expect(forThousand).toBe(forTen);
    expect(forThousand).toBeLessThanOrEqual(2);

    // Everything beside the post is there, from the joins: a sample of each kind.
    const byId = new Map(all.map((p) => [p.id, p]));
    expect(byId.get('p00000')).toMatchObject({
      state: 'awaiting_approval',
      accountName: 'Account 0',
      accountUsername: 'handle0',
      accountState: 'connected',
      fileName: 'r0.mp4',
      durationSec: 19.5,
      approval: { id: 'ap0', status: 'pending' },
      hold: null,
      publish: null,
    });
    expect(byId.get('p00001')).toMatchObject({ state: 'scheduled', hold: { reason: 'paused' }, publish: { phase: 'waiting', detail: 'Publishing is paused; this post goes out when you resume.' } });
    // The latest attempt, not the first.
    expect(byId.get('p00002')).toMatchObject({ state: 'uploading', hold: null, publish: { phase: 'uploading', attempt: 2, uploadedBytes: 40, totalBytes: 100 } });
    // One post read alone is the same summary as in the list.
    statements.reset();
    expect(posts.get('p00002')).toEqual(byId.get('p00002'));
    expect(statements.n).toBeLessThanOrEqual(2);
  });
});
