// A list of posts for the Queue, Approvals and History sections: the video and the account it
// goes to, the caption, where the post is on its journey, the time that matters for it, and —
// once it is on its way to TikTok — the publish progress: the upload's percentage, TikTok's
// processing, the published link, or what went wrong with the one action that helps — and,
// for a post that needed a go-ahead, where its approval stands. A post held because it missed its
// time (Clipdesk was closed or asleep) says so and offers Publish now and Reschedule. A post
// TikTok has whose result Clipdesk cannot learn offers the creator's own word: open the TikTok
// profile, then Mark published or Mark failed (settle.ts says when).
import type { SettleOutcome } from '../../../src-shared/posts/settle';
import { useState } from 'react';
import type { PostSummary } from '../../../src-shared/domain';
import { isApprovalHeld, isHeldMissed } from '../../../src-shared/posts/missed-post';
import { isFinished } from '../../../src-shared/posts/post-actions';
import { postApprovalBadge } from '../lib/approval-words';
import { canCancel, canRetry, captionExcerpt, postName, progressLine, rowTime, settleOffer, waitsForAccount } from '../lib/publish-progress';
import { useNow } from '../lib/use-now';
import { useVirtualList } from '../lib/use-virtual-list';
import { canReschedule, rescheduledNote } from '../lib/schedule-ui';
import { usePosts } from '../stores/posts-store';
import { toast } from '../stores/toast-store';
import { ClipThumbnail } from './ClipThumbnail';
import { ConfirmDialog } from './Dialog';
import { Icon } from './Icon';
import { PostTimeline } from './PostTimeline';
import { ProgressBar } from './ProgressBar';
import { RescheduleForm } from './RescheduleForm';
import { StateBadge } from './StateBadge';
import { Time } from './Time';
import './PostList.css';

/**
 * The posts, windowed (lib/use-virtual-list.ts): however many the view has paged in, only those
 * in view are in the page. `total` is how many match in all (each row says its place in it);
 * `onNearEnd` pages in more.
 */
export function PostList({ posts, label, total, onNearEnd, resetKey }: { posts: readonly PostSummary[]; label: string; total?: number; onNearEnd?: () => void; resetKey?: unknown }) {
  const list = useVirtualList({ count: posts.length, estimateSize: 92, getKey: (i) => posts[i]?.id ?? i, resetKey, ...(onNearEnd ? { onNearEnd } : {}) });
  const setSize = Math.max(total ?? posts.length, posts.length);
  return (
    <ul className="post-list" aria-label={label} ref={list.ref} style={{ paddingTop: list.paddingTop, paddingBottom: list.paddingBottom }}>
      {list.indices.map((i) => {
        const post = posts[i]!;
        return <PostItem key={post.id} post={post} row={{ index: i, setSize, measure: list.measure }} />;
      })}
    </ul>
  );
}

const FAILURE_LINKS: Partial<Record<string, { href: string; label: string }>> = {
  reconnect: { href: '#/accounts', label: 'Go to Accounts' },
  settings: { href: '#/settings/tiktok', label: 'Open Settings → TikTok' },
};

