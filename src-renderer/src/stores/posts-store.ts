// Posts as the Queue, Approvals and History sections show them. Each view asks the core for
// its own states (so one busy view cannot push another's posts past the limit), and
// `posts.changed` moves a post between views as its state changes.
import { create } from 'zustand';
import type { PostSummary } from '../../../src-shared/domain';
import type { PostState } from '../../../src-shared/posts/lifecycle';
import type { SettleOutcome } from '../../../src-shared/posts/settle';
import { api, transport } from '../api';
import { errorMessage } from '../lib/error-message';
import { navigate } from './navigation-store';
import { toast } from './toast-store';

export const POST_VIEWS = {
  // Everything not yet finished. uploading/processing stay here until TikTok answers, so a
  // post never drops out of sight mid-publish.
  queue: ['ready', 'awaiting_approval', 'scheduled', 'uploading', 'processing'],
  approvals: ['awaiting_approval'],
  history: ['published', 'failed', 'cancelled', 'rejected'],
} as const satisfies Record<string, readonly PostState[]>;
export type PostView = keyof typeof POST_VIEWS;

/** The most a view loads (the contract's maximum); a view that holds this many says it may show only part. */
export const POST_VIEW_LIMIT = 1000;

export interface PostList {
  status: 'idle' | 'loading' | 'ready';
  posts: PostSummary[];
  error: string | null;
}

interface PostsState {
  views: Record<PostView, PostList>;
  /** Post ids with a retry, cancel, publish-now or reschedule in flight. */
  busy: ReadonlySet<string>;
  load(view: PostView): Promise<void>;
  received(post: PostSummary): void;
  retry(id: string): Promise<void>;
  cancel(id: string): Promise<boolean>;
  /** A scheduled (or held) post goes now. */
  publishNow(id: string): Promise<boolean>;
  /** A scheduled (or held) post moves to `at` (ISO with offset). */
  reschedule(id: string, at: string): Promise<boolean>;
  /** The creator's word on a post TikTok has whose result Clipdesk cannot learn. */
  settle(id: string, outcome: SettleOutcome): Promise<boolean>;
}

const EMPTY: PostList = { status: 'idle', posts: [], error: null };

function inView(view: PostView, state: PostState): boolean {
  return (POST_VIEWS[view] as readonly PostState[]).includes(state);
}

/** Newest first, as posts.list returns them. */
function byCreatedDesc(a: PostSummary, b: PostSummary): number {
  return b.createdAt.localeCompare(a.createdAt);
}

/** The last state seen of each post, so a change of state (not every progress tick) is noticed. */
const lastSeen = new Map<string, PostSummary>();

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
  views: { queue: EMPTY, approvals: EMPTY, history: EMPTY },
  busy: new Set(),
  async load(view) {
    const patch = (list: Partial<PostList>): void =>
      set({ views: { ...get().views, [view]: { ...get().views[view], ...list } } });
    patch({ status: 'loading', error: null });
    try {
      const posts = await api.call('posts.list', { states: [...POST_VIEWS[view]], limit: POST_VIEW_LIMIT });
      for (const post of posts) lastSeen.set(post.id, post);
      patch({ status: 'ready', posts });
    } catch (err) {
      patch({ status: 'ready', error: errorMessage(err) });
    }
  },
  received(post) {
    const before = lastSeen.get(post.id);
    // Events can overtake a reply; the later update wins.
    if (before && before.updatedAt > post.updatedAt) return;
    lastSeen.set(post.id, post);
    noticeFinish(before, post);
    const views = { ...get().views };
    for (const view of Object.keys(views) as PostView[]) {
      const list = views[view];
      if (list.status === 'idle') continue;
      const others = list.posts.filter((p) => p.id !== post.id);
      const posts = inView(view, post.state) ? [...others, post].sort(byCreatedDesc) : others;
      views[view] = { ...list, posts };
    }
    set({ views });
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
