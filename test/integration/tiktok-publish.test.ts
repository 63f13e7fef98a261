// Publishing to the TikTok emulator over real HTTP: direct and inbox posts of single- and
// multi-chunk files, live progress, every fault the emulator can script, and the counts that
// prove nothing was published twice.
import { describe, expect, it } from 'vitest';
import type { PostSummary } from '../../src-shared/posts/post';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { useCores, waitFor, type Harness } from '../support/core-harness';
import { useTempDirs } from '../support/temp-dir';
import { connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, sha256, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const emulator = useTikTokEmulator();
const newCore = useCores('clipdesk-publish-');
const tempDir = useTempDirs('clipdesk-publish-media-');

const MULTI = 75_000_123; // 7 chunks of 10,000,000 with the remainder in the last
const SMALL = 4_500_000; // one chunk

async function setup(options: { bytes?: number; user?: Parameters<ReturnType<typeof emulator>['addUser']>[0] } = {}) {
  const emu = emulator();
  emu.addUser({ displayName: 'Poster', username: 'poster', ...options.user });
  const env = tiktokEnv(emu);
  const h = newCore({ env, openExternal: createOpenBrowser(env), uploadRetryDelayMs: () => 50 });
  const account = await connectAccount(h.core);
  const file = readyVideo(tempDir(), options.bytes);
  const clipId = await importReady(h.core, file);
  return { emu, h, account, file, clipId };
}

function finalState(h: Harness, id: string, states = ['published', 'failed'], timeoutMs = 60_000): Promise<PostSummary> {
  return waitFor(() => {
    const p = h.core.posts.get(id);
    return states.includes(p.state) ? p : undefined;
  }, timeoutMs, `post to reach ${states.join(' or ')}`);
}

describe('publishing to TikTok', () => {
  it('publishes a Direct Post once, with the settings chosen, the exact bytes and a link with the exact int64 id', async () => {
    const { emu, h, account, file, clipId } = await setup();
    const caption = 'Sunset 🌅 #beach @friend — 日本語 too';
    const post = await h.core.handlers['posts.create']({
      clipId,
      accountId: account.id,
      caption,
      tiktok: { ...DIRECT_SELF_ONLY, privacy: 'PUBLIC_TO_EVERYONE', allowComment: true, brandOrganic: true },
      publishAt: 'now',
    });
    expect(post.state).toBe('scheduled');
    const done = await finalState(h, post.id);
    expect(done.state).toBe('published');
    expect(emu.posts).toHaveLength(1);
    const published = emu.posts[0];
    expect(published).toMatchObject({ openId: account.openId, mode: 'direct', title: caption, privacyLevel: 'PUBLIC_TO_EVERYONE', disableComment: false, disableDuet: true, disableStitch: true, brandOrganicToggle: true, brandContentToggle: false });
    expect(published?.sha256).toBe(sha256(file));
    // The id TikTok sent as a raw 19-digit JSON number is kept exactly.
    expect(published?.publicPostId).toMatch(/^\d{19}$/);
    expect(done.publish?.postUrl).toBe(`https://www.tiktok.com/@poster/video/${published?.publicPostId}`);
    expect(done.publish?.phase).toBe('published');
    // The states a person watched go by, in order.
    const phases = h.of('posts.changed').filter((p) => p.id === post.id).map((p) => p.state);
    expect([...new Set(phases)]).toEqual(['scheduled', 'uploading', 'processing', 'published']);
    expect(h.notifications.some((n) => n.title === 'Published on TikTok')).toBe(true);
  });

  it('uploads a multi-chunk file in order with live progress', async () => {
    const { emu, h, account, clipId } = await setup({ bytes: MULTI });
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: '', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    const done = await finalState(h, post.id);
    expect(done.state).toBe('published');
    expect(emu.state.inits[0]).toMatchObject({ videoSize: MULTI, chunkSize: 10_000_000, totalChunkCount: 7 });
    const puts = emu.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.status)).toEqual([206, 206, 206, 206, 206, 206, 201]);
    const uploaded = h.of('posts.changed').filter((p) => p.id === post.id && p.publish?.phase === 'uploading').map((p) => p.publish?.uploadedBytes ?? 0);
    expect(new Set(uploaded).size).toBeGreaterThanOrEqual(6);
    expect([...uploaded].sort((a, b) => a - b)).toEqual(uploaded);
    expect(emu.posts).toHaveLength(1);
  });

  it('sends a draft to the TikTok inbox', async () => {
    const { emu, h, account, clipId } = await setup();
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'draft', tiktok: { ...DIRECT_SELF_ONLY, mode: 'inbox', privacy: null }, publishAt: 'now' });
    const done = await finalState(h, post.id);
    expect(done.state).toBe('published');
    expect(done.publish?.phase).toBe('inbox');
    expect(done.publish?.detail).toMatch(/inbox/);
    expect(emu.posts).toEqual([expect.objectContaining({ mode: 'inbox' })]);
  });

  it('waits for a scheduled time', async () => {
    const { emu, h, account, clipId } = await setup();
    const at = new Date(Date.now() + 1_500).toISOString();
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: '', tiktok: DIRECT_SELF_ONLY, publishAt: at });
    expect(post.scheduledAt).toBe(at);
    await new Promise((r) => setTimeout(r, 700));
    expect(emu.state.inits).toHaveLength(0);
    await finalState(h, post.id);
    expect(emu.state.inits[0]?.at).toBeGreaterThanOrEqual(Date.parse(at));
    expect(emu.posts).toHaveLength(1);
  });

  it('refuses what TikTok\'s rules forbid before sending anything', async () => {
    const { emu, h, account, clipId } = await setup({ user: { isPrivateAccount: true, commentDisabled: true } });
    const base = { clipId, accountId: account.id, caption: '', publishAt: 'now' as const };
    await expect(h.core.handlers['posts.create']({ ...base, tiktok: { ...DIRECT_SELF_ONLY, privacy: 'PUBLIC_TO_EVERYONE' } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(h.core.handlers['posts.create']({ ...base, tiktok: { ...DIRECT_SELF_ONLY, allowComment: true } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(h.core.handlers['posts.create']({ ...base, caption: 'x'.repeat(2201), tiktok: DIRECT_SELF_ONLY })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    emu.state.users[0]!.maxVideoPostDurationSec = 1;
    await expect(h.core.handlers['posts.create']({ ...base, tiktok: DIRECT_SELF_ONLY })).rejects.toThrow(/long|duration|max/i);
    expect(emu.state.inits).toHaveLength(0);
  });

  it('refuses a caption with a lone UTF-16 surrogate instead of storing "�", and creates nothing', async () => {
    const { emu, h, account, clipId } = await setup();
    const broken = 'Sunset \ud83c #beach'; // the first half of 🌅 without its second
    await expect(h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: broken, tiktok: DIRECT_SELF_ONLY, publishAt: 'now' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/broken character at position 8/),
    });
    expect(h.core.posts.list()).toEqual([]);
    expect(h.core.db.prepare('SELECT COUNT(*) AS n FROM posts').get()).toEqual({ n: 0 });
    expect(emu.state.inits).toHaveLength(0);
  });

  describe('faults', () => {
    async function publishWith(faults: Parameters<ReturnType<typeof emulator>['fault']>[0][], bytes = MULTI) {
      const s = await setup({ bytes });
      for (const f of faults) s.emu.fault(f);
      const post = await s.h.core.handlers['posts.create']({ clipId: s.clipId, accountId: s.account.id, caption: '', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
      const done = await finalState(s.h, post.id);
      return { ...s, post: done };
    }

    it.each([
      ['a chunk answered 500', { endpoint: 'upload', chunk: 2, kind: 'status', status: 500 }],
      ['a chunk answered 503 twice', { endpoint: 'upload', chunk: 3, kind: 'status', status: 503, times: 2 }],
      ['a chunk whose connection drops midway', { endpoint: 'upload', chunk: 1, kind: 'drop', afterBytes: 3_000_000 }],
      ['a slow chunk', { endpoint: 'upload', chunk: 0, kind: 'slow', ms: 1500 }],
      ['a 416 that resyncs from TikTok\'s Content-Range', { endpoint: 'upload', chunk: 4, kind: 'range-mismatch' }],
      ['a status check answered 500', { endpoint: 'status', kind: 'status', status: 500 }],
      ['init answered 500', { endpoint: 'init', kind: 'status', status: 500 }],
    ] as const)('recovers from %s and publishes exactly once', async (_name, fault) => {
      const { emu, post, file } = await publishWith([fault as never]);
      expect(post.state).toBe('published');
      expect(emu.posts).toHaveLength(1);
      expect(emu.posts[0]?.sha256).toBe(sha256(file));
      expect(emu.pendingFaults()).toEqual([]);
    });

    it.each([
      ['expired', 'expire-upload-url'],
      ['lost', 'lose-upload'],
    ] as const)('re-initialises an incomplete upload whose URL is %s, and still publishes once', async (_name, kind) => {
      const { emu, post } = await publishWith([{ endpoint: 'upload', chunk: 3, kind } as never]);
      expect(post.state).toBe('published');
      expect(emu.state.inits).toHaveLength(2);
      expect(emu.state.inits.filter((i) => i.uploadComplete)).toHaveLength(1);
      expect(emu.posts).toHaveLength(1);
    });

    it('never starts over when the last chunk went out and its answer was lost, even if the link then expires', async () => {
      const { emu, post } = await publishWith([
        { endpoint: 'upload', chunk: 6, kind: 'drop', afterBytes: 1e12 } as never,
        { endpoint: 'upload', chunk: 6, kind: 'expire-upload-url' } as never,
      ]);
      expect(post.state).toBe('published');
      // The link really did expire under it, and still nothing was initialised again.
      expect(emu.requests.some((r) => r.method === 'PUT' && r.status === 403)).toBe(true);
      expect(emu.state.inits).toHaveLength(1);
      expect(emu.posts).toHaveLength(1);
    });

    it('leaves a post\'s publishing to the post: the job cannot be cancelled or re-run by hand', async () => {
      const s = await setup();
      const created = await s.h.core.handlers['posts.create']({ clipId: s.clipId, accountId: s.account.id, caption: '', tiktok: DIRECT_SELF_ONLY, publishAt: new Date(Date.now() + 60_000).toISOString() });
      const job = s.h.core.jobs.list().find((j) => j.kind === 'tiktok.publish');
      await expect(s.h.core.handlers['jobs.cancel']({ id: job?.id as string })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await s.h.core.handlers['posts.cancel']({ id: created.id })).state).toBe('cancelled');
    });

    it('waits out a 429 at init', async () => {
      const { emu, post } = await publishWith([{ endpoint: 'init', kind: 'status', status: 429, code: 'rate_limit_exceeded' } as never], SMALL);
      expect(post.state).toBe('published');
      expect(emu.posts).toHaveLength(1);
    }, 90_000);

    it.each([
      ['spam_risk_too_many_posts', /15|day/],
      ['spam_risk_user_banned_from_posting', /blocked this account/],
      ['unaudited_client_can_only_post_to_private_accounts', /private/],
      ['spam_risk_text', /caption|text/i],
    ])('fails %s at init with TikTok\'s reason in words, and posts nothing', async (code, words) => {
      const { emu, post } = await publishWith([{ endpoint: 'init', kind: 'error', code, httpStatus: 403 } as never], SMALL);
      expect(post.state).toBe('failed');
      expect(post.publish?.failure).toMatchObject({ code, retryable: false });
      expect(post.publish?.failure?.message).toMatch(words);
      expect(emu.posts).toHaveLength(0);
    });

    it('fails with fail_reason words when TikTok rejects the video after upload, and then allows a retry', async () => {
      const s = await setup({ bytes: SMALL });
      s.emu.state.failNext = 'frame_rate_check_failed';
      const created = await s.h.core.handlers['posts.create']({ clipId: s.clipId, accountId: s.account.id, caption: '', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
      const failed = await finalState(s.h, created.id);
      expect(failed.publish?.failure).toMatchObject({ code: 'frame_rate_check_failed' });
      expect(failed.publish?.failure?.message).toMatch(/frame rate|fps/i);
      // TikTok said FAILED itself, so trying again cannot duplicate anything.
      await s.h.core.handlers['posts.retry']({ id: created.id });
      const done = await finalState(s.h, created.id, ['published']);
      expect(done.publish?.attempt).toBe(2);
      expect(s.emu.posts).toHaveLength(1);
    });

    it('refuses a retry when TikTok may already have the video', async () => {
      const s = await setup({ bytes: SMALL });
      const created = await s.h.core.handlers['posts.create']({ clipId: s.clipId, accountId: s.account.id, caption: '', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
      await finalState(s.h, created.id);
      // Pretend the status never came: the upload completed, TikTok never said FAILED.
      s.h.core.db.prepare("UPDATE posts SET state = 'failed' WHERE id = ?").run(created.id);
      s.h.core.db.prepare("UPDATE publish_attempts SET phase = 'failed', tiktok_status = 'PROCESSING_UPLOAD' WHERE post_id = ?").run(created.id);
      await expect(s.h.core.handlers['posts.retry']({ id: created.id })).rejects.toThrow(/will not send it twice/);
      expect(s.emu.state.inits).toHaveLength(1);
    });
  });

  it('keeps within 6 uploads a minute per account: the 7th waits and says why, with no 429 from TikTok', async () => {
    const { emu, h, account, clipId } = await setup();
    const posts: PostSummary[] = [];
    for (let i = 0; i < 7; i++) {
      posts.push(await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: `post ${i}`, tiktok: DIRECT_SELF_ONLY, publishAt: 'now' }));
    }
    await waitFor(() => emu.state.inits.length === 6, 30_000, 'six inits');
    const waiting = await waitFor(() => {
      const all = posts.map((p) => h.core.posts.get(p.id));
      return all.find((p) => /6 uploads a minute/.test(p.publish?.detail ?? ''));
    }, 30_000, 'the seventh to wait');
    expect(waiting.publish?.nextCheckAt).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(emu.state.inits).toHaveLength(6);
    expect(emu.requests.filter((r) => r.status === 429)).toEqual([]);
  });

  it('holds posts at TikTok\'s daily cap and says why', async () => {
    const { h, account, clipId } = await setup();
    const insert = h.core.db.prepare(
      `INSERT INTO publish_attempts (id, post_id, account_id, attempt, mode, phase, video_path, video_size, upload_complete, upload_completed_at, created_at, updated_at)
       VALUES (?, ?, ?, 1, 'direct', 'published', '/x.mp4', 1, 1, ?, ?, ?)`,
    );
    const seed = h.core.db.prepare(`INSERT INTO posts (id, account_id, state, created_at, updated_at) VALUES (?, ?, 'published', ?, ?)`);
    const now = new Date().toISOString();
    for (let i = 0; i < 15; i++) {
      seed.run(`old-${i}`, account.id, now, now);
      insert.run(`a-${i}`, `old-${i}`, account.id, Date.now() - 3600_000, now, now);
    }
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: '', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    const held = await waitFor(() => {
      const p = h.core.posts.get(post.id);
      return p.publish?.detail ? p : undefined;
    }, 10_000, 'the hold');
    expect(held.state).toBe('scheduled');
    expect(held.publish?.detail).toMatch(/15 posts a day/);
  });
});
