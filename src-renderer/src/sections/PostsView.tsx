// The shared body of Queue, Approvals and History: the not-built notice, the search box and
// filters (words in the caption, account, state, a date range — on when a post goes in the
// Queue, when it ended in History), how many match, then the posts the view has paged in —
// a windowed list that pages in more as it nears its end, or what the section renders them as
// (the Queue's calendar, which pages in all of them) — or an empty state that says what would
// appear here, or, when filtered, that nothing matches and how to clear the filters.
import { useCallback, useEffect, useId, type ReactNode } from 'react';
import type { CapabilityId, PostSummary } from '../../../src-shared/domain';
import { describeState } from '../../../src-shared/posts/lifecycle';
import { Alert } from '../components/Alert';
import { CapabilityNotice } from '../components/CapabilityNotice';
import { EmptyState } from '../components/EmptyState';
import { Icon, type IconName } from '../components/Icon';
import { PostList } from '../components/PostList';
import { ProgressBar } from '../components/ProgressBar';
import { useAccounts } from '../stores/accounts-store';
import { hasPostFilters, POST_VIEWS, VIEW_DATE_FIELD, usePostView, usePosts, type PostView } from '../stores/posts-store';
import './PostsView.css';

interface PostsViewProps {
  view: PostView;
  capabilities: readonly CapabilityId[];
  icon: IconName;
  listLabel: string;
  emptyTitle: string;
  emptyText: string;
  /** How the posts are shown when there are some; a list by default. Given, every page is loaded. */
  renderPosts?: (posts: readonly PostSummary[]) => ReactNode;
}

const count = new Intl.NumberFormat();

export function PostsView({ view, capabilities, icon, listLabel, emptyTitle, emptyText, renderPosts }: PostsViewProps) {
  const list = usePostView(view);
  const load = usePosts((s) => s.load);
  const loadMore = usePosts((s) => s.loadMore);
  const loadAll = usePosts((s) => s.loadAll);
  const clearFilters = usePosts((s) => s.clearFilters);
  const all = renderPosts !== undefined;
  useEffect(() => {
    void (all ? loadAll(view) : load(view));
  }, [load, loadAll, view, all]);
  const more = useCallback(() => void loadMore(view), [loadMore, view]);
  const filtering = hasPostFilters(list.filters);
  const first = list.status === 'loading' && list.posts.length === 0;

  return (
    <>
      <CapabilityNotice ids={capabilities} />
      <PostFilters view={view} />
      <p className="posts-view__count" role="status" aria-live="polite">
        {first ? 'Loading posts…' : list.status === 'idle' ? '' : countWords(list.total, filtering)}
      </p>
      {list.error && (
        <Alert title="Could not load posts" action={{ label: 'Try again', onClick: () => void load(view) }}>
          {list.error}
        </Alert>
      )}
      {first && <ProgressBar label="Loading posts" fraction={null} />}
      {list.status !== 'idle' &&
        !first &&
        (list.posts.length > 0 ? (
          <div aria-busy={list.status === 'loading' || undefined} className="posts-view__list">
            {renderPosts ? renderPosts(list.posts) : <PostList posts={list.posts} label={listLabel} total={list.total} onNearEnd={more} resetKey={list.filters} />}
          </div>
        ) : (
          !list.error &&
          list.status === 'ready' &&
          (filtering ? (
            <EmptyState icon="search" title="No posts match" compact>
              <p>Nothing here matches these words and filters.</p>
              <button type="button" className="button" onClick={() => clearFilters(view)}>
                Clear filters
              </button>
            </EmptyState>
          ) : (
            <EmptyState icon={icon} title={emptyTitle} compact>
              <p>{emptyText}</p>
            </EmptyState>
          ))
        ))}
      {(list.loadingMore || (all && list.hasMore)) && list.total > 0 && (
        <div className="posts-view__more">
          <ProgressBar
            label="Loading more posts"
            fraction={Math.min(1, list.posts.length / list.total)}
            valueText={`${count.format(list.posts.length)} of ${count.format(list.total)}`}
          />
          <p className="posts-view__more-text">
            Loading more… {count.format(list.posts.length)} of {count.format(list.total)}
          </p>
        </div>
      )}
    </>
  );
}

function countWords(total: number, filtering: boolean): string {
  const n = count.format(total);
  const noun = total === 1 ? 'post' : 'posts';
  return filtering ? `${n} ${noun} match` : `${n} ${noun}`;
}

/** The view's search box and filters; each change asks the core again (the words after a pause). */
function PostFilters({ view }: { view: PostView }) {
  const filters = usePosts((s) => s.views[view].filters);
  const setFilters = usePosts((s) => s.setFilters);
  const clearFilters = usePosts((s) => s.clearFilters);
  const accounts = useAccounts((s) => s.byId);
  const accountsStatus = useAccounts((s) => s.status);
  const loadAccounts = useAccounts((s) => s.load);
  useEffect(() => {
    if (accountsStatus === 'idle') void loadAccounts();
  }, [accountsStatus, loadAccounts]);
  const ids = { account: useId(), state: useId(), from: useId(), to: useId() };
  const states = POST_VIEWS[view];
  const dateWords = VIEW_DATE_FIELD[view] === 'ended' ? 'Ended' : 'Scheduled';
  const known = Object.values(accounts);
  // A filter on an account since disconnected still shows, by its id.
  const picked = filters.accountId !== null && !accounts[filters.accountId] ? [{ id: filters.accountId, displayName: filters.accountId }] : [];
  return (
    <div className="posts-filters" role="search" aria-label="Search posts">
      <div className="field posts-filters__search">
        <Icon name="search" className="field__icon" />
        <input
          type="search"
          className="input"
          aria-label="Search captions"
          placeholder="Search captions"
          value={filters.query}
          onChange={(e) => setFilters(view, { query: e.target.value })}
        />
      </div>
      <label htmlFor={ids.account} className="posts-filters__label">
        Account
      </label>
      <select id={ids.account} className="input select" value={filters.accountId ?? ''} onChange={(e) => setFilters(view, { accountId: e.target.value || null })}>
        <option value="">Any account</option>
        {[...known, ...picked].map((a) => (
          <option key={a.id} value={a.id}>
            {a.displayName}
          </option>
        ))}
      </select>
      {states.length > 1 && (
        <>
          <label htmlFor={ids.state} className="posts-filters__label">
            State
          </label>
          <select
            id={ids.state}
            className="input select"
            value={filters.states[0] ?? ''}
            onChange={(e) => setFilters(view, { states: e.target.value ? [e.target.value as (typeof states)[number]] : [] })}
          >
            <option value="">Any state</option>
            {states.map((s) => (
              <option key={s} value={s}>
                {describeState(s).charAt(0).toUpperCase() + describeState(s).slice(1)}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor={ids.from} className="posts-filters__label">
        {dateWords} from
      </label>
      <input id={ids.from} type="date" className="input" value={filters.from} max={filters.to || undefined} onChange={(e) => setFilters(view, { from: e.target.value })} />
      <label htmlFor={ids.to} className="posts-filters__label">
        to
      </label>
      <input id={ids.to} type="date" className="input" value={filters.to} min={filters.from || undefined} onChange={(e) => setFilters(view, { to: e.target.value })} />
      {hasPostFilters(filters) && (
        <button type="button" className="button button--ghost" onClick={() => clearFilters(view)}>
          Clear filters
        </button>
      )}
    </div>
  );
}
