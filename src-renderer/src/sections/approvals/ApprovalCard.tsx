// One post waiting for approval: the video, where and when it goes, its caption and privacy,
// what the no-answer rule will do, how the request reached each approver — and the decision,
// a new time or a new caption. A decided one is a single row saying who decided and when.
import { useId, useState, type FormEvent } from 'react';
import type { Approval } from '../../../../src-shared/posts/approval';
import { isApprovalHeld } from '../../../../src-shared/posts/missed-post';
import type { NoAnswerRule } from '../../../../src-shared/settings';
import { PRIVACY_LABELS } from '../../../../src-shared/tiktok/composer-rules';
import { ClipThumbnail } from '../../components/ClipThumbnail';
import { ConfirmDialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { RescheduleForm } from '../../components/RescheduleForm';
import { Time } from '../../components/Time';
import { captionCount, deadlineWords, decisionWords, deliveryWords } from '../../lib/approval-words';
import { formatTime } from '../../lib/format-time';
import { postName } from '../../lib/publish-progress';
import { useApprovals } from '../../stores/approvals-store';
import { toast } from '../../stores/toast-store';
import '../../components/StateBadge.css';

type Editing = 'reschedule' | 'caption' | null;

export function ApprovalCard({ approval, rule }: { approval: Approval; rule: NoAnswerRule | null }) {
  const busy = useApprovals((s) => s.busy.has(approval.postId));
  const decide = useApprovals((s) => s.decide);
  const reschedule = useApprovals((s) => s.reschedule);
  const [confirmReject, setConfirmReject] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const titleId = useId();
  const { post } = approval;
  const name = postName(approval.post);
  const held = isApprovalHeld(post);
  const tiktok = post.tiktok;

  const approve = async (): Promise<void> => {
    if (await decide(approval.postId, 'approve')) {
      toast({ tone: 'success', title: `Approved ${name}`, body: held || !post.scheduledAt ? 'It is being published now.' : 'It will be published at its time.' });
    }
  };

  return (
    <li className={held ? 'approval-card approval-card--held' : 'approval-card'} aria-labelledby={titleId}>
      <div className="approval-card__top">
        <ClipThumbnail clipId={post.clipId} version={post.updatedAt} className="approval-card__thumb" />
        <div className="approval-card__main">
          <p className="approval-card__title" id={titleId}>
            <span className="approval-card__file">{name}</span>
            {post.accountName && <span className="muted">to {post.accountName}</span>}
            {held ? (
              <span className="state-badge state-badge--danger">Held — nobody answered in time</span>
            ) : (
              <span className="state-badge state-badge--warning">Waiting for approval</span>
            )}
          </p>
          <p className="approval-card__when">
            {post.scheduledAt ? (
              <>
                Scheduled for <Time iso={post.scheduledAt} withDate />
              </>
            ) : (
              'Set to go now'
            )}
            {tiktok && (
              <>
                {' · '}
                {tiktok.mode === 'inbox' ? 'Inbox draft (you finish it in TikTok)' : `Direct post · ${tiktok.privacy ? `Who can see it: ${PRIVACY_LABELS[tiktok.privacy]}` : 'No privacy chosen'}`}
              </>
            )}
          </p>
          <p className={held ? 'approval-card__deadline approval-card__deadline--held' : 'approval-card__deadline'}>
            <Icon name={held ? 'warning' : 'info'} size={14} />
            <span>{deadlineWords(approval, rule)}</span>
          </p>
        </div>
      </div>

      {editing === 'caption' ? (
        <CaptionEditor approval={approval} onDone={() => setEditing(null)} />
      ) : (
        <p className={post.caption ? 'approval-card__caption' : 'approval-card__caption approval-card__caption--empty'}>{post.caption || 'No caption'}</p>
      )}
      {editing === 'reschedule' && (
        <RescheduleForm
          scheduledAt={approval.post.scheduledAt}
          save={(iso) => reschedule(approval.postId, iso)}
          busy={busy}
          savedNote="It still needs an approval before it is published."
          onDone={() => setEditing(null)}
          classes={{ form: 'approval-card__edit', label: 'setting-row__label', row: 'approval-card__edit-row', problem: 'approval-card__problem' }}
        />
      )}

      <Deliveries approval={approval} />

      {editing === null && (
        <div className="approval-card__actions">
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void approve()} aria-label={`${held ? 'Approve and publish now' : 'Approve'} — ${name}`}>
            {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="check" size={14} />}
            {held ? 'Approve and publish now' : 'Approve'}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => setConfirmReject(true)} aria-label={`Reject — ${name}`}>
            <Icon name="cross" size={14} />
            Reject
          </button>
          <button type="button" className="button button--ghost" disabled={busy} onClick={() => setEditing('reschedule')} aria-label={`Reschedule — ${name}`}>
            Reschedule
          </button>
          <button type="button" className="button button--ghost" disabled={busy} onClick={() => setEditing('caption')} aria-label={`Edit caption — ${name}`}>
            Edit caption
          </button>
        </div>
      )}

      {confirmReject && (
        <ConfirmDialog
          title={`Reject ${name}?`}
          confirmLabel="Reject post"
          busy={busy}
          onConfirm={() =>
            void decide(approval.postId, 'reject').then((ok) => {
              setConfirmReject(false);
              if (ok) toast({ tone: 'info', title: `Rejected ${name}`, body: 'It will not be published.' });
            })
          }
          onCancel={() => setConfirmReject(false)}
        >
          <p>
            {name} will not be posted{post.accountName ? ` to ${post.accountName}` : ''}. Approvers on Telegram see that it was rejected.
          </p>
          <p className="muted">The render stays in your library: you can post it again from there.</p>
        </ConfirmDialog>
      )}
    </li>
  );
}

