// The clips as a grid of cards, virtualised: only the rows in view exist in the DOM, and the
// pages behind them are fetched as they come into view. Files still on their way in (being
// uploaded or added) come first, as cards of their own.
import { useEffect, useRef, type CSSProperties, type KeyboardEvent, type MouseEvent } from 'react';
import type { Clip } from '../../../../src-shared/media/library';
import { mediaUrl } from '../../api/media-url';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes, formatCodecs, formatDuration, formatFps, formatPercent, formatResolution } from '../../lib/format-media';
import { useVirtualGrid } from '../../lib/use-virtual-grid';
import { selectItems, useLibrary, type PendingImport } from '../../stores/library-store';
import { ClipBadge, clipStanding, isProblem } from './ClipBadge';

const MIN_CARD_WIDTH = 188;
const GAP = 16;
/** The text under the thumbnail: name, two lines of facts, the badge row. */
const INFO_HEIGHT = 110;
const cardHeight = (width: number): number => Math.round((width * 9) / 16) + INFO_HEIGHT;

export function ClipGrid() {
  const items = useLibrary(selectItems);
  const total = useLibrary((s) => s.total) ?? 0;
  const pending = useLibrary((s) => s.pending);
  const selected = useLibrary((s) => s.selected);
  const ensureRange = useLibrary((s) => s.ensureRange);
  const count = pending.length + total;
  const grid = useVirtualGrid({ count, minColumnWidth: MIN_CARD_WIDTH, gap: GAP, rowHeight: cardHeight });
  const listRef = useRef<HTMLUListElement | null>(null);
  /** An index to focus once its row is rendered (keyboard moves to rows not yet drawn). */
  const focusWanted = useRef<number | null>(null);

  const { visibleStart, visibleEnd, start, end } = grid;
  useEffect(() => {
    // Clip positions are the grid's minus the pending cards in front of them.
    ensureRange(Math.max(0, visibleStart - pending.length), Math.max(0, end - pending.length));
  }, [visibleStart, visibleEnd, end, pending.length, ensureRange]);

  useEffect(() => {
    const want = focusWanted.current;
    if (want === null || want < start || want >= end) return;
    // The row may be drawn before its page arrives; wait for the card itself.
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${want}"] .clip-card__open`);
    if (!el) return;
    focusWanted.current = null;
    el.focus();
  });

  const focusIndex = (index: number): void => {
    const target = Math.max(0, Math.min(count - 1, index));
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${target}"] .clip-card__open`);
    grid.scrollToIndex(target);
    if (el) el.focus();
    else focusWanted.current = target;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const card = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    const index = card ? Number(card.dataset.index) : -1;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      void useLibrary.getState().selectAll();
      return;
    }
    if (event.key === 'Escape' && selected.size > 0) {
      event.preventDefault();
      useLibrary.getState().clearSelection();
      return;
    }
    if (index < 0 || mod || event.altKey) return;
    const moves: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: grid.columns,
      ArrowUp: -grid.columns,
      PageDown: grid.columns * 3,
      PageUp: -grid.columns * 3,
    };
    if (event.key in moves) {
      event.preventDefault();
      focusIndex(index + (moves[event.key] as number));
    } else if (event.key === 'Home') {
      event.preventDefault();
      focusIndex(0);
    } else if (event.key === 'End') {
      event.preventDefault();
      focusIndex(count - 1);
    } else if (event.key === ' ' && (event.target as HTMLElement).classList.contains('clip-card__open')) {
      const id = card?.dataset.clipId;
      if (id) {
        event.preventDefault();
        useLibrary.getState().toggleSelected(id, { range: event.shiftKey });
      }
    }
  };

  const cells = [];
  for (let i = start; i < end; i++) {
    const row = Math.floor(i / grid.columns);
    const col = i % grid.columns;
    const style = {
      width: grid.columnWidth,
      height: grid.rowHeight,
      transform: `translate(${col * (grid.columnWidth + GAP)}px, ${row * grid.rowStride}px)`,
    };
    if (i < pending.length) {
      const p = pending[i] as PendingImport;
      cells.push(<PendingCard key={p.key} item={p} index={i} count={count} style={style} />);
    } else {
      const clip = items[i - pending.length];
      cells.push(
        clip ? (
          <ClipCard key={clip.id} clip={clip} index={i} count={count} style={style} selected={selected.has(clip.id)} />
        ) : (
          <li key={`hole-${i}`} className="clip-card clip-card--loading" style={style} aria-hidden="true">
            <div className="clip-card__thumb" />
            <div className="clip-card__info">
              <span className="skeleton skeleton--title" />
              <span className="skeleton" />
            </div>
          </li>
        ),
      );
    }
  }

  return (
    <div ref={grid.ref} className="clip-grid" style={{ height: grid.totalHeight }}>
      <ul ref={listRef} className="clip-grid__list" aria-label="Clips" onKeyDown={onKeyDown}>
        {cells}
      </ul>
    </div>
  );
}

interface CardProps {
  index: number;
  count: number;
  style: CSSProperties;
}

