// What a section shows when it has nothing to show: an icon, a plain heading and a line on
// what will appear here or why not. No pretend buttons: any action passed in must work.
import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';
import './EmptyState.css';

interface EmptyStateProps {
  icon: IconName;
  title: string;
  children?: ReactNode;
  /** A compact variant for use inside a panel or below a notice. */
  compact?: boolean;
}

export function EmptyState({ icon, title, children, compact }: EmptyStateProps) {
  return (
    <div className={compact ? 'empty empty--compact' : 'empty'}>
      <div className="empty__icon">
        <Icon name={icon} size={compact ? 18 : 22} />
      </div>
      <h2 className="empty__title">{title}</h2>
      {children && <div className="empty__body">{children}</div>}
    </div>
  );
}
