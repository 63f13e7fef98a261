// A titled group of related settings or facts; the building block of the Settings section.
import { useId, type ReactNode } from 'react';
import { Icon, type IconName } from './Icon';
import './Panel.css';

interface PanelProps {
  title: string;
  icon: IconName;
  description?: ReactNode;
  actions?: ReactNode;
  /** Omit (or pass null) for a header-only panel. */
  children?: ReactNode;
  /** An anchor for links into the section (`#/settings/tiktok`); the panel can then take focus. */
  anchor?: string;
}

export function Panel({ title, icon, description, actions, children, anchor }: PanelProps) {
  const id = useId();
  return (
    <section className="panel" aria-labelledby={id} id={anchor} tabIndex={anchor ? -1 : undefined}>
      <header className="panel__header">
        <span className="panel__icon">
          <Icon name={icon} size={15} />
        </span>
        <div className="panel__heading">
          <h2 id={id} className="panel__title">
            {title}
          </h2>
          {description && <p className="panel__description">{description}</p>}
        </div>
        {actions && <div className="panel__actions">{actions}</div>}
      </header>
      {children != null && <div className="panel__body">{children}</div>}
    </section>
  );
}
