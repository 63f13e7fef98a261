// The batch composer's plan: where each video would go for the chosen account, posting times and
// first day — asked of the core (posts.spread with preview), which knows the account's other
// posts and TikTok's daily cap, so the preview is exactly what Schedule will do.
import { useEffect, useState } from 'react';
import { parseSlotList, type SpreadResult } from '../../../../src-shared/schedule/spread';
import { api } from '../../api';
import { errorMessage } from '../../lib/error-message';
import { spreadItems, type PostableVideo } from '../../lib/postable-videos';
import { firstDayStart } from '../../lib/schedule-time';

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
