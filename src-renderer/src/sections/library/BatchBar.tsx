// Several clips selected: render them all with one recipe (only the framing and loudness apply
// to a batch; trims, captions and covers belong to one clip and are set on its page) — or post
// them, spread over daily posting times, each as its newest finished render (or as it is, when
// TikTok takes it so).
import { useId, useState } from 'react';
import type { FitMode } from '../../../../src-shared/media/media-info';
import { postableVideos } from '../../lib/postable-videos';
import { capabilityById, useApp } from '../../stores/app-store';
import { useComposer } from '../../stores/composer-store';
import { useLibrary } from '../../stores/library-store';
import { selectRenders, useRenders } from '../../stores/renders-store';
import { toast } from '../../stores/toast-store';
import { canRender } from './ClipBadge';
import { FIT_LABELS, newDraft, toRecipe } from './recipe';

export function BatchBar({ renderBuilt, onStarted }: { renderBuilt: boolean; onStarted: () => void }) {
  const selected = useLibrary((s) => s.selected);
  const byId = useLibrary((s) => s.byId);
  const clear = useLibrary((s) => s.clearSelection);
  const start = useRenders((s) => s.start);
  const loadForClips = useRenders((s) => s.loadForClips);
  const canPost = useApp((s) => capabilityById(s.capabilities, 'tiktok')?.built === true);
  const openBatch = useComposer((s) => s.openBatch);
  const [fit, setFit] = useState<FitMode>(newDraft().fit);
  const [loudness, setLoudness] = useState(true);
  const [busy, setBusy] = useState(false);
  const fitId = useId();
  const ids = [...selected];
  const renderable = ids.filter((id) => {
    const c = byId[id];
    return c !== undefined && canRender(c);
  });
  const skipped = ids.length - renderable.length;
  const [gathering, setGathering] = useState(false);

  const post = async (): Promise<void> => {
    const clips = ids.map((id) => byId[id]).filter((c) => c !== undefined);
    setGathering(true);
    // Each clip's own renders, asked of the core into the renders store (the Library's list
    // holds only the newest), then read from its one copy.
    const loaded = await loadForClips(clips.map((c) => c.id));
    setGathering(false);
    if (!loaded) return;
    const { videos, notReady } = postableVideos(clips, selectRenders(useRenders.getState()));
    if (notReady.length) {
      toast({ tone: 'info', title: `${notReady.length} left out`, body: `Not rendered yet: ${notReady.join(', ')}. Render them first to post them.` });
    }
    if (videos.length) openBatch(videos);
  };

  const go = async (): Promise<void> => {
    setBusy(true);
    const draft = { ...newDraft(), fit, loudness: { ...newDraft().loudness, enabled: loudness } };
    const started = await start(renderable, toRecipe(draft));
    setBusy(false);
    if (started.length) {
      toast({ tone: 'info', title: `Rendering ${started.length} clip${started.length === 1 ? '' : 's'}`, body: skipped ? `${skipped} selected could not be rendered and were left out.` : undefined });
      clear();
      onStarted();
    }
  };

  return (
    <div className="batch-bar" role="region" aria-label="Selection">
      <p className="batch-bar__count">
        <strong>{ids.length}</strong> selected
        {skipped > 0 && <span className="muted"> · {skipped} can’t be rendered</span>}
      </p>
      <label htmlFor={fitId} className="visually-hidden">
        Fit for the selected clips
      </label>
      <select id={fitId} className="input select" value={fit} onChange={(e) => setFit(e.target.value as FitMode)}>
        {(['crop', 'blur', 'letterbox'] as const).map((f) => (
          <option key={f} value={f}>
            {FIT_LABELS[f].label}
          </option>
        ))}
      </select>
      <label className="checkbox">
        <input type="checkbox" checked={loudness} onChange={(e) => setLoudness(e.target.checked)} />
        <span>Normalise loudness</span>
      </label>
      <span className="batch-bar__spacer" />
      <button type="button" className="button button--ghost" onClick={clear}>
        Clear selection
      </button>
      {canPost && (
        <button type="button" className="button" disabled={gathering} onClick={() => void post()}>
          {gathering && <span className="spinner" aria-hidden="true" />}
          Post {ids.length} to TikTok…
        </button>
      )}
      <button type="button" className="button button--primary" disabled={!renderBuilt || renderable.length === 0 || busy} onClick={() => void go()}>
        {busy && <span className="spinner" aria-hidden="true" />}
        Render {renderable.length} clip{renderable.length === 1 ? '' : 's'}
      </button>
    </div>
  );
}
