// Settings, the activity log and post state changes against real SQLite.
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityEntry, PostSummary } from '../../src-shared/domain';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { AuditLog } from '../../src-main/core/audit/audit-log';
import { EventBus } from '../../src-main/core/event-bus';
import { PostRepo } from '../../src-main/core/post-store/post-repo';
import { SettingsStore } from '../../src-main/core/settings/settings-store';
import { openDatabase, type Db } from '../../src-main/core/store/database';
import { fakeClock } from '../support/fake-clock';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-settings-');
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

function setup() {
  const db = openDatabase(tempDir());
  dbs.push(db);
  const clock = fakeClock();
  const bus = new EventBus();
  const events: { name: string; payload: unknown }[] = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  const audit = new AuditLog(db, clock, bus);
  return { db, clock, bus, events, audit, settings: new SettingsStore(db), posts: new PostRepo(db, clock, audit, bus) };
}

describe('SettingsStore', () => {
  it('starts from the defaults', () => {
    const { settings } = setup();
    expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, acceptBasicTextSecrets: false, publishingPaused: false });
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('updates, reporting exactly the keys whose value changed, and persists them', () => {
    const { settings, db } = setup();
    expect(settings.update({ publishingPaused: true })).toEqual({
      settings: { ...DEFAULT_SETTINGS, acceptBasicTextSecrets: false, publishingPaused: true },
      changed: ['publishingPaused'],
    });
    // Same value again, and a key set to its current value: nothing changed.
    expect(settings.update({ publishingPaused: true, acceptBasicTextSecrets: false }).changed).toEqual([]);
    expect(settings.update({ publishingPaused: false, acceptBasicTextSecrets: true }).changed.sort()).toEqual([
      'acceptBasicTextSecrets',
      'publishingPaused',
    ]);
    expect(settings.update({}).changed).toEqual([]);
    expect(new SettingsStore(db).get()).toEqual({ ...DEFAULT_SETTINGS, acceptBasicTextSecrets: true, publishingPaused: false });
  });

  it('falls back to the default for a stored value that is invalid, keeping the valid ones', () => {
    const { settings, db } = setup();
    settings.update({ acceptBasicTextSecrets: true });
    db.prepare("INSERT INTO settings (key, value) VALUES ('publishingPaused', '\"yes\"')").run();
    expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, acceptBasicTextSecrets: true, publishingPaused: false });

    db.prepare("UPDATE settings SET value = 'not json at all' WHERE key = 'publishingPaused'").run();
    expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, acceptBasicTextSecrets: true, publishingPaused: false });

    // Keys this version does not know (a newer Clipdesk's) are ignored, not returned.
    db.prepare("INSERT INTO settings (key, value) VALUES ('fromTheFuture', '1'), ('toString', '\"x\"')").run();
    expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, acceptBasicTextSecrets: true, publishingPaused: false });
  });
});

