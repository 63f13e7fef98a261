// The left rail: the app's name, the sections in journey order, and the few facts worth
// seeing from anywhere (publishing paused, connection, version).
import { transport } from '../api';
import { SECTIONS, sectionHref, type SectionId } from '../navigation/sections';
import { sectionShortcutLabel } from '../navigation/shortcuts';
import { useApp } from '../stores/app-store';
import { useNavigation } from '../stores/navigation-store';
import { useSettings } from '../stores/settings-store';
import { AppMark, Icon, type IconName } from './Icon';
import './Sidebar.css';

const ICONS: Record<SectionId, IconName> = {
  library: 'library',
  queue: 'queue',
  approvals: 'approvals',
  history: 'history',
  accounts: 'accounts',
  settings: 'settings',
  activity: 'activity',
};

/** The journey sections end here; what follows is set-up and records. */
const LAST_JOURNEY_SECTION: SectionId = 'history';

export function Sidebar() {
  const current = useNavigation((s) => s.current);
  const version = useApp((s) => s.info?.version);
  const paused = useSettings((s) => s.settings?.publishingPaused === true);

  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <AppMark />
        <span className="sidebar__name">Clipdesk</span>
      </div>

      <nav aria-label="Sections" className="sidebar__nav">
        <ul className="sidebar__list">
          {SECTIONS.map((section, index) => {
            const keys = sectionShortcutLabel(index);
            const active = section.id === current;
            return (
              <li key={section.id} className={section.id === LAST_JOURNEY_SECTION ? 'sidebar__item sidebar__item--break' : 'sidebar__item'}>
                <a
                  href={sectionHref(section.id)}
                  className={active ? 'sidebar__link is-active' : 'sidebar__link'}
                  aria-current={active ? 'page' : undefined}
                  title={`${section.title} (${keys})`}
                  aria-keyshortcuts={`${keys.startsWith('⌘') ? 'Meta' : 'Control'}+${index + 1}`}
                >
                  <Icon name={ICONS[section.id]} className="sidebar__icon" />
                  <span className="sidebar__label">{section.title}</span>
                  <kbd className="sidebar__kbd" aria-hidden="true">
                    {keys}
                  </kbd>
                </a>
              </li>
            );
          })}
        </ul>
      </nav>

      <div className="sidebar__footer">
        {paused && (
          <a href={sectionHref('settings')} className="sidebar__paused">
            <Icon name="pause" size={14} />
            Publishing paused
          </a>
        )}
        {transport === 'websocket' && <ConnectionStatus />}
        {version && <p className="sidebar__version">Version {version}</p>}
      </div>
    </aside>
  );
}

function ConnectionStatus() {
  const connection = useApp((s) => s.connection);
  const text = connection === 'connected' ? 'Connected' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <p className={`sidebar__connection sidebar__connection--${connection}`}>
      <span className="sidebar__dot" aria-hidden="true" />
      {text}
    </p>
  );
}
