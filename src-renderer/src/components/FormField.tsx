// The form primitives beside Toggle and Segmented: a titled group of fields, and a radio or a
// checkbox with its hint (one component, the input's type being the only difference). The
// single-post and the batch composer draw their fields with these; one place for their look.
import { useId, type ReactNode } from 'react';
import './FormField.css';

/** A titled group: a field's own label names it (`labelFor`), else the heading names the group. */
export function FieldGroup({ title, labelFor, children }: { title: string; labelFor?: string; children: ReactNode }) {
  const id = useId();
  return labelFor ? (
    <div className="field-group">
      <label htmlFor={labelFor} className="field-group__title">
        {title}
      </label>
      {children}
    </div>
  ) : (
    <div className="field-group" role="group" aria-labelledby={id}>
      <h3 id={id} className="field-group__title">
        {title}
      </h3>
      {children}
    </div>
  );
}

/** A column of Choice or Check options. */
export function FieldOptions({ className, children, ...aria }: { className?: string; children: ReactNode; role?: 'radiogroup'; 'aria-label'?: string }) {
  return (
    <div className={className ? `field-options ${className}` : 'field-options'} {...aria}>
      {children}
    </div>
  );
}

interface OptionProps {
  label: string;
  hint: string | null;
  checked: boolean;
  disabled?: boolean;
}

function Option({ type, name, onChecked, ...props }: OptionProps & { type: 'radio' | 'checkbox'; name?: string; onChecked: (checked: boolean) => void }) {
  const id = useId();
  return (
    // A disabled option says why on hover too: its hint is the reason.
    <label className={props.disabled ? 'field-option field-option--disabled' : 'field-option'} title={props.disabled ? (props.hint ?? undefined) : undefined}>
      <input
        type={type}
        name={name}
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => onChecked(e.target.checked)}
      />
      <span className="field-option__text">
        <span className="field-option__label">{props.label}</span>
        {props.hint && (
          <span id={`${id}-hint`} className="field-option__hint">
            {props.hint}
          </span>
        )}
      </span>
    </label>
  );
}

/** One of a set of radios sharing `name`. */
export function Choice({ onChange, ...props }: OptionProps & { name: string; onChange: () => void }) {
  return <Option type="radio" {...props} onChecked={() => onChange()} />;
}

/** A checkbox with its hint. */
export function Check({ onChange, ...props }: OptionProps & { onChange: (checked: boolean) => void }) {
  return <Option type="checkbox" {...props} onChecked={onChange} />;
}
