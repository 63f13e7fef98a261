// One post on the calendar: a card in the week view (thumbnail, time, account, state, caption),
// a chip in the month view (thumbnail, time, account; the state in its tooltip and description).
// Posts that can move are dragged to another cell; any card opens the post (its details and the
// precise time picker) on click or Enter. A post that clashes with another of its account says
// so on the card itself.
import { memo, useId, useState } from 'react';
import type { PostSummary } from '../../../../src-shared/posts/post';
import { ClipThumbnail } from '../../components/ClipThumbnail';
import { Icon } from '../../components/Icon';
import { cardBadge, clockLabel } from '../../lib/calendar';
import { captionExcerpt, postName } from '../../lib/publish-progress';
import { canReschedule } from '../../lib/schedule-ui';
import { usePosts } from '../../stores/posts-store';
import { POST_DRAG_TYPE } from './drag';
import '../../components/StateBadge.css';

interface CalendarPostCardProps {
  post: PostSummary;
  timeZone: string;
  /** "Conflict: 2 posts for … at 18:00", or null. */
  conflict: string | null;
  compact?: boolean;
  onOpen: (postId: string) => void;
}

/** "Post of clip.mp4 at 18:00, Lena Bakes" — what the card is called, for screen readers and tests. */
function cardName(post: PostSummary, timeZone: string): string {
  const at = post.scheduledAt ? Date.parse(post.scheduledAt) : NaN;
  const time = Number.isFinite(at) ? ` at ${clockLabel(at, timeZone)}` : '';
  return `Post of ${postName(post)}${time}${post.accountName ? `, ${post.accountName}` : ''}`;
}

/** Memoised: during an upload the queue changes several times a second, mostly in other posts. */
export const CalendarPostCard = memo(function CalendarPostCard({ post, timeZone, conflict, compact = false, onOpen }: CalendarPostCardProps) {
  const busy = usePosts((s) => s.busy.has(post.id));
  const [dragging, setDragging] = useState(false);
  const descriptionId = useId();
  const at = post.scheduledAt ? Date.parse(post.scheduledAt) : NaN;
  const time = Number.isFinite(at) ? clockLabel(at, timeZone) : null;
  // Only a post with a time is dragged: one without gets its first time from the picker.
  const movable = time !== null && canReschedule(post) && !busy;
  const badge = cardBadge(post, timeZone);
  const caption = captionExcerpt(post.caption, 60);
  const block = compact ? 'calendar-chip' : 'calendar-card';
  const classes = [block, conflict && `${block}--conflict`, movable && `${block}--movable`, dragging && `${block}--dragging`, busy && `${block}--busy`]
    .filter(Boolean)
    .join(' ');

  return (
    // A div with a button's role, not a <button>: Firefox does not start a drag from a button.
    <div
      role="button"
      tabIndex={0}
      className={classes}
      draggable={movable}
      aria-label={cardName(post, timeZone)}
      aria-describedby={descriptionId}
      aria-busy={busy || undefined}
      title={compact ? [badge.text, conflict].filter(Boolean).join(' · ') : undefined}
      onClick={() => onOpen(post.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(post.id);
        }
      }}
      onDragStart={(e) => {
        e.dataTransfer.setData(POST_DRAG_TYPE, post.id);
        e.dataTransfer.effectAllowed = 'move';
        setDragging(true);
      }}
      onDragEnd={() => setDragging(false)}
    >
      <ClipThumbnail clipId={post.clipId} version={post.updatedAt} className={`${block}__thumb`} iconSize={compact ? 12 : 14} />
      <span className={`${block}__time`}>{time ?? 'No time'}</span>
      {post.accountName && <span className={`${block}__account`}>{post.accountName}</span>}
      {compact ? (
        conflict && <Icon name="warning" size={12} className={`${block}__warning`} />
      ) : (
        <>
          <span className={`state-badge state-badge--${badge.tone} ${block}__badge`}>{badge.text}</span>
          {caption && <span className={`${block}__caption`}>{caption}</span>}
          {conflict && (
            <span className={`${block}__conflict`}>
              <Icon name="warning" size={12} />
              {conflict}
            </span>
          )}
        </>
      )}
      <span id={descriptionId} className="visually-hidden">
        {[badge.text, conflict, busy ? 'Moving…' : movable ? 'Drag it to another time, or open it to pick one' : null].filter(Boolean).join('. ')}
      </span>
    </div>
  );
});
