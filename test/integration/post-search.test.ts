// Searching every post ever made (docs/architecture.md §2, "Searching posts"): 10,000 posts
// seeded straight into a real SQLite, paged with keyset cursors through the one read model.
// Each page costs a fixed number of statements (counted by wrapping db.prepare); every post
// comes exactly once across the pages, also while rows are added and change between pages;
// the filters combine, and agree with the renderer's own rule (postMatches) post for post;
// caption search folds case beyond ASCII and finds emoji and non-Latin text; posts.count counts
// every match (and the held among them) in one statement, beyond any page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src-main/core/audit/audit-log';
import { EventBus } from '../../src-main/core/event-bus';
import { PostRepo } from '../../src-main/core/post-store/post-repo';
import { openDatabase, type Db } from '../../src-main/core/store/database';
import { POST_STATES, type PostState } from '../../src-shared/posts/lifecycle';
import type { PostSummary } from '../../src-shared/posts/post';
import { comparePosts, postMatches, type PostSearch, type PostSort } from '../../src-shared/posts/post-search';
import { fakeClock } from '../support/fake-clock';
import { useTempDirs } from '../support/temp-dir';
import { countStatements } from '../support/count-statements';

const tempDir = useTempDirs('clipdesk-search-');
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

const BASE = Date.parse('2026-01-01T00:00:00.000Z');
const COUNT = 10_000;
const WORDS = ['beach', 'studio', 'Morning', 'recipe', 'travel'];
/** Captions beyond ASCII, every 97th post. */
const SPECIAL = ['Привет, мир 🎉', 'ПРИВЕТ снова', 'Café au lait', 'CAFE\u0301 noir', '東京の夜 🌃', 'Ελληνικά ΣΟΦΙΑ', '100%_done \\ ok'];

