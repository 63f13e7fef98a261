// Settings: what this Clipdesk is and where its data lives, the publishing pause, rendering, secret
// storage (only when the weak backend forces a choice), diagnostics and the shortcut list.
import { Alert } from '../components/Alert';
import { SectionPage } from '../components/SectionPage';
import { useApp } from '../stores/app-store';
import { useSettings } from '../stores/settings-store';
import { AppInfoPanel } from './settings/AppInfoPanel';
import { DiagnosticsPanel } from './settings/DiagnosticsPanel';
import { PublishingPanel } from './settings/PublishingPanel';
import { RenderingPanel } from './settings/RenderingPanel';
import { SecretStoragePanel, needsBasicTextChoice } from './settings/SecretStoragePanel';
import { ShortcutsPanel } from './settings/ShortcutsPanel';
import './settings/settings.css';

export function SettingsSection() {
  const info = useApp((s) => s.info);
  const error = useSettings((s) => s.error);
  const dismissError = useSettings((s) => s.dismissError);
  return (
    <SectionPage section="settings">
      {error && (
        <Alert title="Settings could not be saved or loaded" onDismiss={dismissError}>
          {error}
        </Alert>
      )}
      <AppInfoPanel />
      <PublishingPanel />
      <RenderingPanel />
      {info && needsBasicTextChoice(info.secretBackend) && <SecretStoragePanel />}
      <DiagnosticsPanel />
      <ShortcutsPanel />
    </SectionPage>
  );
}
