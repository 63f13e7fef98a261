// The batch composer's "When": posting times each day and the first day, then the plan —
// each video with its time — and what was skipped and why (a day at TikTok's daily cap, a
// slot another post of the account already holds).
import { useId } from 'react';
import type { PostableVideo } from '../../lib/postable-videos';
import { formatDateTime } from '../../lib/format-time';
import type { SpreadPreview } from './use-spread-preview';

const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });

/** "2026-11-27" → "Fri 27 Nov". */
function dayWords(key: string): string {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return dayFmt.format(new Date(y, m - 1, d));
}

interface SpreadPlannerProps {
  videos: readonly PostableVideo[];
  slotsText: string;
  onSlotsText(text: string): void;
  day: string;
  minDay: string;
  onDay(day: string): void;
  timeZone: string;
  accountName: string | null;
  preview: SpreadPreview;
  disabled: boolean;
}

export function SpreadPlanner(props: SpreadPlannerProps) {
  const ids = { slots: useId(), slotsHint: useId(), day: useId() };
  const { preview } = props;
  return (
    <div className="spread-planner">
      <div className="spread-planner__fields">
        <label className="spread-planner__field" htmlFor={ids.slots}>
          <span>Posting times each day</span>
          <input
            id={ids.slots}
            className="input"
            value={props.slotsText}
            disabled={props.disabled}
            aria-describedby={ids.slotsHint}
            aria-invalid={preview.status === 'problem' || undefined}
            onChange={(e) => props.onSlotsText(e.target.value)}
          />
        </label>
        <label className="spread-planner__field" htmlFor={ids.day}>
          <span>First day</span>
          <input id={ids.day} type="date" className="input" value={props.day} min={props.minDay} disabled={props.disabled} onChange={(e) => props.onDay(e.target.value)} />
        </label>
      </div>
      <p id={ids.slotsHint} className="composer__hint-line">
        24-hour times, separated by commas, in {props.timeZone}. One video per time, in the order below.
      </p>
      {preview.status === 'problem' && (
        <p className="composer__hint-line composer__hint-line--error" role="alert">
          {preview.problem}
        </p>
      )}
      {preview.status === 'waiting' && <p className="muted">Working out the times…</p>}
      {preview.status === 'ready' && (
        <>
          <ol className="spread-planner__plan" aria-label="Planned times">
            {props.videos.map((v, i) => {
              const at = preview.plan.times[i];
              return (
                <li key={v.renderId ?? v.clipId ?? i}>
                  <span className="spread-planner__name">{v.name}</span>
                  {at ? (
                    <time className="spread-planner__time" dateTime={at}>
                      {formatDateTime(at).short}
                    </time>
                  ) : (
                    <span className="spread-planner__time">—</span>
                  )}
                </li>
              );
            })}
          </ol>
          {(preview.plan.fullDays.length > 0 || preview.plan.busySlots.length > 0 || preview.plan.cappedSlots.length > 0) && (
            <ul className="spread-planner__skipped" aria-label="Skipped">
              {preview.plan.fullDays.map((d) => (
                <li key={d}>
                  {dayWords(d)} is full: {props.accountName ?? 'this account'} already has {preview.plan.dailyCap} posts that day, TikTok’s daily limit.
                </li>
              ))}
              {preview.plan.busySlots.map((t) => (
                <li key={t}>{formatDateTime(t).short} is taken by another post of this account.</li>
              ))}
              {preview.plan.cappedSlots.map((t) => (
                <li key={`cap-${t}`}>
                  {formatDateTime(t).short} would make more than {preview.plan.dailyCap} posts within 24 hours, TikTok’s limit.
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
