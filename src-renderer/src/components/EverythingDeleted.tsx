// The last screen after "delete everything": the whole window, since the core behind it has
// stopped. It says what was deleted, what TikTok and Telegram were told, and what is left for
// the creator to do; then how Clipdesk starts again (the desktop app on closing the window, the
// headless host when it is run again).
import { useId } from 'react';
import type { DeleteEverythingResult } from '../../../src-shared/data/delete-everything';
import type { RunMode } from '../../../src-shared/domain';
import { Icon } from './Icon';
import './EverythingDeleted.css';

export function EverythingDeleted({ result, mode }: { result: DeleteEverythingResult; mode: RunMode | null }) {
  const headingId = useId();
  const { telegram } = result;
  return (
    <main className="deleted" aria-labelledby={headingId}>
      <div className="deleted__card">
        <h1 id={headingId} className="deleted__title">
          Everything is deleted
        </h1>
        <p>
          {result.filesDeleted} {result.filesDeleted === 1 ? 'file was' : 'files were'} deleted from <code>{result.dataDir}</code>
          {result.notDeleted.length ? ', but not all of them (below).' : result.kept.length ? '; what is not Clipdesk’s is still there (below).' : '; the folder is empty.'}
        </p>

        <section aria-label="TikTok">
          <h2 className="deleted__heading">TikTok</h2>
          {result.tiktok.length ? (
            <ul className="deleted__list">
              {result.tiktok.map((t) => (
                <li key={t.account} className={t.revoked ? 'deleted__ok' : 'deleted__problem'}>
                  <Icon name={t.revoked ? 'check' : 'warning'} size={15} />
                  <span>{t.message}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p>No TikTok account was connected.</p>
          )}
        </section>

        <section aria-label="Telegram">
          <h2 className="deleted__heading">Telegram</h2>
          {telegram.bot ? (
            <ul className="deleted__list">
              <li className={telegram.stopped ? 'deleted__ok' : 'deleted__problem'}>
                <Icon name={telegram.stopped ? 'check' : 'warning'} size={15} />
                <span>{telegram.message}</span>
              </li>
              {telegram.approversUnpaired.length > 0 && (
                <li className="deleted__ok">
                  <Icon name="check" size={15} />
                  <span>Unpaired: {telegram.approversUnpaired.join(', ')}.</span>
                </li>
              )}
            </ul>
          ) : (
            <p>No Telegram bot was set up.</p>
          )}
        </section>

        {result.notDeleted.length > 0 && (
          <section aria-label="Not deleted">
            <h2 className="deleted__heading">Not deleted</h2>
            <ul className="deleted__list">
              {result.notDeleted.map((f) => (
                <li key={f.path} className="deleted__problem">
                  <Icon name="warning" size={15} />
                  <span>
                    <code>{f.path}</code> — {f.reason}. Delete it yourself.
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}

        {result.kept.length > 0 && (
          <section aria-label="Left as it was">
            <h2 className="deleted__heading">Left as it was</h2>
            <ul className="deleted__list">
              {result.kept.map((k) => (
                <li key={k.path} className="deleted__ok">
                  <Icon name="check" size={15} />
                  <span>
                    <code>{k.path}</code> — {k.reason}.
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}

        {mode === 'desktop' ? (
          <>
            <p className="deleted__next">Close this window and Clipdesk starts again, empty.</p>
            <button type="button" className="button" onClick={() => window.close()}>
              Close and start afresh
            </button>
          </>
        ) : (
          <p className="deleted__next">
            Clipdesk has stopped. You can close this page; run <code>clipdesk serve</code> to start again afresh.
          </p>
        )}
      </div>
    </main>
  );
}
