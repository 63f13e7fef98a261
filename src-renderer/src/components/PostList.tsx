// A list of posts for the Queue, Approvals and History sections: caption, where the post is
// on its journey, and the time that matters for it (when it goes out, or when it changed).
import type { PostSummary } from '../../../src-shared/domain';
import { StateBadge } from './StateBadge';
import { Time } from './Time';
import './PostList.css';

export function PostList({ posts, label }: { posts: readonly PostSummary[]; label: string }) {
  return (
    <ul className="post-list" aria-label={label}>
      {posts.map((post) => (
        <li key={post.id} className="post-list__item">
          <div className="post-list__main">
            <p className={post.caption ? 'post-list__caption' : 'post-list__caption post-list__caption--empty'}>
              {post.caption || 'No caption yet'}
            </p>
            <p className="post-list__meta">
              {post.scheduledAt ? (
                <>
                  Scheduled for <Time iso={post.scheduledAt} withDate />
                </>
              ) : (
                <>
                  Updated <Time iso={post.updatedAt} />
                </>
              )}
              {post.accountId && <> · {post.accountId}</>}
            </p>
          </div>
          <StateBadge state={post.state} />
        </li>
      ))}
    </ul>
  );
}
