// The Queue as a week or a month calendar, in the creator's own zone: previous / Today / next,
// the range and the zone, a warning when two posts of one account go out at once, the posts with
// no time yet, and the grid. A post moves by dragging it to another hour (week) or day (month):
// the core is asked, and the card moves when the store hears the answer (posts.changed or the
// reply), never before; a refusal (a time already past) is said in a toast.
import { useMemo, useState } from 'react';
import type { PostSummary } from '../../../../src-shared/posts/post';
import { findConflicts } from '../../../../src-shared/schedule/conflicts';
import { formatInZone } from '../../../../src-shared/time/zoned-time';
import { Alert } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import {
  conflictGroups,
  conflictGroupWords,
  conflictLabel,
  dateAt,
  firstHour,
  monthDropAt,
  monthGrid,
  placePosts,
  rangeLabel,
  sameDate,
  shiftAnchor,
  slotOf,
  weekDropAt,
  weekOf,
  type CalendarDate,
  type CalendarLayout,
} from '../../lib/calendar';
import { postName } from '../../lib/publish-progress';
import { localZoneName, MIN_SCHEDULE_LEAD_MS } from '../../lib/schedule-time';
import { canReschedule, rescheduledNote } from '../../lib/schedule-ui';
import { useNow } from '../../lib/use-now';
import { usePosts } from '../../stores/posts-store';
import { toast } from '../../stores/toast-store';
import { CalendarPostCard } from './CalendarPostCard';
import type { DropTarget } from './drag';
import { MonthView } from './MonthView';
import { PostDetailsDialog } from './PostDetailsDialog';
import { WeekView } from './WeekView';
import './queue.css';

interface QueueCalendarProps {
  posts: readonly PostSummary[];
  layout: CalendarLayout;
  onLayout: (layout: CalendarLayout) => void;
}

export function QueueCalendar({ posts, layout, onLayout }: QueueCalendarProps) {
  // The computer's zone; without one (an odd Intl), UTC, and the header says so.
  const [timeZone] = useState(() => localZoneName() ?? 'UTC');
  const now = useNow();
  const today = dateAt(now, timeZone);
  const [anchor, setAnchor] = useState<CalendarDate>(today);
  const [openId, setOpenId] = useState<string | null>(null);
  const reschedule = usePosts((s) => s.reschedule);

  const days = layout === 'week' ? weekOf(anchor) : monthGrid(anchor.year, anchor.month);
  const dayKeys = days.map((d) => `${d.year}-${d.month}-${d.day}`).join();
  // An upload in progress changes a post several times a second: the layout is worked out again
  // only when the posts or the days shown change, and unchanged cards skip rendering (memo).
  const placed = useMemo(() => placePosts(posts, layout, timeZone), [posts, layout, timeZone]);
  const conflicts = useMemo(() => findConflicts(posts), [posts]);
  // `days` is a new array each render; dayKeys says when it really changes.
  const clashes = useMemo(() => conflictGroups(posts, conflicts, days, timeZone), [posts, conflicts, dayKeys, timeZone]);
  // The week opens at its earliest post on the grid (not one waiting in the strip).
  const scrollHour = useMemo(() => {
    const strip = new Set(placed.unscheduled);
    return firstHour(posts.filter((p) => !strip.has(p)), days, timeZone);
  }, [placed, posts, dayKeys, timeZone]);
  const open = openId ? posts.find((p) => p.id === openId) : undefined;
  const unit = layout === 'week' ? 'week' : 'month';

  const dropPost = (postId: string, target: DropTarget): void => {
    const post = posts.find((p) => p.id === postId);
    if (!post?.scheduledAt || !canReschedule(post)) return;
    const from = Date.parse(post.scheduledAt);
    // Dropped back where it was: nothing moves (on the night clocks go back, "02" holds two hours).
    const own = slotOf(from, timeZone);
    if (sameDate(own.date, target.date) && (target.hour === undefined || target.hour === own.hour)) return;
    const at = target.hour === undefined ? monthDropAt(from, target.date, timeZone) : weekDropAt(from, { date: target.date, hour: target.hour }, timeZone);
    if (at === from) return;
    // The picker's rule, before asking the core: a time at least a minute ahead.
    if (at < Date.now() + MIN_SCHEDULE_LEAD_MS) {
      toast({ tone: 'danger', title: 'That time has passed', body: `${formatInZone(at, timeZone)} is not ahead any more; drop it on a later hour or day.` });
      return;
    }
    void reschedule(post.id, new Date(at).toISOString()).then((ok) => {
      if (ok) toast({ tone: 'success', title: `Moved to ${formatInZone(at, timeZone)}`, body: rescheduledNote(post, postName(post)) });
    });
  };

  const renderPost = (post: PostSummary, compact = layout === 'month') => {
    const others = conflicts.get(post.id);
    const conflict = others && post.scheduledAt ? conflictLabel(others.length + 1, post.accountName, Date.parse(post.scheduledAt), timeZone) : null;
    return <CalendarPostCard key={post.id} post={post} timeZone={timeZone} conflict={conflict} compact={compact} onOpen={setOpenId} />;
  };

  return (
    <section className="calendar" aria-label={`Queue calendar, ${rangeLabel(anchor, layout)}`}>
      <div className="calendar__toolbar">
        <div className="calendar__nav">
          <button type="button" className="button button--ghost" aria-label={`Previous ${unit}`} onClick={() => setAnchor(shiftAnchor(anchor, layout, -1))}>
            <Icon name="back" size={15} />
          </button>
          <button type="button" className="button" onClick={() => setAnchor(today)}>
            Today
          </button>
          <button type="button" className="button button--ghost" aria-label={`Next ${unit}`} onClick={() => setAnchor(shiftAnchor(anchor, layout, 1))}>
            <Icon name="forward" size={15} />
          </button>
        </div>
        <h2 className="calendar__range" aria-live="polite">
          {rangeLabel(anchor, layout)}
        </h2>
        <p className="calendar__zone">Times in {timeZone}</p>
      </div>

      {clashes.length > 0 && (
        <Alert title="More than one post for an account at the same time">
          {clashes.map((g) => conflictGroupWords(g, timeZone)).join('; ')}. If that is not what you meant, drag one to another time.
        </Alert>
      )}

      {placed.unscheduled.length > 0 && (
        <div className="calendar__unscheduled">
          <h3 className="calendar__unscheduled-title">Not scheduled</h3>
          <p className="calendar__unscheduled-note">No time ahead: none yet, or held after missing it. Open one to pick a time; a held one can also be dragged onto the calendar.</p>
          <div className="calendar__unscheduled-posts">{placed.unscheduled.map((p) => renderPost(p, false))}</div>
        </div>
      )}

      {layout === 'week' ? (
        <WeekView
          days={days}
          cells={placed.cells}
          timeZone={timeZone}
          now={now}
          today={today}
          scrollHour={scrollHour}
          renderPost={(p) => renderPost(p)}
          onDropPost={dropPost}
        />
      ) : (
        <MonthView
          days={days}
          month={anchor.month}
          cells={placed.cells}
          timeZone={timeZone}
          now={now}
          today={today}
          renderPost={(p) => renderPost(p)}
          onDropPost={dropPost}
          onShowWeek={(d) => {
            setAnchor(d);
            onLayout('week');
          }}
        />
      )}

      {open && <PostDetailsDialog post={open} onClose={() => setOpenId(null)} />}
    </section>
  );
}
