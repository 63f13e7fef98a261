// Picking a new time for a post, in the creator's zone: one form for the post lists and the
// approval cards. It checks the time (future, readable) before anything is sent; the caller
// says what saving does and what to tell the creator afterwards.
import { useId, useState, type FormEvent } from 'react';
import { checkSchedule, defaultScheduleValue, localZoneName, toLocalInputValue } from '../lib/schedule-time';
import { toast } from '../stores/toast-store';

export interface RescheduleFormProps {
  /** The post's time now (ISO), the starting value when it is still ahead. */
  scheduledAt: string | null;
  /** Sends the new time; true when it was saved. */
  save: (iso: string) => Promise<boolean>;
  busy: boolean;
  /** What the toast says after saving (unless the time itself needs a note). */
  savedNote: string;
  onDone: () => void;
  /** The form's accessible name, when the surroundings do not give one. */
  label?: string;
  /** Class prefix: `${prefix}`, `${prefix}-row`, `${prefix}-problem`… for the place's own layout. */
  classes: { form: string; label: string; row: string; problem: string };
}

export function RescheduleForm({ scheduledAt, save, busy, savedNote, onDone, label, classes }: RescheduleFormProps) {
  const inputId = useId();
  const problemId = useId();
  const current = scheduledAt ? new Date(scheduledAt) : null;
  const [value, setValue] = useState(() => (current && current.getTime() > Date.now() ? toLocalInputValue(current) : defaultScheduleValue(new Date())));
  const [problem, setProblem] = useState<string | null>(null);
  const zone = localZoneName();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const check = checkSchedule(value, new Date());
    if (!check.ok) return setProblem(check.problem);
    setProblem(null);
    if (await save(check.iso)) {
      onDone();
      toast({ tone: 'success', title: 'Rescheduled', body: check.note ?? savedNote });
    }
  };

  return (
    <form className={classes.form} onSubmit={(e) => void submit(e)} noValidate {...(label ? { 'aria-label': label } : {})}>
      <label htmlFor={inputId} className={classes.label}>
        New time{zone ? ` (${zone})` : ''}
      </label>
      <div className={classes.row}>
        <input
          id={inputId}
          className="input"
          type="datetime-local"
          value={value}
          autoFocus
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? problemId : undefined}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          Save time
        </button>
        <button type="button" className="button button--ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
      {problem && (
        <p id={problemId} className={classes.problem} role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
