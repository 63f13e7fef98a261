// Activity: the audit log, newest first, searchable, growing live as things happen, with
// older pages fetched on request rather than all at once.
import { useEffect } from 'react';
import type { ActivityEntry } from '../../../src-shared/domain';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { SectionPage } from '../components/SectionPage';
import { Time } from '../components/Time';
import { useActivity } from '../stores/activity-store';
import './ActivitySection.css';

export function ActivitySection() {
  const query = useActivity((s) => s.query);
  const setQuery = useActivity((s) => s.setQuery);
  const reload = useActivity((s) => s.reload);
  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <SectionPage
      section="activity"
      actions={
        <div className="field activity-search">
          <Icon name="search" className="field__icon" />
          <input
            type="search"
            className="input"
            aria-label="Search activity"
            placeholder="Search activity"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
      }
    >
      <ActivityBody />
    </SectionPage>
  );
}

function ActivityBody() {
  const { entries, query, status, loadingOlder, hasMore, error, reload, loadOlder } = useActivity();
  const trimmed = query.trim();
  return (
    <>
      {error && (
        <Alert title="Could not load activity" action={{ label: 'Try again', onClick: () => void reload() }}>
          {error}
        </Alert>
      )}
      {status === 'ready' && entries.length === 0 && !error && (
        <EmptyState icon={trimmed ? 'search' : 'activity'} title={trimmed ? 'No matching activity' : 'No activity yet'} compact>
          <p>{trimmed ? `Nothing in the log mentions “${trimmed}”.` : 'Changes made here, from the CLI or by the scheduler appear here.'}</p>
        </EmptyState>
      )}
      {entries.length > 0 && (
        <ol className="activity" aria-label="Activity" aria-busy={status === 'loading' || undefined}>
          {entries.map((entry) => (
            <ActivityRow key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
      {hasMore && entries.length > 0 && (
        <div className="activity__more">
          <button type="button" className="button" onClick={() => void loadOlder()} disabled={loadingOlder}>
            {loadingOlder && <span className="spinner" aria-hidden="true" />}
            Load older
          </button>
        </div>
      )}
    </>
  );
}

function ActivityRow({ entry }: { entry: ActivityEntry }) {
  return (
    <li className="activity__row">
      <span className="activity__time">
        <Time iso={entry.at} seconds />
      </span>
      <div className="activity__main">
        <p className="activity__line">
          <span className="activity__actor">{entry.actor}</span>
          <span className="activity__action">{entry.action}</span>
          {entry.subject && <span className="activity__subject">{entry.subject}</span>}
        </p>
        {entry.detail && <p className="activity__detail">{entry.detail}</p>}
      </div>
    </li>
  );
}
