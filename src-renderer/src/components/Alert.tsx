// An inline alert: what went wrong, in the words the core gave, right where it happened.
// role="alert" so a screen reader announces it without the creator hunting for it.
import type { ReactNode } from 'react';
import { Icon } from './Icon';
import './Alert.css';

interface AlertProps {
  children: ReactNode;
  title?: string;
  /** Shown as a button beside the message, e.g. "Try again". */
  action?: { label: string; onClick: () => void };
  onDismiss?: () => void;
}

export function Alert({ children, title, action, onDismiss }: AlertProps) {
  return (
    <div className="alert" role="alert">
      <Icon name="warning" className="alert__icon" />
      <div className="alert__body">
        {title && <p className="alert__title">{title}</p>}
        <p className="alert__message">{children}</p>
      </div>
      {action && (
        <button type="button" className="button alert__action" onClick={action.onClick}>
          {action.label}
        </button>
      )}
      {onDismiss && (
        <button type="button" className="button button--ghost alert__dismiss" onClick={onDismiss} aria-label="Dismiss">
          <Icon name="cross" size={14} />
        </button>
      )}
    </div>
  );
}
