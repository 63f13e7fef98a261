// "Post to TikTok": the composer for one finished render, laid out in the order of TikTok's
// Content Sharing Guidelines (docs/platforms.md, TikTok §4, points 1–5): who receives the post
// (creator_info, fetched fresh on open and on every account change), the preview, the caption,
// who can see it, interactions, the commercial-content disclosure, the consent sentence and the
// processing notice. Every rule comes from `evaluateComposer` — this file only draws its answer.
// Nothing is sent to TikTok before the creator presses Post (§4 5c).
import { useEffect, useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Render } from '../../../../src-shared/media/library';
import {
  COMPOSER_TEXT,
  EMPTY_COMPOSER_FORM,
  evaluateComposer,
  PER_VIDEO_BLOCKERS,
  toPostSettings,
  type ComposerBlockerCode,
  type ComposerForm,
  type InteractionView,
} from '../../../../src-shared/tiktok/composer-rules';
import type { CreatorStatus } from '../../../../src-shared/tiktok/post-settings';
import { api } from '../../api';
import { mediaUrl } from '../../api/media-url';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { Toggle } from '../../components/Toggle';
import { errorMessage } from '../../lib/error-message';
import { formatDuration, formatResolution } from '../../lib/format-media';
import { formatDateTime } from '../../lib/format-time';
import { checkSchedule, defaultScheduleValue, localZoneName, toLocalInputValue } from '../../lib/schedule-time';
import { SCOPE_EXPLANATIONS } from '../../../../src-shared/tiktok/scopes';
import { useAccounts } from '../../stores/accounts-store';
import { useComposer } from '../../stores/composer-store';
import { useLibrary } from '../../stores/library-store';
import { navigate } from '../../stores/navigation-store';
import { usePosts } from '../../stores/posts-store';
import { toast } from '../../stores/toast-store';
import type { Account } from '../../../../src-shared/tiktok/accounts';
import { BatchVideos } from './BatchVideos';
import { SpreadPlanner } from './SpreadPlanner';
import { useSpreadPreview } from './use-spread-preview';
import { coverTimestampMs, spreadItems, type PostableVideo } from '../../lib/postable-videos';
import { creatorStatusFromError, inboxUnavailable, pickAccount, postButtonLabel } from './composer-helpers';
import './composer.css';

/** Blockers about the account or the video rather than the form: shown with the account, not only by the button. */
const ACCOUNT_BLOCKERS: readonly ComposerBlockerCode[] = ['creator_cannot_post', 'scope_not_authorized', 'too_long', 'duration_unknown'];

const LAST_ACCOUNT_KEY = 'clipdesk.composer.account';
function lastAccount(): string | null {
  try {
    return localStorage.getItem(LAST_ACCOUNT_KEY);
  } catch {
    return null;
  }
}
function rememberAccount(id: string): void {
  try {
    localStorage.setItem(LAST_ACCOUNT_KEY, id);
  } catch {
    // Private mode: the first account is chosen next time instead.
  }
}

/** Mounted once in App: the composer for the render (or the videos) it was opened for, if any. */
export function ComposerHost() {
  const render = useComposer((s) => s.render);
  const batch = useComposer((s) => s.batch);
  const close = useComposer((s) => s.close);
  if (render) return <Composer key={render.id} render={render} batch={null} onClose={close} />;
  if (batch?.length) return <Composer key={batch.map((v) => v.renderId ?? v.clipId).join()} render={null} batch={batch} onClose={close} />;
  return null;
}

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

/**
 * One render posted now or at a time — or, with `batch`, several videos spread over daily
 * posting slots: the same account, TikTok settings, consent and rules for all of them, a
 * caption each, and the plan shown before anything is made.
 */
