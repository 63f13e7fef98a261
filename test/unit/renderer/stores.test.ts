// The renderer's stores against a fake api client: each entity is kept once, every view's
// selector sees a change to it, a removed entity leaves every view, the core's events (wired by
// live-updates.ts) and the replies to the stores' own actions are the only writers
// (docs/architecture.md §1).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Clip, Render } from '../../../src-shared/media/library';
import type { Approval } from '../../../src-shared/posts/approval';
import type { PostState } from '../../../src-shared/posts/lifecycle';
import type { PostSummary } from '../../../src-shared/posts/post';
import type { Account } from '../../../src-shared/tiktok/accounts';
import type * as AccountsModule from '../../../src-renderer/src/stores/accounts-store';
import type * as ApprovalsModule from '../../../src-renderer/src/stores/approvals-store';
import type * as LibraryModule from '../../../src-renderer/src/stores/library-store';
import type * as PostsModule from '../../../src-renderer/src/stores/posts-store';
import type * as RendersModule from '../../../src-renderer/src/stores/renders-store';
import { comparePosts, postMatches } from '../../../src-shared/posts/post-search';
import { createFakeApi, type FakeApi } from '../../support/fake-renderer-api';

const box = vi.hoisted(() => {
  // navigation-store reads the hash and the shortcuts the platform at load; the stores need
  // nothing else of a browser.
  (globalThis as { location?: unknown }).location = { hash: '#/settings' };
  if (typeof navigator === 'undefined') Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'node' }, configurable: true });
  return { api: null as unknown };
});
// Each test gets a fresh fake (and fresh stores, by resetModules); the mock hands out the current one.
vi.mock('../../../src-renderer/src/api', () => ({
  get api() {
    return box.api;
  },
  transport: 'ipc',
  onConnection: () => () => undefined,
}));

let api: FakeApi;
let posts: typeof PostsModule;
let approvals: typeof ApprovalsModule;
let library: typeof LibraryModule;
let renders: typeof RendersModule;
let accounts: typeof AccountsModule;

/** Let the stores' pending replies settle (no timers involved). */
const settle = () => new Promise<void>((r) => setImmediate(r));

beforeEach(async () => {
  vi.resetModules();
  api = createFakeApi();
  box.api = api;
  api.handle('app.info', () => ({}) as never);
  api.handle('app.capabilities', () => []);
  api.handle('settings.get', () => ({}) as never);
  posts = await import('../../../src-renderer/src/stores/posts-store');
  approvals = await import('../../../src-renderer/src/stores/approvals-store');
  library = await import('../../../src-renderer/src/stores/library-store');
  renders = await import('../../../src-renderer/src/stores/renders-store');
  accounts = await import('../../../src-renderer/src/stores/accounts-store');
  const live = await import('../../../src-renderer/src/stores/live-updates');
  live.startLiveUpdates();
  await settle();
});

let clock = Date.parse('2026-12-01T10:00:00Z');
const stamp = () => new Date((clock += 1000)).toISOString();

function post(id: string, state: PostState, over: Partial<PostSummary> = {}): PostSummary {
  return {
    id, state, caption: `caption of ${id}`, accountId: 'acc', accountName: 'Ann', accountUsername: 'ann', accountState: 'connected',
    clipId: 'clip', renderId: null, fileName: `${id}.mp4`, durationSec: 10, tiktok: null, scheduledAt: null, hold: null, approval: null, publish: null,
    createdAt: `2026-12-01T09:00:0${id.length % 10}Z`, updatedAt: stamp(), ...over,
  };
}

function approval(id: string, p: PostSummary, over: Partial<Approval> = {}): Approval {
  return { id, postId: p.id, status: 'pending', requestedAt: stamp(), deadline: null, decision: null, deliveries: [], post: p, ...over };
}

function clip(id: string, over: Partial<Clip> = {}): Clip {
  const at = stamp();
  return { id, fileName: `${id}.mov`, sourcePath: `/videos/${id}.mov`, sizeBytes: 1, contentHash: id, state: 'ready', error: null, progress: null, media: null, readiness: null, hasThumbnail: false, createdAt: at, updatedAt: at, ...over };
}