describe('AuditLog', () => {
  it('appends entries with the time from the clock, redacted, and announces them', () => {
    const { audit, clock, events } = setup();
    const entry = audit.append({ actor: 'cli', action: 'account.connect', subject: 'tiktok', detail: 'got access_token=act.secret123' });
    expect(entry).toEqual({
      id: expect.any(Number),
      at: new Date(clock.now()).toISOString(),
      actor: 'cli',
      action: 'account.connect',
      subject: 'tiktok',
      detail: 'got access_token=[redacted]',
    });
    expect(audit.list()).toEqual([entry]);
    expect(events).toEqual([{ name: 'activity.appended', payload: entry }]);
    expect(audit.append({ actor: 'app', action: 'x' })).toMatchObject({ subject: null, detail: null });
  });

  it('lists newest first and pages with beforeId', () => {
    const { audit } = setup();
    const ids = Array.from({ length: 25 }, (_v, i) => audit.append({ actor: 'app', action: `a${i}` }).id);
    const newestFirst = [...ids].reverse();

    expect(audit.list().map((e) => e.id)).toEqual(newestFirst);
    const pages: number[][] = [];
    let beforeId: number | undefined;
    for (;;) {
      const page = audit.list({ limit: 10, ...(beforeId ? { beforeId } : {}) });
      if (!page.length) break;
      pages.push(page.map((e) => e.id));
      beforeId = page[page.length - 1]!.id;
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(newestFirst);
  });

  it('searches action, actor, subject and detail, treating % and _ literally', () => {
    const { audit } = setup();
    const add = (action: string, extra: Partial<ActivityEntry> = {}) => audit.append({ actor: 'app', action, ...extra }).id;
    const pct = add('caption', { detail: '100% done' });
    const plain = add('caption', { detail: '100 done' });
    const under = add('render_done');
    const noUnder = add('renderXdone');
    const slash = add('path', { subject: 'C:\\clips\\a.mp4' });
    const bySubject = add('post.approve', { subject: 'post-777' });
    const byActor = add('post.reject', { actor: 'telegram:alice' });

    const search = (query: string) => audit.list({ query }).map((e) => e.id).sort((a, b) => a - b);
    expect(search('%')).toEqual([pct]);
    expect(search('0% d')).toEqual([pct]);
    expect(search('_')).toEqual([under]);
    expect(search('render_done')).toEqual([under]);
    expect(search('\\clips\\')).toEqual([slash]);
    expect(search('777')).toEqual([bySubject]);
    expect(search('ALICE')).toEqual([byActor]);
    expect(search('100')).toEqual([pct, plain]);
    expect(search('render')).toEqual([under, noUnder]);
    expect(search('nothing like this')).toEqual([]);
  });

  it('combines search with paging', () => {
    const { audit } = setup();
    const hits = Array.from({ length: 6 }, (_v, i) => {
      audit.append({ actor: 'app', action: 'noise' });
      return audit.append({ actor: 'app', action: `match ${i}` }).id;
    });
    const first = audit.list({ query: 'match', limit: 4 });
    expect(first.map((e) => e.id)).toEqual(hits.slice(2).reverse());
    expect(audit.list({ query: 'match', beforeId: first[3]!.id }).map((e) => e.id)).toEqual(hits.slice(0, 2).reverse());
  });
});

describe('PostRepo.applyEvent', () => {
  const NOW = '2025-01-01T00:00:00.000Z';
  function addPost(db: Db, id: string, state: string): void {
    db.prepare('INSERT INTO posts (id, state, caption, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, state, `caption ${id}`, NOW, NOW);
  }
  const auditRows = (db: Db) => db.prepare('SELECT actor, action, subject, detail FROM audit_entries ORDER BY id').all();

  it('persists the new state together with its audit entry, and announces both once committed', async () => {
    const { db, posts, clock, events } = setup();
    addPost(db, 'p1', 'ready');
    const after = posts.applyEvent('p1', 'schedule', 'app');
    await Promise.resolve(); // the activity entry is announced after its transaction commits
    expect(after).toMatchObject({ id: 'p1', state: 'scheduled', updatedAt: new Date(clock.now()).toISOString(), createdAt: NOW });
    expect(posts.get('p1').state).toBe('scheduled');
    expect(auditRows(db)).toEqual([{ actor: 'app', action: 'post.schedule', subject: 'p1', detail: 'ready → scheduled' }]);
    expect(events.map((e) => e.name)).toEqual(['posts.changed', 'activity.appended']);
    expect(events[0]!.payload as PostSummary).toEqual(after);

    posts.applyEvent('p1', 'publish_start', 'publisher', 'attempt 1');
    expect(auditRows(db)).toHaveLength(2);
    expect(auditRows(db)[1]).toEqual({ actor: 'publisher', action: 'post.publish_start', subject: 'p1', detail: 'attempt 1' });
  });

  it('refuses a transition the lifecycle refuses with CONFLICT and its reason, changing nothing', () => {
    const { db, posts, events } = setup();
    addPost(db, 'p2', 'uploading');
    const before = db.prepare("SELECT * FROM posts WHERE id = 'p2'").get();
    expect(() => posts.applyEvent('p2', 'cancel', 'app')).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: 'A post that is uploading to TikTok cannot cancel.' }),
    );
    expect(db.prepare("SELECT * FROM posts WHERE id = 'p2'").get()).toEqual(before);
    expect(auditRows(db)).toEqual([]);
    expect(events).toEqual([]);
  });

  it('rolls the state change back when the audit entry cannot be written', () => {
    const { db, posts, events } = setup();
    addPost(db, 'p3', 'ready');
    db.exec("CREATE TRIGGER no_audit BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    expect(() => posts.applyEvent('p3', 'schedule', 'app')).toThrow(/disk says no/);
    expect(posts.get('p3')).toMatchObject({ state: 'ready', updatedAt: NOW });
    expect(events).toEqual([]);

    db.exec('DROP TRIGGER no_audit');
    expect(posts.applyEvent('p3', 'schedule', 'app').state).toBe('scheduled');
  });

  it('never announces an activity entry whose transaction rolled back', async () => {
    const { db, audit, events } = setup();
    expect(() =>
      db.transaction(() => {
        audit.append({ actor: 'app', action: 'post.schedule', subject: 'p9' });
        throw new Error('later step failed');
      })(),
    ).toThrow('later step failed');
    await Promise.resolve();
    await Promise.resolve();
    expect(auditRows(db)).toEqual([]);
    expect(events).toEqual([]);
  });

  it('reports an unknown post as NOT_FOUND', () => {
    const { posts } = setup();
    expect(() => posts.applyEvent('nope', 'cancel', 'app')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('lists posts newest first, filtered by state', () => {
    const { db, posts } = setup();
    db.prepare("INSERT INTO posts (id, state, created_at, updated_at) VALUES ('a', 'scheduled', '2025-01-01', ''), ('b', 'ready', '2025-01-02', ''), ('c', 'scheduled', '2025-01-03', '')").run();
    expect(posts.list().map((p) => p.id)).toEqual(['c', 'b', 'a']);
    expect(posts.list({ states: ['scheduled'] }).map((p) => p.id)).toEqual(['c', 'a']);
    expect(posts.list({ limit: 1 }).map((p) => p.id)).toEqual(['c']);
  });
});
