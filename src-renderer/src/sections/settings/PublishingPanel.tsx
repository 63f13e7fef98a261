import { Panel } from '../../components/Panel';
import { Toggle } from '../../components/Toggle';
import { useSettings } from '../../stores/settings-store';

export function PublishingPanel() {
  const settings = useSettings((s) => s.settings);
  const saving = useSettings((s) => s.saving.has('publishingPaused'));
  const update = useSettings((s) => s.update);
  return (
    <Panel title="Publishing" icon="send">
      <Toggle
        label="Pause publishing"
        description="While paused, Clipdesk keeps your queue but publishes nothing to TikTok. Turn it off to carry on."
        checked={settings?.publishingPaused ?? false}
        disabled={!settings}
        busy={saving}
        onChange={(publishingPaused) => void update({ publishingPaused })}
      />
    </Panel>
  );
}
