// Settings → Diagnostics: runs the same checks as `clipdesk doctor` and shows each one's
// result with what to do about it.
import type { DoctorCheck } from '../../../../src-shared/domain';
import { Alert } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import { Panel } from '../../components/Panel';
import { Time } from '../../components/Time';
import { useDiagnostics } from '../../stores/diagnostics-store';

export function DiagnosticsPanel() {
  const { checks, running, ranAt, error, run } = useDiagnostics();
  return (
    <Panel
      title="Diagnostics"
      icon="stethoscope"
      description="Checks ffmpeg, secret storage, the data folder and connections."
      actions={
        <button type="button" className="button" onClick={() => void run()} disabled={running}>
          {running && <span className="spinner" aria-hidden="true" />}
          {running ? 'Running…' : 'Run diagnostics'}
        </button>
      }
    >
      {error || checks ? (
        <>
          {error && <Alert title="Diagnostics could not run">{error}</Alert>}
          {checks && <CheckResults checks={checks} ranAt={ranAt} />}
        </>
      ) : null}
    </Panel>
  );
}

function CheckResults({ checks, ranAt }: { checks: DoctorCheck[]; ranAt: Date | null }) {
  const failed = checks.filter((c) => !c.ok).length;
  return (
    <div className="diagnostics" aria-live="polite">
      <p className="diagnostics__summary">
        {failed === 0 ? 'Everything checked out.' : `${failed} of ${checks.length} checks need attention.`}
        {ranAt && (
          <span className="muted">
            {' '}
            Ran at <Time iso={ranAt.toISOString()} seconds />.
          </span>
        )}
      </p>
      <ul className="checks" aria-label="Diagnostic results">
        {checks.map((c) => (
          <li key={c.id} className={c.ok ? 'check' : 'check check--fail'}>
            <span className="check__icon">
              <Icon name={c.ok ? 'check' : 'cross'} size={12} />
            </span>
            <p className="check__label">
              {c.label} <span className="check__status">{c.ok ? 'OK' : 'Failed'}</span>
            </p>
            <div className="check__body">
              <p className="check__detail">{c.detail}</p>
              {!c.ok && c.fix && (
                <p className="check__fix">
                  <strong>Fix:</strong> {c.fix}
                </p>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
