// Finding 8 of the crash campaign: TikTok answered a token refresh (rotating the refresh token)
// and the answer died with the process, so Clipdesk's next refresh sends the old token, gets
// invalid_grant and asks for a reconnect. Once the creator reconnects the same TikTok user (the
// account is restored in place), every post waiting on that account carries on at once from
// where it was — status polling from the stored publish id, never a second init — and is
// published exactly once. On a fake clock: nothing here waits for a deferred check to come due.
import { describe, expect, it } from 'vitest';
import type { PostSummary } from '../../src-shared/posts/post';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { useCores, type Harness } from '../support/core-harness';
import { fakeClock, type FakeClock } from '../support/fake-clock';
import { useTempDirs } from '../support/temp-dir';
import { CLIENT_KEY, CLIENT_SECRET, connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, sha256, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';
import type { TikTokEmulator } from '../emulators/tiktok';

const emulator = useTikTokEmulator();
const newCore = useCores('clipdesk-resume-');
const tempDir = useTempDirs('clipdesk-resume-media-');

const SMALL = 4_500_000; // one chunk
const STATUS = '/v2/post/publish/status/fetch/';

async function setup(bytes = SMALL) {
  const emu = emulator();
  emu.addUser({ displayName: 'Resumer', username: 'resumer' });
  const env = tiktokEnv(emu);
  const clock = fakeClock(Date.now());
  const h = newCore({ env, clock, openExternal: createOpenBrowser(env), uploadRetryDelayMs: () => 20 });
  const account = await connectAccount(h.core);
  const file = readyVideo(tempDir(), bytes);
  const clipId = await importReady(h.core, file);
  return { emu, h, clock, account, file, clipId };
}

/** Lets the runner act, moving the fake clock by `stepMs` a round, until `done` or `rounds` run out. */
async function drive<T>(h: Harness, clock: FakeClock, done: () => T | undefined | false, rounds: number, stepMs: number): Promise<T | undefined> {
  for (let i = 0; i < rounds; i++) {
    const v = done();
    if (v !== undefined && v !== false) return v;
    clock.advance(stepMs);
    await h.core.jobs.tick();
    await new Promise((r) => setTimeout(r, 20));
  }
  const v = done();
  return v === undefined || v === false ? undefined : v;
}

async function until<T>(h: Harness, clock: FakeClock, done: () => T | undefined | false, what: string, stepMs = 1_000): Promise<T> {
  const v = await drive(h, clock, done, 600, stepMs);
  if (v === undefined) throw new Error(`never: ${what}`);
  return v;
}

/**
 * What a kill at the moment TikTok answers a refresh leaves behind: TikTok rotated the refresh
 * token (and, as it may, ended the old access token), and Clipdesk still holds the old pair.
 */
async function refreshAnsweredButLost(emu: TikTokEmulator, openId: string): Promise<void> {
  emu.state.revokeOldAccessOnRefresh = true;
  const held = emu.state.tokens.filter((t) => t.openId === openId && t.refreshUsable).at(-1);
  if (!held) throw new Error('no live token to rotate');
  const answer = await fetch(`${emu.apiBase}/v2/oauth/token/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_key: CLIENT_KEY, client_secret: CLIENT_SECRET, grant_type: 'refresh_token', refresh_token: held.refreshToken }),
  }).then((r) => r.json() as Promise<{ access_token?: string }>);
  if (!answer.access_token) throw new Error('the emulator did not rotate the token');
}

const at = (h: Harness, id: string): PostSummary => h.core.posts.get(id);

describe('a post waiting on its account after a lost token refresh', () => {
  it('resumes status polling the moment the same TikTok user reconnects, and is published once', async () => {
    const { emu, h, clock, account, file, clipId } = await setup();
    emu.state.processingPolls = 1_000; // TikTok takes its time: the post sits in processing
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'resume', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    await until(h, clock, () => at(h, post.id).state === 'processing' && emu.requests.some((r) => r.path === STATUS && r.status === 200), 'processing');

    await refreshAnsweredButLost(emu, account.openId);
    // The next status check finds its access token ended, refreshes with the old refresh token,
    // and TikTok answers invalid_grant: reconnect needed, and the post waits for the account.
    await until(h, clock, () => h.core.accounts.get(account.id).state === 'reconnect_needed', 'reconnect needed');
    const waiting = await until(h, clock, () => {
      const p = at(h, post.id);
      return /reconnect/i.test(p.publish?.detail ?? '') ? p : undefined;
    }, 'the post to say it waits for the account');
    expect(waiting.state).toBe('processing');
    expect(waiting.publish?.nextCheckAt).not.toBeNull();
    const waitingUntil = Date.parse(waiting.publish?.nextCheckAt as string);
    expect(waitingUntil - clock.now()).toBeGreaterThan(60_000);

    // The creator reconnects the same TikTok user: the account is restored in place.
    emu.state.processingPolls = 0;
    emu.state.nextUser = account.openId;
    const again = await connectAccount(h.core);
    expect(again).toMatchObject({ id: account.id, state: 'connected' });
    // At once: the stale "reconnect" message is gone and the check is due now.
    const resumed = at(h, post.id);
    expect(resumed.publish?.detail ?? '').not.toMatch(/reconnect/i);
    expect(Date.parse(resumed.publish?.nextCheckAt as string)).toBeLessThanOrEqual(clock.now());

    // Well before the deferred check would have come due, it is published.
    const done = await drive(h, clock, () => (at(h, post.id).state === 'published' ? at(h, post.id) : undefined), 30, 500);
    expect(done?.state).toBe('published');
    expect(clock.now()).toBeLessThan(waitingUntil);
    expect(emu.posts).toHaveLength(1);
    expect(emu.posts[0]?.sha256).toBe(sha256(file));
    // Picked up where it was: one init, ever.
    expect(emu.state.inits).toHaveLength(1);
    const log = await h.core.handlers['activity.list']({ actions: ['post.'] });
    expect(log.some((e) => e.action === 'post.resumed' && e.subject === post.id)).toBe(true);
  });

  it('keeps an upload TikTok may have whole waiting for the account (not failed), and after the reconnect only asks TikTok, never sends it again', async () => {
    const { emu, h, clock, account, file, clipId } = await setup();
    // The last (only) chunk arrives whole but its answer is lost, and the link is gone on the
    // retry: Clipdesk must ask TikTok how much it has — and that is when the refresh is refused.
    emu.fault({ endpoint: 'upload', chunk: 0, kind: 'drop', afterBytes: 1e12 });
    emu.fault({ endpoint: 'upload', chunk: 0, kind: 'expire-upload-url' });
    emu.fault({ endpoint: 'status', kind: 'error', code: 'access_token_invalid' });
    emu.fault({ endpoint: 'token', kind: 'error', code: 'invalid_grant' });
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'last chunk', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    const waiting = await until(h, clock, () => {
      const p = at(h, post.id);
      return p.hold?.reason === 'account' ? p : undefined;
    }, 'the upload to wait for the account', 200);
    expect(waiting.state).toBe('uploading');
    expect(waiting.publish?.failure).toBeNull();
    expect(waiting.publish?.videoAtTikTok).toBe(true);
    expect(waiting.publish?.detail).toMatch(/never sends it again/);
    expect(emu.pendingFaults()).toEqual([]);

    emu.state.nextUser = account.openId;
    await connectAccount(h.core);
    const done = await drive(h, clock, () => (at(h, post.id).state === 'published' ? at(h, post.id) : undefined), 40, 500);
    expect(done?.state).toBe('published');
    expect(emu.state.inits).toHaveLength(1);
    expect(emu.posts).toHaveLength(1);
    expect(emu.posts[0]?.sha256).toBe(sha256(file));
  });

  it('waits at init without spending an init, and publishes with one init after the reconnect', async () => {
    const { emu, h, clock, account, clipId } = await setup();
    // TikTok calls the access token invalid at init, and refuses the refresh.
    emu.fault({ endpoint: 'init', kind: 'error', code: 'access_token_invalid' });
    emu.fault({ endpoint: 'token', kind: 'error', code: 'invalid_grant' });
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'at init', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    const waiting = await until(h, clock, () => {
      const p = at(h, post.id);
      return p.hold?.reason === 'account' ? p : undefined;
    }, 'the post to wait for the account', 200);
    expect(waiting.state).toBe('uploading');
    expect(waiting.publish?.phase).toBe('initialising');
    const inits = () => (h.core.db.prepare('SELECT inits FROM publish_attempts WHERE post_id = ?').get(post.id) as { inits: number }).inits;
    expect(inits()).toBe(0);
    // Looking again by itself while the account stays broken sends nothing and spends nothing.
    await drive(h, clock, () => false, 4, 10 * 60_000);
    expect(inits()).toBe(0);
    expect(emu.state.inits).toHaveLength(0);

    emu.state.nextUser = account.openId;
    await connectAccount(h.core);
    const done = await drive(h, clock, () => (at(h, post.id).state === 'published' ? at(h, post.id) : undefined), 40, 500);
    expect(done?.state).toBe('published');
    expect(emu.state.inits).toHaveLength(1);
    expect(inits()).toBe(1);
    expect(emu.posts).toHaveLength(1);
  });

  it('gives up on an account that never comes back before TikTok has anything: failed, with Retry and a way to Accounts', async () => {
    const { emu, h, clock, account, clipId } = await setup();
    emu.fault({ endpoint: 'init', kind: 'error', code: 'access_token_invalid' });
    emu.fault({ endpoint: 'token', kind: 'error', code: 'invalid_grant' });
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'never back', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    await until(h, clock, () => at(h, post.id).hold?.reason === 'account', 'the wait', 200);
    const failed = await until(h, clock, () => (at(h, post.id).state === 'failed' ? at(h, post.id) : undefined), 'the wait to end', 30 * 60_000);
    expect(clock.now() - Date.parse(failed.createdAt)).toBeGreaterThan(24 * 3600_000);
    expect(failed.publish?.failure).toMatchObject({ code: 'reconnect_needed', retryable: true, action: 'reconnect' });
    expect(emu.state.inits).toHaveLength(0);
  });

  it('holds a due post whose account is known to need reconnecting — still scheduled, nothing sent — and sends it the moment it is reconnected', async () => {
    const { emu, h, clock, account, clipId } = await setup();
    emu.addUser({ displayName: 'Bystander', username: 'bystander' });
    const other = await connectAccount(h.core);
    const dueAt = new Date(clock.now() + 60_000).toISOString();
    const post = await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'held', tiktok: DIRECT_SELF_ONLY, publishAt: dueAt });
    const bystander = await h.core.handlers['posts.create']({ clipId, accountId: other.id, caption: 'other account', tiktok: DIRECT_SELF_ONLY, publishAt: new Date(clock.now() + 3 * 3600_000).toISOString() });
    // TikTok ends every token of the first account; the next use turns it into "reconnect needed".
    for (const t of emu.state.tokens.filter((x) => x.openId === account.openId)) {
      t.accessRevoked = true;
      t.refreshUsable = false;
    }
    await h.core.handlers['tiktok.creatorInfo']({ accountId: account.id });
    expect(h.core.accounts.get(account.id).state).toBe('reconnect_needed');

    // Past its time, for longer than the grace window, looking again every ten minutes.
    const held = await until(h, clock, () => {
      const p = at(h, post.id);
      return p.hold?.reason === 'account' ? p : undefined;
    }, 'the hold', 10_000);
    expect(held.state).toBe('scheduled');
    expect(held.publish?.nextCheckAt).not.toBeNull();
    await drive(h, clock, () => false, 15, 10 * 60_000);
    expect(at(h, post.id).state).toBe('scheduled');
    expect(emu.state.inits).toHaveLength(0);

    emu.state.nextUser = account.openId;
    await connectAccount(h.core);
    expect(at(h, post.id).publish?.detail ?? '').not.toMatch(/reconnect/i);
    expect(at(h, post.id).hold).toBeNull();
    const done = await drive(h, clock, () => (at(h, post.id).state === 'published' ? at(h, post.id) : undefined), 40, 500);
    expect(done?.state).toBe('published');
    expect(emu.posts).toHaveLength(1);
    // Not taken for a post that missed its time: it waited for the account, on purpose.
    const log = await h.core.handlers['activity.list']({ actions: ['post.'] });
    expect(log.some((e) => e.action === 'post.missed')).toBe(false);
    expect(log.filter((e) => e.action === 'post.resumed').map((e) => e.subject)).toEqual([post.id]);
    // The other account's post was left alone.
    expect(at(h, bystander.id).state).toBe('scheduled');
  });
});
