// Settings → Schedule: pausing publishing, the missed-post grace window (how late a post whose
// time passed while Clipdesk was closed or asleep may still go out), and how long published
// media and the activity log are kept.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../../src-shared/settings';
import { Panel } from '../../components/Panel';
import { Toggle } from '../../components/Toggle';
import {
  graceFromField,
  graceToField,
  graceWords,
  LOG_RETENTION_CHOICES,
  MEDIA_RETENTION_CHOICES,
  retentionFromValue,
  retentionOptions,
  retentionValue,
  retentionWords,
  type GraceUnit,
} from '../../lib/schedule-ui';
import { useSettings } from '../../stores/settings-store';

export function PublishingPanel() {
  const settings = useSettings((s) => s.settings);
  const saving = useSettings((s) => s.saving.has('publishingPaused'));
  const update = useSettings((s) => s.update);
  return (
    <Panel title="Schedule" icon="send" anchor="schedule" description="When posts go out, what happens when Clipdesk was not running at their time, and what is kept afterwards.">
      <div className="setting-rows">
        <Toggle
          label="Pause publishing"
          description="While paused, Clipdesk keeps your queue but publishes nothing to TikTok: posts wait, and their time passing does not count as missed. Turn it off to carry on: posts already due go at once."
          checked={settings?.publishingPaused ?? false}
          disabled={!settings}
          busy={saving}
          onChange={(publishingPaused) => void update({ publishingPaused })}
        />
        <GraceWindow settings={settings} />
        <RetentionRow
          label="Delete published media after"
          description="Imported and rendered videos of a published post are deleted from this computer this long after publishing; the post’s record stays. Keep leaves them."
          settingKey="mediaRetentionDays"
          value={settings?.mediaRetentionDays}
          choices={MEDIA_RETENTION_CHOICES}
          what="media"
        />
        <RetentionRow
          label="Keep the activity log for"
          description="Activity entries older than this are removed."
          settingKey="logRetentionDays"
          value={settings?.logRetentionDays}
          choices={LOG_RETENTION_CHOICES}
          what="log"
        />
      </div>
    </Panel>
  );
}

function GraceWindow({ settings }: { settings: Settings | null }) {
  const update = useSettings((s) => s.update);
  const saving = useSettings((s) => s.saving.has('missedGraceMinutes'));
  const amountId = useId();
  const unitId = useId();
  const descriptionId = useId();
  const problemId = useId();
  const saved = settings?.missedGraceMinutes;
  const [amount, setAmount] = useState('');
  const [unit, setUnit] = useState<GraceUnit>('hours');
  const [problem, setProblem] = useState<string | null>(null);

  // The field follows the saved value (loaded, or changed from the CLI or another window).
  useEffect(() => {
    if (saved === undefined) return;
    const field = graceToField(saved);
    setAmount(field.amount);
    setUnit(field.unit);
    setProblem(null);
  }, [saved]);

  const parsed = graceFromField(amount, unit);
  const changed = parsed.ok && parsed.minutes !== saved;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!parsed.ok) return setProblem(parsed.problem);
    setProblem(null);
    if (changed) void update({ missedGraceMinutes: parsed.minutes });
  };

  return (
    <form className="setting-row" onSubmit={submit} noValidate>
      <div className="setting-row__text">
        <label htmlFor={amountId} className="setting-row__label">
          Missed-post grace window
        </label>
        <p id={descriptionId} className="setting-row__description">
          A post whose time passed while Clipdesk was closed or asleep goes out late up to this long; later, it waits for you (Publish now or
          Reschedule in the Queue). 0 = never publish late.
          {saved !== undefined && <> {graceWords(saved)}</>}
        </p>
        {problem && (
          <p id={problemId} className="schedule-problem" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="grace-field">
        <input
          id={amountId}
          className="input grace-field__amount"
          inputMode="decimal"
          value={amount}
          disabled={!settings}
          aria-describedby={problem ? `${descriptionId} ${problemId}` : descriptionId}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => setAmount(e.target.value)}
        />
        <select id={unitId} className="input select" aria-label="Grace window unit" value={unit} disabled={!settings} onChange={(e) => setUnit(e.target.value as GraceUnit)}>
          <option value="minutes">minutes</option>
          <option value="hours">hours</option>
        </select>
        <button type="submit" className="button" disabled={!settings || saving || !changed} aria-label="Save grace window">
          {saving && <span className="spinner" aria-hidden="true" />}
          Save
        </button>
      </div>
    </form>
  );
}

function RetentionRow(props: {
  label: string;
  description: string;
  settingKey: 'mediaRetentionDays' | 'logRetentionDays';
  value: number | null | undefined;
  choices: readonly (number | null)[];
  what: 'media' | 'log';
}) {
  const update = useSettings((s) => s.update);
  const saving = useSettings((s) => s.saving.has(props.settingKey));
  const id = useId();
  return (
    <div className="setting-row">
      <div className="setting-row__text">
        <label htmlFor={id} className="setting-row__label">
          {props.label}
        </label>
        <p className="setting-row__description">{props.description}</p>
      </div>
      <select
        id={id}
        className="input select"
        value={props.value === undefined ? '' : retentionValue(props.value)}
        disabled={props.value === undefined}
        aria-busy={saving || undefined}
        onChange={(e) => void update({ [props.settingKey]: retentionFromValue(e.target.value) })}
      >
        {props.value === undefined && <option value="">…</option>}
        {retentionOptions(props.value, props.choices).map((days) => (
          <option key={retentionValue(days)} value={retentionValue(days)}>
            {retentionWords(days, props.what)}
          </option>
        ))}
      </select>
    </div>
  );
}