/** One post's row; the calendar shows it on its own, with the time picker already open. */
export function PostItem({
  post,
  startRescheduling = false,
  row,
}: {
  post: PostSummary;
  startRescheduling?: boolean;
  /** In a windowed list: its place, and the measuring of its height. */
  row?: { index: number; setSize: number; measure: (el: Element | null) => void };
}) {
  const busy = usePosts((s) => s.busy.has(post.id));
  const retry = usePosts((s) => s.retry);
  const cancel = usePosts((s) => s.cancel);
  const publishNow = usePosts((s) => s.publishNow);
  const reschedule = usePosts((s) => s.reschedule);
  const settle = usePosts((s) => s.settle);
  const now = useNow();
  const [confirming, setConfirming] = useState(false);
  const [settling, setSettling] = useState<SettleOutcome | null>(null);
  const [rescheduling, setRescheduling] = useState(startRescheduling);
  const [showHistory, setShowHistory] = useState(false);
  const finished = isFinished(post.state);
  const held = isHeldMissed(post);
  const line = progressLine(post);
  const time = rowTime(post);
  const name = postName(post);
  const caption = captionExcerpt(post.caption);
  const failureLink = post.publish?.failure ? FAILURE_LINKS[post.publish.failure.action] : waitsForAccount(post) ? FAILURE_LINKS.reconnect : undefined;
  const offer = settleOffer(post, now);
  const approval = postApprovalBadge(post);
  // The state badge already says "Waiting for approval"; a held one says more.
  const showApproval = approval !== null && !(post.state === 'awaiting_approval' && post.approval?.status === 'pending' && !isApprovalHeld(post));

  return (
    <li
      className="post-list__item"
      aria-label={`Post of ${name}`}
      {...(row ? { ref: row.measure, 'data-index': row.index, 'aria-posinset': row.index + 1, 'aria-setsize': row.setSize } : {})}
    >
      <div className="post-list__head">
        <ClipThumbnail clipId={post.clipId} version={post.updatedAt} className="post-list__thumb" />
        <div className="post-list__main">
          {post.fileName ? (
            <>
              <p className="post-list__title">
                <span className="post-list__file">{post.fileName}</span>
                {post.accountName && <span className="post-list__account">to {post.accountName}</span>}
                {post.tiktok?.mode === 'inbox' && <span className="post-list__tag">Inbox draft</span>}
              </p>
              <p className={caption ? 'post-list__excerpt' : 'post-list__excerpt post-list__caption--empty'}>{caption || 'No caption'}</p>
            </>
          ) : (
            <p className={caption ? 'post-list__caption' : 'post-list__caption post-list__caption--empty'}>{caption || 'No caption yet'}</p>
          )}
          <p className="post-list__meta">
            {time.words} <Time iso={time.iso} withDate={time.withDate} />
            {!post.fileName && post.accountName && <> · {post.accountName}</>}
          </p>
        </div>
        {approval && showApproval && (
          <a className={`state-badge state-badge--${approval.tone} post-list__approval`} href="#/approvals" title={approval.text}>
            {approval.text}
          </a>
        )}
        <StateBadge state={post.state} />
        {(canRetry(post) || canCancel(post) || canReschedule(post) || finished || offer) && (
          <div className="post-list__actions">
            {finished && (
              <button
                type="button"
                className="button button--ghost"
                aria-expanded={showHistory}
                onClick={() => setShowHistory((v) => !v)}
                aria-label={`History of ${name}`}
              >
                History
              </button>
            )}
            {held && (
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() =>
                  void publishNow(post.id).then((ok) => ok && toast({ tone: 'success', title: 'Publishing now', body: `${name} is on its way to TikTok.` }))
                }
                aria-label={`Publish now — post of ${name}`}
              >
                <Icon name="send" size={14} />
                Publish now
              </button>
            )}
            {canReschedule(post) && (
              <button
                type="button"
                className="button button--ghost"
                disabled={busy}
                aria-expanded={rescheduling}
                onClick={() => setRescheduling((r) => !r)}
                aria-label={`Reschedule post of ${name}`}
              >
                Reschedule
              </button>
            )}
            {canRetry(post) && (
              <button type="button" className="button" disabled={busy} onClick={() => void retry(post.id)} aria-label={`Retry post of ${name}`}>
                <Icon name="retry" size={14} />
                Retry
              </button>
            )}
            {canCancel(post) && (
              <button type="button" className="button button--ghost" disabled={busy} onClick={() => setConfirming(true)} aria-label={`Cancel post of ${name}`}>
                Cancel
              </button>
            )}
            {offer?.profileUrl && (
              <a className="button button--ghost" href={offer.profileUrl} target="_blank" rel="noreferrer" aria-label={`Open the TikTok profile of ${post.accountName ?? 'this account'}`}>
                Open TikTok profile
                <Icon name="external" size={13} />
              </a>
            )}
            {offer && (
              <>
                <button type="button" className="button" disabled={busy} onClick={() => setSettling('published')} aria-label={`Mark published — post of ${name}`}>
                  Mark published
                </button>
                <button type="button" className="button button--ghost" disabled={busy} onClick={() => setSettling('failed')} aria-label={`Mark failed — post of ${name}`}>
                  Mark failed
                </button>
              </>
            )}
          </div>
        )}
      </div>

      {line && (
        <div className={`post-progress post-progress--${held ? 'warning' : line.tone}`}>
          {line.bar && <ProgressBar label={line.bar.label} fraction={line.bar.fraction} valueText={line.bar.valueText} />}
          <p className="post-progress__text">
            {line.tone === 'success' && <Icon name="check" size={14} />}
            {(line.tone === 'danger' || held) && <Icon name="warning" size={14} />}
            <span>{line.text}</span>
            {line.postUrl && (
              <a className="post-progress__link" href={line.postUrl} target="_blank" rel="noreferrer">
                View on TikTok
                <Icon name="external" size={13} />
              </a>
            )}
            {failureLink && (
              <a className="post-progress__link" href={failureLink.href}>
                {failureLink.label}
              </a>
            )}
          </p>
          {line.note && <p className="post-progress__note">{line.note}</p>}
          {offer && <p className="post-progress__note">{offer.words}</p>}
        </div>
      )}

      {showHistory && <PostTimeline postId={post.id} name={name} />}

      {rescheduling && (
        <RescheduleForm
          scheduledAt={post.scheduledAt}
          save={(iso) => reschedule(post.id, iso)}
          busy={busy}
          savedNote={rescheduledNote(post, name)}
          onDone={() => setRescheduling(false)}
          label={`Reschedule post of ${name}`}
          classes={{ form: 'post-list__reschedule', label: 'post-list__reschedule-label', row: 'post-list__reschedule-row', problem: 'post-list__problem' }}
        />
      )}

      {settling && (
        <ConfirmDialog
          title={settling === 'published' ? 'Mark this post published?' : 'Mark this post failed?'}
          confirmLabel={settling === 'published' ? 'Mark published' : 'Mark failed'}
          cancelLabel="Not yet"
          busy={busy}
          onConfirm={() =>
            void settle(post.id, settling).then((ok) => {
              setSettling(null);
              if (ok) toast({ tone: 'success', title: `Marked ${settling}`, body: `${name}: the activity log records that you said so.` });
            })
          }
          onCancel={() => setSettling(null)}
        >
          <p>
            {settling === 'published'
              ? `Only if ${post.fileName ?? 'the video'} is on ${post.accountName ?? 'the account'}'s TikTok profile.`
              : `Only if ${post.fileName ?? 'the video'} is not on ${post.accountName ?? 'the account'}'s TikTok profile.`}{' '}
            Clipdesk cannot ask TikTok about it any more, so it goes by what you say.
          </p>
          <p className="muted">Either way Clipdesk never sends this video to TikTok again{settling === 'failed' ? '; post it anew from the library if you want it there' : ''}.</p>
        </ConfirmDialog>
      )}

      {confirming && (
        <ConfirmDialog
          title="Cancel this post?"
          confirmLabel="Cancel post"
          busy={busy}
          onConfirm={() => void cancel(post.id).then(() => setConfirming(false))}
          onCancel={() => setConfirming(false)}
        >
          <p>{post.fileName ? `${post.fileName} will not be posted${post.accountName ? ` to ${post.accountName}` : ''}.` : 'This post will not be published.'}</p>
          <p className="muted">The render stays in your library: you can post it again from there.</p>
        </ConfirmDialog>
      )}
    </li>
  );
}

