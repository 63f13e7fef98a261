// How the Queue shows its posts — a list, a week or a month — remembered on this computer, so
// a creator who plans by the week finds the week again after a reload or a restart.
import { useState } from 'react';
import type { CalendarLayout } from '../../lib/calendar';

export type QueueLayout = 'list' | CalendarLayout;

export const QUEUE_LAYOUTS: readonly { value: QueueLayout; label: string }[] = [
  { value: 'list', label: 'List' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
];

const KEY = 'clipdesk.queue.layout';

function remembered(): QueueLayout {
  try {
    const value = localStorage.getItem(KEY);
    return QUEUE_LAYOUTS.some((l) => l.value === value) ? (value as QueueLayout) : 'list';
  } catch {
    return 'list';
  }
}

export function useQueueLayout(): [QueueLayout, (layout: QueueLayout) => void] {
  const [layout, setLayout] = useState(remembered);
  const choose = (next: QueueLayout): void => {
    setLayout(next);
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // Storage refused (private mode): the choice lasts until the page is reloaded.
    }
  };
  return [layout, choose];
}
