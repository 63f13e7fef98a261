// The frame both composers draw in, laid out in the order of TikTok's Content Sharing Guidelines
// (docs/platforms.md, TikTok §4, points 1–5): the preview (§4 5a), who receives the post (§4 1),
// how to post, the caption, who can see it, interactions, the disclosure, when — then the consent
// sentence and the processing notice right before the button (§4 2/4, 5d). Nothing is sent to
// TikTok before the creator presses it (§4 5c). The caller supplies the preview, the caption and
// the time, which are what differ between one post and a batch.
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { COMPOSER_TEXT } from '../../../../src-shared/tiktok/composer-rules';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { FieldGroup } from '../../components/FormField';
import { PostModeField, PostSettingsFields } from './TikTokFields';
import type { ComposerFormState } from './use-composer-form';
import './composer.css';

interface ComposerFrameProps {
  state: ComposerFormState;
  subtitle: string | undefined;
  batch: boolean;
  preview: ReactNode;
  /** Between how to post and the privacy (the single post's caption); a batch has one per video, in the preview. */
  caption?: ReactNode;
  when: ReactNode;
  /** What blocks posting beyond the shared rules (a time in the past, a plan not ready). */
  hint: string | null;
  canPost: boolean;
  postLabel: string;
  onPost(): void;
  /** Anything typed or chosen that closing would lose. */
  dirty: boolean;
  discardText: string;
  onClose(): void;
}

export function ComposerFrame(props: ComposerFrameProps) {
  const { state, onClose } = props;
  const { view, account, accounts, posting, submitError } = state;
  const [discarding, setDiscarding] = useState(false);
  const ids = { hint: useId(), consent: useId() };
  const blockedHint = state.accountHint ?? view.publishDisabledHint ?? props.hint;

  const requestClose = (): void => {
    if (posting) return;
    if (props.dirty) setDiscarding(true);
    else onClose();
  };

  const leaveFor = (href: string): void => {
    onClose();
    location.hash = href;
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    // Ctrl/Cmd+Enter posts, as the button would (and only when it would).
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (props.canPost) props.onPost();
    }
  };

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
        <span className="composer-post" title={props.canPost ? undefined : (blockedHint ?? undefined)}>
          <button
            type="button"
            className="button button--primary composer-post__button"
            disabled={!props.canPost}
            title={props.canPost ? undefined : (blockedHint ?? undefined)}
            aria-describedby={`${ids.consent}${blockedHint || submitError ? ` ${ids.hint}` : ''}`}
            onClick={props.onPost}
          >
            {posting && <span className="spinner" aria-hidden="true" />}
            {props.postLabel}
          </button>
        </span>
      </div>
    </div>
  );

  return (
    <Dialog title="Post to TikTok" subtitle={props.subtitle} size="large" onClose={requestClose} footer={footer}>
      <div className={props.batch ? 'composer composer--batch' : 'composer'} onKeyDown={onKeyDown}>
        {props.preview}

        <div className="composer__form">
          {/* §4 1: which account receives the post. */}
          <FieldGroup title="Account">
            {state.accountsError && accounts.length === 0 ? (
              <Alert title="Could not load your accounts" action={{ label: 'Try again', onClick: () => void state.loadAccounts() }}>
                {state.accountsError}
              </Alert>
            ) : state.noAccount ? (
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
                    onChange={(e) => state.chooseAccount(e.target.value)}
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
                {state.accountBlockers.map((b) => {
                  const creator = state.creatorStatus;
                  const cannot = b.code === 'creator_cannot_post' && creator && !creator.canPost ? creator : null;
                  return (
                    <Alert
                      key={b.code}
                      {...(cannot?.retryable
                        ? { action: { label: 'Try again', onClick: state.retryCreator } }
                        : b.code === 'scope_not_authorized' || cannot?.code === 'RECONNECT_NEEDED'
                          ? { action: { label: 'Go to Accounts', onClick: () => leaveFor('#/accounts') } }
                          : {})}
                    >
                      {b.message}
                    </Alert>
                  );
                })}
              </>
            ) : (
              <p className="muted">Loading your accounts…</p>
            )}
          </FieldGroup>

          <PostModeField form={state.form} patch={state.patch} inboxOff={state.inboxOff} />
          {props.caption}
          <PostSettingsFields view={view} patch={state.patch} />
          <FieldGroup title="When">{props.when}</FieldGroup>
        </div>
      </div>
      {discarding && (
        <ConfirmDialog title="Discard this post?" confirmLabel="Discard" cancelLabel="Keep editing" onConfirm={onClose} onCancel={() => setDiscarding(false)}>
          <p>{props.discardText}</p>
        </ConfirmDialog>
      )}
    </Dialog>
  );
}
