// Publishing is one module and platforms plug in (docs/architecture.md §2, "Publishing is one
// module, platforms plug in"). The proof: a second platform that exists only in this test — a
// Publisher that keeps what it receives in memory — is registered with a real core, and its
// posts go through the same composer rules call, approvals, scheduler, pause, daily cap,
// retry-safety rule and History as TikTok's, with no change to any of them. No TikTok emulator
// runs here: nothing of TikTok is needed for a post of another platform.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import type { PostSummary } from '../../src-shared/posts/post';
import type { Core } from '../../src-main/core/create-core';
import { PlatformUnreachable, type PollResult, type PostDraft, type PublishAccount, type Publisher, type SendStep } from '../../src-main/core/publishing';
import type { AttemptRow } from '../../src-main/core/post-store/publish-attempts';
import { IN_WINDOW } from '../support/callers';
import { runUntil, settle, useCores, type Harness } from '../support/core-harness';
import { fakeClock } from '../support/fake-clock';
import { readyVideo } from '../support/ready-video';
import { useTempDirs } from '../support/temp-dir';
import { DIRECT_SELF_ONLY, importReady } from '../support/tiktok-harness';

const newCore = useCores('clipdesk-second-publisher-');
const tempDir = useTempDirs('clipdesk-second-publisher-media-');
const MIN = 60_000;
const HOUR = 60 * MIN;

/** A platform of this test only: it "receives" a video by hashing it, and publishes it on the second status check. */
class LoopbackPublisher implements Publisher {
  readonly platform = 'loopback';
  readonly label = 'Loopback';
  readonly dailyCap = 2;
  readonly accounts = new Map<string, PublishAccount>();
  /** What it received, by its publish id: the video's SHA-256 and the post's caption. */
  readonly received = new Map<string, { sha256: string; caption: string }>();
  readonly validated: PostDraft[][] = [];
  readonly forgotten: string[] = [];
  uploads = 0;
  private readonly polls = new Map<string, number>();
  /** What the next status checks answer instead of the normal course. */
  readonly scripted: Array<'unreachable' | 'failed'> = [];

  account(id: string): PublishAccount | undefined {
    return this.accounts.get(id);
  }

  async validate(_account: PublishAccount, drafts: readonly PostDraft[]): Promise<void> {
    this.validated.push([...drafts]);
    const bad = drafts.find((d) => d.caption.includes('#forbidden'));
    if (bad) throw new AppError('BAD_INPUT', 'Loopback does not take #forbidden.');
  }

  ready(): null {
    return null;
  }

  async upload(step: SendStep): Promise<void> {
    this.uploads++;
    const publishId = `loop-${this.uploads}`;
    const sha256 = crypto.createHash('sha256').update(fs.readFileSync(step.record.video_path)).digest('hex');
    this.received.set(publishId, { sha256, caption: step.post.caption });
    step.update({ phase: 'uploading', publish_id: publishId, uploaded_bytes: step.record.video_size, detail: 'Sending to Loopback…' });
  }

  async poll(step: SendStep): Promise<PollResult> {
    const id = step.record.publish_id!;
    const next = this.scripted.shift();
    if (next === 'unreachable') throw new PlatformUnreachable('Loopback is down for a moment.');
    if (next === 'failed') return { status: 'failed', platformStatus: 'REJECTED', failure: { code: 'rejected', message: 'Loopback rejected the video.', retryable: true, action: 'retry' } };
    const n = (this.polls.get(id) ?? 0) + 1;
    this.polls.set(id, n);
    if (n === 1) return { status: 'processing', platformStatus: 'CHECKING' };
    return { status: 'published', platformStatus: 'LIVE', publicId: `post-${id}`, url: `https://loopback.example/p/post-${id}` };
  }

  forget(record: AttemptRow): void {
    this.forgotten.push(record.id);
  }

  /** An account of this platform: its row (posts refer to it) and what the publisher says of it. */
  addAccount(core: Core, id: string, name: string): void {
    const now = new Date().toISOString();
    core.db
      .prepare("INSERT INTO accounts (id, provider, external_id, display_name, state, created_at, updated_at) VALUES (?, 'loopback', ?, ?, 'connected', ?, ?)")
      .run(id, `ext-${id}`, name, now, now);
    this.accounts.set(id, { id, platform: 'loopback', externalId: `ext-${id}`, name, usable: true, problem: null });
  }
}

async function setup() {
  const loopback = new LoopbackPublisher();
  const clock = fakeClock(Date.now());
  const h = newCore({ clock, publishers: [loopback] });
  loopback.addAccount(h.core, 'loop-acc', 'Loop Studio');
  const media = tempDir();
  const file = readyVideo(media);
  const clipId = await importReady(h.core, file);
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return { loopback, clock, h, clipId, sha256 };
}

const ended = (h: Harness, id: string) => (): PostSummary | undefined => {
  const p = h.core.posts.get(id);
  return p.state === 'published' || p.state === 'failed' ? p : undefined;
};