/** A fresh database; closed after the test unless `shared` (a suite's, closed after it). */
function open(shared = false): { db: Db; repo: PostRepo } {
  const db = openDatabase(shared ? fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-search-shared-')) : tempDir());
  if (!shared) dbs.push(db);
  const clock = fakeClock(BASE + COUNT * 60_000);
  const bus = new EventBus();
  return { db, repo: new PostRepo(db, clock, new AuditLog(db, clock, bus), bus) };
}

/** `count` posts over three accounts and every state; some scheduled, some ended at known times. */
function seed(db: Db, count = COUNT): void {
  db.transaction(() => {
    const account = db.prepare("INSERT INTO accounts (id, provider, external_id, display_name, username, state, created_at, updated_at) VALUES (?, 'tiktok', ?, ?, ?, 'connected', ?, ?)");
    for (let a = 0; a < 3; a++) account.run(`acc${a}`, `ext${a}`, `Account ${a}`, `handle${a}`, iso(BASE), iso(BASE));
    const post = db.prepare(
      `INSERT INTO posts (id, account_id, state, caption, settings_json, scheduled_at, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', ?, ?, ?)`,
    );
    for (let i = 0; i < count; i++) post.run(...postRow(i));
  })();
}

function postRow(i: number): [string, string, PostState, string, string | null, string, string] {
  const state = POST_STATES[i % POST_STATES.length]!;
  const caption = i % 97 === 0 ? SPECIAL[(i / 97) % SPECIAL.length]! : `${WORDS[i % WORDS.length]} take ${i}`;
  // Every other post has a time, spread over the year; created once a minute; ended an hour after.
  const scheduled = i % 2 === 0 ? iso(BASE + ((i * 7919) % COUNT) * 3600_000) : null;
  // Some share a creation time, so the id decides their order.
  const created = iso(BASE + Math.floor(i / 3) * 60_000);
  return [`p${String(i).padStart(5, '0')}`, `acc${i % 3}`, state, caption, scheduled, created, iso(BASE + i * 60_000 + 3600_000)];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Every page of a search, with what each cost. */
function allPages(repo: PostRepo, search: Omit<PostSearch, 'cursor'>, between?: (page: number) => void, from?: string) {
  const pages: { posts: PostSummary[]; total: number }[] = [];
  let cursor: string | undefined = from;
  do {
    const page = repo.search({ ...search, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
    between?.(pages.length);
  } while (cursor);
  return pages;
}

describe('posts.search over 10,000 posts', () => {
  let db: Db;
  let repo: PostRepo;
  /** Every post, read once without a filter: the truth each filter is checked against. */
  let everything: PostSummary[];
  beforeAll(() => {
    ({ db, repo } = open(true));
    seed(db);
    everything = allPages(repo, { limit: 200 }).flatMap((p) => p.posts);
  });

  afterAll(() => {
    db.close();
    fs.rmSync(path.dirname(db.name), { recursive: true, force: true });
  });

  it('pages through every post, newest first, in 2 statements a page, with no duplicate or gap', () => {
    const statements = countStatements(db);
    const perPage: number[] = [];
    const times: number[] = [];
    const pages: PostSummary[][] = [];
    let cursor: string | undefined;
    do {
      statements.reset();
      const started = performance.now();
      const page = repo.search({ limit: 200, ...(cursor ? { cursor } : {}) });
      times.push(performance.now() - started);
      perPage.push(statements.n);
      expect(page.total).toBe(COUNT);
      pages.push(page.posts);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `posts.search: ${pages.length} pages of 200 over ${COUNT} posts; statements a page: ${[...new Set(perPage)].join(', ')}; ` +
        `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, slowest ${sorted.at(-1)!.toFixed(1)} ms (first ${times[0]!.toFixed(1)} ms, last ${times.at(-1)!.toFixed(1)} ms)`,
    );
    expect(new Set(perPage)).toEqual(new Set([2]));
    expect(pages).toHaveLength(COUNT / 200);
    const ids = pages.flat().map((p) => p.id);
    expect(new Set(ids).size).toBe(COUNT);
    expect(ids).toEqual([...everything].sort(comparePosts('newest')).map((p) => p.id));
    // The summaries are the read model's: the account's name came through the join.
    expect(pages[0]![0]).toMatchObject({ accountName: expect.stringMatching(/^Account \d$/), accountState: 'connected' });
  });

  it('a page in created order walks the created index and sorts nothing, even filtered by states and account', () => {
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT p.id FROM posts p WHERE +p.state IN ('published', 'failed') AND +p.account_id = 'acc1' AND (p.created_at, p.id) < (?, ?) ORDER BY p.created_at DESC, p.id DESC LIMIT 201`).all('2026-03-01', 'p') as { detail: string }[];
    const words = plan.map((r) => r.detail).join(' | ');
    expect(words).toMatch(/posts_created/);
    expect(words).not.toMatch(/TEMP B-TREE/);
  });

  it.each<[string, Omit<PostSearch, 'cursor' | 'limit'>]>([
    ['a caption word', { query: 'beach' }],
    ['a word in other case', { query: 'MORNING' }],
    ['an account', { accountId: 'acc1' }],
    ['finished states', { states: ['published', 'failed', 'cancelled', 'rejected'] }],
    ['a word, an account and states', { query: 'studio', accountId: 'acc2', states: ['published', 'scheduled'] }],
    ['a scheduled range', { dateField: 'scheduled', from: '2026-03-01T00:00:00Z', to: '2026-05-31T23:59:59.999Z' }],
    ['an end range, with an offset', { dateField: 'ended', from: '2026-01-02T00:00:00+02:00', to: '2026-01-03T00:00:00+02:00' }],
    ['everything at once, oldest first', { query: 'take 1', accountId: 'acc2', states: ['published'], dateField: 'ended', from: '2026-01-01T00:00:00Z', sort: 'oldest' }],
    ['a range from only, soonest first', { dateField: 'scheduled', from: '2026-12-01T00:00:00Z', sort: 'soonest' }],
    ['soonest first, posts without a time last', { accountId: 'acc2', sort: 'soonest' }],
    ['nothing matches', { query: 'no such caption anywhere' }],
  ])('%s: the same posts as the shared rule, in order, counted alike', (_what, search) => {
    const sort: PostSort = search.sort ?? 'newest';
    const expected = everything.filter((p) => postMatches(p, search)).sort(comparePosts(sort)).map((p) => p.id);
    const pages = allPages(repo, { ...search, limit: 137 });
    expect(pages.flatMap((p) => p.posts.map((x) => x.id))).toEqual(expected);
    for (const page of pages) expect(page.total).toBe(expected.length);
    // posts.count: the same number, from the filter alone.
    const { sort: _sort, ...filter } = search;
    expect(repo.count(filter).total).toBe(expected.length);
    if (search.query !== 'no such caption anywhere') expect(expected.length).toBeGreaterThan(0);
  });

  it('finds emoji and non-Latin captions, folding case beyond ASCII and composed accents', () => {
    const captions = (query: string) => [...new Set(allPages(repo, { query, limit: 200 }).flatMap((p) => p.posts.map((x) => x.caption)))].sort();
    expect(captions('привет')).toEqual(['Привет, мир 🎉', 'ПРИВЕТ снова'].sort());
    expect(captions('🎉')).toEqual(['Привет, мир 🎉']);
    expect(captions('東京')).toEqual(['東京の夜 🌃']);
    // "CAFE" + a combining accent is "CAFÉ" once normalised.
    expect(captions('café')).toEqual(['CAFE\u0301 noir', 'Café au lait'].sort());
    expect(captions('σοφια')).toEqual(['Ελληνικά ΣΟΦΙΑ']);
    // LIKE's wildcards and the escape character are only characters.
    expect(captions('%_')).toEqual(['100%_done \\ ok']);
    expect(captions('\\')).toEqual(['100%_done \\ ok']);
    expect(captions('_')).toEqual(['100%_done \\ ok']);
    // Blank words are no filter.
    expect(repo.search({ query: '   ', limit: 1 }).total).toBe(COUNT);
  });

  it('counts every match in one statement, and how many of them are held and why', () => {
    const statements = countStatements(db);
    const all = repo.count({});
    expect(statements.n).toBe(1);
    expect(all).toEqual({ total: COUNT, held: { paused: 0, daily_cap: 0, account: 0, missed: 0, no_answer: 0 } });
    // Beyond any page: every scheduled post, counted, agrees with the shared rule.
    const scheduled = everything.filter((p) => p.state === 'scheduled');
    expect(scheduled.length).toBeGreaterThan(1000 / POST_STATES.length);
    expect(repo.count({ states: ['scheduled'] }).total).toBe(scheduled.length);
    // Some scheduled posts held: missed their time (a third), the daily cap (one).
    const missed = scheduled.filter((_, i) => i % 3 === 0).map((p) => p.id);
    const hold = db.prepare("UPDATE posts SET hold_kind = ?, hold_reason = 'held', hold_since = 0 WHERE id = ?");
    try {
      db.transaction(() => {
        for (const id of missed) hold.run('missed', id);
        hold.run('daily_cap', scheduled[1]!.id);
      })();
      const counted = repo.count({ states: ['scheduled'] });
      expect(counted.total).toBe(scheduled.length);
      expect(counted.held).toEqual({ paused: 0, daily_cap: 1, account: 0, missed: missed.length, no_answer: 0 });
      // Due by now (the clock's): passed their time, as `clipdesk pause` counts them.
      const to = new Date(BASE + COUNT * 60_000).toISOString();
      const passed = scheduled.filter((p) => p.scheduledAt !== null && p.scheduledAt <= to);
      const due = repo.count({ states: ['scheduled'], dateField: 'scheduled', to });
      expect(due.total).toBe(passed.length);
      expect(due.total - due.held.missed).toBe(passed.filter((p) => !missed.includes(p.id)).length);
      // The other filters narrow the count alike.
      const f = { query: 'studio', accountId: 'acc2', states: ['scheduled' as const] };
      expect(repo.count(f).total).toBe(everything.filter((p) => postMatches(p, f)).length);
    } finally {
      db.prepare('UPDATE posts SET hold_kind = NULL, hold_reason = NULL, hold_since = NULL').run();
    }
  });

  it('refuses a cursor it did not give, or one of another sort, in words', () => {
    expect(() => repo.search({ cursor: 'bm90IGEgY3Vyc29y' })).toThrow(/not one a search gave/);
    const { nextCursor } = repo.search({ limit: 5, sort: 'oldest' });
    expect(() => repo.search({ cursor: nextCursor!, sort: 'newest' })).toThrow(/sorted oldest/);
  });
});

describe('cursor stability while posts change between pages', () => {
  it('newest first: posts made and moved meanwhile never duplicate or hide one that stayed', () => {
    const { db, repo } = open();
    seed(db, 2000);
    const finished: PostState[] = ['published', 'failed', 'rejected', 'cancelled'];
    const before = repo.search({ states: finished, limit: 200 }).total;
    const stayed = new Set<string>();
    const seen: string[] = [];
    let made = 0;
    allPages(repo, { states: finished, limit: 100 }, (page) => {
      // Between pages: new finished posts arrive at the top, and a post the pages have not
      // reached yet leaves the filter (retried), and one reached already changes state within it.
      const at = iso(BASE + 10_000 * 60_000 + page * 1000);
      db.prepare("INSERT INTO posts (id, account_id, state, caption, settings_json, created_at, updated_at) VALUES (?, 'acc0', 'published', 'new', '{}', ?, ?)").run(`new${page}`, at, at);
      made++;
      const ahead = db.prepare("SELECT id FROM posts WHERE state IN ('published', 'failed') AND id < 'p00500' ORDER BY id LIMIT 1 OFFSET ?").get(page) as { id: string } | undefined;
      if (ahead) db.prepare("UPDATE posts SET state = 'ready' WHERE id = ?").run(ahead.id);
      const behind = db.prepare("SELECT id FROM posts WHERE state = 'published' AND id > 'p01950' ORDER BY id LIMIT 1").get() as { id: string } | undefined;
      if (behind) db.prepare("UPDATE posts SET state = 'failed', updated_at = ? WHERE id = ?").run(at, behind.id);
    }).forEach((p) => seen.push(...p.posts.map((x) => x.id)));
    for (const r of db.prepare(`SELECT id FROM posts WHERE state IN ('published', 'failed', 'rejected', 'cancelled') AND id LIKE 'p%'`).all() as { id: string }[]) stayed.add(r.id);

    expect(new Set(seen).size).toBe(seen.length);
    // Every post that matched throughout was seen; none made after the first page was (they are above it).
    for (const id of stayed) expect(seen).toContain(id);
    expect(seen.filter((id) => id.startsWith('new'))).toEqual([]);
    expect(made).toBeGreaterThan(1);
    expect(before).toBeGreaterThan(0);
  });

  it('soonest first: a post rescheduled behind the cursor is not seen twice by anyone who keeps posts by id', () => {
    const { db, repo } = open();
    seed(db, 1000);
    const first = repo.search({ sort: 'soonest', dateField: 'scheduled', from: iso(BASE), limit: 50 });
    const moved = first.posts[0]!;
    // Moved to the end of the year: it is after the cursor now, so a later page lists it again.
    db.prepare('UPDATE posts SET scheduled_at = ? WHERE id = ?').run('2030-01-01T00:00:00.000Z', moved.id);
    const rest = allPages(repo, { sort: 'soonest', dateField: 'scheduled', from: iso(BASE), limit: 50 }, undefined, first.nextCursor!).flatMap((p) => p.posts);
    const listed = [...first.posts, ...rest];
    expect(listed.filter((p) => p.id === moved.id)).toHaveLength(2);
    const byId = new Map(listed.map((p) => [p.id, p]));
    expect(byId.size).toBe(first.total);
    expect(byId.get(moved.id)?.scheduledAt).toBe('2030-01-01T00:00:00.000Z');
    // Which is why a view keeps posts once by id (src-renderer/src/stores/posts-store.ts).
  });
});

describe('activity.search', () => {
  it('pages the log newest first by cursor, counted with its filter, unshifted by entries appended meanwhile', () => {
    const { db } = open();
    const clock = fakeClock(BASE);
    const audit = new AuditLog(db, clock, new EventBus());
    for (let i = 0; i < 1200; i++) {
      clock.advance(1000);
      audit.append({ actor: i % 2 ? 'app' : 'telegram:501', action: i % 3 ? 'post.published' : 'render.done', subject: `p${i}`, detail: i % 100 === 0 ? 'Подпись ПРИВЕТ 🎬' : `entry ${i}` });
    }
    const statements = countStatements(db);
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    const perPage = new Set<number>();
    do {
      statements.reset();
      const page = audit.search({ actions: ['post.'], limit: 200, ...(cursor ? { cursor } : {}) });
      perPage.add(statements.n);
      expect(page.total).toBe(800);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
      // Newer than the first page: never inside a later one (keyset on the id).
      audit.append({ actor: 'app', action: 'render.done', subject: 'late', detail: 'appended between pages' });
    } while (cursor);
    expect(pages).toBe(4);
    expect(perPage).toEqual(new Set([2]));
    expect(new Set(seen).size).toBe(800);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));

    // The words fold as post search folds them.
    expect(audit.search({ query: 'привет' }).total).toBe(12);
    expect(audit.search({ query: '🎬', actor: 'telegram' }).total).toBe(12);
    expect(() => audit.search({ cursor: 'garbage' })).toThrow(/not one an activity search gave/);
  });
});
