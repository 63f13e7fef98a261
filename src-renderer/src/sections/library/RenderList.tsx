// Renders as a list: each with its progress while it runs (percent, speed, time left), what
// went wrong when it failed, and the finished file (play it, its size and where it is).
import { useState } from 'react';
import type { Render } from '../../../../src-shared/media/library';
import { mediaUrl } from '../../api/media-url';
import { Icon } from '../../components/Icon';
import { Time } from '../../components/Time';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes, formatCodecs, formatDuration, formatEta, formatPercent, formatResolution, formatSpeed } from '../../lib/format-media';
import { capabilityById, useApp } from '../../stores/app-store';
import { useComposer } from '../../stores/composer-store';
import { isActive, RENDER_STATE_WORDS, useRenders } from '../../stores/renders-store';
import { FIT_LABELS } from './recipe';
import '../../components/StateBadge.css';

const TONE = { queued: 'neutral', running: 'accent', succeeded: 'success', failed: 'danger', cancelled: 'neutral' } as const;

export function RenderList({ renders, label, showClip = true }: { renders: readonly Render[]; label: string; showClip?: boolean }) {
  return (
    <ul className="render-list" aria-label={label}>
      {renders.map((r) => (
        <RenderRow key={r.id} render={r} showClip={showClip} />
      ))}
    </ul>
  );
}

function RenderRow({ render, showClip }: { render: Render; showClip: boolean }) {
  const busy = useRenders((s) => s.busy.has(render.id));
  const cancel = useRenders((s) => s.cancel);
  const retry = useRenders((s) => s.retry);
  const canPost = useApp((s) => capabilityById(s.capabilities, 'tiktok')?.built === true);
  const openComposer = useComposer((s) => s.open);
  const [playing, setPlaying] = useState(false);
  const name = render.clipFileName;
  const active = isActive(render);
  const out = render.output;
  const progressText = [
    formatPercent(render.progress),
    formatSpeed(render.speed),
    formatEta(render.etaSec),
  ]
    .filter(Boolean)
    .join(' · ');
  const recipeWords = [
    FIT_LABELS[render.recipe.fit].label,
    render.recipe.trim ? `${formatDuration(render.recipe.trim.startSec, true)}–${formatDuration(render.recipe.trim.endSec, true)}` : null,
    render.recipe.captions ? 'captions' : null,
    render.recipe.watermark ? 'watermark' : null,
    render.recipe.loudness ? `${render.recipe.loudness.targetLufs} LUFS` : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <li className={`render-row render-row--${render.state}`} aria-label={`Render of ${name}`}>
      <div className="render-row__head">
        <div className="render-row__main">
          <p className="render-row__title">
            {showClip ? <span className="render-row__name">{name}</span> : <span className="render-row__name">{recipeWords}</span>}
            <span className={`state-badge state-badge--${TONE[render.state]}`}>{RENDER_STATE_WORDS[render.state]}</span>
          </p>
          <p className="render-row__meta">
            {showClip && <>{recipeWords} · </>}
            <Time iso={render.createdAt} />
          </p>
        </div>
        <div className="render-row__actions">
          {active && (
            <button type="button" className="button" disabled={busy} onClick={() => void cancel(render.id)} aria-label={`Cancel render of ${name}`}>
              Cancel
            </button>
          )}
          {(render.state === 'failed' || render.state === 'cancelled') && (
            <button type="button" className="button" disabled={busy} onClick={() => void retry(render.id)} aria-label={`Retry render of ${name}`}>
              <Icon name="retry" size={14} />
              Retry
            </button>
          )}
          {render.state === 'succeeded' && (
            <button type="button" className="button" aria-expanded={playing} onClick={() => setPlaying(!playing)} aria-label={`${playing ? 'Hide' : 'Play'} render of ${name}`}>
              <Icon name={playing ? 'cross' : 'play'} size={14} />
              {playing ? 'Hide' : 'Play'}
            </button>
          )}
          {render.state === 'succeeded' && canPost && (
            <button type="button" className="button button--primary" onClick={() => openComposer(render.id)} aria-label={`Post to TikTok… render of ${name}`}>
              <Icon name="send" size={14} />
              Post to TikTok…
            </button>
          )}
        </div>
      </div>

      {render.state === 'running' && (
        <div className="render-row__progress">
          <ProgressBar label={`Rendering ${name}`} fraction={render.progress ?? 0} valueText={progressText} />
          <p className="render-row__numbers">{progressText}</p>
        </div>
      )}
      {render.state === 'queued' && <p className="render-row__note">Waiting for a free render slot.</p>}
      {render.state === 'failed' && render.error && <p className="render-row__error">{render.error}</p>}
      {render.state === 'cancelled' && <p className="render-row__note">Cancelled; nothing was kept. Retry to render it again.</p>}
      {render.state === 'succeeded' && (
        <div className="render-row__output">
          {out && (
            <p className="render-row__facts">
              {[formatResolution(out), formatDuration(out.durationSec), formatCodecs(out), formatBytes(out.sizeBytes)].filter(Boolean).join(' · ')}
            </p>
          )}
          {render.outputPath && (
            <p className="render-row__path">
              <span className="muted">Saved at </span>
              <code>{render.outputPath}</code>
            </p>
          )}
        </div>
      )}
      {playing && render.state === 'succeeded' && (
        <video className="render-row__video" controls preload="metadata" src={mediaUrl('render', render.id, render.updatedAt)} aria-label={`Rendered video of ${name}`} />
      )}
    </li>
  );
}
