// Posts as the Queue, Approvals and History sections show them. Each view asks the core for
// its own states (so one busy view cannot push another's posts past the limit), and
// `posts.changed` moves a post between views as its state changes.
import { create } from 'zustand';
import type { PostSummary } from '../../../src-shared/domain';
import type { PostState } from '../../../src-shared/posts/lifecycle';
import { api } from '../api';
import { errorMessage } from '../lib/error-message';

export const POST_VIEWS = {
  // Everything not yet finished. uploading/processing stay here until TikTok answers, so a
  // post never drops out of sight mid-publish.
  queue: ['drafted', 'rendering', 'ready', 'awaiting_approval', 'scheduled', 'uploading', 'processing'],
  approvals: ['awaiting_approval'],
  history: ['published', 'failed', 'cancelled', 'rejected'],
} as const satisfies Record<string, readonly PostState[]>;
export type PostView = keyof typeof POST_VIEWS;

const LIMIT = 500;

export interface PostList {
  status: 'idle' | 'loading' | 'ready';
  posts: PostSummary[];
  error: string | null;
}

interface PostsState {
  views: Record<PostView, PostList>;
  load(view: PostView): Promise<void>;
  received(post: PostSummary): void;
}

const EMPTY: PostList = { status: 'idle', posts: [], error: null };

function inView(view: PostView, state: PostState): boolean {
  return (POST_VIEWS[view] as readonly PostState[]).includes(state);
}

/** Newest first, as posts.list returns them. */
function byCreatedDesc(a: PostSummary, b: PostSummary): number {
  return b.createdAt.localeCompare(a.createdAt);
}

export const usePosts = create<PostsState>((set, get) => ({
  views: { queue: EMPTY, approvals: EMPTY, history: EMPTY },
  async load(view) {
    const patch = (list: Partial<PostList>): void =>
      set({ views: { ...get().views, [view]: { ...get().views[view], ...list } } });
    patch({ status: 'loading', error: null });
    try {
      const posts = await api.call('posts.list', { states: [...POST_VIEWS[view]], limit: LIMIT });
      patch({ status: 'ready', posts });
    } catch (err) {
      patch({ status: 'ready', error: errorMessage(err) });
    }
  },
  received(post) {
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
}));