function render(id: string, clipId: string, over: Partial<Render> = {}): Render {
  const at = stamp();
  return { id, clipId, clipFileName: `${clipId}.mov`, state: 'running', recipe: {} as Render['recipe'], progress: 0, speed: null, etaSec: null, outputPath: null, output: null, error: null, createdAt: at, updatedAt: at, ...over };
}

function account(id: string, connectedAt: string): Account {
  return { id, displayName: id, username: id, connectedAt, updatedAt: stamp() } as Account;
}

/** The core's answer to posts.search: the posts given, filtered and ordered by the shared rule, paged by an index cursor. */
function servePosts(all: () => PostSummary[]): void {
  api.handle('posts.search', (input) => {
    const matching = all().filter((p) => postMatches(p, input)).sort(comparePosts(input.sort ?? 'newest'));
    const start = input.cursor ? Number(input.cursor) : 0;
    const limit = input.limit ?? 50;
    const end = start + limit;
    return { posts: matching.slice(start, end), nextCursor: end < matching.length ? String(end) : null, total: matching.length };
  });
  api.handle('posts.count', (input) => ({ total: all().filter((p) => postMatches(p, input)).length, held: { paused: 0, daily_cap: 0, account: 0, missed: 0, no_answer: 0 } }));
}

const view = (name: 'queue' | 'approvals' | 'history') => posts.selectView(posts.usePosts.getState(), name);
const approvalList = () => approvals.selectApprovals(approvals.useApprovals.getState().byId, posts.usePosts.getState().byId);

describe('posts: one copy, three views', () => {
  it('a posts.changed event moves the one copy from the Queue to History, and both views see it', async () => {
    const scheduled = post('p1', 'scheduled');
    servePosts(() => [scheduled, post('p2', 'published')]);
    await Promise.all([posts.usePosts.getState().load('queue'), posts.usePosts.getState().load('history')]);
    expect(view('queue').posts.map((p) => p.id)).toEqual(['p1']);

    const published = { ...scheduled, state: 'published' as const, updatedAt: stamp() };
    api.emit('posts.changed', published);

    expect(view('queue').posts).toEqual([]);
    expect(view('history').posts.map((p) => p.id).sort()).toEqual(['p1', 'p2']);
    expect(view('history').posts.find((p) => p.id === 'p1')).toBe(posts.usePosts.getState().byId.p1);
  });

  it('keeps the later of an event and a reply that it overtook', async () => {
    const early = post('p1', 'scheduled', { caption: 'old' });
    const late = { ...early, caption: 'new', updatedAt: stamp() };
    servePosts(() => [early]);
    api.emit('posts.changed', late);
    await posts.usePosts.getState().load('queue');
    expect(view('queue').posts[0]?.caption).toBe('new');
  });

  it('a view not loaded yet shows nothing, even with posts of its states in the copy', () => {
    api.emit('posts.changed', post('p1', 'failed'));
    expect(view('history')).toMatchObject({ status: 'idle', posts: [] });
  });

  it('returns the same list while nothing changed, so a component does not re-render for nothing', async () => {
    servePosts(() => [post('p1', 'scheduled')]);
    await posts.usePosts.getState().load('queue');
    expect(view('queue')).toBe(view('queue'));
  });

  it('a fresh list drops a post that left the view while the window was away', async () => {
    let all = [post('p1', 'scheduled')];
    servePosts(() => all);
    await posts.usePosts.getState().load('queue');
    // Published while disconnected: no event arrived; the reload after reconnecting is the truth.
    all = [];
    await posts.usePosts.getState().load('queue');
    expect(view('queue').posts).toEqual([]);
    expect(view('queue').total).toBe(0);
  });

  it('a post made in the composer is in the Queue from the core’s reply, with no component writing it there', async () => {
    servePosts(() => []);
    await posts.usePosts.getState().load('queue');
    const made = post('p9', 'scheduled');
    api.handle('posts.create', () => made);
    await posts.usePosts.getState().create({ renderId: 'r', accountId: 'acc', caption: '', tiktok: {} as never, publishAt: 'now' });
    expect(view('queue').posts).toEqual([made]);
  });

  it('a batch spread puts each post it made in the Queue; a preview puts none', async () => {
    servePosts(() => []);
    await posts.usePosts.getState().load('queue');
    const made = [post('b1', 'scheduled'), post('b2', 'scheduled')];
    api.handle('posts.spread', (input) => ({ posts: input.preview ? [] : made, times: [], skipped: [] }) as never);
    await posts.usePosts.getState().spread({ preview: true } as never);
    expect(view('queue').posts).toEqual([]);
    await posts.usePosts.getState().spread({ preview: false } as never);
    expect(view('queue').posts.map((p) => p.id).sort()).toEqual(['b1', 'b2']);
  });
});

