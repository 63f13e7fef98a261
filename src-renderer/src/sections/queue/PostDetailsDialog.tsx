// A calendar card, opened: the post as the list shows it (state, approval, progress, its
// actions), with the time picker already open when it can move — the keyboard's way to
// reschedule, and the precise one.
import type { PostSummary } from '../../../../src-shared/posts/post';
import { Dialog } from '../../components/Dialog';
import { PostItem } from '../../components/PostList';
import { postName } from '../../lib/publish-progress';
import { canReschedule } from '../../lib/schedule-ui';
import '../../components/PostList.css';

export function PostDetailsDialog({ post, onClose }: { post: PostSummary; onClose: () => void }) {
  return (
    <Dialog title={`Post of ${postName(post)}`} subtitle={post.accountName ? `To ${post.accountName}` : undefined} size="large" onClose={onClose}>
      <ul className="post-list calendar-details" aria-label="Post">
        <PostItem post={post} startRescheduling={canReschedule(post)} />
      </ul>
    </Dialog>
  );
}
