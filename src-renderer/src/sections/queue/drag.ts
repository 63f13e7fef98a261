// What a calendar card carries while dragged: the post's id, under a type of our own, so a cell
// takes a post and nothing else (a file or a text from another app is not a post to move).
import type { CalendarDate } from '../../lib/calendar';

export const POST_DRAG_TYPE = 'application/x-clipdesk-post';

/** Where a post was dropped: a day and hour (week view), or a day (month view). */
export interface DropTarget {
  date: CalendarDate;
  hour?: number;
}

export type OnDropPost = (postId: string, target: DropTarget) => void;
