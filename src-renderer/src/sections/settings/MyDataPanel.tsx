// Settings → My data: what Clipdesk keeps on this computer, where, and how much (data.summary),
// what is stored encrypted (names only, never values), exporting everything as one zip, and
// deleting everything.
import { useCallback, useEffect, useId, useState } from 'react';
import type { CommandResult } from '../../../../src-shared/contract';
import type { DataSummary } from '../../../../src-shared/data/data-summary';
import { AppError } from '../../../../src-shared/errors';
import { EXPORT_PATH } from '../../../../src-shared/protocol';
import { api, transport } from '../../api';
import { Alert } from '../../components/Alert';
import { CopyField } from '../../components/CopyField';
import { Loaded } from '../../components/Loaded';
import { Panel } from '../../components/Panel';
import { errorMessage } from '../../lib/error-message';
import { countWords, sizeWords } from '../../lib/schedule-ui';
import { toast } from '../../stores/toast-store';
import { DeleteEverythingDialog } from './DeleteEverythingDialog';

export function MyDataPanel() {
  const [summary, setSummary] = useState<DataSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setSummary(await api.call('data.summary', {}));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Panel
      title="My data"
      icon="folder"
      anchor="my-data"
      description="Everything Clipdesk keeps stays on this computer. This is what it is, where it is, and how much."
      actions={
        <button type="button" className="button button--ghost" onClick={() => void load()} disabled={loading} aria-label="Refresh data summary">
          {loading && <span className="spinner" aria-hidden="true" />}
          Refresh
        </button>
      }
    >
      <Loaded value={summary} error={error} what="what Clipdesk stores" onRetry={() => void load()}>
        {(kept) => (
          <>
            <ul className="data-items" aria-label="What Clipdesk stores">
              {kept.items.map((item) => {
                const count = countWords(item.count);
                return (
                  <li key={item.id} className="data-item" aria-label={item.label}>
                    <div className="data-item__head">
                      <span className="data-item__label">{item.label}</span>
                      <span className="data-item__facts">
                        {count && <>{count} · </>}
                        {sizeWords(item.bytes)}
                      </span>
                    </div>
                    <p className="setting-row__description">{item.description}</p>
                    <CopyField value={item.path} label={`Location of ${item.label.toLowerCase()}`} />
                  </li>
                );
              })}
            </ul>
            <div className="data-secrets">
              <p className="setting-row__label">Stored encrypted</p>
              <p className="setting-row__description">
                With {kept.secrets.backend}.{' '}
                {kept.secrets.names.length
                  ? 'These are kept encrypted (their values are never shown or exported):'
                  : 'No secrets are stored yet.'}
              </p>
              {kept.secrets.names.length > 0 && (
                <ul className="data-secrets__names" aria-label="Secrets stored encrypted">
                  {kept.secrets.names.map((name) => (
                    <li key={name}>
                      <code>{name}</code>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </>
        )}
      </Loaded>
      <ExportForm />
      <DeleteEverything />
    </Panel>
  );
}

function DeleteEverything() {
  const [open, setOpen] = useState(false);
  return (
    <div className="data-delete">
      <div>
        <p className="setting-row__label">Delete everything</p>
        <p className="setting-row__description">
          Revokes Clipdesk’s access to your TikTok accounts, unpairs Telegram and empties the data folder. The next window lists exactly what
          goes and what stays. From a terminal: <code>clipdesk delete-everything</code>.
        </p>
      </div>
      <button type="button" className="button button--danger" onClick={() => setOpen(true)}>
        Delete everything…
      </button>
      {open && <DeleteEverythingDialog onClose={() => setOpen(false)} />}
    </div>
  );
}

/**
 * Export everything. In the desktop app the main process asks where with its save dialog; in a
 * browser the zip is a download (the host may be another machine, and a browser session never
 * names a path of it), with the browser's own progress and place to save.
 */
/** The host's download of the export (a browser session's only way to it). */
function exportDownloadUrl(includeMedia: boolean): string {
  return `${EXPORT_PATH}?media=${includeMedia ? '1' : '0'}`;
}

function ExportForm() {
  const helpId = useId();
  const [includeMedia, setIncludeMedia] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<CommandResult<'data.export'> | null>(null);

  const saveWithDialog = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await api.call('data.export', { includeMedia });
      setDone(result);
      toast({ tone: 'success', title: 'Exported', body: `${result.path} (${sizeWords(result.bytes)})` });
    } catch (err) {
      // Closing the save dialog is a choice, not a failure.
      if (!(err instanceof AppError && err.code === 'CANCELLED')) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="data-export" role="group" aria-label="Export everything">
      <p className="setting-row__label">Export everything</p>
      <p id={helpId} className="setting-row__description">
        One zip of documented JSON: your posts, their history, the activity log, settings (never secrets) and a list of your media — with the
        videos themselves if you include them. From a terminal: <code>clipdesk export OUT.zip [--media] [--force]</code>.
      </p>
      <div className="data-export__row">
        <label className="checkbox">
          <input type="checkbox" checked={includeMedia} onChange={(e) => setIncludeMedia(e.target.checked)} />
          <span>Include media</span>
        </label>
        {transport === 'ipc' ? (
          <button type="button" className="button" disabled={busy} aria-describedby={helpId} onClick={() => void saveWithDialog()}>
            {busy && <span className="spinner" aria-hidden="true" />}
            Export…
          </button>
        ) : (
          <a className="button" href={exportDownloadUrl(includeMedia)} download aria-describedby={helpId}>
            Download export
          </a>
        )}
      </div>
      {error && (
        <Alert title="Could not export" onDismiss={() => setError(null)}>
          {error}
        </Alert>
      )}
      {done && (
        <p className="data-export__done" role="status">
          Wrote {done.entries} files ({sizeWords(done.bytes)}) to {done.path}.
        </p>
      )}
    </div>
  );
}
