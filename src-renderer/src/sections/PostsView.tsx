// The shared body of Queue, Approvals and History: the not-built notice, then the posts the
// store holds for this view (a list, or what the section renders them as: the Queue's
// calendar), or an empty state that says what would appear here.
import { useEffect, type ReactNode } from 'react';
import type { CapabilityId, PostSummary } from '../../../src-shared/domain';
import { Alert } from '../components/Alert';
import { CapabilityNotice } from '../components/CapabilityNotice';
import { EmptyState } from '../components/EmptyState';
import type { IconName } from '../components/Icon';
import { PostList } from '../components/PostList';
import { usePostView, usePosts, type PostView } from '../stores/posts-store';

interface PostsViewProps {
  view: PostView;
  capabilities: readonly CapabilityId[];
  icon: IconName;
  listLabel: string;
  emptyTitle: string;
  emptyText: string;
  /** How the posts are shown when there are some; a list by default. */
  renderPosts?: (posts: readonly PostSummary[]) => ReactNode;
}

export function PostsView({ view, capabilities, icon, listLabel, emptyTitle, emptyText, renderPosts }: PostsViewProps) {
  const list = usePostView(view);
  const load = usePosts((s) => s.load);
  useEffect(() => {
    void load(view);
  }, [load, view]);

  return (
    <>
      <CapabilityNotice ids={capabilities} />
      {list.error && (
        <Alert title="Could not load posts" action={{ label: 'Try again', onClick: () => void load(view) }}>
          {list.error}
        </Alert>
      )}
      {list.status === 'ready' &&
        !list.error &&
        (list.posts.length > 0 ? (
          renderPosts ? (
            renderPosts(list.posts)
          ) : (
            <PostList posts={list.posts} label={listLabel} />
          )
        ) : (
          <EmptyState icon={icon} title={emptyTitle} compact>
            <p>{emptyText}</p>
          </EmptyState>
        ))}
    </>
  );
}
