// The batch composer's plan: where each video would go for the chosen account, posting times and
// first day — asked of the core (posts.spread with preview), which knows the account's other
// posts and TikTok's daily cap, so the preview is exactly what Schedule will do.
import { useEffect, useState } from 'react';
import { parseSlotList, type SpreadResult } from '../../../../src-shared/schedule/spread';
import { instantOf } from '../../../../src-shared/time/zoned-time';
import { api } from '../../api';
import { errorMessage } from '../../lib/error-message';
import type { PostableVideo } from '../../lib/postable-videos';

export interface SpreadRequest {
  slots: string[];
  timeZone: string;
  /** ISO: the first day's midnight in the zone. */
  from: string;
}

export type SpreadPreview =
  | { status: 'waiting' }
  | { status: 'problem'; problem: string }
  | { status: 'ready'; request: SpreadRequest; plan: SpreadResult };

/** "2026-11-24" at 00:00 in the zone, as ISO; null when the field is not a date. */
export function firstDayStart(day: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return new Date(instantOf({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0 }, timeZone)).toISOString();
}

/** Items as the core takes them: the caption does not change where a video goes. */
export function spreadItems(videos: readonly PostableVideo[], captions: readonly string[]) {
  return videos.map((v, i) => ({
    ...(v.renderId ? { renderId: v.renderId } : { clipId: v.clipId ?? v.sourceClipId }),
    caption: captions[i] ?? '',
    coverTimestampMs: v.coverTimestampMs,
  }));
}

export function useSpreadPreview(accountId: string | null, videos: readonly PostableVideo[], slotsText: string, day: string, timeZone: string): SpreadPreview {
  const [preview, setPreview] = useState<SpreadPreview>({ status: 'waiting' });
  const slots = parseSlotList(slotsText);
  const from = firstDayStart(day, timeZone);
  const key = JSON.stringify([accountId, videos.map((v) => v.renderId ?? v.clipId), slots.ok ? slots.slots : slotsText, from]);

  useEffect(() => {
    if (!slots.ok) return setPreview({ status: 'problem', problem: slots.problem });
    if (!from) return setPreview({ status: 'problem', problem: 'Choose the first day.' });
    if (!accountId) return setPreview({ status: 'waiting' });
    let live = true;
    const request: SpreadRequest = { slots: slots.slots, timeZone, from };
    // Typing "12:00, 18:00" asks once, not at every keystroke.
    const timer = setTimeout(() => {
      api.call('posts.spread', { items: spreadItems(videos, []), accountId, ...request, preview: true }).then(
        (plan) => live && setPreview({ status: 'ready', request, plan }),
        (err: unknown) => live && setPreview({ status: 'problem', problem: errorMessage(err) }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The key holds every input that changes the plan.
  }, [key]);
  return preview;
}