function Composer({ render, batch, onClose }: { render: Render | null; batch: PostableVideo[] | null; onClose: () => void }) {
  const accounts = useAccounts((s) => s.accounts);
  const accountsStatus = useAccounts((s) => s.status);
  const accountsError = useAccounts((s) => s.error);
  const loadAccounts = useAccounts((s) => s.load);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [form, setForm] = useState<ComposerForm>(EMPTY_COMPOSER_FORM);
  const [when, setWhen] = useState<'now' | 'schedule'>('now');
  const [scheduleValue, setScheduleValue] = useState(() => defaultScheduleValue(new Date()));
  const [posting, setPosting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState(false);
  // creator_info for one account and one attempt; an answer for another is not shown.
  const [creator, setCreator] = useState<{ key: string; status: CreatorStatus } | null>(null);
  const [attempt, setAttempt] = useState(0);
  // The batch: a caption each, the daily posting times and the first day.
  // A video can be taken out of the batch (its caption goes with it).
  const [videos, setVideos] = useState<PostableVideo[] | null>(batch);
  const [captions, setCaptions] = useState<string[]>(() => (batch ?? []).map(() => ''));
  const [slotsText, setSlotsText] = useState(() => savedSlots(null));
  const [slotsTyped, setSlotsTyped] = useState(false);
  const [firstDay, setFirstDay] = useState(() => toLocalInputValue(new Date()).slice(0, 10));
  const zone = localZoneName() ?? 'UTC';

  useEffect(() => {
    void loadAccounts();
  }, [loadAccounts]);

  const account = useMemo(
    () => accounts.find((a) => a.id === chosenId) ?? pickAccount(accounts, lastAccount()),
    [accounts, chosenId],
  );
  const accountId = account?.id ?? null;
  const creatorKey = `${accountId}#${attempt}`;

  // The account's own posting times, until the creator types others.
  useEffect(() => {
    if (!slotsTyped) setSlotsText(savedSlots(accountId));
  }, [accountId, slotsTyped]);

  // §4 1: fresh on every open and every account change — never cached.
  useEffect(() => {
    if (!accountId) return;
    let live = true;
    const key = `${accountId}#${attempt}`;
    api.call('tiktok.creatorInfo', { accountId }).then(
      (status) => live && setCreator({ key, status }),
      (err: unknown) => live && setCreator({ key, status: creatorStatusFromError(err) }),
    );
    return () => {
      live = false;
    };
  }, [accountId, attempt]);

  const creatorStatus = creator?.key === creatorKey ? creator.status : null;
  // A batch is judged by its hardest case: the longest caption and the longest video.
  const longestCaption = videos ? captions.reduce((a, c) => (c.length > a.length ? c : a), '') : form.caption;
  const durations = videos ? videos.map((v) => v.durationSec) : [render?.output?.durationSec ?? null];
  const view = evaluateComposer({
    creator: creatorStatus,
    form: { ...form, caption: longestCaption },
    videoDurationSec: durations.some((d) => d === null) ? null : Math.max(...(durations as number[])),
    ...(account ? { accountDisplayName: account.displayName } : {}),
  });
  // Each video's own problems (its caption, its length), shown on that video.
  const videoProblems = (videos ?? []).map((v, i) =>
    evaluateComposer({ creator: creatorStatus, form: { ...form, caption: captions[i] ?? '' }, videoDurationSec: v.durationSec })
      .blockers.filter((b) => PER_VIDEO_BLOCKERS.includes(b.code))
      .map((b) => b.message),
  );
  const spread = useSpreadPreview(videos ? accountId : null, videos ?? [], slotsText, firstDay, zone);
  const spreadPreview = spread.preview;
  const patch = (change: Partial<ComposerForm>): void => {
    setForm((f) => ({ ...f, ...change }));
    setSubmitError(null);
  };

  const schedule = when === 'schedule' ? checkSchedule(scheduleValue, new Date()) : null;
  const noAccount = accountsStatus === 'ready' && accounts.length === 0;
  const blockedHint = noAccount
    ? 'Connect a TikTok account first.'
    : accountsStatus !== 'ready' && !account
      ? 'Loading your accounts…'
      : (view.publishDisabledHint ?? (schedule && !schedule.ok ? schedule.problem : null));
  const planReady = !videos || spreadPreview.status === 'ready';
  const canPost = !!account && view.canPublish && (!schedule || schedule.ok) && planReady && !posting;
  const inboxOff = inboxUnavailable(account, SCOPE_EXPLANATIONS['video.upload'].without);
  const accountBlockers = view.blockers.filter((b) => ACCOUNT_BLOCKERS.includes(b.code));
  const dirty = form.caption.trim() !== '' || captions.some((c) => c.trim() !== '') || JSON.stringify({ ...form, caption: '' }) !== JSON.stringify({ ...EMPTY_COMPOSER_FORM, caption: '' });

  const requestClose = (): void => {
    if (posting) return;
    if (dirty) setDiscarding(true);
    else onClose();
  };

  const leaveFor = (href: string): void => {
    onClose();
    location.hash = href;
  };

  const post = async (): Promise<void> => {
    if (!canPost || !account) return;
    if (videos) return postBatch(videos, account);
    if (!render) return;
    let publishAt = 'now';
    if (when === 'schedule') {
      const check = checkSchedule(scheduleValue, new Date());
      if (!check.ok) return setSubmitError(check.problem);
      publishAt = check.iso;
    }
    let tiktok;
    try {
      tiktok = toPostSettings(form, coverTimestampMs(render.recipe.coverSec), creatorStatus?.canPost ? creatorStatus.info : null);
    } catch (err) {
      return setSubmitError(errorMessage(err));
    }
    setPosting(true);
    setSubmitError(null);
    try {
      const created = await api.call('posts.create', { renderId: render.id, accountId: account.id, caption: form.caption, tiktok, publishAt });
      usePosts.getState().received(created);
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
        title:
          publishAt === 'now'
            ? form.mode === 'inbox'
              ? `Sending to ${to}’s TikTok inbox`
              : `Posting to ${to}`
            : `Scheduled for ${formatDateTime(publishAt).short}`,
        body: `${render.clipFileName}: follow its progress in the Queue.`,
        action: { label: 'Show progress', onClick: () => navigate('queue') },
      });
    } catch (err) {
      setSubmitError(errorMessage(err));
      setPosting(false);
    }
  };

  const postBatch = async (videos: PostableVideo[], to: Account): Promise<void> => {
    if (spreadPreview.status !== 'ready') return;
    let tiktok;
    try {
      tiktok = toPostSettings(form, null, creatorStatus?.canPost ? creatorStatus.info : null);
    } catch (err) {
      return setSubmitError(errorMessage(err));
    }
    setPosting(true);
    setSubmitError(null);
    try {
      // The times on screen: if the core's plan differs by now, it makes nothing and says so.
      const made = await api.call('posts.spread', {
        items: spreadItems(videos, captions),
        accountId: to.id,
        tiktok,
        ...spreadPreview.request,
        preview: false,
        expectTimes: spreadPreview.plan.times,
      });
      for (const p of made.posts) usePosts.getState().received(p);
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
      setSubmitError(errorMessage(err));
      setPosting(false);
      // The plan changed (a time passed, another post took one): show the new one.
      if (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'CONFLICT') spread.refresh();
    }
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    // Ctrl/Cmd+Enter posts, as the button would (and only when it would).
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void post();
    }
  };

  const ids = { hint: useId(), consent: useId(), caption: useId(), counter: useId(), privacy: useId(), when: useId() };
  const facts = render?.output ? [formatResolution(render.output), formatDuration(render.output.durationSec)].filter(Boolean).join(' · ') : '';

  const footer = (
    <div className="composer-footer">
      <div className="composer-footer__text">
        {/* §4 2/4: the consent sentence, right before the button, with TikTok's links. */}
        <p id={ids.consent} className="composer-consent">
          {view.consent.parts.map((part, i) =>
            'href' in part ? (
              <a key={i} href={part.href} target="_blank" rel="noreferrer">
                {part.text}
              </a>
            ) : (
              <span key={i}>{part.text}</span>
            ),
          )}
        </p>
        {/* §4 5d. */}
        <p className="composer-notice">{view.processingNotice}</p>
        {submitError ? (
          <p id={ids.hint} className="composer-hint composer-hint--error" role="alert">
            {submitError}
          </p>
        ) : (
          blockedHint && (
            <p id={ids.hint} className="composer-hint" aria-live="polite">
              {blockedHint}
            </p>
          )
        )}
      </div>
      <div className="composer-footer__buttons">
        <button type="button" className="button" onClick={requestClose} disabled={posting}>
          Cancel
        </button>
        {/* The title is TikTok's hover text; a disabled button shows no tooltip in some engines, so its wrapper carries it too. */}
        <span className="composer-post" title={canPost ? undefined : (blockedHint ?? undefined)}>
          <button
            type="button"
            className="button button--primary composer-post__button"
            disabled={!canPost}
            title={canPost ? undefined : (blockedHint ?? undefined)}
            aria-describedby={`${ids.consent}${blockedHint || submitError ? ` ${ids.hint}` : ''}`}
            onClick={() => void post()}
          >
            {posting && <span className="spinner" aria-hidden="true" />}
            {videos ? `Schedule ${videos.length} ${form.mode === 'inbox' ? 'sends' : 'posts'}` : postButtonLabel(form.mode, when)}
          </button>
        </span>
      </div>
    </div>
  );

  return (
    <Dialog title="Post to TikTok" subtitle={videos ? `${videos.length} videos, spread over posting times` : render?.clipFileName} size="large" onClose={requestClose} footer={footer}>
      <div className={videos ? 'composer composer--batch' : 'composer'} onKeyDown={onKeyDown}>
        {/* §4 5a: the video exactly as it will be sent. */}
        {videos ? (
          <div className="composer__preview composer__preview--batch">
            <BatchVideos
              videos={videos}
              captions={captions}
              problems={videoProblems}
              disabled={posting}
              onRemove={(i) => {
                setVideos((all) => all && all.filter((_, j) => j !== i));
                setCaptions((all) => all.filter((_, j) => j !== i));
                setSubmitError(null);
              }}
              onCaption={(i, c) => {
                setCaptions((all) => all.map((old, j) => (j === i ? c : old)));
                setSubmitError(null);
              }}
            />
          </div>
        ) : render && (
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
        )}

        <div className="composer__form">
          {/* §4 1: which account receives the post. */}
          <Group title="Account">
            {accountsError && accounts.length === 0 ? (
              <Alert title="Could not load your accounts" action={{ label: 'Try again', onClick: () => void loadAccounts() }}>
                {accountsError}
              </Alert>
            ) : noAccount ? (
              <p className="composer__empty">
                No TikTok account is connected yet.{' '}
                <a
                  href="#/accounts"
                  onClick={(e) => {
                    e.preventDefault();
                    leaveFor('#/accounts');
                  }}
                >
                  Connect one in Accounts
                </a>
                .
              </p>
            ) : account ? (
              <>
                {accounts.length > 1 && (
                  <select
                    className="input select composer__account-select"
                    aria-label="TikTok account"
                    value={account.id}
                    disabled={posting}
                    onChange={(e) => {
                      setChosenId(e.target.value);
                      setSubmitError(null);
                    }}
                  >
                    {accounts.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.displayName}
                        {a.username ? ` (@${a.username})` : ''}
                        {a.state === 'reconnect_needed' ? ' — reconnect needed' : ''}
                      </option>
                    ))}
                  </select>
                )}
                <div className="composer__creator" aria-live="polite" aria-busy={view.loading || undefined}>
                  <Avatar accountId={account.id} name={view.nickname ?? account.displayName} hasAvatar={account.hasAvatar} version={account.updatedAt} size={36} />
                  {view.loading ? (
                    <p className="muted">
                      <span className="spinner composer__spinner" aria-hidden="true" /> {COMPOSER_TEXT.loading}
                    </p>
                  ) : (
                    <p>
                      Posting to <strong className="composer__nickname">{view.nickname}</strong>
                      {view.username && <span className="muted"> @{view.username}</span>}
                    </p>
                  )}
                </div>
                {accountBlockers.map((b) => (
                  <Alert
                    key={b.code}
                    {...(b.code === 'creator_cannot_post' && creatorStatus && !creatorStatus.canPost && creatorStatus.retryable
                      ? { action: { label: 'Try again', onClick: () => setAttempt((n) => n + 1) } }
                      : b.code === 'scope_not_authorized' || (b.code === 'creator_cannot_post' && creatorStatus && !creatorStatus.canPost && creatorStatus.code === 'RECONNECT_NEEDED')
                        ? { action: { label: 'Go to Accounts', onClick: () => leaveFor('#/accounts') } }
                        : {})}
                  >
                    {b.message}
                  </Alert>
                ))}
              </>
            ) : (
              <p className="muted">Loading your accounts…</p>
            )}
          </Group>

          <Group title="How to post">
            <div className="composer__choices" role="radiogroup" aria-label="How to post">
              <Choice
                name="mode"
                checked={form.mode === 'direct'}
                onChange={() => patch({ mode: 'direct' })}
                label="Direct Post"
                hint="Clipdesk publishes it to your profile."
              />
              <Choice
                name="mode"
                checked={form.mode === 'inbox'}
                disabled={inboxOff !== null && form.mode !== 'inbox'}
                onChange={() => patch({ mode: 'inbox' })}
                label="Send to TikTok inbox (draft)"
                hint={inboxOff ?? 'You finish it and post it in the TikTok app.'}
              />
            </div>
          </Group>

          {!videos && (
            <Group title="Caption" labelFor={ids.caption}>
              <textarea
                id={ids.caption}
                data-autofocus
                className="input composer__caption"
                rows={4}
                value={form.caption}
                placeholder="Say what it is about. #hashtags and @mentions work as in TikTok."
                aria-describedby={ids.counter}
                aria-invalid={view.caption.over || undefined}
                onChange={(e) => patch({ caption: e.target.value })}
              />
              <div className="composer__caption-info">
                <p id={ids.counter} className={view.caption.over ? 'composer__counter composer__counter--over' : 'composer__counter'}>
                  <span className="visually-hidden">Caption length: </span>
                  {view.caption.length} / {view.caption.max}
                </p>
                {(view.caption.hashtags.length > 0 || view.caption.mentions.length > 0) && (
                  <p className="composer__tags" aria-label="Hashtags and mentions">
                    {view.caption.hashtags.map((t) => (
                      <span key={`#${t}`} className="composer__tag">
                        #{t}
                      </span>
                    ))}
                    {view.caption.mentions.map((m) => (
                      <span key={`@${m}`} className="composer__tag composer__tag--mention">
                        @{m}
                      </span>
                    ))}
                  </p>
                )}
              </div>
              {view.caption.hints.length > 0 && (
                <ul className="composer__caption-hints" aria-label="Caption hints">
                  {view.caption.hints.map((h) => (
                    <li key={h}>{h}</li>
                  ))}
                </ul>
              )}
            </Group>
          )}

          {view.showPostSettings && (
            <>
              <Group title={COMPOSER_TEXT.privacyLabel} labelFor={ids.privacy}>
                <select
                  id={ids.privacy}
                  className="input select composer__privacy"
                  value={view.privacy ?? ''}
                  disabled={view.privacyOptions.length === 0}
                  onChange={(e) => patch({ privacy: (e.target.value || null) as ComposerForm['privacy'] })}
                >
                  <option value="" disabled>
                    {COMPOSER_TEXT.privacyPlaceholder}
                  </option>
                  {view.privacyOptions.map((o) => (
                    <option key={o.value} value={o.value} disabled={o.disabled} title={o.hint ?? undefined}>
                      {o.label}
                    </option>
                  ))}
                </select>
                {view.privacyOptions
                  .filter((o) => o.hint)
                  .map((o) => (
                    <p key={o.value} className="composer__hint-line">
                      {o.label}: {o.hint}
                    </p>
                  ))}
              </Group>

              <Group title="Interactions">
                <div className="composer__checks">
                  <Interaction view={view.interactions.comment} onChange={(v) => patch({ allowComment: v })} />
                  <Interaction view={view.interactions.duet} onChange={(v) => patch({ allowDuet: v })} />
                  <Interaction view={view.interactions.stitch} onChange={(v) => patch({ allowStitch: v })} />
                </div>
              </Group>

              {/* §4 3. */}
              <Group title="Disclosure">
                <Toggle label={COMPOSER_TEXT.disclosureToggle} description={COMPOSER_TEXT.disclosureToggleHint} checked={view.disclosure.on} onChange={(on) => patch({ disclose: on })} />
                {view.disclosure.showChoices && (
                  <div className="composer__checks composer__disclosure">
                    <Check label={COMPOSER_TEXT.yourBrand} hint={COMPOSER_TEXT.yourBrandHint} checked={view.disclosure.yourBrand} onChange={(v) => patch({ yourBrand: v })} />
                    <Check
                      label={COMPOSER_TEXT.brandedContent}
                      hint={view.disclosure.brandedContentDisabledReason ?? COMPOSER_TEXT.brandedContentHint}
                      checked={view.disclosure.brandedContent}
                      disabled={view.disclosure.brandedContentDisabled}
                      onChange={(v) => patch({ brandedContent: v })}
                    />
                  </div>
                )}
                {view.disclosure.label && (
                  <p className="composer__label-prompt" role="status">
                    {view.disclosure.label}
                  </p>
                )}
              </Group>
            </>
          )}

          {videos ? (
            <Group title="When">
              <SpreadPlanner
                videos={videos}
                slotsText={slotsText}
                onSlotsText={(t) => {
                  setSlotsText(t);
                  setSlotsTyped(true);
                  setSubmitError(null);
                }}
                day={firstDay}
                minDay={toLocalInputValue(new Date()).slice(0, 10)}
                onDay={setFirstDay}
                timeZone={zone}
                accountName={view.nickname ?? account?.displayName ?? null}
                preview={spreadPreview}
                disabled={posting}
              />
            </Group>
          ) : (
            <Group title="When">
              <div className="composer__choices" role="radiogroup" aria-label="When to post">
                <Choice name="when" checked={when === 'now'} onChange={() => setWhen('now')} label="Post now" hint="As soon as you press the button." />
                <Choice name="when" checked={when === 'schedule'} onChange={() => setWhen('schedule')} label="Schedule" hint="At a time you choose, in your time zone." />
              </div>
              {when === 'schedule' && (
                <div className="composer__schedule">
                  <input
                    id={ids.when}
                    type="datetime-local"
                    className="input composer__datetime"
                    aria-label="Date and time to post"
                    value={scheduleValue}
                    min={toLocalInputValue(new Date())}
                    step={60}
                    onChange={(e) => {
                      setScheduleValue(e.target.value);
                      setSubmitError(null);
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
            </Group>
          )}
        </div>
      </div>
      {discarding && (
        <ConfirmDialog
          title="Discard this post?"
          confirmLabel="Discard"
          cancelLabel="Keep editing"
          onConfirm={onClose}
          onCancel={() => setDiscarding(false)}
        >
          <p>{videos ? 'The captions and the choices you made here are not kept. The videos stay in your library.' : 'The caption and the choices you made here are not kept. The render stays in your library.'}</p>
        </ConfirmDialog>
      )}
    </Dialog>
  );
}

function Group({ title, labelFor, children }: { title: string; labelFor?: string; children: ReactNode }) {
  const id = useId();
  // A field's own label names it; a group of controls is named by its heading.
  return labelFor ? (
    <div className="composer__group">
      <label htmlFor={labelFor} className="composer__group-title">
        {title}
      </label>
      {children}
    </div>
  ) : (
    <div className="composer__group" role="group" aria-labelledby={id}>
      <h3 id={id} className="composer__group-title">
        {title}
      </h3>
      {children}
    </div>
  );
}

function Choice(props: { name: string; checked: boolean; disabled?: boolean; onChange: () => void; label: string; hint: string }) {
  const id = useId();
  return (
    <label className={props.disabled ? 'composer-choice composer-choice--disabled' : 'composer-choice'}>
      <input type="radio" name={props.name} checked={props.checked} disabled={props.disabled} onChange={props.onChange} aria-describedby={`${id}-hint`} />
      <span className="composer-choice__text">
        <span className="composer-choice__label">{props.label}</span>
        <span id={`${id}-hint`} className="composer-choice__hint">
          {props.hint}
        </span>
      </span>
    </label>
  );
}

function Check(props: { label: string; hint: string | null; checked: boolean; disabled?: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <label className={props.disabled ? 'composer-check composer-check--disabled' : 'composer-check'} title={props.disabled ? (props.hint ?? undefined) : undefined}>
      <input
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <span className="composer-check__text">
        <span className="composer-check__label">{props.label}</span>
        {props.hint && (
          <span id={`${id}-hint`} className="composer-check__hint">
            {props.hint}
          </span>
        )}
      </span>
    </label>
  );
}

function Interaction({ view, onChange }: { view: InteractionView; onChange: (checked: boolean) => void }) {
  return <Check label={view.label} hint={view.hint} checked={view.checked} disabled={view.disabled} onChange={onChange} />;
}
