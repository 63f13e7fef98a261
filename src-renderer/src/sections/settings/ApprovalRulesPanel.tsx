// Settings → Approval rules: whether posts wait for a go-ahead before they publish (shown as
// the value in effect: "not chosen" means on once a Telegram approver is paired), what happens
// when nobody answers by the post's time, and the quiet hours in which Telegram messages
// arrive without a sound.
import { useEffect, useId, useState } from 'react';
import type { Settings } from '../../../../src-shared/settings';
import { WhenBuilt } from '../../components/CapabilityNotice';
import { Panel } from '../../components/Panel';
import { Toggle } from '../../components/Toggle';
import { NO_ANSWER_CHOICES, NOW_POSTS_NOTE, quietHoursProblem, requireApprovalView } from '../../lib/approval-words';
import { localZoneName } from '../../lib/schedule-time';
import { useSettings } from '../../stores/settings-store';
import { useTelegram } from '../../stores/telegram-store';

const CAPABILITIES = ['approvals'] as const;
export const APPROVAL_RULES_ANCHOR = 'approval-rules';
const DEFAULT_QUIET = { start: '22:00', end: '07:00' } as const;

export function ApprovalRulesPanel() {
  return (
    <Panel title="Approval rules" icon="approvals" anchor={APPROVAL_RULES_ANCHOR} description="When a post needs a go-ahead, and what happens when nobody gives one in time.">
      <WhenBuilt ids={CAPABILITIES}>
        <RulesBody />
      </WhenBuilt>
    </Panel>
  );
}

function RulesBody() {
  const settings = useSettings((s) => s.settings);
  const saving = useSettings((s) => s.saving);
  const update = useSettings((s) => s.update);
  const telegram = useTelegram((s) => s.status);
  const telegramState = useTelegram((s) => s.state);
  const loadTelegram = useTelegram((s) => s.load);
  const ruleName = useId();
  const ruleLegend = useId();
  useEffect(() => {
    if (telegramState === 'idle') void loadTelegram();
  }, [telegramState, loadTelegram]);

  if (!settings) return <p className="muted">Loading…</p>;
  const approvers = telegram?.approvers.length ?? 0;
  const view = requireApprovalView(settings.requireApproval, approvers);

  return (
    <div className="setting-rows">
      <div className="approval-rule">
        <Toggle
          label="Require approval before publishing"
          description={
            <>
              <p>Each post waits for a go-ahead — here in Approvals, or from an approver on Telegram — before it is published.</p>
              {view.hint && <p className="approval-rule__hint">{view.hint}</p>}
            </>
          }
          checked={view.checked}
          busy={saving.has('requireApproval')}
          onChange={(requireApproval) => void update({ requireApproval })}
        />
        {settings.requireApproval !== null && (
          <button type="button" className="button button--ghost approval-rule__auto" disabled={saving.has('requireApproval')} onClick={() => void update({ requireApproval: null })}>
            Decide by itself (on while a Telegram approver is paired)
          </button>
        )}
      </div>

      <fieldset className="approval-rule approval-rule__choices" aria-describedby={`${ruleLegend}-note`}>
        <legend id={ruleLegend} className="setting-row__label">
          When nobody answers before the post’s time
        </legend>
        {NO_ANSWER_CHOICES.map((c) => (
          <label key={c.value} className="choice">
            <input
              type="radio"
              name={ruleName}
              value={c.value}
              checked={settings.noAnswerRule === c.value}
              disabled={saving.has('noAnswerRule')}
              aria-describedby={`${ruleName}-${c.value}`}
              onChange={() => void update({ noAnswerRule: c.value })}
            />
            <span className="choice__text">
              <span className="choice__label">{c.label}</span>
              <span id={`${ruleName}-${c.value}`} className="choice__hint">
                {c.hint}
              </span>
            </span>
          </label>
        ))}
        <p id={`${ruleLegend}-note`} className="setting-row__description">
          {NOW_POSTS_NOTE}
        </p>
      </fieldset>

      <QuietHours settings={settings} saving={saving.has('quietHours')} onSave={(quietHours) => void update({ quietHours })} />
    </div>
  );
}

function QuietHours({ settings, saving, onSave }: { settings: Settings; saving: boolean; onSave: (q: Settings['quietHours']) => void }) {
  const startId = useId();
  const endId = useId();
  const saved = settings.quietHours;
  const [start, setStart] = useState(saved?.start ?? DEFAULT_QUIET.start);
  const [end, setEnd] = useState(saved?.end ?? DEFAULT_QUIET.end);
  // A change saved elsewhere (or the save's answer) is what the fields show.
  useEffect(() => {
    if (saved) {
      setStart(saved.start);
      setEnd(saved.end);
    }
  }, [saved]);
  const problem = saved ? quietHoursProblem(start, end) : null;
  const commit = (): void => {
    if (!saved || problem) return;
    if (start !== saved.start || end !== saved.end) onSave({ start, end });
  };
  const zone = localZoneName();

  return (
    <div className="approval-rule">
      <Toggle
        label="Quiet hours"
        description={
          <p>
            Telegram messages sent in this window arrive silently — no sound or vibration — and are still there to act on. Times are this computer’s
            {zone ? ` (${zone})` : ''}.
          </p>
        }
        checked={saved !== null}
        busy={saving}
        onChange={(on) => onSave(on ? { start, end } : null)}
      />
      {saved && (
        <div className="quiet-hours" role="group" aria-label="Quiet hours window">
          <label htmlFor={startId}>From</label>
          <input
            id={startId}
            className="input quiet-hours__time"
            type="time"
            value={start}
            required
            aria-invalid={problem ? true : undefined}
            onChange={(e) => setStart(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => e.key === 'Enter' && commit()}
          />
          <label htmlFor={endId}>to</label>
          <input
            id={endId}
            className="input quiet-hours__time"
            type="time"
            value={end}
            required
            aria-invalid={problem ? true : undefined}
            onChange={(e) => setEnd(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => e.key === 'Enter' && commit()}
          />
          {saving && <span className="spinner" aria-hidden="true" />}
          {problem && (
            <p className="telegram__error quiet-hours__problem" role="alert">
              {problem}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
