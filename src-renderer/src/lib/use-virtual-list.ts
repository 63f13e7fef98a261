// A windowed list of rows of any height (posts, activity entries), with @tanstack/react-virtual:
// only the rows in view and a few either side are in the page, each measured once rendered, so
// 10,000 rows cost what 20 do. The list scrolls with the page's own scroll container (one
// scrollbar, as the library grid does); rows stay in normal flow between two spacers, so the
// list's own CSS (borders between rows) still applies. Near the end it asks for more
// (`onNearEnd`): the caller's store pages in from the core.
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { scrollParent } from './use-virtual-grid';

export interface VirtualListOptions {
  count: number;
  /** A row's height before it is measured. */
  estimateSize: number;
  /** The rows' keys, so a measured height follows its row when rows are inserted above it. */
  getKey: (index: number) => string | number;
  /** Called when the last rendered row is within `nearEnd` rows of the end. */
  onNearEnd?: () => void;
  nearEnd?: number;
  overscan?: number;
  /** When it changes (a new search), the page scrolls back up to the list's start. */
  resetKey?: unknown;
}

export interface VirtualList {
  /** For the list element (ul/ol). */
  ref: (el: HTMLElement | null) => void;
  virtualizer: Virtualizer<HTMLElement, Element>;
  /** The rows to render, as indices. */
  indices: number[];
  /** For each rendered row's element: measures it. */
  measure: (el: Element | null) => void;
  /** Spacers standing in for the rows not rendered. */
  paddingTop: number;
  paddingBottom: number;
}

export function useVirtualList({ count, estimateSize, getKey, onNearEnd, nearEnd = 15, overscan = 8, resetKey }: VirtualListOptions): VirtualList {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  const [margin, setMargin] = useState(0);

  useLayoutEffect(() => {
    if (el) setScroller(scrollParent(el));
  }, [el]);
  // Where the list starts in its scroller moves with what is above it (a notice, the filters).
  useLayoutEffect(() => {
    if (!el || !scroller) return;
    const top = el.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    if (Math.abs(top - margin) > 0.5) setMargin(top);
  });

  const virtualizer = useVirtualizer<HTMLElement, Element>({
    count,
    getScrollElement: () => scroller,
    estimateSize: () => estimateSize,
    getItemKey: getKey,
    overscan,
    scrollMargin: margin,
  });
  // Through the virtualizer, so its own idea of the offset moves too (else it would scroll back
  // down to keep rows measured meanwhile in place).
  const lastReset = useRef(resetKey);
  useLayoutEffect(() => {
    if (lastReset.current === resetKey) return;
    lastReset.current = resetKey;
    if (scroller && scroller.scrollTop > margin) {
      virtualizer.scrollToOffset(0);
      scroller.scrollTop = 0;
    }
  }, [resetKey, scroller, margin, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);
  useEffect(() => {
    if (last && last.index >= count - 1 - nearEnd) onNearEnd?.();
  }, [last, count, nearEnd, onNearEnd]);

  const measure = useCallback((node: Element | null) => virtualizer.measureElement(node), [virtualizer]);
  const first = items[0];
  return {
    ref: setEl,
    virtualizer,
    indices: items.map((i) => i.index),
    measure,
    paddingTop: first ? first.start - margin : 0,
    paddingBottom: last ? Math.max(0, virtualizer.getTotalSize() - (last.end - margin)) : 0,
  };
}
