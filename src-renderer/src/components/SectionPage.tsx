// The frame every section shares: the main landmark, its h1 and a one-line lede, so the
// heading structure and spacing are the same everywhere.
import { useEffect, type ReactNode } from 'react';
import { sectionSpec, type SectionId } from '../navigation/sections';
import './SectionPage.css';

interface SectionPageProps {
  section: SectionId;
  /** Controls at the right of the header (e.g. a search box). */
  actions?: ReactNode;
  children: ReactNode;
}

export function SectionPage({ section, actions, children }: SectionPageProps) {
  const spec = sectionSpec(section);
  useEffect(() => {
    document.title = `${spec.title} · Clipdesk`;
  }, [spec.title]);
  return (
    <main className="page" id="main" aria-labelledby="page-title" tabIndex={-1}>
      <header className="page__header">
        <div className="page__heading">
          <h1 id="page-title" className="page__title">
            {spec.title}
          </h1>
          <p className="page__lede">{spec.lede}</p>
        </div>
        {actions && <div className="page__actions">{actions}</div>}
      </header>
      <div className="page__body">{children}</div>
    </main>
  );
}
