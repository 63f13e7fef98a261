// Shown where publishing would happen (the Queue) while the creator has paused it, with the
// one action that undoes the pause.
import { useSettings } from '../stores/settings-store';
import { Icon } from './Icon';
import './PublishingPausedNotice.css';

export function PublishingPausedNotice() {
  const paused = useSettings((s) => s.settings?.publishingPaused === true);
  const saving = useSettings((s) => s.saving.has('publishingPaused'));
  const update = useSettings((s) => s.update);
  if (!paused) return null;
  return (
    <section className="paused-notice" aria-label="Publishing paused">
      <Icon name="pause" className="paused-notice__icon" />
      <div className="paused-notice__body">
        <p className="paused-notice__title">Publishing is paused</p>
        <p>Posts stay in the queue and nothing is sent to TikTok until you resume.</p>
      </div>
      <button
        type="button"
        className="button"
        disabled={saving}
        onClick={() => void update({ publishingPaused: false })}
      >
        Resume publishing
      </button>
    </section>
  );
}