function Deliveries({ approval }: { approval: Approval }) {
  const headingId = useId();
  if (approval.deliveries.length === 0) {
    return <p className="approval-card__deliveries-none muted">Not sent to Telegram: no approver is paired. Decide here.</p>;
  }
  return (
    <div className="approval-card__deliveries">
      <p id={headingId} className="approval-card__deliveries-title">
        On Telegram
      </p>
      <ul className="deliveries" aria-labelledby={headingId}>
        {approval.deliveries.map((d) => {
          const words = deliveryWords(d);
          return (
            <li key={d.approverId} className={`delivery delivery--${words.tone}`}>
              <span className="delivery__who">{d.approverName}</span>
              <span className="delivery__state">{words.label}</span>
              {words.preview && <span className="delivery__preview">preview</span>}
              {words.detail && <span className="delivery__detail">{words.detail}</span>}
              {words.preview && <span className="visually-hidden">: {words.preview}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}


function CaptionEditor({ approval, onDone }: { approval: Approval; onDone: () => void }) {
  const editCaption = useApprovals((s) => s.editCaption);
  const busy = useApprovals((s) => s.busy.has(approval.postId));
  const inputId = useId();
  const counterId = useId();
  const [caption, setCaption] = useState(approval.post.caption);
  const count = captionCount(caption);
  const changed = caption !== approval.post.caption;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (count.over || !changed) return;
    if (await editCaption(approval.postId, caption)) {
      onDone();
      toast({ tone: 'success', title: 'Caption changed', body: 'Approvers on Telegram see the new caption.' });
    }
  };

  return (
    <form className="approval-card__edit" onSubmit={(e) => void submit(e)}>
      <label htmlFor={inputId} className="setting-row__label">
        Caption
      </label>
      <textarea
        id={inputId}
        className="input approval-card__textarea"
        rows={4}
        value={caption}
        autoFocus
        aria-describedby={counterId}
        aria-invalid={count.over || undefined}
        onChange={(e) => setCaption(e.target.value)}
      />
      <p id={counterId} className={count.over ? 'approval-card__counter approval-card__counter--over' : 'approval-card__counter'} aria-live="polite">
        <span className="visually-hidden">Caption length: </span>
        {count.text}
        {count.problem && <span className="approval-card__counter-problem">{count.problem}</span>}
      </p>
      <div className="approval-card__edit-row">
        <button type="submit" className="button button--primary" disabled={busy || count.over || !changed}>
          {busy && <span className="spinner" aria-hidden="true" />}
          Save caption
        </button>
        <button type="button" className="button button--ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function DecidedRow({ approval }: { approval: Approval }) {
  const name = postName(approval.post);
  const words = approval.decision ? decisionWords(approval.decision) : { text: 'Decided', tone: 'neutral' as const };
  return (
    <li className="decided" aria-label={`${name}: ${words.text}`}>
      <span className={`state-badge state-badge--${words.tone}`}>{approval.decision ? approval.decision.status.replace(/^./, (c) => c.toUpperCase()) : 'Decided'}</span>
      <div className="decided__main">
        <p className="decided__title">
          <span className="approval-card__file">{name}</span>
          {approval.post.accountName && <span className="muted">to {approval.post.accountName}</span>}
        </p>
        <p className="decided__by">
          <span title={approval.decision ? formatTime(approval.decision.at).full : undefined}>{words.text}</span>
          {approval.post.scheduledAt && (
            <>
              {' · for '}
              <Time iso={approval.post.scheduledAt} withDate />
            </>
          )}
        </p>
      </div>
    </li>
  );
}
