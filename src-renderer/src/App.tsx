// The window: sidebar on the left, the current section on the right, and above it whatever
// the creator must know first (connection lost, emulator in use, the core unreachable). After
// "delete everything" the core has stopped, and the window shows only what was deleted.
import type { ComponentType } from 'react';
import { Alert } from './components/Alert';
import { EverythingDeleted } from './components/EverythingDeleted';
import { Sidebar } from './components/Sidebar';
import { StatusBanners } from './components/StatusBanners';
import { Toasts } from './components/Toasts';
import type { SectionId } from './navigation/sections';
import { AccountsSection } from './sections/AccountsSection';
import { ActivitySection } from './sections/ActivitySection';
import { ApprovalsSection } from './sections/ApprovalsSection';
import { HistorySection } from './sections/HistorySection';
import { LibrarySection } from './sections/LibrarySection';
import { QueueSection } from './sections/QueueSection';
import { SettingsSection } from './sections/SettingsSection';
import { ComposerHost } from './sections/composer/Composer';
import { useApp } from './stores/app-store';
import { useNavigation } from './stores/navigation-store';
import './App.css';

const SECTION_COMPONENTS: Record<SectionId, ComponentType> = {
  library: LibrarySection,
  queue: QueueSection,
  approvals: ApprovalsSection,
  history: HistorySection,
  accounts: AccountsSection,
  settings: SettingsSection,
  activity: ActivitySection,
};

export function App() {
  const current = useNavigation((s) => s.current);
  const appError = useApp((s) => s.error);
  const reloadApp = useApp((s) => s.load);
  const deleted = useApp((s) => s.deleted);
  const mode = useApp((s) => s.info?.mode ?? null);
  const Section = SECTION_COMPONENTS[current];
  if (deleted) return <EverythingDeleted result={deleted} mode={mode} />;
  return (
    <div className="shell">
      {/* The hash is the router's, so the skip link moves focus itself instead of by #main. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <Sidebar />
      <div className="workspace">
        <StatusBanners />
        <div className="workspace__scroll">
          {appError && (
            <div className="workspace__alert">
              <Alert title="Could not reach Clipdesk" action={{ label: 'Try again', onClick: () => void reloadApp() }}>
                {appError}
              </Alert>
            </div>
          )}
          {/* Keyed so each section starts fresh and scrolled to the top. */}
          <Section key={current} />
        </div>
      </div>
      <ComposerHost />
      <Toasts />
    </div>
  );
}
