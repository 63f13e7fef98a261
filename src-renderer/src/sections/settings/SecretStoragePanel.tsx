// Only on Linux desktops without a keyring: Electron's safeStorage can then only obfuscate
// (basic_text). Clipdesk refuses that unless the creator accepts it here, knowingly.
import { useId } from 'react';
import { Panel } from '../../components/Panel';
import { Icon } from '../../components/Icon';
import { useSettings } from '../../stores/settings-store';

export function needsBasicTextChoice(secretBackend: string): boolean {
  return secretBackend.includes('basic_text');
}

export function SecretStoragePanel() {
  const id = useId();
  const accepted = useSettings((s) => s.settings?.acceptBasicTextSecrets ?? false);
  const loaded = useSettings((s) => s.settings !== null);
  const saving = useSettings((s) => s.saving.has('acceptBasicTextSecrets'));
  const update = useSettings((s) => s.update);
  return (
    <Panel title="Secret storage" icon="shield" description="How your TikTok and Telegram tokens are kept on this machine.">
      <div className="secret-warning" id={`${id}-warning`}>
        <Icon name="warning" className="secret-warning__icon" />
        <p>
          This system has no keyring (such as GNOME Keyring or KWallet), so secrets can only be <strong>obfuscated, not
          encrypted</strong>. Anyone who can read your files could read your TikTok and Telegram tokens. Setting up a
          keyring and restarting Clipdesk is safer.
        </p>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={accepted}
          disabled={!loaded}
          aria-busy={saving || undefined}
          aria-describedby={`${id}-warning`}
          onChange={(e) => {
            if (!saving) void update({ acceptBasicTextSecrets: e.target.checked });
          }}
        />
        <span>Store secrets without encryption anyway</span>
      </label>
    </Panel>
  );
}
