// The week: seven days side by side, an hour a row, each post in the hour it goes out (in the
// creator's zone). It opens scrolled to the first post of the week, or to the morning.
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import type { PostSummary } from '../../../../src-shared/posts/post';
import { cellKey, dateKey, dayLabel, hourCellEnd, hourLabel, sameDate, type CalendarDate } from '../../lib/calendar';
import { DropCell } from './DropCell';
import type { OnDropPost } from './drag';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

interface WeekViewProps {
  days: readonly CalendarDate[];
  /** Posts by cellKey(date, hour). */
  cells: ReadonlyMap<string, readonly PostSummary[]>;
  timeZone: string;
  now: number;
  today: CalendarDate;
  /** The hour to show first when the week opens. */
  scrollHour: number;
  renderPost: (post: PostSummary) => ReactNode;
  onDropPost: OnDropPost;
}

export function WeekView({ days, cells, timeZone, now, today, scrollHour, renderPost, onDropPost }: WeekViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const hour = useRef(scrollHour);
  hour.current = scrollHour;
  const week = dateKey(days[0]!);
  // Scrolls when another week opens, not when a post moves: a drop must not jump the view.
  useLayoutEffect(() => {
    const scroller = box.current;
    const row = scroller?.querySelector<HTMLElement>(`tr[data-hour="${hour.current}"]`);
    if (scroller && row) scroller.scrollTop = row.offsetTop - (scroller.querySelector('thead')?.offsetHeight ?? 0);
  }, [week]);

  return (
    <div className="calendar-week" ref={box}>
      <table className="calendar-week__table">
        <thead>
          <tr>
            <th scope="col" className="calendar-week__corner">
              <span className="visually-hidden">Hour</span>
            </th>
            {days.map((d) => (
              <th
                key={dateKey(d)}
                scope="col"
                className={sameDate(d, today) ? 'calendar-week__day calendar-week__day--today' : 'calendar-week__day'}
                aria-current={sameDate(d, today) ? 'date' : undefined}
              >
                {dayLabel(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {HOURS.map((h) => (
            <tr key={h} data-hour={h}>
              <th scope="row" className="calendar-week__hour">
                {hourLabel(h)}
              </th>
              {days.map((d) => {
                const key = cellKey(d, h);
                const posts = cells.get(key);
                return (
                  <DropCell
                    key={key}
                    slot={key}
                    target={{ date: d, hour: h }}
                    past={hourCellEnd(d, h, timeZone) <= now}
                    onDropPost={onDropPost}
                    className="calendar-week__cell"
                  >
                    {posts?.map(renderPost)}
                  </DropCell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
