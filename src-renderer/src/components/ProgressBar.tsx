// One progress bar for imports, uploads and renders: role and values for assistive technology,
// and an indeterminate stripe while the fraction is not known yet.
import { formatPercent } from '../lib/format-media';
import './ProgressBar.css';

export function ProgressBar(props: { label: string; fraction: number | null; valueText?: string }) {
  const { fraction } = props;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={fraction === null ? undefined : Math.floor(fraction * 100)}
      aria-valuetext={props.valueText}
    >
      <div className={fraction === null ? 'progress__bar progress__bar--indeterminate' : 'progress__bar'} style={{ width: formatPercent(fraction ?? 0.3) }} />
    </div>
  );
}
