// Posts, one copy of each by id, and the Queue, Approvals and History views selected from it.
// Each view pages through its own search of the core (posts.search: its states, narrowed by
// the creator's words, account, states and dates), newest first, as far as it is scrolled;
// `posts.changed` and the replies to the actions here are the only writers, and each write
// places the changed post in every view by the shared rule (placeInView), so a post that
// changes state moves between views, and into or out of a filtered one, by itself
// (docs/architecture.md §1).
import { create } from 'zustand';
import type { CommandInput, CommandResult } from '../../../src-shared/contract';
import type { PostSummary } from '../../../src-shared/domain';
import type { PostState } from '../../../src-shared/posts/lifecycle';
import { awaitsApproval, isFinished, statesWhere } from '../../../src-shared/posts/post-actions';
import type { SettleOutcome } from '../../../src-shared/posts/settle';
import { comparePosts, POST_PAGE_MAX, postMatches, type PostDateField, type PostFilter } from '../../../src-shared/posts/post-search';
import { api, transport } from '../api';
import { localDayBound } from '../lib/schedule-ui';
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

/** Posts the first page asks for (quick to show), and each page after it (the core's most). */
export const POST_PAGE_SIZE = 100;
export const POST_MORE_SIZE = POST_PAGE_MAX;
const SEARCH_DELAY_MS = 250;
const RECOUNT_DELAY_MS = 400;

/**
 * Which time a view's date range is on (src-shared/posts/post-search.ts): the Queue and
 * Approvals by when a post goes, History by when it ended.
 */
export const VIEW_DATE_FIELD: Record<PostView, PostDateField> = { queue: 'scheduled', approvals: 'scheduled', history: 'ended' };

/** What a view's search box and filters hold; '' / null / [] are open. */
export interface PostViewFilters {
  query: string;
  accountId: string | null;
  /** Some of the view's states; [] is all of them. */
  states: readonly PostState[];
  /** Dates as a date input gives them (YYYY-MM-DD, this computer's zone). */
  from: string;
  to: string;
}
export const NO_POST_FILTERS: PostViewFilters = { query: '', accountId: null, states: [], from: '', to: '' };

/**
 * A view: its filters, and the ids of the posts it has paged in so far, in the core's order
 * (newest first). The posts themselves are the one copy (`byId`).
 */
export interface PostViewStatus {
  status: 'idle' | 'loading' | 'ready';
  error: string | null;
  filters: PostViewFilters;
  ids: readonly string[];
  /** The next page's cursor; null when every matching post is paged in. */
  nextCursor: string | null;
  /** How many posts match, as the core counted them (kept up to date by live events). */
  total: number;
  loadingMore: boolean;
}

export interface PostList extends Omit<PostViewStatus, 'ids'> {
  posts: PostSummary[];
  hasMore: boolean;
}

