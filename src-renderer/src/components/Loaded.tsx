// The one pattern for a panel whose content is read from the core: "Loading…" until the first
// answer, what went wrong with Try again when it fails, and the content once it is there (a
// later failed refresh shows its error above the content it leaves in place).
import type { ReactNode } from 'react';
import { Alert } from './Alert';

interface LoadedProps<T> {
  /** What was read, or null/undefined until it is. */
  value: T | null | undefined;
  error: string | null | undefined;
  /** Named in the failure: "the TikTok setup" → "Could not read the TikTok setup". */
  what: string;
  onRetry(): void;
  children(value: T): ReactNode;
}

export function Loaded<T>({ value, error, what, onRetry, children }: LoadedProps<T>) {
  const failed = error ? (
    <Alert title={`Could not read ${what}`} action={{ label: 'Try again', onClick: onRetry }}>
      {error}
    </Alert>
  ) : null;
  if (value == null) {
    return (
      failed ?? (
        <p className="muted" role="status">
          Loading…
        </p>
      )
    );
  }
  return (
    <>
      {failed}
      {children(value)}
    </>
  );
}