describe('posts: paged, filtered views and live events', () => {
  /** `n` finished posts, created a second apart (the highest number newest). */
  function many(n: number, state: PostState = 'published', over: (i: number) => Partial<PostSummary> = () => ({})): PostSummary[] {
    return Array.from({ length: n }, (_, i) =>
      post(`h${String(i).padStart(4, '0')}`, state, { createdAt: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 1000).toISOString(), caption: i % 2 ? `beach ${i}` : `studio ${i}`, ...over(i) }),
    );
  }
  const historyIds = () => view('history').posts.map((p) => p.id);

  it('pages History in through every post, newest first, with no duplicate, and knows the total', async () => {
    const all = many(250);
    servePosts(() => all);
    await posts.usePosts.getState().load('history');
    expect(view('history')).toMatchObject({ total: 250, hasMore: true });
    expect(view('history').posts).toHaveLength(posts.POST_PAGE_SIZE);
    await posts.usePosts.getState().loadAll('history');
    expect(historyIds()).toEqual([...all].sort(comparePosts('newest')).map((p) => p.id));
    expect(view('history').hasMore).toBe(false);
    // A first page quick to show, then pages of the core's most.
    expect(api.calls.filter((c) => c.name === 'posts.search').map((c) => (c.input as { limit: number }).limit)).toEqual([100, 200]);
  });

  it('asks the core with the filters, the words after a pause in typing, and only the latest answer counts', async () => {
    vi.useFakeTimers();
    try {
      const all = many(20);
      let slow: (() => void) | null = null;
      api.handle('posts.search', async (input) => {
        // The first search is slow: its answer comes after the second's and must not win.
        if (input.query === 'bea') await new Promise<void>((r) => (slow = r));
        const matching = all.filter((p) => postMatches(p, input)).sort(comparePosts('newest'));
        return { posts: matching, nextCursor: null, total: matching.length };
      });
      await posts.usePosts.getState().load('history');
      const store = posts.usePosts.getState();
      store.setFilters('history', { query: 'b' });
      store.setFilters('history', { query: 'be' });
      store.setFilters('history', { query: 'bea' });
      await vi.advanceTimersByTimeAsync(300);
      store.setFilters('history', { query: 'beach', accountId: 'acc' });
      await vi.advanceTimersByTimeAsync(0);
      (slow as (() => void) | null)?.();
      await vi.advanceTimersByTimeAsync(0);
      const searches = api.calls.filter((c) => c.name === 'posts.search').map((c) => c.input as { query?: string; accountId?: string });
      // Typing made one request, not one a key.
      expect(searches.map((q) => q.query)).toEqual([undefined, 'bea', 'beach']);
      expect(searches.at(-1)).toMatchObject({ accountId: 'acc', states: ['published', 'rejected', 'failed', 'cancelled'] });
      expect(view('history').total).toBe(10);
      expect(view('history').posts.every((p) => p.caption.startsWith('beach'))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a post that finishes joins a filtered History at its place when it matches, and the count follows', async () => {
    const all = many(10);
    const live = post('q1', 'uploading', { caption: 'beach live', createdAt: '2026-11-01T00:00:05.500Z' });
    servePosts(() => [...all, live]);
    await Promise.all([posts.usePosts.getState().load('history'), posts.usePosts.getState().load('queue')]);
    // More than the words at once: asked at once.
    posts.usePosts.getState().setFilters('history', { query: 'beach', accountId: 'acc', states: ['published'] });
    await settle();
    expect(view('history').total).toBe(5);

    api.emit('posts.changed', { ...live, state: 'published', updatedAt: stamp() });
    expect(view('queue').posts.map((p) => p.id)).not.toContain('q1');
    // Created between h0005 and h0006: it sits between them, newest first.
    const ids = historyIds();
    expect(ids.slice(0, 4)).toEqual(['h0009', 'h0007', 'q1', 'h0005']);
    expect(view('history').total).toBe(6);

    // Failed instead: it leaves the published-only view again.
    api.emit('posts.changed', { ...live, state: 'failed', updatedAt: stamp() });
    expect(historyIds()).not.toContain('q1');
    expect(view('history').total).toBe(5);

    // A post that finishes but does not match the words stays out, and the count is unchanged.
    const other = post('q2', 'uploading', { caption: 'studio live' });
    api.emit('posts.changed', other);
    api.emit('posts.changed', { ...other, state: 'published', updatedAt: stamp() });
    expect(historyIds()).not.toContain('q2');
    expect(view('history').total).toBe(5);
  });

  it('a matching post beyond the pages paged in waits for its page; a new one at the top shows at once', async () => {
    const all = many(350);
    servePosts(() => all);
    await posts.usePosts.getState().load('history');
    const oldest = all[0]!;
    // The oldest, far past the first page, changes (still published): not pulled in early.
    api.emit('posts.changed', { ...oldest, caption: 'edited', updatedAt: stamp() });
    expect(historyIds()).not.toContain(oldest.id);
    expect(view('history').total).toBe(350);
    // A post finishing that is newer than all: at the top.
    const fresh = post('zz', 'uploading', { createdAt: '2026-12-01T00:00:00Z' });
    api.emit('posts.changed', fresh);
    api.emit('posts.changed', { ...fresh, state: 'published', updatedAt: stamp() });
    expect(historyIds()[0]).toBe('zz');
    expect(view('history').total).toBe(351);
    // Paging on brings the rest, the edited one among them, once each.
    all.push({ ...fresh, state: 'published' });
    await posts.usePosts.getState().loadAll('history');
    const ids = historyIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(oldest.id);
    expect(view('history').posts.find((p) => p.id === oldest.id)?.caption).toBe('edited');
  });

  it('a post never seen that now matches is counted by asking the core, once, after a pause', async () => {
    vi.useFakeTimers();
    try {
      let all = many(5);
      servePosts(() => all);
      await posts.usePosts.getState().load('history');
      const unseen = post('u1', 'published', { createdAt: '2026-12-02T00:00:00Z' });
      all = [...all, unseen];
      api.emit('posts.changed', unseen);
      api.emit('posts.changed', { ...unseen, updatedAt: stamp() });
      expect(historyIds()[0]).toBe('u1');
      await vi.advanceTimersByTimeAsync(500);
      expect(view('history').total).toBe(6);
      expect(api.calls.filter((c) => c.name === 'posts.count')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('approvals: records once, their posts from the posts store', () => {
  it('a caption changed elsewhere shows on the approval card and in the Queue from one event', async () => {
    const waiting = post('p1', 'awaiting_approval', { approval: { id: 'a1', status: 'pending', decidedBy: null, decidedAt: null } });
    api.handle('approvals.list', () => [approval('a1', waiting)]);
    servePosts(() => [waiting]);
    await Promise.all([approvals.useApprovals.getState().load(), posts.usePosts.getState().load('queue')]);
    // The approval's post is not kept twice: the store holds the record alone.
    expect(approvals.useApprovals.getState().byId.a1).not.toHaveProperty('post');

    api.emit('posts.changed', { ...waiting, caption: 'edited on the CLI', updatedAt: stamp() });

    expect(approvalList()[0]?.post.caption).toBe('edited on the CLI');
    expect(view('queue').posts[0]?.caption).toBe('edited on the CLI');
    expect(view('queue').posts[0]).toBe(approvalList()[0]?.post);
  });

  it('a decision from Telegram moves the card to the decided ones, and a stale pending copy does not undo it', async () => {
    const waiting = post('p1', 'awaiting_approval');
    const pending = approval('a1', waiting);
    api.handle('approvals.list', () => [pending]);
    await approvals.useApprovals.getState().load();
    const decided: Approval = { ...pending, status: 'approved', decision: { status: 'approved', by: 'Ann', actor: 'telegram:1', via: 'telegram', at: stamp() }, post: { ...waiting, state: 'scheduled', updatedAt: stamp() } };
    api.emit('approvals.changed', decided);
    api.emit('approvals.changed', pending);
    expect(approvalList().map((a) => a.status)).toEqual(['approved']);
    // The post the decision carried is the posts store's copy now.
    expect(posts.usePosts.getState().byId.p1?.state).toBe('scheduled');
  });

  it('approving from the app updates the record and its post from the core’s reply', async () => {
    const waiting = post('p1', 'awaiting_approval');
    api.handle('approvals.list', () => [approval('a1', waiting)]);
    await approvals.useApprovals.getState().load();
    api.handle('approvals.decide', () => approval('a1', { ...waiting, state: 'scheduled', updatedAt: stamp() }, { status: 'approved', decision: {} as Approval['decision'] }));
    expect(await approvals.useApprovals.getState().decide('p1', 'approve')).toBe(true);
    expect(approvalList()[0]).toMatchObject({ status: 'approved', post: { state: 'scheduled' } });
  });
});

describe('library: clips once, the grid holds ids', () => {
  async function loadLibrary(clips: Clip[]): Promise<void> {
    api.handle('library.list', (input) => ({ clips: clips.slice(input.offset ?? 0, (input.offset ?? 0) + (input.limit ?? 100)), total: clips.length }) as never);
    await library.useLibrary.getState().reload();
  }
  const grid = () => library.selectItems(library.useLibrary.getState());

  it('clips.changed updates the one copy: the grid row and the detail view see it', async () => {
    const c = clip('c1', { state: 'importing', progress: 0.1 });
    await loadLibrary([c]);
    api.emit('clips.changed', { ...c, progress: 0.9, updatedAt: stamp() });
    expect(grid()[0]?.progress).toBe(0.9);
    expect(library.useLibrary.getState().byId.c1).toBe(grid()[0]);
    expect(library.useLibrary.getState().ids).toEqual(['c1']);
  });

  it('clips.removed takes the clip out of the grid, the detail copy and the selection', async () => {
    await loadLibrary([clip('c2'), clip('c1')]);
    library.useLibrary.getState().toggleSelected('c1');
    api.emit('clips.removed', { id: 'c1', duplicateOf: null });
    expect(grid().map((c) => c?.id)).toEqual(['c2']);
    expect(library.useLibrary.getState().byId.c1).toBeUndefined();
    expect(library.useLibrary.getState().selected.has('c1')).toBe(false);
    expect(library.useLibrary.getState().total).toBe(1);
  });
});

describe('renders and accounts: one copy by id, sorted views', () => {
  it('a progress tick reaches the Renders list and the clip’s own renders at once', async () => {
    const r = render('r1', 'c1');
    api.handle('render.list', (input) => (input.clipId === 'c1' || !input.clipId ? [r] : []));
    await renders.useRenders.getState().load();
    api.emit('renders.changed', { ...r, progress: 0.5, updatedAt: stamp() });
    const all = renders.selectRenders(renders.useRenders.getState());
    expect(all.map((x) => x.progress)).toEqual([0.5]);
    expect(all.filter((x) => x.clipId === 'c1')[0]).toBe(renders.useRenders.getState().byId.r1);
    expect(renders.selectActiveCount(renders.useRenders.getState())).toBe(1);
  });

  it('the batch bar’s renders of each clip land in the one copy', async () => {
    api.handle('render.list', (input) => [render(`r-${input.clipId}`, input.clipId ?? '', { state: 'succeeded' })]);
    expect(await renders.useRenders.getState().loadForClips(['a', 'b'])).toBe(true);
    expect(Object.keys(renders.useRenders.getState().byId).sort()).toEqual(['r-a', 'r-b']);
  });

  it('accounts keep their places oldest first, and accounts.removed takes one out of every view', async () => {
    api.handle('accounts.list', () => [account('second', '2026-02-01T00:00:00Z'), account('first', '2026-01-01T00:00:00Z')]);
    await accounts.useAccounts.getState().load();
    const list = () => accounts.selectAccounts(accounts.useAccounts.getState()).map((a) => a.id);
    expect(list()).toEqual(['first', 'second']);
    api.emit('accounts.removed', { id: 'first' });
    expect(list()).toEqual(['second']);
  });
});
