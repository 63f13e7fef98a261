// `clipdesk posts list | show`, `pause | resume` and `export` as a person uses them: posts are
// made by a core in this process (the TikTok emulator, a controlled clock for the missed one),
// the core is closed, then the built CLI runs on the data folder as a child process.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { useCores, waitFor } from '../support/core-harness';
import { fakeClock } from '../support/fake-clock';
import { requireBuiltCli, runClipdesk } from '../support/serve-process';
import { useTempDirs } from '../support/temp-dir';
import { connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const tiktok = useTikTokEmulator();
const newCore = useCores('clipdesk-cli-schedule-');
const tempDir = useTempDirs('clipdesk-cli-schedule-media-');
const HOUR = 3_600_000;

// India has no daylight saving: the printed offset is always +05:30.
const clipdesk = (args: string[], dataDir: string) => runClipdesk(args, dataDir, { ...process.env, TZ: 'Asia/Kolkata' });

/** A data folder with a scheduled post and one held for missing its time; the core that made them is closed. */
async function dataWithPosts() {
  const tt = tiktok();
  tt.addUser({ displayName: 'Maria Bakes', username: 'maria' });
  const clock = fakeClock(Date.now());
  const env = tiktokEnv(tt);
  const options = { env, openExternal: createOpenBrowser(env), clock };
  const h = newCore(options);
  const account = await connectAccount(h.core);
  const clipId = await importReady(h.core, readyVideo(tempDir()));
  await h.core.handlers['settings.update']({ missedGraceMinutes: 60 });
  const create = (at: number, caption: string) =>
    h.core.handlers['posts.create']({ clipId, accountId: account.id, caption, tiktok: DIRECT_SELF_ONLY, publishAt: new Date(at).toISOString() });
  const missed = await create(clock.now() + HOUR, 'Sourdough at dawn #bread');
  const later = await create(clock.now() + 48 * HOUR, 'Croissant lamination, step by step, with a very long caption that goes on and on');
  await h.core.close();
  clock.set(clock.now() + 4 * HOUR); // Clipdesk was closed through the first post's time
  const h2 = newCore({ ...options, dataDir: h.dataDir });
  await waitFor(() => h2.core.posts.get(missed.id).hold?.reason === 'missed', 15_000, 'the post to be held');
  await h2.core.close();
  return { dataDir: h.dataDir, missed, later };
}

beforeAll(() => {
  requireBuiltCli();
});

describe('clipdesk posts, pause, resume, export', () => {
  it('lists posts with their state, local time, account and caption, and why one is held; shows one with its timeline', async () => {
    const { dataDir, missed, later } = await dataWithPosts();

    const list = await clipdesk(['posts', 'list'], dataDir);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    const held = list.stdout.split('\n').find((l) => l.startsWith(missed.id));
    expect(held).toMatch(/HELD \(missed its time\)\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} \+05:30\s+Maria Bakes\s+"Sourdough at dawn #bread"/);
    expect(list.stdout).toMatch(/\n\s+It missed its time .* more than your grace window/);
    const other = list.stdout.split('\n').find((l) => l.startsWith(later.id));
    expect(other).toMatch(/scheduled .*\+05:30\s+Maria Bakes\s+"Croissant lamination[^"]*…"/);

    const onlyScheduled = await clipdesk(['posts', 'list', '--state', 'published', '--json'], dataDir);
    expect(onlyScheduled.code).toBe(0);
    expect(JSON.parse(onlyScheduled.stdout)).toEqual([]);

    const show = await clipdesk(['posts', 'show', missed.id], dataDir);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`Post ${missed.id}`);
    expect(show.stdout).toContain('Account:    Maria Bakes');
    expect(show.stdout).toMatch(/Why:\s+It missed its time/);
    expect(show.stdout).toContain('Timeline:');
    expect(show.stdout).toMatch(/Missed its time: .* late; held and asked — the scheduler/);

    const json = await clipdesk(['posts', 'show', missed.id, '--json'], dataDir);
    const parsed = JSON.parse(json.stdout) as { post: { id: string; state: string }; timeline: { kind: string; title: string }[] };
    expect(parsed.post).toMatchObject({ id: missed.id, state: 'scheduled' });
    expect(parsed.timeline.map((s) => s.kind)).toEqual(['created', 'created', 'held']);

    const unknown = await clipdesk(['posts', 'show', 'no-such-post'], dataDir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('There is no post with the id "no-such-post". See the ids with: clipdesk posts list');
  });

  it('pause and resume change the setting and say what it means', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const pause = await clipdesk(['pause'], dataDir);
    expect(pause.code).toBe(0);
    expect(pause.stdout).toContain('Publishing is paused');
    expect(pause.stdout).toContain('scheduled posts wait');
    const get = await clipdesk(['settings', 'get', '--json'], dataDir);
    expect(JSON.parse(get.stdout)).toMatchObject({ publishingPaused: true });

    const resume = await clipdesk(['resume'], dataDir);
    expect(resume.code).toBe(0);
    expect(resume.stdout).toContain('Publishing is on');
    expect(JSON.parse((await clipdesk(['settings', 'get', '--json'], dataDir)).stdout)).toMatchObject({ publishingPaused: false });
  });

  it('pause and resume count every scheduled post and every one due, beyond a list\'s 1,000', async () => {
    const dataDir = path.join(tempDir(), 'data');
    expect((await clipdesk(['settings', 'get', '--json'], dataDir)).code).toBe(0); // the data folder, made
    const db = new Database(path.join(dataDir, 'clipdesk.sqlite'));
    try {
      const now = Date.now();
      const iso = (ms: number) => new Date(ms).toISOString();
      db.prepare("INSERT INTO accounts (id, provider, external_id, display_name, username, state, created_at, updated_at) VALUES ('acc', 'tiktok', 'e', 'Maria', 'maria', 'connected', ?, ?)").run(iso(now), iso(now));
      const insert = db.prepare("INSERT INTO posts (id, account_id, state, caption, settings_json, scheduled_at, hold_kind, hold_reason, hold_since, created_at, updated_at) VALUES (?, 'acc', ?, 'x', '{}', ?, ?, ?, ?, ?, ?)");
      db.transaction(() => {
        // 1,200 ahead, 250 due, 50 past and held for missing their time; 300 ready (not scheduled).
        for (let i = 0; i < 1800; i++) {
          const state = i < 1500 ? 'scheduled' : 'ready';
          const at = i < 1200 ? now + (i + 1) * HOUR : i < 1500 ? now - (i - 1199) * 1000 : null;
          const missed = i >= 1450 && i < 1500;
          insert.run(`p${i}`, state, at === null ? null : iso(at), missed ? 'missed' : null, missed ? 'It missed its time' : null, missed ? now : null, iso(now - i), iso(now - i));
        }
      })();
    } finally {
      db.close();
    }
    const pause = await clipdesk(['pause'], dataDir);
    expect(pause.code).toBe(0);
    expect(pause.stdout).toContain('1500 scheduled post(s) wait');
    const resume = await clipdesk(['resume'], dataDir);
    expect(resume.code).toBe(0);
    expect(resume.stdout).toContain('250 post(s) already due go out as soon as Clipdesk runs');
  });

  it('export answers with the path and size, or with the core’s error as one line', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'export.zip');
    const r = await clipdesk(['export', out], path.join(dir, 'data'));
    if (r.code === 0) {
      expect(r.stdout).toContain(out);
      expect(fs.existsSync(out)).toBe(true);
    } else {
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^clipdesk: /);
    }
  });

  it('answers usage errors with one line and exit code 2', async () => {
    const dataDir = path.join(tempDir(), 'data');
    for (const args of [['posts'], ['posts', 'frob'], ['posts', 'show'], ['posts', 'list', '--state', 'nonsense'], ['pause', 'now'], ['resume', '--bogus'], ['export'], ['posts', 'list', 'extra']]) {
      const r = await clipdesk(args, dataDir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout, args.join(' ')).toBe('');
    }
  });
});
