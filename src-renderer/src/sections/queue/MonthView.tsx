// The month: six weeks of days, each with its posts as compact chips, earliest first. A crowded
// day shows the first few and "+N more", which opens that day's week where all of them fit.
import type { ReactNode } from 'react';
import type { PostSummary } from '../../../../src-shared/posts/post';
import { cellKey, dateKey, dayCellEnd, dayLabel, sameDate, WEEKDAYS, type CalendarDate } from '../../lib/calendar';
import { DropCell } from './DropCell';
import type { OnDropPost } from './drag';

/** Chips a day shows before "+N more": three keep a six-week month on one screen. */
const CHIPS_PER_DAY = 3;

interface MonthViewProps {
  /** The 42 days of monthGrid. */
  days: readonly CalendarDate[];
  /** The month shown (1–12); days of the months around it are dimmed. */
  month: number;
  /** Posts by cellKey(date). */
  cells: ReadonlyMap<string, readonly PostSummary[]>;
  timeZone: string;
  now: number;
  today: CalendarDate;
  renderPost: (post: PostSummary) => ReactNode;
  onDropPost: OnDropPost;
  onShowWeek: (date: CalendarDate) => void;
}

export function MonthView({ days, month, cells, timeZone, now, today, renderPost, onDropPost, onShowWeek }: MonthViewProps) {
  const weeks = Array.from({ length: days.length / 7 }, (_, i) => days.slice(i * 7, i * 7 + 7));
  return (
    <div className="calendar-month">
      <table className="calendar-month__table">
        <thead>
          <tr>
            {WEEKDAYS.map((w) => (
              <th key={w} scope="col" className="calendar-month__weekday">
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={dateKey(week[0]!)}>
              {week.map((d) => {
                const key = cellKey(d);
                const posts = cells.get(key) ?? [];
                const more = posts.length - CHIPS_PER_DAY;
                const isToday = sameDate(d, today);
                return (
                  <DropCell
                    key={key}
                    slot={key}
                    target={{ date: d }}
                    past={dayCellEnd(d, timeZone) <= now}
                    onDropPost={onDropPost}
                    className={['calendar-month__cell', d.month !== month && 'calendar-month__cell--outside', isToday && 'calendar-month__cell--today'].filter(Boolean).join(' ')}
                  >
                    <span className="calendar-month__date" aria-current={isToday ? 'date' : undefined}>
                      <span aria-hidden="true">{d.day}</span>
                      <span className="visually-hidden">{dayLabel(d)}</span>
                    </span>
                    {posts.slice(0, CHIPS_PER_DAY).map(renderPost)}
                    {more > 0 && (
                      <button type="button" className="calendar-month__more" onClick={() => onShowWeek(d)} aria-label={`${more} more on ${dayLabel(d)}: show the week`}>
                        +{more} more
                      </button>
                    )}
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
