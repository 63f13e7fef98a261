// The Approvals section's body: posts waiting for a go-ahead first (oldest first, each a card
// with everything needed to decide and the actions), then recent decisions. Live: a decision
// made on Telegram arrives as approvals.changed and moves the card at once.
import { useEffect } from 'react';
import { Alert } from '../../components/Alert';
import { CapabilityNotice, unbuilt } from '../../components/CapabilityNotice';
import { EmptyState } from '../../components/EmptyState';
import { useApp } from '../../stores/app-store';
import { useApprovalList, useApprovals } from '../../stores/approvals-store';
import { useSettings } from '../../stores/settings-store';
import { PostsView } from '../PostsView';
import { ApprovalCard, DecidedRow } from './ApprovalCard';
import './approvals.css';

const CAPABILITIES = ['approvals', 'telegram'] as const;

export function ApprovalsView() {
  const capabilities = useApp((s) => s.capabilities);
  if (!capabilities) return null;
  // Until approvals are built there are no approval records: show the posts in that state.
  if (unbuilt(capabilities, ['approvals']).length > 0) {
    return (
      <PostsView
        view="approvals"
        capabilities={CAPABILITIES}
        icon="approvals"
        listLabel="Posts waiting for approval"
        emptyTitle="Nothing is waiting for approval"
        emptyText="Posts you send for approval appear here until you, or Telegram, answer."
      />
    );
  }
  return (
    <>
      <CapabilityNotice ids={CAPABILITIES} />
      <ApprovalsBody />
    </>
  );
}

function ApprovalsBody() {
  const approvals = useApprovalList();
  const status = useApprovals((s) => s.status);
  const error = useApprovals((s) => s.error);
  const load = useApprovals((s) => s.load);
  const rule = useSettings((s) => s.settings?.noAnswerRule ?? null);
  useEffect(() => {
    void load();
  }, [load]);

  const pending = approvals.filter((a) => a.status === 'pending');
  const decided = approvals.filter((a) => a.status !== 'pending');

  return (
    <>
      {error && (
        <Alert title="Could not load approvals" action={{ label: 'Try again', onClick: () => void load() }}>
          {error}
        </Alert>
      )}
      {status !== 'ready' && !error && <p className="muted">Loading…</p>}
      {status === 'ready' && !error && approvals.length === 0 && (
        <EmptyState icon="approvals" title="Nothing is waiting for approval">
          <p>
            Posts wait here for your go-ahead when <a href="#/settings/approval-rules">Require approval</a> is on in Settings. Pair your phone in{' '}
            <a href="#/settings/telegram">Settings → Telegram</a> to approve them from Telegram too.
          </p>
        </EmptyState>
      )}
      {status === 'ready' && approvals.length > 0 && (
        <>
          <section className="approvals-group" aria-labelledby="approvals-waiting">
            <h2 id="approvals-waiting" className="approvals-group__title">
              Waiting for approval <span className="approvals-group__count">{pending.length}</span>
            </h2>
            {pending.length > 0 ? (
              <ul className="approval-cards" aria-label="Posts waiting for approval">
                {pending.map((a) => (
                  <ApprovalCard key={a.id} approval={a} rule={rule} />
                ))}
              </ul>
            ) : (
              <p className="muted">Nothing is waiting: every request has been answered.</p>
            )}
          </section>
          {decided.length > 0 && (
            <section className="approvals-group" aria-labelledby="approvals-decided">
              <h2 id="approvals-decided" className="approvals-group__title">
                Recently decided
              </h2>
              <ul className="decided-list" aria-label="Recently decided">
                {decided.map((a) => (
                  <DecidedRow key={a.id} approval={a} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </>
  );
}
