// A time in the creator's zone, with the full date, time and zone on hover and for
// assistive tech via the <time> element.
import { formatDateTime, formatTime } from '../lib/format-time';

export function Time({ iso, seconds, withDate }: { iso: string; seconds?: boolean; withDate?: boolean }) {
  const t = withDate ? formatDateTime(iso) : formatTime(iso, { seconds: seconds ?? false });
  return (
    <time dateTime={iso} title={t.full}>
      {t.short}
    </time>
  );
}
