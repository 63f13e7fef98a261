// The batch composer's plan: where each video would go for the chosen account, posting times and
// first day — asked of the core (posts.spread with preview), which knows the account's other
// posts and TikTok's daily cap. Schedule sends the times shown, and the core refuses if its plan
// differs by then; a plan is only "ready" for exactly the inputs on screen, and is asked again
// when its first time passes.
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

export interface SpreadPreviewHandle {
  preview: SpreadPreview;
  /** Ask again (after Schedule was refused because the plan changed). */
  refresh(): void;
}

export function useSpreadPreview(accountId: string | null, videos: readonly PostableVideo[], slotsText: string, day: string, timeZone: string): SpreadPreviewHandle {
  const [answer, setAnswer] = useState<{ key: string; preview: SpreadPreview } | null>(null);
  const [round, setRound] = useState(0);
  const slots = parseSlotList(slotsText);
  const from = firstDayStart(day, timeZone);
  const key = JSON.stringify([accountId, videos.map((v) => v.renderId ?? v.clipId), slots.ok ? slots.slots : slotsText, from, timeZone, round]);

  useEffect(() => {
    if (!slots.ok || !from || !accountId) return;
    let live = true;
    const request: SpreadRequest = { slots: slots.slots, timeZone, from };
    // Typing "12:00, 18:00" asks once, not at every keystroke.
    const timer = setTimeout(() => {
      api.call('posts.spread', { items: spreadItems(videos, []), accountId, ...request, preview: true }).then(
        (plan) => live && setAnswer({ key, preview: { status: 'ready', request, plan } }),
        (err: unknown) => live && setAnswer({ key, preview: { status: 'problem', problem: errorMessage(err) } }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` holds every input that changes the plan.
  }, [key]);

  // The first time passing changes the plan (that slot is gone): ask again then.
  const first = answer?.key === key && answer.preview.status === 'ready' ? answer.preview.plan.times[0] : undefined;
  useEffect(() => {
    if (!first) return;
    // (setTimeout takes at most ~24.8 days; a later first time is simply looked at again then.)
    const timer = setTimeout(() => setRound((r) => r + 1), Math.min(Math.max(0, Date.parse(first) - Date.now()) + 1_000, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [first]);

  let preview: SpreadPreview;
  if (!slots.ok) preview = { status: 'problem', problem: slots.problem };
  else if (!from) preview = { status: 'problem', problem: 'Choose the first day.' };
  else preview = answer?.key === key ? answer.preview : { status: 'waiting' };
  return { preview, refresh: () => setRound((r) => r + 1) };
}
