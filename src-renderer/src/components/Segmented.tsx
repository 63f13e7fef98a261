// A small set of mutually exclusive choices shown side by side (the Library's filter, the
// Queue's List | Week | Month): native radios in a fieldset, so arrow keys move between them and
// assistive tech hears a group of radio buttons with its name.
import './Segmented.css';

interface SegmentedProps<T extends string> {
  /** The group's name (visually hidden). */
  legend: string;
  /** The radios' name attribute: unique on the page. */
  name: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}

export function Segmented<T extends string>({ legend, name, options, value, onChange }: SegmentedProps<T>) {
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className={o.value === value ? 'segmented__option is-checked' : 'segmented__option'}>
          <input type="radio" name={name} className="visually-hidden" checked={o.value === value} onChange={() => onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
