// The clip's timeline with trim handles: two sliders (drag, or arrows ±0.1 s, Shift ±1 s,
// Page keys ±5 s, Home/End), the playhead, and a click on the track to seek there.
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { durationWords, formatDuration } from '../../lib/format-media';

/** The shortest clip a trim may leave. */
export const MIN_TRIM_SEC = 0.5;

interface TrimTimelineProps {
  duration: number;
  start: number;
  end: number;
  playhead: number;
  onChange: (start: number, end: number) => void;
  onSeek: (sec: number) => void;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

export function TrimTimeline({ duration, start, end, playhead, onChange, onSeek }: TrimTimelineProps) {
  const track = useRef<HTMLDivElement>(null);
  const pct = (sec: number): string => `${duration > 0 ? (Math.max(0, Math.min(duration, sec)) / duration) * 100 : 0}%`;

  const secAt = (clientX: number): number => {
    const rect = track.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return 0;
    return Math.max(0, Math.min(duration, ((clientX - rect.left) / rect.width) * duration));
  };

  const setStart = (sec: number): void => onChange(Math.max(0, Math.min(sec, end - MIN_TRIM_SEC)), end);
  const setEnd = (sec: number): void => onChange(start, Math.min(duration, Math.max(sec, start + MIN_TRIM_SEC)));

  const keyStep = (event: KeyboardEvent, value: number, set: (sec: number) => void, min: number, max: number): void => {
    const step = event.shiftKey ? 1 : 0.1;
    const next: Record<string, number> = {
      ArrowLeft: value - step,
      ArrowDown: value - step,
      ArrowRight: value + step,
      ArrowUp: value + step,
      PageDown: value - 5,
      PageUp: value + 5,
      Home: min,
      End: max,
    };
    if (!(event.key in next)) return;
    event.preventDefault();
    set(round1(next[event.key] as number));
  };

  const drag = (set: (sec: number) => void) => ({
    onPointerDown: (e: PointerEvent<HTMLDivElement>) => {
      e.preventDefault();
      e.stopPropagation();
      e.currentTarget.setPointerCapture(e.pointerId);
      e.currentTarget.focus();
    },
    onPointerMove: (e: PointerEvent<HTMLDivElement>) => {
      if (e.currentTarget.hasPointerCapture(e.pointerId)) set(round1(secAt(e.clientX)));
    },
  });

  return (
    <div className="timeline">
      <div
        ref={track}
        className="timeline__track"
        onPointerDown={(e) => {
          if (e.button === 0) onSeek(secAt(e.clientX));
        }}
      >
        <div className="timeline__kept" style={{ left: pct(start), width: `calc(${pct(end)} - ${pct(start)})` }} />
        <div className="timeline__playhead" style={{ left: pct(playhead) }} aria-hidden="true" />
        <div
          role="slider"
          tabIndex={0}
          className="timeline__handle timeline__handle--start"
          style={{ left: pct(start) }}
          aria-label="Trim start"
          aria-valuemin={0}
          aria-valuemax={round1(Math.max(0, end - MIN_TRIM_SEC))}
          aria-valuenow={round1(start)}
          aria-valuetext={durationWords(start)}
          onKeyDown={(e) => keyStep(e, start, setStart, 0, end - MIN_TRIM_SEC)}
          {...drag(setStart)}
        />
        <div
          role="slider"
          tabIndex={0}
          className="timeline__handle timeline__handle--end"
          style={{ left: pct(end) }}
          aria-label="Trim end"
          aria-valuemin={round1(start + MIN_TRIM_SEC)}
          aria-valuemax={round1(duration)}
          aria-valuenow={round1(end)}
          aria-valuetext={durationWords(end)}
          onKeyDown={(e) => keyStep(e, end, setEnd, start + MIN_TRIM_SEC, duration)}
          {...drag(setEnd)}
        />
      </div>
      <div className="timeline__scale" aria-hidden="true">
        <span>0:00</span>
        <span>{formatDuration(duration, true)}</span>
      </div>
    </div>
  );
}
