// Posts, one copy of each by id, and the Queue, Approvals and History views selected from it.
// Each view asks the core for its own states (so one busy view cannot push another's posts past
// the limit); `posts.changed` and the replies to the actions here are the only writers, so a post
// that changes state moves between views by itself (docs/architecture.md §1).
import { create } from 'zustand';
import type { CommandInput, CommandResult } from '../../../src-shared/contract';
import type { PostSummary } from '../../../src-shared/domain';
import type { PostState } from '../../../src-shared/posts/lifecycle';
import { awaitsApproval, isFinished, statesWhere } from '../../../src-shared/posts/post-actions';
import type { SettleOutcome } from '../../../src-shared/posts/settle';
import { api, transport } from '../api';
import { errorMessage } from '../lib/error-message';
import { navigate } from './navigation-store';
import { toast } from './toast-store';

export const POST_VIEWS = {
  // Everything not yet finished. uploading/processing stay here until TikTok answers, so a
  // post never drops out of sight mid-publish.
  queue: statesWhere((s) => !isFinished(s)),
  approvals: statesWhere(awaitsApproval),
  history: statesWhere(isFinished),
} satisfies Record<string, readonly PostState[]>;
export type PostView = keyof typeof POST_VIEWS;

/** The most a view loads (the contract's maximum); a view that holds this many says it may show only part. */
export const POST_VIEW_LIMIT = 1000;

/** A view's loading state; its posts are selected from the one copy (`selectView`). */
export interface PostViewStatus {
  status: 'idle' | 'loading' | 'ready';
  error: string | null;
}

export interface PostList extends PostViewStatus {
  posts: PostSummary[];
}

interface PostsState {
  /** Every post seen, once, by id: the Queue, Approvals, History, the calendar and the approval cards read it. */
  byId: Readonly<Record<string, PostSummary>>;
  views: Record<PostView, PostViewStatus>;
  /** Post ids with a retry, cancel, publish-now or reschedule in flight. */
  busy: ReadonlySet<string>;
  load(view: PostView): Promise<void>;
  /** posts.changed, or a reply carrying posts: the later update of each wins. */
  received(post: PostSummary): void;
  /** Posts another store's reply carried (an approval's post): kept here, without a toast. */
  absorb(posts: readonly PostSummary[]): void;
  /** Make one post (the single-post composer); resolves with it, or throws the core's error. */
  create(input: CommandInput<'posts.create'>): Promise<PostSummary>;
  /** Spread several videos over posting slots (the batch composer); resolves with the core's answer. */
  spread(input: CommandInput<'posts.spread'>): Promise<CommandResult<'posts.spread'>>;
  retry(id: string): Promise<void>;
  cancel(id: string): Promise<boolean>;
  /** A scheduled (or held) post goes now. */
  publishNow(id: string): Promise<boolean>;
  /** A scheduled (or held) post moves to `at` (ISO with offset). */
  reschedule(id: string, at: string): Promise<boolean>;
  /** The creator's word on a post TikTok has whose result Clipdesk cannot learn. */
  settle(id: string, outcome: SettleOutcome): Promise<boolean>;
}

const IDLE: PostViewStatus = { status: 'idle', error: null };

function inView(view: PostView, state: PostState): boolean {
  return (POST_VIEWS[view] as readonly PostState[]).includes(state);
}

/** Newest first, as posts.list returns them. */
function byCreatedDesc(a: PostSummary, b: PostSummary): number {
  return b.createdAt.localeCompare(a.createdAt);
}

/** The later of two copies of one post (events can overtake a reply). */
function newer(had: PostSummary | undefined, post: PostSummary): boolean {
  return !had || had.updatedAt <= post.updatedAt;
}

/** A browser tab hears about a post it has seen finishing (published, sent to the inbox, failed). */
function noticeFinish(before: PostSummary | undefined, post: PostSummary): void {
  // The desktop app gets a system notification from the core; a browser tab gets this.
  if (transport !== 'websocket' || !before) return;
  const was = before.publish?.phase;
  const now = post.publish?.phase;
  if (was === now) return;
  const name = post.fileName ?? 'your video';
  const where = inView('history', post.state) ? 'history' : 'queue';
  const show = { label: where === 'history' ? 'Show history' : 'Show queue', onClick: () => navigate(where) };
  if (now === 'published') toast({ tone: 'success', title: `Published on TikTok: ${name}`, action: show });
  else if (now === 'inbox') toast({ tone: 'success', title: `Sent to your TikTok inbox: ${name}`, body: 'Open the TikTok app to finish posting it.', action: show });
  else if (now === 'failed') toast({ tone: 'danger', title: `Could not publish ${name}`, ...(post.publish?.failure ? { body: post.publish.failure.message } : {}), action: show });
}

