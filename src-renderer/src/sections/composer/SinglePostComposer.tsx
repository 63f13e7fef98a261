// "Post to TikTok" for one finished render: its preview, a caption, the shared TikTok fields, and
// now or a time. The render is read from the renders store's one copy, so it stays current while
// the composer is open.
import { useState } from 'react';
import type { Render } from '../../../../src-shared/media/library';
import { toPostSettings } from '../../../../src-shared/tiktok/composer-rules';
import { mediaUrl } from '../../api/media-url';
import { Choice, FieldOptions } from '../../components/FormField';
import { errorMessage } from '../../lib/error-message';
import { formatDuration, formatResolution } from '../../lib/format-media';
import { formatDateTime } from '../../lib/format-time';
import { coverTimestampMs } from '../../lib/postable-videos';
import { checkSchedule, defaultScheduleValue, localZoneName, toLocalInputValue } from '../../lib/schedule-time';
import { navigate } from '../../stores/navigation-store';
import { usePosts } from '../../stores/posts-store';
import { toast } from '../../stores/toast-store';
import { postButtonLabel } from './composer-helpers';
import { ComposerFrame } from './ComposerFrame';
import { CaptionField } from './TikTokFields';
import { rememberAccount, useComposerForm } from './use-composer-form';

export function SinglePostComposer({ render, onClose }: { render: Render; onClose: () => void }) {
  const createPost = usePosts((s) => s.create);
  const state = useComposerForm({ caption: null, durations: [render.output?.durationSec ?? null] });
  const { form, view, account, creatorStatus, posting } = state;
  const [when, setWhen] = useState<'now' | 'schedule'>('now');
  const [scheduleValue, setScheduleValue] = useState(() => defaultScheduleValue(new Date()));
  const schedule = when === 'schedule' ? checkSchedule(scheduleValue, new Date()) : null;
  const canPost = !!account && view.canPublish && (!schedule || schedule.ok) && !posting;

  const post = async (): Promise<void> => {
    if (!canPost || !account) return;
    let publishAt = 'now';
    if (when === 'schedule') {
      const check = checkSchedule(scheduleValue, new Date());
      if (!check.ok) return state.setSubmitError(check.problem);
      publishAt = check.iso;
    }
    let tiktok;
    try {
      tiktok = toPostSettings(form, coverTimestampMs(render.recipe.coverSec), creatorStatus?.canPost ? creatorStatus.info : null);
    } catch (err) {
      return state.setSubmitError(errorMessage(err));
    }
    state.setPosting(true);
    state.setSubmitError(null);
    try {
      const created = await createPost({ renderId: render.id, accountId: account.id, caption: form.caption, tiktok, publishAt });
      rememberAccount(account.id);
      onClose();
      const to = view.nickname ?? account.displayName;
      // Approvals on: it waits for a go-ahead (here or on Telegram) before anything is sent.
      if (created.state === 'awaiting_approval') {
        toast({
          tone: 'success',
          title: 'Waiting for approval',
          body: `${render.clipFileName} goes to ${to} ${publishAt === 'now' ? 'once it is approved' : `at ${formatDateTime(publishAt).short} if it is approved`}.`,
          action: { label: 'Show approvals', onClick: () => navigate('approvals') },
        });
        return;
      }
      toast({
        tone: 'success',
        title: publishAt === 'now' ? (form.mode === 'inbox' ? `Sending to ${to}’s TikTok inbox` : `Posting to ${to}`) : `Scheduled for ${formatDateTime(publishAt).short}`,
        body: `${render.clipFileName}: follow its progress in the Queue.`,
        action: { label: 'Show progress', onClick: () => navigate('queue') },
      });
    } catch (err) {
      state.setSubmitError(errorMessage(err));
      state.setPosting(false);
    }
  };

  const facts = render.output ? [formatResolution(render.output), formatDuration(render.output.durationSec)].filter(Boolean).join(' · ') : '';

  return (
    <ComposerFrame
      state={state}
      subtitle={render.clipFileName}
      batch={false}
      preview={
        // §4 5a: the video exactly as it will be sent.
        <div className="composer__preview">
          <video
            className="composer__video"
            src={mediaUrl('render', render.id, render.updatedAt)}
            controls
            muted
            playsInline
            preload="metadata"
            aria-label={`Preview of the video to post: ${render.clipFileName}`}
          />
          {facts && <p className="composer__facts">{facts}</p>}
        </div>
      }
      caption={<CaptionField view={view} caption={form.caption} onCaption={(caption) => state.patch({ caption })} />}
      when={
        <>
          <FieldOptions role="radiogroup" aria-label="When to post">
            <Choice name="when" checked={when === 'now'} onChange={() => setWhen('now')} label="Post now" hint="As soon as you press the button." />
            <Choice name="when" checked={when === 'schedule'} onChange={() => setWhen('schedule')} label="Schedule" hint="At a time you choose, in your time zone." />
          </FieldOptions>
          {when === 'schedule' && (
            <div className="composer__schedule">
              <input
                type="datetime-local"
                className="input composer__datetime"
                aria-label="Date and time to post"
                value={scheduleValue}
                min={toLocalInputValue(new Date())}
                step={60}
                onChange={(e) => {
                  setScheduleValue(e.target.value);
                  state.setSubmitError(null);
                }}
              />
              <p className={schedule && !schedule.ok ? 'composer__hint-line composer__hint-line--error' : 'composer__hint-line'}>
                {schedule?.ok ? (
                  <>
                    {formatDateTime(schedule.iso).full}
                    {localZoneName() ? ` (${localZoneName()})` : ''}
                    {schedule.note ? ` — ${schedule.note}` : ''}
                  </>
                ) : (
                  schedule?.problem
                )}
              </p>
            </div>
          )}
        </>
      }
      hint={schedule && !schedule.ok ? schedule.problem : null}
      canPost={canPost}
      postLabel={postButtonLabel(form.mode, when)}
      onPost={() => void post()}
      dirty={form.caption.trim() !== '' || state.fieldsChanged}
      discardText="The caption and the choices you made here are not kept. The render stays in your library."
      onClose={onClose}
    />
  );
}
