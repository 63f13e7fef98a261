// Activity: the audit log, newest first, searchable and filtered (what kind, who, when),
// growing live as things happen, with older pages fetched on request rather than all at once,
// and exported as CSV with the same filters.
import { useCallback, useEffect, useId } from 'react';
import type { ActivityEntry } from '../../../src-shared/domain';
import { Alert } from '../components/Alert';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { ProgressBar } from '../components/ProgressBar';
import { useVirtualList } from '../lib/use-virtual-list';
import { SectionPage } from '../components/SectionPage';
import { Time } from '../components/Time';
import { ACTION_FAMILIES, ACTOR_FILTERS, csvFileName, hasFilters, type ActorFilter } from '../lib/schedule-ui';
import { useActivity } from '../stores/activity-store';
import { toast } from '../stores/toast-store';
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
        <div className="activity-actions">
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
          <ExportCsvButton />
        </div>
      }
    >
      <ActivityFilterBar />
      <ActivityBody />
    </SectionPage>
  );
}

/** Saves text as a file: a Blob and a temporary <a download> (the same in Electron and a browser). */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function ExportCsvButton() {
  const exporting = useActivity((s) => s.exporting);
  const exportCsv = useActivity((s) => s.exportCsv);
  const onClick = async (): Promise<void> => {
    const result = await exportCsv();
    if (!result) return;
    const name = csvFileName(new Date());
    download(result.csv, name);
    toast({ tone: 'success', title: 'Activity exported', body: `${result.rows} ${result.rows === 1 ? 'entry' : 'entries'} in ${name}` });
  };
  return (
    <button type="button" className="button" onClick={() => void onClick()} disabled={exporting}>
      {exporting ? <span className="spinner" aria-hidden="true" /> : <Icon name="upload" size={14} />}
      Export CSV
    </button>
  );
}

function ActivityFilterBar() {
  const { families, actor, from, to, toggleFamily, setActor, setRange, clearFilters } = useActivity();
  const filtering = useActivity((s) => hasFilters(s));
  const actorId = useId();
  const fromId = useId();
  const toId = useId();
  return (
    <div className="activity-filters" role="group" aria-label="Filter activity">
      <div className="activity-filters__chips" role="group" aria-label="Kinds of activity">
        {ACTION_FAMILIES.map((f) => (
          <button
            key={f.id}
            type="button"
            className="activity-chip"
            aria-pressed={families.includes(f.id)}
            onClick={() => toggleFamily(f.id)}
          >
            {f.label}
          </button>
        ))}
      </div>
      <div className="activity-filters__row">
        <label htmlFor={actorId} className="activity-filters__label">
          Who
        </label>
        <select id={actorId} className="input select" value={actor ?? ''} onChange={(e) => setActor((e.target.value || null) as ActorFilter | null)}>
          <option value="">Anyone</option>
          {ACTOR_FILTERS.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
        <label htmlFor={fromId} className="activity-filters__label">
          From
        </label>
        <input id={fromId} type="date" className="input" value={from} max={to || undefined} onChange={(e) => setRange({ from: e.target.value })} />
        <label htmlFor={toId} className="activity-filters__label">
          To
        </label>
        <input id={toId} type="date" className="input" value={to} min={from || undefined} onChange={(e) => setRange({ to: e.target.value })} />
        {filtering && (
          <button type="button" className="button button--ghost" onClick={clearFilters}>
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}

function ActivityBody() {
  const { entries, query, status, loadingOlder, hasMore, total, error, reload, loadOlder } = useActivity();
  const filtering = useActivity((s) => hasFilters(s));
  const others = useActivity((s) => s.families.length > 0 || s.actor !== null || s.from !== '' || s.to !== '');
  const trimmed = query.trim();
  return (
    <>
      {error && (
        <Alert title="Could not load activity" action={{ label: 'Try again', onClick: () => void reload() }}>
          {error}
        </Alert>
      )}
      {status === 'ready' && entries.length === 0 && !error && (
        <EmptyState icon={filtering ? 'search' : 'activity'} title={filtering ? 'No matching activity' : 'No activity yet'} compact>
          <p>
            {trimmed
              ? `Nothing in the log mentions “${trimmed}”${others ? ' with these filters' : ''}.`
              : filtering
                ? 'Nothing in the log matches these filters.'
                : 'Changes made here, from the CLI or by the scheduler appear here.'}
          </p>
        </EmptyState>
      )}
      {status !== 'idle' && (
        <p className="activity__count" role="status" aria-live="polite">
          {status === 'loading' && entries.length === 0 ? 'Loading activity…' : `${count.format(total)} ${total === 1 ? 'entry' : 'entries'}${filtering ? ' match' : ''}`}
        </p>
      )}
      {status === 'loading' && entries.length === 0 && <ProgressBar label="Loading activity" fraction={null} />}
      {entries.length > 0 && <ActivityList entries={entries} total={total} busy={status === 'loading'} onNearEnd={loadOlder} />}
      {hasMore && entries.length > 0 && (
        <div className="activity__more">
          {loadingOlder && (
            <ProgressBar label="Loading older activity" fraction={total ? Math.min(1, entries.length / total) : null} valueText={`${count.format(entries.length)} of ${count.format(total)}`} />
          )}
          <button type="button" className="button" onClick={() => void loadOlder()} disabled={loadingOlder}>
            {loadingOlder && <span className="spinner" aria-hidden="true" />}
            Load older
          </button>
        </div>
      )}
    </>
  );
}

const count = new Intl.NumberFormat();

/** The entries, windowed (lib/use-virtual-list.ts); nearing the end pages in older ones. */
function ActivityList({ entries, total, busy, onNearEnd }: { entries: readonly ActivityEntry[]; total: number; busy: boolean; onNearEnd: () => Promise<void> }) {
  const nearEnd = useCallback(() => void onNearEnd(), [onNearEnd]);
  const filters = useActivity((s) => `${s.query}|${s.families.join()}|${s.actor ?? ''}|${s.from}|${s.to}`);
  const list = useVirtualList({ count: entries.length, estimateSize: 58, getKey: (i) => entries[i]?.id ?? i, onNearEnd: nearEnd, resetKey: filters });
  const setSize = Math.max(total, entries.length);
  return (
    <ol className="activity" aria-label="Activity" aria-busy={busy || undefined} ref={list.ref} style={{ paddingTop: list.paddingTop, paddingBottom: list.paddingBottom }}>
      {list.indices.map((i) => {
        const entry = entries[i]!;
        return <ActivityRow key={entry.id} entry={entry} index={i} setSize={setSize} measure={list.measure} />;
      })}
    </ol>
  );
}

function ActivityRow({ entry, index, setSize, measure }: { entry: ActivityEntry; index: number; setSize: number; measure: (el: Element | null) => void }) {
  return (
    <li className="activity__row" ref={measure} data-index={index} aria-posinset={index + 1} aria-setsize={setSize}>
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