function compose(fx: { h: Harness; clipId: string }, at: number, caption = 'Loop #one') {
  return fx.h.core.handlers['posts.create']({ clipId: fx.clipId, accountId: 'loop-acc', caption, tiktok: DIRECT_SELF_ONLY, publishAt: new Date(at).toISOString() }, IN_WINDOW);
}

describe('a second platform, registered in a test', () => {
  it('publishes a scheduled post through the same rules check, approvals, scheduler and History', async () => {
    const fx = await setup();
    const { h, clock, loopback } = fx;
    await h.core.handlers['settings.update']({ requireApproval: true }, IN_WINDOW);
    const due = clock.now() + HOUR;

    // The platform's own rules judge a new post, as TikTok's judge TikTok's.
    await expect(compose(fx, due, 'Nope #forbidden')).rejects.toThrow('Loopback does not take #forbidden.');
    const post = await compose(fx, due, 'Loop day 🌀 #one');
    expect(loopback.validated.at(-1)).toEqual([{ caption: 'Loop day 🌀 #one', durationSec: expect.any(Number) }]);
    expect(post.state).toBe('awaiting_approval');

    const approved = await h.core.handlers['approvals.decide']({ postId: post.id, decision: 'approve' }, IN_WINDOW);
    expect(approved.post.state).toBe('scheduled');
    clock.set(due - MIN);
    await settle(h);
    expect(loopback.uploads).toBe(0);

    clock.set(due);
    const done = await runUntil(h, clock, ended(h, post.id), 'published on Loopback');
    expect(done.state).toBe('published');
    // It received this video, once, with its caption.
    expect([...loopback.received.values()]).toEqual([{ sha256: fx.sha256, caption: 'Loop day 🌀 #one' }]);
    expect(loopback.forgotten).toHaveLength(1);
    expect(h.notifications.map((n) => n.title)).toContain('Published on Loopback');

    // History: the post, its account, its link, and its story from approval to publishing.
    const history = await h.core.handlers['posts.list']({ states: ['published'] }, IN_WINDOW);
    expect(history.map((p) => ({ id: p.id, account: p.accountName, url: p.publish?.postUrl }))).toEqual([
      { id: post.id, account: 'Loop Studio', url: 'https://loopback.example/p/post-loop-1' },
    ]);
    const timeline = await h.core.handlers['posts.timeline']({ id: post.id }, IN_WINDOW);
    const kinds = timeline.map((s) => s.kind);
    expect(kinds.indexOf('approved')).toBeGreaterThan(-1);
    expect(kinds.slice(kinds.indexOf('approved'))).toEqual(['approved', 'uploading', 'processing', 'published']);
  });

  it('keeps the platform’s daily cap and a pause, and a video it has is never sent again', async () => {
    const fx = await setup();
    const { h, clock, loopback } = fx;
    const due = clock.now() + HOUR;
    const posts = [await compose(fx, due, 'one'), await compose(fx, due, 'two'), await compose(fx, due, 'three')];
    await h.core.handlers['settings.update']({ publishingPaused: true }, IN_WINDOW);
    clock.set(due);
    await settle(h);
    expect(h.core.posts.get(posts[0]!.id).hold?.reason).toBe('paused');
    expect(loopback.uploads).toBe(0);
    await h.core.handlers['settings.update']({ publishingPaused: false }, IN_WINDOW);

    // A status check that cannot reach the platform is asked again, never sent again.
    loopback.scripted.push('unreachable');
    await runUntil(h, clock, () => ended(h, posts[0]!.id)() && ended(h, posts[1]!.id)(), 'two published');
    const third = h.core.posts.get(posts[2]!.id);
    expect(third.state).toBe('scheduled');
    expect(third.hold).toMatchObject({ reason: 'daily_cap' });
    expect(third.hold?.detail).toMatch(/^Loopback allows about 2 posts a day per account \(across every app\), and Loop Studio has reached it\./);
    expect(loopback.uploads).toBe(2);
  });

  it('a failure the platform itself reports may be retried, and the retry sends the video once more', async () => {
    const fx = await setup();
    const { h, clock, loopback } = fx;
    const post = await compose(fx, clock.now() + MIN);
    loopback.scripted.push('failed');
    clock.advance(MIN);
    const failed = await runUntil(h, clock, ended(h, post.id), 'failed');
    expect(failed.state).toBe('failed');
    expect(failed.publish?.failure).toMatchObject({ code: 'rejected', message: 'Loopback rejected the video.', retryable: true });
    expect(h.notifications.map((n) => n.title)).toContain('A Loopback post failed');

    await h.core.handlers['posts.retry']({ id: post.id }, IN_WINDOW);
    const done = await runUntil(h, clock, ended(h, post.id), 'published after retry');
    expect(done.state).toBe('published');
    expect(loopback.uploads).toBe(2);
  });
});