export const usePosts = create<PostsState>((set, get) => ({
  byId: {},
  views: { queue: IDLE, approvals: IDLE, history: IDLE },
  busy: new Set(),
  async load(view) {
    const patch = (status: Partial<PostViewStatus>): void => set({ views: { ...get().views, [view]: { ...get().views[view], ...status } } });
    patch({ status: 'loading', error: null });
    try {
      const posts = await api.call('posts.list', { states: [...POST_VIEWS[view]], limit: POST_VIEW_LIMIT });
      const byId: Record<string, PostSummary> = { ...get().byId };
      // A whole list (under the limit) is the truth for its states: a post held in one of them
      // that the core no longer lists there (it moved while we were away) is dropped, and comes
      // back with the view that lists it now.
      if (posts.length < POST_VIEW_LIMIT) {
        const listed = new Set(posts.map((p) => p.id));
        for (const [id, had] of Object.entries(byId)) if (inView(view, had.state) && !listed.has(id)) delete byId[id];
      }
      for (const post of posts) if (newer(byId[post.id], post)) byId[post.id] = post;
      set({ byId });
      patch({ status: 'ready' });
    } catch (err) {
      patch({ status: 'ready', error: errorMessage(err) });
    }
  },
  received(post) {
    const before = get().byId[post.id];
    if (!newer(before, post)) return;
    noticeFinish(before, post);
    set({ byId: { ...get().byId, [post.id]: post } });
  },
  absorb(posts) {
    let byId: Record<string, PostSummary> | null = null;
    for (const post of posts) {
      const had = (byId ?? get().byId)[post.id];
      if (had === post || !newer(had, post)) continue;
      byId ??= { ...get().byId };
      byId[post.id] = post;
    }
    if (byId) set({ byId });
  },
  async create(input) {
    const created = await api.call('posts.create', input);
    get().received(created);
    return created;
  },
  async spread(input) {
    const made = await api.call('posts.spread', input);
    if (!input.preview) get().absorb(made.posts);
    return made;
  },
  async retry(id) {
    await withBusy(set, get, id, async () => {
      get().received(await api.call('posts.retry', { id }));
    }, 'Could not retry the post');
  },
  async cancel(id) {
    return withBusy(set, get, id, async () => {
      get().received(await api.call('posts.cancel', { id }));
    }, 'Could not cancel the post');
  },
  async publishNow(id) {
    return withBusy(set, get, id, async () => {
      get().received(await api.call('posts.publishNow', { id }));
    }, 'Could not publish the post now');
  },
  async reschedule(id, at) {
    return withBusy(set, get, id, async () => {
      get().received(await api.call('posts.reschedule', { id, at }));
    }, 'Could not reschedule the post');
  },
  async settle(id, outcome) {
    return withBusy(set, get, id, async () => {
      get().received(await api.call('posts.settle', { id, outcome }));
    }, `Could not mark the post ${outcome}`);
  },
}));

// Each view is derived from the one copy: the posts in its states, newest first. Memoized on
// the copy, so a component re-renders only when a post changed, and every view sees the change.
const viewCache = new Map<PostView, { byId: PostsState['byId']; status: PostViewStatus; list: PostList }>();

/** A view as its section shows it: its loading state and its posts (none before it first loads). */
export function selectView(state: Pick<PostsState, 'byId' | 'views'>, view: PostView): PostList {
  const status = state.views[view];
  const cached = viewCache.get(view);
  if (cached && cached.byId === state.byId && cached.status === status) return cached.list;
  const posts = status.status === 'idle' ? [] : Object.values(state.byId).filter((p) => inView(view, p.state)).sort(byCreatedDesc);
  const list: PostList = { ...status, posts };
  viewCache.set(view, { byId: state.byId, status, list });
  return list;
}

/** The hook for a view: `usePostView('queue')`. */
export function usePostView(view: PostView): PostList {
  return usePosts((s) => selectView(s, view));
}

type Set_ = (partial: Partial<PostsState>) => void;

async function withBusy(set: Set_, get: () => PostsState, id: string, work: () => Promise<void>, failTitle: string): Promise<boolean> {
  set({ busy: new Set([...get().busy, id]) });
  try {
    await work();
    return true;
  } catch (err) {
    toast({ tone: 'danger', title: failTitle, body: errorMessage(err) });
    return false;
  } finally {
    const busy = new Set(get().busy);
    busy.delete(id);
    set({ busy });
  }
}
