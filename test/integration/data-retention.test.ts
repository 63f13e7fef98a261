// Retention with a controlled clock: media of posts published longer ago than the setting go
// (the record stays), media a post not yet published needs stay, old activity entries go with
// one entry saying how many, and null settings keep everything. Publishing is real, against
// the TikTok emulator; the daily job runs on the core's job runner.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PostSummary } from '../../src-shared/posts/post';
import { RETENTION_JOB } from '../../src-main/core/data/retention';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { runUntil, settle, SMALL_RECIPE, useCores, waitFor, type Harness } from '../support/core-harness';
import { fakeClock, type FakeClock } from '../support/fake-clock';
import { useTempDirs } from '../support/temp-dir';
import { connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const tiktok = useTikTokEmulator();
const newCore = useCores('clipdesk-retention-');
const tempDir = useTempDirs('clipdesk-retention-media-');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Lets the job runner act on the current time without moving it. */
/** Moves the clock in steps (status polls wait on it too) until `done`, or fails. */
async function renderOf(h: Harness, clock: FakeClock, clipId: string): Promise<{ id: string; file: string }> {
  const r = await h.core.handlers['render.start']({ clipId, recipe: SMALL_RECIPE });
  const done = await runUntil(h, clock, () => {
    const x = h.core.renders.get(r.id);
    return x.state === 'succeeded' || x.state === 'failed' ? x : undefined;
  }, 'the render', 10);
  expect(done.state).toBe('succeeded');
  return { id: done.id, file: done.outputPath as string };
}

/** Runs the retention job now (as the daily run would) and waits for it to finish. */
async function runRetention(h: Harness): Promise<void> {
  const job = h.core.jobs.enqueue(RETENTION_JOB, { day: 'test' });
  await waitFor(async () => {
    await h.core.jobs.tick();
    const j = h.core.jobs.get(job.id);
    return j.state === 'succeeded' || j.state === 'failed' ? j : undefined;
  }, 20_000, 'the retention job');
  expect(h.core.jobs.get(job.id).state).toBe('succeeded');
}

describe('retention', () => {
  it('deletes the media of posts published more than 30 days ago, keeps their records, and keeps media still needed', async () => {
    const tt = tiktok();
    tt.addUser({ displayName: 'Maria Bakes', username: 'maria' });
    // Real time for the TikTok emulator's tokens; the core's clock starts at the real now and then moves by hand.
    const t0 = Date.now();
    const clock = fakeClock(t0);
    const env = tiktokEnv(tt);
    const h = newCore({ env, openExternal: createOpenBrowser(env), clock, uploadRetryDelayMs: () => 50 });
    const account = await connectAccount(h.core);
    const source = readyVideo(tempDir(), undefined, 'mine.mp4');
    const clipId = await importReady(h.core, source);
    // An uploaded clip (its copy lives in the data folder).
    const incoming = path.join(tempDir(), 'incoming');
    fs.copyFileSync(readyVideo(tempDir(), fs.statSync(source).size + 4096, 'up.mp4'), incoming);
    const { clip: uploaded } = await h.core.library.importUpload({ tempFile: incoming, fileName: 'up.mp4', sizeBytes: fs.statSync(incoming).size, contentHash: crypto.createHash('sha256').update(fs.readFileSync(incoming)).digest('hex') }, 'browser');
    await runUntil(h, clock, () => h.core.library.get(uploaded.id).state === 'ready', 'the upload to be probed', 10);

    const old = await renderOf(h, clock, clipId);
    const shared = await renderOf(h, clock, clipId);
    const recent = await renderOf(h, clock, clipId);
    const post = (input: { renderId?: string; clipId?: string }, caption: string, at: number | 'now' = 'now') =>
      h.core.handlers['posts.create']({ ...input, accountId: account.id, caption, tiktok: DIRECT_SELF_ONLY, publishAt: at === 'now' ? 'now' : new Date(at).toISOString() });
    const publish = async (input: { renderId?: string; clipId?: string }, caption: string): Promise<PostSummary> => {
      const p = await post(input, caption);
      return runUntil(h, clock, () => {
        const x = h.core.posts.get(p.id);
        return x.state === 'published' || x.state === 'failed' ? x : undefined;
      }, `${caption} published`);
    };

    // Published at t0: its render, and an uploaded clip posted as it is.
    const oldPost = await publish({ renderId: old.id }, 'old');
    const oldUpload = await publish({ clipId: uploaded.id }, 'old upload');
    const sharedPost = await publish({ renderId: shared.id }, 'old, shared');
    expect([oldPost.state, oldUpload.state, sharedPost.state]).toEqual(['published', 'published', 'published']);
    // Not published yet, and needing the shared render.
    const waiting = await post({ renderId: shared.id }, 'waiting', t0 + 60 * DAY);
    // Published three days later.
    clock.set(t0 + 3 * DAY);
    const recentPost = await publish({ renderId: recent.id }, 'recent');
    expect(recentPost.state).toBe('published');
    const files = [old.file, shared.file, recent.file, uploaded.sourcePath];
    expect(files.every((f) => fs.existsSync(f))).toBe(true);

    // null keeps everything, however old.
    await h.core.handlers['settings.update']({ mediaRetentionDays: null, logRetentionDays: null });
    clock.set(t0 + 400 * DAY);
    const entries = (h.core.db.prepare('SELECT COUNT(*) AS n FROM audit_entries').get() as { n: number }).n;
    await runRetention(h);
    expect(files.every((f) => fs.existsSync(f))).toBe(true);
    expect(h.core.audit.list({ actions: ['post.media_removed', 'activity.pruned'] })).toHaveLength(0);
    expect((h.core.db.prepare("SELECT COUNT(*) AS n FROM audit_entries WHERE at < ?").get(new Date(t0 + DAY).toISOString()) as { n: number }).n).toBeGreaterThan(0);
    expect((h.core.db.prepare('SELECT COUNT(*) AS n FROM audit_entries').get() as { n: number }).n).toBeGreaterThanOrEqual(entries);

    // 30 days: the posts published 32 days ago lose their media, the one published 29 days ago keeps it.
    await h.core.handlers['settings.update']({ mediaRetentionDays: 30, logRetentionDays: 365 });
    clock.set(t0 + 32 * DAY + HOUR);
    await runRetention(h);
    expect(fs.existsSync(old.file)).toBe(false);
    expect(fs.existsSync(uploaded.sourcePath)).toBe(false);
    expect(fs.existsSync(recent.file)).toBe(true); // published 29 days ago
    expect(fs.existsSync(shared.file)).toBe(true); // another post still needs it
    expect(fs.existsSync(source)).toBe(true); // the creator's own file, outside the data folder
    for (const id of [oldPost.id, oldUpload.id, sharedPost.id, recentPost.id]) {
      expect((await h.core.handlers['posts.get']({ id })).state).toBe('published');
    }
    expect(h.core.posts.get(waiting.id).state).toBe('scheduled');
    const removed = h.core.audit.list({ actions: ['post.media_removed'] });
    expect(removed.map((e) => e.subject).sort()).toEqual([oldPost.id, oldUpload.id].sort());
    expect(removed[0]?.detail).toMatch(new RegExp(`^Media removed on ${new Date(clock.now()).toISOString().slice(0, 10)}`));
    await waitFor(() => h.core.library.get(uploaded.id).state === 'missing', 5_000, 'the uploaded clip to be marked missing');

    // Again: nothing more to do, nothing more said.
    await runRetention(h);
    expect(h.core.audit.list({ actions: ['post.media_removed'] })).toHaveLength(2);
  }, 240_000);

  it('removes activity entries older than the window, with one entry saying how many; runs daily by itself', async () => {
    const t0 = Date.UTC(2025, 0, 15, 12, 0, 0);
    const clock = fakeClock(t0);
    const h = newCore({ clock });
    await settle(h);
    for (let i = 0; i < 5; i++) h.core.audit.append({ actor: 'app', action: 'test.old', subject: String(i), detail: 'old' });
    clock.set(t0 + 3 * DAY);
    for (let i = 0; i < 3; i++) h.core.audit.append({ actor: 'app', action: 'test.recent', subject: String(i), detail: 'recent' });
    // A Telegram preview last used long ago, and one used today.
    const cache = path.join(h.dataDir, 'telegram-media');
    fs.mkdirSync(cache, { recursive: true });
    const stale = path.join(cache, '0123456789abcdef0123-720.mp4');
    const fresh = path.join(cache, 'abcdef0123456789abcd.jpg');
    fs.writeFileSync(stale, 'old preview');
    fs.writeFileSync(fresh, 'new preview');
    fs.utimesSync(stale, new Date(t0 - 10 * DAY), new Date(t0 - 10 * DAY));
    fs.utimesSync(fresh, new Date(t0 + 9 * DAY), new Date(t0 + 9 * DAY));
    const before = (h.core.db.prepare('SELECT COUNT(*) AS n FROM audit_entries WHERE at < ?').get(new Date(t0 + DAY).toISOString()) as { n: number }).n;
    expect(before).toBeGreaterThanOrEqual(5);
    await h.core.handlers['settings.update']({ logRetentionDays: 7 });

    // The day after t0 + 7 days: the daily job (queued by itself each day) runs on the clock.
    for (let day = 4; day <= 9; day++) {
      clock.set(t0 + day * DAY + HOUR);
      await settle(h, 3);
    }
    const pruned = await waitFor(() => h.core.audit.list({ actions: ['activity.pruned'] })[0], 10_000, 'the pruned entry');
    expect(h.core.audit.list({ actions: ['activity.pruned'] })).toHaveLength(1);
    expect(pruned.detail).toBe(`Removed ${before} activity entries older than 7 days (your retention setting).`);
    expect(h.core.audit.list({ actions: ['test.old'] })).toHaveLength(0);
    expect(h.core.audit.list({ actions: ['test.recent'] })).toHaveLength(3);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    // The next run is queued, once, for the next day.
    const next = h.core.jobs.list(['queued']).filter((j) => j.kind === 'data.retention');
    expect(next).toHaveLength(1);
    expect(Date.parse(next[0]?.runAfter ?? '')).toBeGreaterThan(clock.now());
  }, 60_000);
});
