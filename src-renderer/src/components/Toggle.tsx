// An on/off switch: a real checkbox (so it is keyboard- and form-friendly) with the switch
// role, its label as the accessible name and the longer explanation as its description.
import { useId, type ReactNode } from 'react';
import './Toggle.css';

interface ToggleProps {
  label: string;
  description?: ReactNode;
  checked: boolean;
  /** While a change is being saved: shown, and further clicks wait for it. */
  busy?: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}

export function Toggle({ label, description, checked, busy, disabled, onChange }: ToggleProps) {
  const id = useId();
  return (
    <div className="toggle">
      <div className="toggle__text">
        <label htmlFor={id} id={`${id}-label`} className="toggle__label">
          {label}
        </label>
        {description && (
          <div id={`${id}-description`} className="toggle__description">
            {description}
          </div>
        )}
      </div>
      <span className="toggle__control">
        <input
          id={id}
          type="checkbox"
          role="switch"
          className="toggle__input"
          checked={checked}
          disabled={disabled}
          aria-busy={busy || undefined}
          aria-describedby={description ? `${id}-description` : undefined}
          onChange={(e) => {
            if (!busy) onChange(e.target.checked);
          }}
        />
        <span className="toggle__track" aria-hidden="true">
          <span className="toggle__thumb" />
        </span>
      </span>
    </div>
  );
}
