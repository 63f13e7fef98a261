// Settings: what this Clipdesk is and where its data lives, the schedule (pause, missed posts,
// retention), the TikTok developer app, the Telegram bot and its approvers, the approval rules,
// rendering, my data (and exporting it), secret storage (only when the weak backend forces a
// choice), diagnostics and the shortcut list. `#/settings/tiktok`, `#/settings/telegram`,
// `#/settings/approval-rules`, `#/settings/schedule` and `#/settings/my-data` scroll to their panel.
import { useEffect } from 'react';
import { Alert } from '../components/Alert';
import { SectionPage } from '../components/SectionPage';
import { useApp } from '../stores/app-store';
import { useNavigation } from '../stores/navigation-store';
import { useSettings } from '../stores/settings-store';
import { AppInfoPanel } from './settings/AppInfoPanel';
import { ApprovalRulesPanel } from './settings/ApprovalRulesPanel';
import { DiagnosticsPanel } from './settings/DiagnosticsPanel';
import { MyDataPanel } from './settings/MyDataPanel';
import { PublishingPanel } from './settings/PublishingPanel';
import { RenderingPanel } from './settings/RenderingPanel';
import { SecretStoragePanel, needsBasicTextChoice } from './settings/SecretStoragePanel';
import { ShortcutsPanel } from './settings/ShortcutsPanel';
import { TelegramPanel } from './settings/TelegramPanel';
import { TikTokPanel } from './settings/TikTokPanel';
import './settings/settings.css';

export function SettingsSection() {
  const info = useApp((s) => s.info);
  const error = useSettings((s) => s.error);
  const dismissError = useSettings((s) => s.dismissError);
  const sub = useNavigation((s) => s.sub);
  useEffect(() => {
    if (!sub) return;
    const panel = document.getElementById(sub);
    if (!panel) return;
    panel.scrollIntoView({ block: 'start' });
    panel.focus({ preventScroll: true });
  }, [sub]);
  return (
    <SectionPage section="settings">
      {error && (
        <Alert title="Settings could not be saved or loaded" onDismiss={dismissError}>
          {error}
        </Alert>
      )}
      <AppInfoPanel />
      <PublishingPanel />
      <TikTokPanel />
      <TelegramPanel />
      <ApprovalRulesPanel />
      <RenderingPanel />
      <MyDataPanel />
      {info && needsBasicTextChoice(info.secretBackend) && <SecretStoragePanel />}
      <DiagnosticsPanel />
      <ShortcutsPanel />
    </SectionPage>
  );
}
