// `clipdesk posts list` pages through every post with the search's filters: a page and how to
// get the next (its cursor), or --all; words in the caption in any script, an account (by id or
// @handle), states and a date range. 450 posts seeded straight into the data folder's SQLite.
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/core/store/database';
import { requireBuiltCli, runClipdesk, tempDataDir } from '../support/serve-process';

const BASE = Date.parse('2026-03-01T00:00:00.000Z');
let dataDir: string;

beforeAll(() => {
  requireBuiltCli();
  dataDir = tempDataDir('clipdesk-cli-search-');
  const db = openDatabase(dataDir);
  const now = new Date(BASE).toISOString();
  db.prepare("INSERT INTO accounts (id, provider, external_id, display_name, username, state, created_at, updated_at) VALUES ('acc-a', 'tiktok', 'ea', 'Maria Bakes', 'maria', 'connected', ?, ?)").run(now, now);
  db.prepare("INSERT INTO accounts (id, provider, external_id, display_name, username, state, created_at, updated_at) VALUES ('acc-b', 'tiktok', 'eb', 'Tom Travels', 'tom', 'connected', ?, ?)").run(now, now);
  const insert = db.prepare("INSERT INTO posts (id, account_id, state, caption, settings_json, scheduled_at, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', ?, ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < 450; i++) {
      const at = new Date(BASE + i * 3600_000).toISOString();
      const caption = i % 50 === 0 ? `Пирог дня ${i} 🥧` : `${i % 2 ? 'bread' : 'trip'} ${i}`;
      insert.run(`p${String(i).padStart(4, '0')}`, i % 2 ? 'acc-a' : 'acc-b', i % 3 ? 'published' : 'scheduled', caption, at, at, at);
    }
  })();
  db.close();
});

const clipdesk = (args: string[]) => runClipdesk(args, dataDir, { ...process.env, TZ: 'UTC' });
const ids = (stdout: string) => stdout.split('\n').filter((l) => /^p\d{4} /.test(l)).map((l) => l.slice(0, 5));

describe('clipdesk posts list: search and paging', () => {
  it('prints a page and the command for the next one; following it reaches every post once', async () => {
    const seen: string[] = [];
    let args = ['posts', 'list', '--limit', '200'];
    for (let round = 0; round < 5; round++) {
      const r = await clipdesk(args);
      expect(r.code).toBe(0);
      seen.push(...ids(r.stdout));
      const more = /More: clipdesk (.+?)\s{3}\(or --all/.exec(r.stdout);
      if (!more) break;
      expect(r.stdout).toMatch(/Showing 200 of 450/);
      args = more[1]!.split(' ');
    }
    expect(seen).toHaveLength(450);
    expect(new Set(seen).size).toBe(450);
    expect(seen[0]).toBe('p0449');
  });

  it('--all lists every post; --json prints them all as one array', async () => {
    const all = await clipdesk(['posts', 'list', '--all']);
    expect(ids(all.stdout)).toHaveLength(450);
    expect(all.stdout).not.toContain('More:');
    const json = await clipdesk(['posts', 'list', '--all', '--json']);
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(450);
    // Without --all, JSON is one page; the hint goes to standard error.
    const page = await clipdesk(['posts', 'list', '--json']);
    expect((JSON.parse(page.stdout) as unknown[]).length).toBe(50);
    expect(page.stderr).toMatch(/Showing 50 of 450\. More: clipdesk posts list --json --cursor \S+/);
  });

  it('filters by words in any script, account by @handle, state and a date range', async () => {
    const pie = await clipdesk(['posts', 'list', '--search', 'ПИРОГ', '--all']);
    expect(ids(pie.stdout)).toEqual(['p0400', 'p0350', 'p0300', 'p0250', 'p0200', 'p0150', 'p0100', 'p0050', 'p0000']);
    const emoji = await clipdesk(['posts', 'list', '--search', '🥧', '--account', '@maria', '--all']);
    expect(ids(emoji.stdout)).toEqual([]);
    expect(emoji.stdout).toBe('No posts match.\n');
    const combined = await clipdesk(['posts', 'list', '--search', 'bread', '--account', '@maria', '--state', 'published', '--from', '2026-03-02', '--to', '2026-03-02', '--all', '--json']);
    const posts = JSON.parse(combined.stdout) as { id: string; accountId: string; state: string; scheduledAt: string; caption: string }[];
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts) {
      expect(p).toMatchObject({ accountId: 'acc-a', state: 'published' });
      expect(p.scheduledAt.slice(0, 10)).toBe('2026-03-02');
      expect(p.caption).toMatch(/^bread/);
    }
    expect(posts.map((p) => p.id)).toEqual([...posts.map((p) => p.id)].sort().reverse());
  });

  it('says what is wrong with a filter, in words', async () => {
    expect((await clipdesk(['posts', 'list', '--from', 'yesterday'])).stderr).toMatch(/--from takes a day/);
    expect((await clipdesk(['posts', 'list', '--account', '@nobody'])).stderr).toMatch(/no connected account is @nobody/);
    expect((await clipdesk(['posts', 'list', '--limit', '500'])).stderr).toMatch(/--limit is a number from 1 to 200/);
    expect((await clipdesk(['posts', 'list', '--sort', 'random'])).stderr).toMatch(/--sort is one of newest, oldest, soonest/);
    expect((await clipdesk(['posts', 'list', '--cursor', 'junk'])).stderr).toMatch(/cursor/);
  });
});
