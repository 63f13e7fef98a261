// A small windowing hook for a grid of equal cards: only the rows in view (plus a few either
// side) are rendered, however long the list. The grid scrolls with the page's own scroll
// container, so there is one scrollbar; a ResizeObserver turns the grid's width into columns.
import { useCallback, useLayoutEffect, useRef, useState } from 'react';

export interface VirtualGridOptions {
  count: number;
  /** Cards are at least this wide; columns are as many as fit. */
  minColumnWidth: number;
  gap: number;
  /** A row's height (card, without the gap) for a column width. */
  rowHeight: (columnWidth: number) => number;
  /** Rows rendered beyond the visible ones, above and below. */
  overscan?: number;
}

export interface VirtualGrid {
  ref: (el: HTMLElement | null) => void;
  columns: number;
  columnWidth: number;
  /** Card height plus the gap. */
  rowStride: number;
  rowHeight: number;
  totalHeight: number;
  /** Item indices to render: [start, end). */
  start: number;
  end: number;
  /** The rows actually visible (no overscan), as item indices, for data fetching. */
  visibleStart: number;
  visibleEnd: number;
  /** Scrolls the page so that the item is in view (for keyboard moves to rows not rendered). */
  scrollToIndex(index: number): void;
}

export function scrollParent(el: HTMLElement): HTMLElement {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if (overflowY === 'auto' || overflowY === 'scroll') return p;
  }
  return document.scrollingElement as HTMLElement;
}

export function useVirtualGrid({ count, minColumnWidth, gap, rowHeight, overscan = 3 }: VirtualGridOptions): VirtualGrid {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState(0);
  // The visible slice of the grid, in pixels from its top.
  const [view, setView] = useState<{ top: number; bottom: number }>({ top: 0, bottom: 800 });
  const scroller = useRef<HTMLElement | null>(null);

  const columns = Math.max(1, Math.floor((width + gap) / (minColumnWidth + gap)));
  const columnWidth = width > 0 ? (width - gap * (columns - 1)) / columns : minColumnWidth;
  const cardHeight = rowHeight(columnWidth);
  const rowStride = cardHeight + gap;
  const rows = Math.ceil(count / columns);
  const totalHeight = rows > 0 ? rows * rowStride - gap : 0;

  const measure = useCallback(() => {
    const s = scroller.current;
    if (!el || !s) return;
    const gridTop = el.getBoundingClientRect().top - s.getBoundingClientRect().top;
    const top = Math.max(0, -gridTop);
    const bottom = Math.max(0, -gridTop + s.clientHeight);
    // Only a change of rows matters to React; skip no-op updates to keep scrolling cheap.
    setView((v) => (v.top === top && v.bottom === bottom ? v : { top, bottom }));
  }, [el]);

  useLayoutEffect(() => {
    if (!el) return;
    const s = scrollParent(el);
    scroller.current = s;
    setWidth(el.clientWidth);
    measure();
    let frame = 0;
    const onScroll = (): void => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        measure();
      });
    };
    const ro = new ResizeObserver(() => {
      setWidth(el.clientWidth);
      measure();
    });
    ro.observe(el);
    ro.observe(s);
    const target: HTMLElement | Window = s === document.scrollingElement ? window : s;
    target.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      target.removeEventListener('scroll', onScroll);
    };
  }, [el, measure]);

  const firstVisibleRow = Math.floor(view.top / rowStride);
  const lastVisibleRow = Math.max(firstVisibleRow, Math.ceil(view.bottom / rowStride));
  const startRow = Math.max(0, firstVisibleRow - overscan);
  const endRow = Math.min(rows, lastVisibleRow + overscan);

  const scrollToIndex = useCallback(
    (index: number) => {
      const s = scroller.current;
      if (!el || !s) return;
      const row = Math.floor(index / columns);
      const gridTop = el.getBoundingClientRect().top - s.getBoundingClientRect().top + s.scrollTop;
      const itemTop = gridTop + row * rowStride;
      const itemBottom = itemTop + cardHeight;
      if (itemTop < s.scrollTop) s.scrollTop = itemTop - gap;
      else if (itemBottom > s.scrollTop + s.clientHeight) s.scrollTop = itemBottom - s.clientHeight + gap;
      measure();
    },
    [el, columns, rowStride, cardHeight, gap, measure],
  );

  return {
    ref: setEl,
    columns,
    columnWidth,
    rowStride,
    rowHeight: cardHeight,
    totalHeight,
    start: Math.min(count, startRow * columns),
    end: Math.min(count, endRow * columns),
    visibleStart: Math.min(count, firstVisibleRow * columns),
    visibleEnd: Math.min(count, (lastVisibleRow + 1) * columns),
    scrollToIndex,
  };
}