interface PostsState {
  /** Every post seen, once, by id: the Queue, Approvals, History, the calendar and the approval cards read it. */
  byId: Readonly<Record<string, PostSummary>>;
  views: Record<PostView, PostViewStatus>;
  /** Post ids with a retry, cancel, publish-now or reschedule in flight. */
  busy: ReadonlySet<string>;
  /** The view's first page, with its filters (again, after a reconnect). */
  load(view: PostView): Promise<void>;
  /** The next page of the view, when there is one and none is on its way. */
  loadMore(view: PostView): Promise<void>;
  /** Every page of the view (the calendar places every post of the queue). */
  loadAll(view: PostView): Promise<void>;
  /** Change the view's filters: the list follows (after a pause in typing, for the words). */
  setFilters(view: PostView, patch: Partial<PostViewFilters>): void;
  clearFilters(view: PostView): void;
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

const IDLE: PostViewStatus = { status: 'idle', error: null, filters: NO_POST_FILTERS, ids: [], nextCursor: null, total: 0, loadingMore: false };
const SORT = 'newest' as const;

function inView(view: PostView, state: PostState): boolean {
  return (POST_VIEWS[view] as readonly PostState[]).includes(state);
}

/** The filter a view asks the core for (and applies to a live event): its states, narrowed by the creator's. */
export function viewFilter(view: PostView, f: PostViewFilters): PostFilter {
  const states = f.states.length ? POST_VIEWS[view].filter((s) => f.states.includes(s)) : [...POST_VIEWS[view]];
  const query = f.query.trim();
  const from = f.from ? localDayBound(f.from, false) : null;
  const to = f.to ? localDayBound(f.to, true) : null;
  return {
      states: states.length ? states : [...POST_VIEWS[view]],
      ...(query ? { query } : {}),
      ...(f.accountId ? { accountId: f.accountId } : {}),
      ...(from || to ? { dateField: VIEW_DATE_FIELD[view] } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
  };
}

export function hasPostFilters(f: PostViewFilters): boolean {
  return f.query.trim() !== '' || f.accountId !== null || f.states.length > 0 || f.from !== '' || f.to !== '';
}

/**
 * Where a changed post goes in a paged, filtered view — the live-event rule (docs/architecture.md
 * §1, "The renderer's stores"): a post that no longer matches leaves the list; one that now
 * matches joins it at its place in the order, if that place is among the posts paged in (or
 * every page is in), else the page that holds it brings it; the total follows what is known of
 * the post before (`before`), and `unsure` says when only the core can tell (a post never seen).
 */
export function placeInView(v: PostViewStatus, filter: PostFilter, byId: Readonly<Record<string, PostSummary>>, before: PostSummary | undefined, post: PostSummary): { view: PostViewStatus; unsure: boolean } {
  if (v.status === 'idle') return { view: v, unsure: false };
  const at = v.ids.indexOf(post.id);
  const matches = postMatches(post, filter);
  const matchedBefore = before === undefined ? null : postMatches(before, filter);
  if (at >= 0) {
    if (matches) return { view: v, unsure: false };
    return { view: { ...v, ids: [...v.ids.slice(0, at), ...v.ids.slice(at + 1)], total: Math.max(0, v.total - 1) }, unsure: false };
  }
  if (!matches) {
    // It left the filter from beyond the pages paged in: one fewer in all.
    return matchedBefore ? { view: { ...v, total: Math.max(0, v.total - 1) }, unsure: false } : { view: v, unsure: false };
  }
  const compare = comparePosts(SORT);
  let lo = 0;
  let hi = v.ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const other = byId[v.ids[mid]!];
    if (other && compare(other, post) < 0) lo = mid + 1;
    else hi = mid;
  }
  const total = matchedBefore === false ? v.total + 1 : v.total;
  const unsure = matchedBefore === null;
  if (lo === v.ids.length && v.nextCursor !== null) return { view: total === v.total ? v : { ...v, total }, unsure };
  return { view: { ...v, ids: [...v.ids.slice(0, lo), post.id, ...v.ids.slice(lo)], total: unsure ? v.total : total }, unsure };
}

/** The later of two copies of one post (events can overtake a reply). */
function newer(had: PostSummary | undefined, post: PostSummary): boolean {
  return !had || had.updatedAt <= post.updatedAt;
}

// Per view: a fresh load bumps its generation, and replies of an older one are dropped, so the
// latest search wins and a slow one cannot overwrite it.
const generations: Record<PostView, number> = { queue: 0, approvals: 0, history: 0 };
const searchTimers: Partial<Record<PostView, ReturnType<typeof setTimeout>>> = {};
const recountTimers: Partial<Record<PostView, ReturnType<typeof setTimeout>>> = {};
const inFlight: Partial<Record<PostView, AbortController>> = {};

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

export const usePosts = create<PostsState>((set, get) => {
  const patchView = (view: PostView, patch: Partial<PostViewStatus>): void => set({ views: { ...get().views, [view]: { ...get().views[view], ...patch } } });
  const request = (view: PostView): PostFilter => viewFilter(view, get().views[view].filters);

  /** Ask the core how many match now (a post it never showed us changed): one count, bounded. */
  const recount = (view: PostView): void => {
    clearTimeout(recountTimers[view]);
    recountTimers[view] = setTimeout(() => {
      const mine = generations[view];
      void api.call('posts.count', request(view)).then(
        (counted) => {
          if (mine === generations[view]) patchView(view, { total: counted.total });
        },
        () => undefined,
      );
    }, RECOUNT_DELAY_MS);
  };

  /** The one writer of posts: the copy, then each view's list (placeInView). */
  const write = (posts: readonly PostSummary[]): void => {
    let byId: Record<string, PostSummary> | null = null;
    const changed: { before: PostSummary | undefined; post: PostSummary }[] = [];
    for (const post of posts) {
      const had = (byId ?? get().byId)[post.id];
      if (had === post || !newer(had, post)) continue;
      byId ??= { ...get().byId };
      byId[post.id] = post;
      changed.push({ before: had, post });
    }
    if (!byId) return;
    const views = { ...get().views };
    for (const view of Object.keys(views) as PostView[]) {
      const filter = request(view);
      for (const { before, post } of changed) {
        const placed = placeInView(views[view], filter, byId, before, post);
        views[view] = placed.view;
        if (placed.unsure) recount(view);
      }
    }
    set({ byId, views });
  };

  return {
  byId: {},
  views: { queue: IDLE, approvals: IDLE, history: IDLE },
  busy: new Set(),
  async load(view) {
    clearTimeout(searchTimers[view]);
    inFlight[view]?.abort();
    const controller = new AbortController();
    inFlight[view] = controller;
    const mine = ++generations[view];
    patchView(view, { status: 'loading', error: null, loadingMore: false });
    try {
      const page = await api.call('posts.search', { ...request(view), sort: SORT, limit: POST_PAGE_SIZE }, { signal: controller.signal });
      if (mine !== generations[view]) return;
      const byId: Record<string, PostSummary> = { ...get().byId };
      for (const post of page.posts) if (newer(byId[post.id], post)) byId[post.id] = post;
      set({ byId });
      // A fresh first page is the truth for the view: whatever it listed before is forgotten.
      patchView(view, { status: 'ready', ids: page.posts.map((p) => p.id), nextCursor: page.nextCursor, total: page.total });
    } catch (err) {
      if (mine !== generations[view]) return;
      patchView(view, { status: 'ready', error: errorMessage(err) });
    } finally {
      if (inFlight[view] === controller) delete inFlight[view];
    }
  },
  async loadMore(view) {
    const v = get().views[view];
    if (v.status !== 'ready' || v.loadingMore || v.nextCursor === null || v.error) return;
    const mine = generations[view];
    patchView(view, { loadingMore: true });
    try {
      const page = await api.call('posts.search', { ...request(view), sort: SORT, limit: POST_MORE_SIZE, cursor: v.nextCursor });
      if (mine !== generations[view]) return;
      const byId: Record<string, PostSummary> = { ...get().byId };
      for (const post of page.posts) if (newer(byId[post.id], post)) byId[post.id] = post;
      // The one copy decides: a post this page lists that changed meanwhile to leave the filter stays out.
      const filter = request(view);
      const listed = new Set(get().views[view].ids);
      const more = page.posts.filter((p) => !listed.has(p.id) && postMatches(byId[p.id]!, filter)).map((p) => p.id);
      set({ byId });
      patchView(view, { ids: [...get().views[view].ids, ...more], nextCursor: page.nextCursor, total: page.total, loadingMore: false });
    } catch (err) {
      if (mine === generations[view]) patchView(view, { loadingMore: false, error: errorMessage(err) });
    }
  },
  async loadAll(view) {
    if (get().views[view].status === 'idle') await get().load(view);
    const mine = generations[view];
    while (mine === generations[view] && get().views[view].nextCursor !== null && !get().views[view].error) {
      await get().loadMore(view);
    }
  },
  setFilters(view, patch) {
    patchView(view, { filters: { ...get().views[view].filters, ...patch } });
    clearTimeout(searchTimers[view]);
    // Words wait for a pause in typing; a pick from a list goes at once. Either way the latest wins.
    if (Object.keys(patch).length === 1 && patch.query !== undefined) searchTimers[view] = setTimeout(() => void get().load(view), SEARCH_DELAY_MS);
    else void get().load(view);
  },
  clearFilters(view) {
    patchView(view, { filters: NO_POST_FILTERS });
    void get().load(view);
  },
  received(post) {
    const before = get().byId[post.id];
    if (!newer(before, post)) return;
    noticeFinish(before, post);
    write([post]);
  },
  absorb(posts) {
    write(posts);
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
  };
});

// Each view is derived from the one copy: the posts it paged in, in its order. Memoized on the
// copy, so a component re-renders only when a post changed, and every view sees the change.
const viewCache = new Map<PostView, { byId: PostsState['byId']; status: PostViewStatus; list: PostList }>();

/** A view as its section shows it: its loading state and its posts (none before it first loads). */
export function selectView(state: Pick<PostsState, 'byId' | 'views'>, view: PostView): PostList {
  const status = state.views[view];
  const cached = viewCache.get(view);
  if (cached && cached.byId === state.byId && cached.status === status) return cached.list;
  const { ids, ...rest } = status;
  const posts = status.status === 'idle' ? [] : ids.map((id) => state.byId[id]).filter((p): p is PostSummary => p !== undefined);
  const list: PostList = { ...rest, posts, hasMore: status.nextCursor !== null };
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
