// Settings → My data → Delete everything: names what will be lost and what stays (from the
// core's count, not a guess), asks for the phrase, and works. The Delete button is live only once
// the phrase is typed; while TikTok has a post it stays off and says why. When it is done the
// whole window turns into the "Everything is deleted" screen (the app store's `deleted`).
import { useEffect, useId, useState } from 'react';
import {
  atTikTokProblem,
  DELETE_EVERYTHING_PHRASE,
  isDeletePhrase,
  whatStays,
  whatWillBeLost,
  type DeletePreview,
} from '../../../../src-shared/data/delete-everything';
import { api } from '../../api';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { errorMessage } from '../../lib/error-message';
import { useApp } from '../../stores/app-store';

export function DeleteEverythingDialog({ onClose }: { onClose: () => void }) {
  const phraseId = useId();
  const [preview, setPreview] = useState<DeletePreview | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const deleteEverything = useApp((s) => s.deleteEverything);

  useEffect(() => {
    let live = true;
    api.call('data.deletePreview', {}).then(
      (p) => live && setPreview(p),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, []);

  const blocked = preview ? atTikTokProblem(preview.atTikTok) : null;
  const ready = preview !== null && blocked === null && isDeletePhrase(typed) && !busy;

  const remove = async (): Promise<void> => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      await deleteEverything(typed);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Delete everything"
      subtitle="This cannot be undone. Export first if you may want any of it."
      role="alertdialog"
      size="large"
      // Once it has begun it runs to the end: closing the dialog would only hide it.
      onClose={() => !busy && onClose()}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy} data-autofocus>
            Keep everything
          </button>
          <button type="button" className="button button--danger" onClick={() => void remove()} disabled={!ready}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {busy ? 'Deleting…' : 'Delete everything'}
          </button>
        </>
      }
    >
      {!preview && !error && (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> Counting what Clipdesk keeps…
        </p>
      )}
      {preview && (
        <form
          className="delete-everything"
          onSubmit={(e) => {
            e.preventDefault();
            void remove();
          }}
        >
          <section aria-labelledby={`${phraseId}-lost`}>
            <h3 id={`${phraseId}-lost`} className="delete-everything__heading">
              Deleted from {preview.dataDir}
            </h3>
            <ul className="delete-everything__list">
              {whatWillBeLost(preview).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </section>
          <section aria-labelledby={`${phraseId}-kept`}>
            <h3 id={`${phraseId}-kept`} className="delete-everything__heading">
              Stays
            </h3>
            <ul className="delete-everything__list">
              {whatStays(preview).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </section>
          {blocked ? (
            <Alert title="Not now">{blocked}</Alert>
          ) : (
            <label className="delete-everything__confirm" htmlFor={phraseId}>
              <span>
                Type <strong>{DELETE_EVERYTHING_PHRASE}</strong> to confirm
              </span>
              <input
                id={phraseId}
                className="input"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                disabled={busy}
                autoComplete="off"
                spellCheck={false}
              />
            </label>
          )}
          {busy && (
            <p role="status" className="delete-everything__progress">
              Revoking access at TikTok, unpairing Telegram and deleting what Clipdesk keeps in the data folder…
            </p>
          )}
        </form>
      )}
      {error && <Alert title="Could not delete everything">{error}</Alert>}
    </Dialog>
  );
}