function ClipCard({ clip, index, count, style, selected }: CardProps & { clip: Clip; selected: boolean }) {
  const toggleSelected = useLibrary((s) => s.toggleSelected);
  const remove = useLibrary((s) => s.remove);
  const media = clip.media;
  const standing = clipStanding(clip);
  const problem = isProblem(clip);
  const facts1 = [media ? formatDuration(media.durationSec) : null, formatResolution(media), media?.video ? formatFps(media.video.fps) : null]
    .filter(Boolean)
    .join(' · ');
  const facts2 = [formatCodecs(media), formatBytes(clip.sizeBytes)].filter(Boolean).join(' · ');
  const detailId = `clip-${clip.id}-standing`;

  const onOpen = (event: MouseEvent<HTMLAnchorElement>): void => {
    // Ctrl/Cmd-click and Shift-click select, as in a file manager, instead of opening.
    if (event.ctrlKey || event.metaKey || event.shiftKey) {
      event.preventDefault();
      toggleSelected(clip.id, { range: event.shiftKey });
    }
  };

  return (
    <li
      className={`clip-card${selected ? ' is-selected' : ''}${problem ? ' clip-card--problem' : ''}`}
      style={style}
      data-index={index}
      data-clip-id={clip.id}
      aria-posinset={index + 1}
      aria-setsize={count}
    >
      <div className="clip-card__thumb">
        {clip.hasThumbnail ? (
          <img className="clip-card__img" src={mediaUrl('thumbnail', clip.id, clip.updatedAt)} alt="" decoding="async" draggable={false} />
        ) : (
          <Icon name="film" size={28} className="clip-card__placeholder" />
        )}
        {media && <span className="clip-card__duration">{formatDuration(media.durationSec)}</span>}
      </div>
      <div className="clip-card__info">
        <a
          className="clip-card__open"
          href={`#/library/${encodeURIComponent(clip.id)}`}
          onClick={onOpen}
          aria-describedby={detailId}
          title={clip.fileName}
        >
          {clip.fileName}
        </a>
        {clip.state === 'importing' ? (
          <div className="clip-card__progress">
            <ProgressBar label={`Importing ${clip.fileName}`} fraction={clip.progress} />
            <p className="clip-card__facts">Reading the file{clip.progress !== null ? ` · ${formatPercent(clip.progress)}` : '…'}</p>
          </div>
        ) : (
          <>
            <p className="clip-card__facts">{facts1 || (problem ? '' : '–')}</p>
            <p className="clip-card__facts">{facts2}</p>
          </>
        )}
        <div className="clip-card__status" id={detailId}>
          <ClipBadge clip={clip} />
          {standing.reasons.length > 0 && (
            <span className="clip-card__reason" title={standing.reasons.join('\n')}>
              {standing.reasons[0]}
            </span>
          )}
        </div>
      </div>
      <label className="clip-card__select" title={selected ? 'Selected' : 'Select'}>
        <input type="checkbox" checked={selected} aria-label={`Select ${clip.fileName}`} onChange={() => undefined} onClick={(e) => toggleSelected(clip.id, { range: e.shiftKey })} />
      </label>
      {problem && (
        <button type="button" className="button clip-card__remove" aria-label={`Remove ${clip.fileName}`} title="Remove from the library" onClick={() => void remove(clip.id)}>
          <Icon name="trash" size={14} />
        </button>
      )}
    </li>
  );
}

function PendingCard({ item, index, count, style }: CardProps & { item: PendingImport }) {
  const dismiss = useLibrary((s) => s.dismissPending);
  const words = item.error
    ? 'Not imported'
    : item.fraction === null
      ? 'Waiting…'
      : item.fraction >= 1
        ? 'Uploaded, adding…'
        : `Uploading ${formatPercent(item.fraction)}`;
  return (
    <li className={`clip-card clip-card--pending${item.error ? ' clip-card--problem' : ''}`} style={style} data-index={index} aria-posinset={index + 1} aria-setsize={count}>
      <div className="clip-card__thumb">
        <Icon name={item.error ? 'warning' : 'upload'} size={26} className="clip-card__placeholder" />
      </div>
      <div className="clip-card__info">
        <p className="clip-card__name" title={item.fileName}>
          {item.fileName}
        </p>
        {item.error ? (
          <p className="clip-card__error" title={item.error}>
            {item.error}
          </p>
        ) : (
          <div className="clip-card__progress">
            <ProgressBar label={`Uploading ${item.fileName}`} fraction={item.fraction} />
            <p className="clip-card__facts">
              {words}
              {item.sizeBytes ? ` · ${formatBytes(item.sizeBytes)}` : ''}
            </p>
          </div>
        )}
        <div className="clip-card__status">
          <span className={`state-badge state-badge--${item.error ? 'danger' : 'accent'}`}>{item.error ? 'Failed' : 'Adding'}</span>
        </div>
      </div>
      {item.error && (
        <button type="button" className="button clip-card__remove" aria-label={`Dismiss ${item.fileName}`} title="Dismiss" onClick={() => dismiss(item.key)}>
          <Icon name="cross" size={14} />
        </button>
      )}
    </li>
  );
}
