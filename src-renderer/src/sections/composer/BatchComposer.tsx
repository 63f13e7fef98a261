// "Post to TikTok" for several videos, spread over daily posting slots: the same account, TikTok
// fields, consent and rules for all of them (judged by the hardest case: the longest caption and
// the longest video), a caption each with its own problems, and the plan shown before anything is
// made.
import { useEffect, useState } from 'react';
import { evaluateComposer, PER_VIDEO_BLOCKERS, toPostSettings } from '../../../../src-shared/tiktok/composer-rules';
import type { Account } from '../../../../src-shared/tiktok/accounts';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/format-time';
import { spreadItems, type PostableVideo } from '../../lib/postable-videos';
import { localZoneName, toLocalInputValue } from '../../lib/schedule-time';
import { useLibrary } from '../../stores/library-store';
import { navigate } from '../../stores/navigation-store';
import { usePosts } from '../../stores/posts-store';
import { toast } from '../../stores/toast-store';
import { BatchVideos } from './BatchVideos';
import { ComposerFrame } from './ComposerFrame';
import { SpreadPlanner } from './SpreadPlanner';
import { rememberAccount, useComposerForm } from './use-composer-form';
import { useSpreadPreview } from './use-spread-preview';

// Posting times are remembered per account (each has its own rhythm), then as the last used.
const SLOTS_KEY = 'clipdesk.composer.slots';
function savedSlots(accountId: string | null): string {
  try {
    return (accountId ? localStorage.getItem(`${SLOTS_KEY}.${accountId}`) : null) ?? localStorage.getItem(SLOTS_KEY) ?? '12:00, 18:00';
  } catch {
    return '12:00, 18:00';
  }
}
function saveSlots(accountId: string, text: string): void {
  try {
    localStorage.setItem(`${SLOTS_KEY}.${accountId}`, text);
    localStorage.setItem(SLOTS_KEY, text);
  } catch {
    // Private mode: the default times are offered next time.
  }
}

export function BatchComposer({ batch, onClose }: { batch: PostableVideo[]; onClose: () => void }) {
  const spreadPosts = usePosts((s) => s.spread);
  // A video can be taken out of the batch (its caption goes with it).
  const [videos, setVideos] = useState<PostableVideo[]>(batch);
  const [captions, setCaptions] = useState<string[]>(() => batch.map(() => ''));
  const [slotsText, setSlotsText] = useState(() => savedSlots(null));
  const [slotsTyped, setSlotsTyped] = useState(false);
  const [firstDay, setFirstDay] = useState(() => toLocalInputValue(new Date()).slice(0, 10));
  const zone = localZoneName() ?? 'UTC';
  const longestCaption = captions.reduce((a, c) => (c.length > a.length ? c : a), '');
  const state = useComposerForm({ caption: longestCaption, durations: videos.map((v) => v.durationSec) });
  const { form, view, account, creatorStatus, posting } = state;
  const accountId = account?.id ?? null;

  // The account's own posting times, until the creator types others.
  useEffect(() => {
    if (!slotsTyped) setSlotsText(savedSlots(accountId));
  }, [accountId, slotsTyped]);

  // Each video's own problems (its caption, its length), shown on that video.
  const videoProblems = videos.map((v, i) =>
    evaluateComposer({ creator: creatorStatus, form: { ...form, caption: captions[i] ?? '' }, videoDurationSec: v.durationSec })
      .blockers.filter((b) => PER_VIDEO_BLOCKERS.includes(b.code))
      .map((b) => b.message),
  );
  const spread = useSpreadPreview(accountId, videos, slotsText, firstDay, zone);
  const spreadPreview = spread.preview;
  const canPost = !!account && view.canPublish && spreadPreview.status === 'ready' && !posting;

  const post = async (to: Account): Promise<void> => {
    if (spreadPreview.status !== 'ready') return;
    let tiktok;
    try {
      tiktok = toPostSettings(form, null, creatorStatus?.canPost ? creatorStatus.info : null);
    } catch (err) {
      return state.setSubmitError(errorMessage(err));
    }
    state.setPosting(true);
    state.setSubmitError(null);
    try {
      // The times on screen: if the core's plan differs by now, it makes nothing and says so.
      const made = await spreadPosts({
        items: spreadItems(videos, captions),
        accountId: to.id,
        tiktok,
        ...spreadPreview.request,
        preview: false,
        expectTimes: spreadPreview.plan.times,
      });
      // They are on their way: the Library's selection has done its job.
      useLibrary.getState().clearSelection();
      rememberAccount(to.id);
      saveSlots(to.id, slotsText);
      onClose();
      const first = made.times[0];
      const last = made.times.at(-1);
      toast({
        tone: 'success',
        title: `Scheduled ${made.posts.length} ${form.mode === 'inbox' ? 'inbox sends' : 'posts'}`,
        body: `${view.nickname ?? to.displayName}: ${first ? formatDateTime(first).short : ''}${last && last !== first ? ` to ${formatDateTime(last).short}` : ''}${made.posts.some((p) => p.state === 'awaiting_approval') ? ', each once it is approved' : ''}.`,
        action: { label: 'Show the queue', onClick: () => navigate('queue') },
      });
    } catch (err) {
      state.setSubmitError(errorMessage(err));
      state.setPosting(false);
      // The plan changed (a time passed, another post took one): show the new one.
      if (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'CONFLICT') spread.refresh();
    }
  };

  return (
    <ComposerFrame
      state={state}
      subtitle={`${videos.length} videos, spread over posting times`}
      batch
      preview={
        // §4 5a: each video exactly as it will be sent.
        <div className="composer__preview composer__preview--batch">
          <BatchVideos
            videos={videos}
            captions={captions}
            problems={videoProblems}
            disabled={posting}
            onRemove={(i) => {
              setVideos((all) => all.filter((_, j) => j !== i));
              setCaptions((all) => all.filter((_, j) => j !== i));
              state.setSubmitError(null);
            }}
            onCaption={(i, c) => {
              setCaptions((all) => all.map((old, j) => (j === i ? c : old)));
              state.setSubmitError(null);
            }}
          />
        </div>
      }
      when={
        <SpreadPlanner
          videos={videos}
          slotsText={slotsText}
          onSlotsText={(t) => {
            setSlotsText(t);
            setSlotsTyped(true);
            state.setSubmitError(null);
          }}
          day={firstDay}
          minDay={toLocalInputValue(new Date()).slice(0, 10)}
          onDay={setFirstDay}
          timeZone={zone}
          accountName={view.nickname ?? account?.displayName ?? null}
          preview={spreadPreview}
          disabled={posting}
        />
      }
      hint={null}
      canPost={canPost}
      postLabel={`Schedule ${videos.length} ${form.mode === 'inbox' ? 'sends' : 'posts'}`}
      onPost={() => account && void post(account)}
      dirty={captions.some((c) => c.trim() !== '') || state.fieldsChanged}
      discardText="The captions and the choices you made here are not kept. The videos stay in your library."
      onClose={onClose}
    />
  );
}
