// The store against real SQLite files: fresh databases, forward migration of an old schema, and
// files Clipdesk must refuse (newer, corrupt) without changing a single byte of them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { DATABASE_FILE, SCHEMA_VERSION, openDatabase, type Db } from '../../src-main/core/store/database';
import { MIGRATIONS, POST_GUARD_TRIGGERS, postGuardsSql, type Migration } from '../../src-main/core/store/migrations';
import { POST_STATES } from '../../src-shared/posts/lifecycle';
import { HOLD_REASONS, type HoldReason } from '../../src-shared/posts/post';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-store-');

const ALL_TABLES = ['accounts', 'approvals', 'audit_entries', 'clips', 'jobs', 'posts', 'render_jobs', 'secrets', 'settings'];

function tables(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/** Asserts opening `dir` fails with `code` and leaves the folder byte-for-byte as it was. */
function expectRefusedUntouched(dir: string, code: 'STORE_NEWER' | 'STORE_CORRUPT'): AppError {
  const before = new Map(fs.readdirSync(dir).map((f) => [f, sha256(path.join(dir, f))]));
  const err = catchError(() => openDatabase(dir));
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  const after = new Map(fs.readdirSync(dir).map((f) => [f, sha256(path.join(dir, f))]));
  expect(after).toEqual(before);
  return err as AppError;
}

const NOW = '2025-01-15T12:00:00.000Z';

describe('openDatabase', () => {
  it('numbers the migrations 1..n with nothing missing', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_m, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('creates a fresh database at the latest schema, in WAL mode with foreign keys on', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    try {
      expect(fs.existsSync(path.join(dir, DATABASE_FILE))).toBe(true);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(tables(db)).toEqual(expect.arrayContaining(ALL_TABLES));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      // Foreign keys are enforced, not just declared.
      expect(() =>
        db.prepare("INSERT INTO approvals (id, post_id, status, requested_at) VALUES ('a1', 'no-such-post', 'pending', 1)").run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
  });

  it('migrates a first-schema database forward and keeps its data', () => {
    const dir = tempDir();
    const old = openDatabase(dir, { upTo: 1 });
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(old)).not.toContain('jobs');
    old.prepare("INSERT INTO posts (id, state, caption, created_at, updated_at) VALUES ('p1', 'ready', 'hello', ?, ?)").run(NOW, NOW);
    old.prepare("INSERT INTO settings (key, value) VALUES ('publishingPaused', 'true')").run();
    old.close();

    const db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(tables(db)).toEqual(expect.arrayContaining(ALL_TABLES));
      expect(db.prepare("SELECT id, state, caption FROM posts WHERE id = 'p1'").get()).toEqual({ id: 'p1', state: 'ready', caption: 'hello' });
      expect(db.prepare("SELECT value FROM settings WHERE key = 'publishingPaused'").get()).toEqual({ value: 'true' });
      // The new tables work against the old rows.
      db.prepare(
        "INSERT INTO jobs (id, kind, payload_json, state, max_attempts, run_after, created_at, updated_at) VALUES ('j1', 'k', '{}', 'queued', 3, 0, ?, ?)",
      ).run(NOW, NOW);
      expect(db.prepare('SELECT count(*) AS n FROM jobs').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it('gives the holds of a version-6 database their typed reason, and moves retired states to a retryable failure', () => {
    const dir = tempDir();
    const old = openDatabase(dir, { upTo: 6 });
    const post = old.prepare('INSERT INTO posts (id, state, caption, created_at, updated_at, hold_reason, hold_until) VALUES (?, ?, ?, ?, ?, ?, ?)');
    post.run('missed', 'scheduled', '', NOW, NOW, 'It missed its time (x) by 3 h, more than your grace window.', null);
    post.run('cap', 'scheduled', '', NOW, NOW, 'TikTok allows about 15 posts a day per account (across every app), and Lena has reached it.', 99);
    post.run('paused', 'scheduled', '', NOW, NOW, 'Publishing is paused; this post goes out when you resume.', 98);
    post.run('released', 'scheduled', '', NOW, NOW, null, 97);
    post.run('upload', 'uploading', '', NOW, NOW, null, null);
    post.run('waits', 'awaiting_approval', '', NOW, NOW, null, null);
    post.run('draft', 'drafted', '', NOW, NOW, null, null);
    post.run('render', 'rendering', '', NOW, NOW, null, null);
    old.prepare("INSERT INTO publish_attempts (id, post_id, account_id, attempt, mode, phase, video_path, video_size, detail, created_at, updated_at) VALUES ('a1', 'upload', 'acc', 1, 'direct', 'uploading', '/v.mp4', 1, 'Waiting for the TikTok account: reconnect Lena.', ?, ?)").run(NOW, NOW);
    old.prepare("INSERT INTO approvals (id, post_id, status, requested_at, held_at) VALUES ('ap', 'waits', 'pending', 1, 1736942400000)").run();
    old.close();

    const db = openDatabase(dir);
    try {
      const holds = db.prepare('SELECT id, state, hold_kind AS kind, hold_until AS until, hold_since AS since FROM posts ORDER BY id').all();
      const at = Date.parse(NOW);
      expect(holds).toEqual([
        { id: 'cap', state: 'scheduled', kind: 'daily_cap', until: 99, since: at },
        { id: 'draft', state: 'failed', kind: null, until: null, since: null },
        { id: 'missed', state: 'scheduled', kind: 'missed', until: null, since: at },
        { id: 'paused', state: 'scheduled', kind: 'paused', until: 98, since: at },
        // Released from a wait: the end of the wait stays, the missed-post rule measures from it.
        { id: 'released', state: 'scheduled', kind: null, until: 97, since: null },
        { id: 'render', state: 'failed', kind: null, until: null, since: null },
        { id: 'upload', state: 'uploading', kind: 'account', until: null, since: at },
        { id: 'waits', state: 'awaiting_approval', kind: 'no_answer', until: null, since: 1736942400000 },
      ]);
      const failure = JSON.parse((db.prepare("SELECT failure_json AS f FROM posts WHERE id = 'draft'").get() as { f: string }).f) as { retryable: boolean };
      expect(failure.retryable).toBe(true);
      // Migration 7's column CHECK, and since migration 8 a trigger before it.
      expect(() => db.prepare("UPDATE posts SET hold_kind = 'because' WHERE id = 'cap'").run()).toThrow(/CHECK|must be a hold reason/);
    } finally {
      db.close();
    }
  });

  it('migrates a version-7 database with a post in every state; from then on it refuses a state or hold reason the lifecycle does not have', () => {
    expect(MIGRATIONS.find((m) => m.version === 8)?.sql).toBe(postGuardsSql());
    const dir = tempDir();
    const old = openDatabase(dir, { upTo: 7 });
    const post = old.prepare('INSERT INTO posts (id, state, caption, created_at, updated_at, hold_kind, hold_reason, hold_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const holdOf = (state: string): HoldReason | null => (state === 'scheduled' ? 'daily_cap' : state === 'awaiting_approval' ? 'no_answer' : state === 'uploading' ? 'account' : null);
    for (const state of POST_STATES) post.run(`p-${state}`, state, `in ${state}`, NOW, NOW, holdOf(state), holdOf(state) ? 'why' : null, holdOf(state) ? 1 : null);
    old.prepare("INSERT INTO approvals (id, post_id, status, requested_at, held_at) VALUES ('ap', 'p-awaiting_approval', 'pending', 1, 1)").run();
    old.prepare("INSERT INTO publish_attempts (id, post_id, account_id, attempt, mode, phase, video_path, video_size, created_at, updated_at) VALUES ('a1', 'p-processing', 'acc', 1, 'direct', 'processing', '/v.mp4', 1, ?, ?)").run(NOW, NOW);
    // Before migration 8 nothing stops a state the lifecycle does not have.
    old.prepare("UPDATE posts SET state = 'drafted' WHERE id = 'p-ready'").run();
    old.prepare("UPDATE posts SET state = 'ready' WHERE id = 'p-ready'").run();
    old.close();

    const db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(8);
      // Every post as it was: nothing copied, converted or lost, nor what hangs off them.
      expect(db.prepare('SELECT id, state, caption, hold_kind AS hold FROM posts ORDER BY rowid').all()).toEqual(
        POST_STATES.map((state) => ({ id: `p-${state}`, state, caption: `in ${state}`, hold: holdOf(state) })),
      );
      expect(db.prepare('SELECT COUNT(*) AS n FROM approvals').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM publish_attempts').get()).toEqual({ n: 1 });

      // The guards' lists are the lifecycle's, as the database holds them.
      const guards = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'posts' ORDER BY name").all() as { name: string; sql: string }[];
      expect(guards.map((g) => g.name).sort()).toEqual([...POST_GUARD_TRIGGERS].sort());
      const listIn = (sql: string, column: string): string[] => {
        const m = new RegExp(`NEW\\.${column} NOT IN \\(([^)]*)\\)`).exec(sql);
        return m ? [...m[1]!.matchAll(/'([^']*)'/g)].map((x) => x[1]!) : [];
      };
      for (const g of guards) {
        if (g.name.startsWith('posts_state_')) expect(listIn(g.sql, 'state'), g.name).toEqual([...POST_STATES]);
        else expect(listIn(g.sql, 'hold_kind'), g.name).toEqual([...HOLD_REASONS]);
      }

      // Every state of the lifecycle is still written, by insert and by update; any other is refused.
      for (const state of POST_STATES) {
        db.prepare("UPDATE posts SET state = ? WHERE id = 'p-ready'").run(state);
        db.prepare('INSERT INTO posts (id, state, created_at, updated_at) VALUES (?, ?, ?, ?)').run(`new-${state}`, state, NOW, NOW);
      }
      for (const bad of ['drafted', 'rendering', 'Ready', '', 'published ']) {
        expect(() => db.prepare("UPDATE posts SET state = ? WHERE id = 'p-ready'").run(bad), bad).toThrow(/posts\.state must be a state of the post lifecycle/);
        expect(() => db.prepare("INSERT INTO posts (id, state, created_at, updated_at) VALUES ('bad', ?, ?, ?)").run(bad, NOW, NOW), bad).toThrow(/posts\.state must be/);
      }
      expect(db.prepare("SELECT COUNT(*) AS n FROM posts WHERE id = 'bad'").get()).toEqual({ n: 0 });
      // Every hold reason (or none) is written; any other is refused.
      for (const reason of [...HOLD_REASONS, null]) db.prepare("UPDATE posts SET hold_kind = ? WHERE id = 'p-scheduled'").run(reason);
      expect(() => db.prepare("UPDATE posts SET hold_kind = 'because' WHERE id = 'p-scheduled'").run()).toThrow(/posts\.hold_kind must be a hold reason/);
      expect(() => db.prepare("INSERT INTO posts (id, state, created_at, updated_at, hold_kind) VALUES ('bad', 'scheduled', ?, ?, 'later')").run(NOW, NOW)).toThrow(
        /posts\.hold_kind must be a hold reason/,
      );
      // Writes that leave state and hold alone are not checked again.
      db.prepare("UPDATE posts SET caption = 'edited' WHERE id = 'p-scheduled'").run();
    } finally {
      db.close();
    }
  });

  it('lets accounts of any platform in, keeping every account, its posts and the references between them', () => {
    const dir = tempDir();
    const old = openDatabase(dir, { upTo: 8 });
    old
      .prepare("INSERT INTO accounts (id, provider, external_id, display_name, scopes, state, created_at, updated_at, username, access_expires_at, problem) VALUES ('acc', 'tiktok', 'open-1', 'Lena', 'video.publish', 'reconnect_needed', ?, ?, 'lena', 42, 'Reconnect Lena.')")
      .run(NOW, NOW);
    expect(() => old.prepare("INSERT INTO accounts (id, provider, external_id, display_name, created_at, updated_at) VALUES ('x', 'loopback', 'x', 'X', ?, ?)").run(NOW, NOW)).toThrow(/CHECK/);
    old.prepare("INSERT INTO posts (id, account_id, state, caption, created_at, updated_at) VALUES ('p', 'acc', 'scheduled', 'hi', ?, ?)").run(NOW, NOW);
    old.close();

    const db = openDatabase(dir);
    try {
      expect(db.prepare('SELECT id, provider, external_id, display_name, scopes, state, username, access_expires_at, problem FROM accounts').all()).toEqual([
        { id: 'acc', provider: 'tiktok', external_id: 'open-1', display_name: 'Lena', scopes: 'video.publish', state: 'reconnect_needed', username: 'lena', access_expires_at: 42, problem: 'Reconnect Lena.' },
      ]);
      expect(db.prepare("SELECT account_id FROM posts WHERE id = 'p'").get()).toEqual({ account_id: 'acc' });
      db.prepare("INSERT INTO accounts (id, provider, external_id, display_name, created_at, updated_at) VALUES ('x', 'loopback', 'x', 'X', ?, ?)").run(NOW, NOW);
      // The posts still refer to the rebuilt table: a post of an unknown account is refused, and
      // removing an account still leaves its posts without one (ON DELETE SET NULL).
      expect(() => db.prepare("INSERT INTO posts (id, account_id, state, created_at, updated_at) VALUES ('q', 'nobody', 'ready', ?, ?)").run(NOW, NOW)).toThrow(/FOREIGN KEY/);
      db.prepare("DELETE FROM accounts WHERE id = 'acc'").run();
      expect(db.prepare("SELECT account_id FROM posts WHERE id = 'p'").get()).toEqual({ account_id: null });
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(() => db.prepare("INSERT INTO accounts (id, provider, external_id, display_name, created_at, updated_at) VALUES ('y', 'loopback', 'x', 'Y', ?, ?)").run(NOW, NOW)).toThrow(/UNIQUE/);
    } finally {
      db.close();
    }
  });

  it('reopens an up-to-date database without running anything again', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const db = openDatabase(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database written by a newer Clipdesk and leaves it byte-identical', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    db.prepare("INSERT INTO settings (key, value) VALUES ('publishingPaused', 'true')").run();
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    // Closed cleanly: the WAL is checkpointed and gone, so the one file holds everything.
    expect(fs.readdirSync(dir)).toEqual([DATABASE_FILE]);

    const err = expectRefusedUntouched(dir, 'STORE_NEWER');
    expect(err.message).toMatch(/newer version of Clipdesk/);
    expect(err.message).toContain(`schema ${SCHEMA_VERSION + 5}`);
    expect(err.message).toMatch(/not changed/);
  });

  it('refuses a newer database that is still in rollback-journal mode without converting it to WAL', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expectRefusedUntouched(dir, 'STORE_NEWER');
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('refuses a file of random bytes with STORE_CORRUPT and leaves it byte-identical', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DATABASE_FILE), crypto.randomBytes(16 * 1024));
    const err = expectRefusedUntouched(dir, 'STORE_CORRUPT');
    expect(err.message).toContain(path.join(dir, DATABASE_FILE));
    expect(err.message).toMatch(/left untouched/);
  });

  it('refuses a text file named clipdesk.sqlite with STORE_CORRUPT and leaves it byte-identical', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DATABASE_FILE), 'These are my notes, not a database.\n'.repeat(200));
    expectRefusedUntouched(dir, 'STORE_CORRUPT');
  });

  it('refuses a database whose pages are damaged and leaves it byte-identical', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const db = openDatabase(dir);
    const insert = db.prepare("INSERT INTO audit_entries (at, actor, action, detail) VALUES (?, 'app', 'x', ?)");
    for (let i = 0; i < 300; i++) insert.run(NOW, `entry ${i} `.repeat(20));
    db.close();
    // Keep the header intact (so it still looks like SQLite) and scramble the pages after it.
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    crypto.randomBytes(bytes.length - pageSize * 2).copy(bytes, pageSize * 2);
    fs.writeFileSync(file, bytes);
    expectRefusedUntouched(dir, 'STORE_CORRUPT');
  });

  it('rolls back a failing migration: the version stays and no table is half made', () => {
    const dir = tempDir();
    const bad: Migration[] = [
      MIGRATIONS[0]!,
      {
        version: 2,
        name: 'broken',
        sql: `CREATE TABLE half_made (id TEXT PRIMARY KEY);
              INSERT INTO half_made (id) VALUES ('x');
              INSERT INTO no_such_table (id) VALUES ('y');`,
      },
    ];
    const err = catchError(() => openDatabase(dir, { migrations: bad }));
    expect(err).toBeInstanceOf(AppError);
    // It names the migration that failed and does not tell the creator to throw the database away.
    expect((err as AppError).message).toMatch(/broken/);
    expect((err as AppError).message).not.toMatch(/start fresh|move it aside/i);
    expect((err as AppError).message).toMatch(/at schema 1\b/);

    const db = openDatabase(dir, { upTo: 1 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(tables(db)).not.toContain('half_made');
      expect(tables(db)).toContain('posts');
    } finally {
      db.close();
    }
  });

  it('keeps the data of earlier migrations when a later one fails on an existing database', () => {
    const dir = tempDir();
    const first = openDatabase(dir, { upTo: 1 });
    first.prepare("INSERT INTO posts (id, state, created_at, updated_at) VALUES ('p1', 'ready', ?, ?)").run(NOW, NOW);
    first.close();
    const bad: Migration[] = [MIGRATIONS[0]!, { version: 2, name: 'broken', sql: "UPDATE posts SET state = 'x'; SELECT nope FROM nowhere;" }];
    expect(() => openDatabase(dir, { migrations: bad })).toThrow(AppError);
    const db = openDatabase(dir, { upTo: 1 });
    try {
      expect(db.prepare("SELECT state FROM posts WHERE id = 'p1'").get()).toEqual({ state: 'ready' });
    } finally {
      db.close();
    }
  });
});
