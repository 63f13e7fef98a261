// One clip: play it, decide how it becomes a TikTok video (fit, trim, captions, watermark,
// loudness, cover) while a 9:16 preview shows the result, render it, and follow its renders.
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Clip } from '../../../../src-shared/media/library';
import type { FitMode } from '../../../../src-shared/media/media-info';
import { keepWatermark } from '../../api/import-files';
import { mediaUrl } from '../../api/media-url';
import { EmptyState } from '../../components/EmptyState';
import { FilePickButton } from '../../components/FilePickButton';
import { Icon } from '../../components/Icon';
import { Toggle } from '../../components/Toggle';
import { errorMessage } from '../../lib/error-message';
import { durationWords, formatBytes, formatCodecs, formatDuration, formatFps, formatResolution } from '../../lib/format-media';
import { useLibrary } from '../../stores/library-store';
import { navigateWithin } from '../../stores/navigation-store';
import { selectRenders, useRenders } from '../../stores/renders-store';
import { canRender, ClipBadge, clipStanding } from './ClipBadge';
import { FramePreview } from './FramePreview';
import {
  countSrtCues,
  draftProblem,
  FIT_LABELS,
  rememberDraft,
  rememberedDraft,
  toRecipe,
  type CaptionsDraft,
  type RecipeDraft,
  type WatermarkPosition,
} from './recipe';
import { RenderList } from './RenderList';
import { MIN_TRIM_SEC, TrimTimeline } from './TrimTimeline';

export function ClipDetail({ id, renderBuilt }: { id: string; renderBuilt: boolean }) {
  const clip = useLibrary((s) => s.byId[id]);
  const fetchClip = useLibrary((s) => s.fetchClip);
  const loadForClip = useRenders((s) => s.loadForClip);
  const [notFound, setNotFound] = useState(false);

  useEffect(() => {
    // Fresh from the core each time it opens (a pasted link, or a clip not on the first page).
    void fetchClip(id).then((c) => setNotFound(c === null));
    if (renderBuilt) void loadForClip(id);
  }, [id, fetchClip, loadForClip, renderBuilt]);

  return (
    <div className="clip-detail">
      <a className="button button--ghost clip-detail__back" href="#/library">
        <Icon name="back" size={15} />
        Back to library
      </a>
      {clip ? (
        <ClipEditor key={clip.id} clip={clip} renderBuilt={renderBuilt} />
      ) : notFound ? (
        <EmptyState icon="library" title="This clip is not in the library">
          <p>It may have been removed. Go back to the library to see what is there.</p>
        </EmptyState>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </div>
  );
}

function ClipEditor({ clip, renderBuilt }: { clip: Clip; renderBuilt: boolean }) {
  const remove = useLibrary((s) => s.remove);
  const allRenders = useRenders(selectRenders);
  const startRender = useRenders((s) => s.start);
  const renders = useMemo(() => allRenders.filter((r) => r.clipId === clip.id), [allRenders, clip.id]);
  const video = useRef<HTMLVideoElement>(null);
  const [draft, setDraftState] = useState<RecipeDraft>(() => rememberedDraft(clip.id));
  const [playhead, setPlayhead] = useState(0);
  const [videoDuration, setVideoDuration] = useState<number | null>(null);
  const [playerError, setPlayerError] = useState<string | null>(null);
  const [safeAreas, setSafeAreas] = useState(true);
  const [starting, setStarting] = useState(false);

  const setDraft = (next: RecipeDraft): void => {
    setDraftState(next);
    rememberDraft(clip.id, next);
  };

  const media = clip.media;
  const duration = media?.durationSec || videoDuration || 0;
  const trimStart = draft.trim?.startSec ?? 0;
  const trimEnd = draft.trim?.endSec ?? duration;
  const resultSec = Math.max(0, trimEnd - trimStart);
  const standing = clipStanding(clip);
  const renderable = canRender(clip);
  const problem = draftProblem(draft);
  const thumb = clip.hasThumbnail ? mediaUrl('thumbnail', clip.id, clip.updatedAt) : null;

  const setTrim = (start: number, end: number): void => {
    const whole = start <= 0.05 && end >= duration - 0.05;
    const trim = whole ? null : { startSec: start, endSec: end };
    // A cover chosen in the old range may fall outside the new one.
    const coverSec = draft.coverSec !== null && draft.coverSec > end - start ? null : draft.coverSec;
    setDraft({ ...draft, trim, coverSec });
  };

  /** Where the player is now: read from it at the moment of the click, not from the last tick. */
  const now = (): number => video.current?.currentTime ?? playhead;

  const seek = (sec: number): void => {
    const v = video.current;
    if (!v) return;
    v.currentTime = sec;
    setPlayhead(sec);
  };

  const render = async (): Promise<void> => {
    setStarting(true);
    try {
      await startRender([clip.id], toRecipe(draft));
    } finally {
      setStarting(false);
    }
  };

  const facts = [
    media ? formatDuration(media.durationSec) : null,
    formatResolution(media),
    media?.video ? formatFps(media.video.fps) + (media.video.variableFrameRate ? ' (variable)' : '') : null,
    formatCodecs(media),
    formatBytes(clip.sizeBytes),
  ].filter(Boolean);

  return (
    <>
      <header className="clip-detail__header">
        <div className="clip-detail__heading">
          <h2 className="clip-detail__title">{clip.fileName}</h2>
          <p className="clip-detail__facts">
            <ClipBadge clip={clip} />
            {facts.map((f) => (
              <span key={f}>{f}</span>
            ))}
          </p>
          <p className="clip-detail__path" title={clip.sourcePath}>
            {clip.sourcePath}
          </p>
        </div>
        <button
          type="button"
          className="button"
          onClick={() => {
            void remove(clip.id).then((ok) => ok && navigateWithin('library', ''));
          }}
        >
          <Icon name="trash" size={14} />
          Remove from library
        </button>
      </header>

      {standing.reasons.length > 0 && (
        <section className={`clip-reasons clip-reasons--${standing.tone}`} aria-label="Why">
          <p className="clip-reasons__title">
            {clip.state === 'ready' && clip.readiness?.verdict === 'needs_render'
              ? 'Rendering makes it ready for TikTok:'
              : clip.state === 'missing'
                ? 'The file is gone:'
                : 'This clip can’t be used:'}
          </p>
          <ul>
            {standing.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </section>
      )}
      {clip.state === 'importing' && <p className="muted">Clipdesk is still reading this file; its details appear here when it is done.</p>}

      <div className="clip-detail__stage">
        <div className="clip-detail__player">
          <video
            ref={video}
            className="player"
            controls
            preload="metadata"
            src={mediaUrl('clip', clip.id)}
            aria-label={`Player: ${clip.fileName}`}
            onTimeUpdate={(e) => setPlayhead(e.currentTarget.currentTime)}
            onSeeked={(e) => setPlayhead(e.currentTarget.currentTime)}
            onLoadedMetadata={(e) => {
              setPlayerError(null);
              if (Number.isFinite(e.currentTarget.duration)) setVideoDuration(e.currentTarget.duration);
            }}
            onError={() =>
              setPlayerError(
                'This browser cannot play the clip (its codec may not be supported here). Rendering still works: the preview on the right shows the framing.',
              )
            }
          />
          {playerError && <p className="clip-detail__player-error">{playerError}</p>}
          {duration > 0 && (
            <div className="trim">
              <div className="trim__head">
                <h3 className="editor-heading">Trim</h3>
                <p className="trim__summary" aria-live="polite">
                  {formatDuration(trimStart, true)} – {formatDuration(trimEnd, true)} ·{' '}
                  <strong>{draft.trim ? `Result ${formatDuration(resultSec, true)}` : `Whole clip, ${formatDuration(resultSec, true)}`}</strong>
                  <span className="visually-hidden">, {durationWords(resultSec)}</span>
                </p>
              </div>
              <TrimTimeline duration={duration} start={trimStart} end={trimEnd} playhead={playhead} onChange={setTrim} onSeek={seek} />
              <div className="trim__buttons">
                <button type="button" className="button" disabled={playhead >= trimEnd - MIN_TRIM_SEC} onClick={() => setTrim(Math.min(now(), trimEnd - MIN_TRIM_SEC), trimEnd)}>
                  Set start at playhead
                </button>
                <button type="button" className="button" disabled={playhead <= trimStart + MIN_TRIM_SEC} onClick={() => setTrim(trimStart, Math.max(now(), trimStart + MIN_TRIM_SEC))}>
                  Set end at playhead
                </button>
                {draft.trim && (
                  <button type="button" className="button button--ghost" onClick={() => setTrim(0, duration)}>
                    Reset trim
                  </button>
                )}
              </div>
            </div>
          )}
        </div>
        <div className="clip-detail__preview">
          <FramePreview
            fit={draft.fit}
            src={thumb}
            safeAreas={safeAreas}
            caption={draft.captions.kind === 'text' ? draft.captions.text.trim() || null : draft.captions.kind === 'srt' ? 'Captions from your .srt' : null}
            watermark={draft.watermark.enabled && draft.watermark.asset ? draft.watermark : null}
          />
          <label className="checkbox frame-preview__toggle">
            <input type="checkbox" checked={safeAreas} onChange={(e) => setSafeAreas(e.target.checked)} />
            <span>Show TikTok safe areas</span>
          </label>
        </div>
      </div>

      <div className="editor">
        <FitChooser value={draft.fit} onChange={(fit) => setDraft({ ...draft, fit })} />
        <CaptionsEditor value={draft.captions} onChange={(captions) => setDraft({ ...draft, captions })} />
        <WatermarkEditor value={draft.watermark} onChange={(watermark) => setDraft({ ...draft, watermark })} />
        <EditorGroup title="Sound">
          <Toggle
            label="Normalise loudness"
            description="Evens out the volume to TikTok’s level (two-pass EBU R128), so your clip is not quieter or louder than the ones around it."
            checked={draft.loudness.enabled}
            onChange={(enabled) => setDraft({ ...draft, loudness: { ...draft.loudness, enabled } })}
          />
          {draft.loudness.enabled && (
            <NumberField
              label="Target loudness (LUFS)"
              value={draft.loudness.targetLufs}
              min={-40}
              max={-5}
              step={0.5}
              onChange={(targetLufs) => setDraft({ ...draft, loudness: { ...draft.loudness, targetLufs } })}
            />
          )}
        </EditorGroup>
        <EditorGroup title="Cover">
          <div className="editor-row">
            <button
              type="button"
              className="button"
              disabled={playhead < trimStart || playhead > trimEnd}
              onClick={() => setDraft({ ...draft, coverSec: Math.max(0, Math.min(resultSec, now() - trimStart)) })}
            >
              Use current frame as cover
            </button>
            {draft.coverSec !== null ? (
              <>
                <span>Cover at {formatDuration(draft.coverSec, true)} into the video</span>
                <button type="button" className="button button--ghost" onClick={() => setDraft({ ...draft, coverSec: null })}>
                  Clear cover
                </button>
              </>
            ) : (
              <span className="muted">No cover chosen: TikTok picks the first frame.</span>
            )}
          </div>
        </EditorGroup>
      </div>

      <div className="render-bar">
        <div className="render-bar__text">
          <p className="render-bar__title">1080×1920 · H.264 · {formatDuration(resultSec, true)}</p>
          <p className="muted">
            {!renderBuilt
              ? 'Rendering is not built yet in this version of Clipdesk.'
              : !renderable
                ? clip.state === 'importing'
                  ? 'Available once the clip is read.'
                  : 'This clip can’t be rendered.'
                : (problem ?? `${FIT_LABELS[draft.fit].label}${draft.loudness.enabled ? `, ${draft.loudness.targetLufs} LUFS` : ''}`)}
          </p>
        </div>
        <button type="button" className="button button--primary render-bar__button" disabled={!renderBuilt || !renderable || problem !== null || starting} onClick={() => void render()}>
          {starting ? <span className="spinner" aria-hidden="true" /> : <Icon name="render" size={15} />}
          Render
        </button>
      </div>

      {renders.length > 0 && (
        <section className="clip-detail__renders" aria-labelledby="clip-renders-heading">
          <h3 id="clip-renders-heading" className="editor-heading">
            Renders of this clip
          </h3>
          <RenderList renders={renders} label="Renders of this clip" showClip={false} />
        </section>
      )}
    </>
  );
}

function EditorGroup({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="editor-group" aria-labelledby={id}>
      <h3 id={id} className="editor-heading">
        {title}
      </h3>
      <div className="editor-group__body">{children}</div>
    </section>
  );
}

function RadioGroup<T extends string>({
  legend,
  value,
  options,
  onChange,
}: {
  legend: string;
  value: T;
  options: { value: T; label: string; description?: string }[];
  onChange: (value: T) => void;
}) {
  const name = useId();
  return (
    <fieldset className="choice">
      <legend className="editor-heading">{legend}</legend>
      <div className="choice__options">
        {options.map((o) => (
          <label key={o.value} className={o.value === value ? 'choice__option is-checked' : 'choice__option'}>
            <input type="radio" name={name} value={o.value} checked={o.value === value} onChange={() => onChange(o.value)} />
            <span className="choice__label">{o.label}</span>
            {o.description && <span className="choice__description">{o.description}</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function FitChooser({ value, onChange }: { value: FitMode; onChange: (fit: FitMode) => void }) {
  return (
    <RadioGroup
      legend="Fit to 9:16"
      value={value}
      onChange={onChange}
      options={(['crop', 'blur', 'letterbox'] as const).map((fit) => ({ value: fit, ...FIT_LABELS[fit] }))}
    />
  );
}

function CaptionsEditor({ value, onChange }: { value: CaptionsDraft; onChange: (c: CaptionsDraft) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [srtKeep, setSrtKeep] = useState<CaptionsDraft | null>(value.kind === 'srt' ? value : null);
  const [textKeep, setTextKeep] = useState(value.kind === 'text' ? value.text : '');

  const readSrt = async (file: File): Promise<void> => {
    setError(null);
    try {
      const srt = await file.text();
      if (countSrtCues(srt) === 0) {
        setError(`“${file.name}” has no subtitle cues in it. Choose an .srt file.`);
        return;
      }
      if (srt.length > 512_000) {
        setError(`“${file.name}” is too large for captions (over 500 KB).`);
        return;
      }
      const next: CaptionsDraft = { kind: 'srt', srt, fileName: file.name };
      setSrtKeep(next);
      onChange(next);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div className="editor-group">
      <RadioGroup
        legend="Captions"
        value={value.kind}
        onChange={(kind) => {
          setError(null);
          if (kind === 'none') onChange({ kind: 'none' });
          else if (kind === 'text') onChange({ kind: 'text', text: textKeep });
          else if (srtKeep) onChange(srtKeep);
          else onChange({ kind: 'srt', srt: '', fileName: '' });
        }}
        options={[
          { value: 'none', label: 'No captions' },
          { value: 'srt', label: 'From an .srt file' },
          { value: 'text', label: 'Type a caption' },
        ]}
      />
      {value.kind === 'srt' && (
        <div className="editor-row">
          <FilePickButton accept=".srt,application/x-subrip,text/plain" inputLabel="Subtitle file" onPick={(f) => void readSrt(f)}>
            {value.fileName ? 'Choose another .srt file' : 'Choose .srt file'}
          </FilePickButton>
          {value.fileName && (
            <span>
              {value.fileName} · {countSrtCues(value.srt)} captions
            </span>
          )}
        </div>
      )}
      {value.kind === 'text' && (
        <label className="text-field">
          <span className="text-field__label">Caption text</span>
          <textarea
            className="input textarea"
            maxLength={500}
            rows={2}
            value={value.text}
            onChange={(e) => {
              setTextKeep(e.target.value);
              onChange({ kind: 'text', text: e.target.value });
            }}
          />
          <span className="text-field__hint">Shown over the whole video. {500 - value.text.length} characters left.</span>
        </label>
      )}
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}

function WatermarkEditor({ value, onChange }: { value: RecipeDraft['watermark']; onChange: (w: RecipeDraft['watermark']) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const positionId = useId();

  const pick = async (file: File): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const asset = await keepWatermark(file);
      onChange({ ...value, asset, fileName: file.name });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <EditorGroup title="Watermark">
      <Toggle
        label="Add a watermark"
        description="Your own logo or handle, as an image. Off unless you add one: Clipdesk never adds its own."
        checked={value.enabled}
        onChange={(enabled) => onChange({ ...value, enabled })}
      />
      {value.enabled && (
        <>
          <div className="editor-row">
            <FilePickButton accept="image/png,image/jpeg,image/webp" inputLabel="Watermark image file" disabled={busy} onPick={(f) => void pick(f)}>
              {busy && <span className="spinner" aria-hidden="true" />}
              {value.asset ? 'Choose another image' : 'Choose image'}
            </FilePickButton>
            {value.fileName && <span>{value.fileName}</span>}
          </div>
          <div className="editor-row">
            <label htmlFor={positionId}>Position</label>
            <select
              id={positionId}
              className="input select"
              value={value.position}
              onChange={(e) => onChange({ ...value, position: e.target.value as WatermarkPosition })}
            >
              <option value="top-left">Top left</option>
              <option value="top-right">Top right</option>
              <option value="bottom-left">Bottom left</option>
              <option value="bottom-right">Bottom right</option>
            </select>
            <label className="range-field">
              <span>Opacity</span>
              <input
                type="range"
                min={0.05}
                max={1}
                step={0.05}
                value={value.opacity}
                aria-valuetext={`${Math.round(value.opacity * 100)}%`}
                onChange={(e) => onChange({ ...value, opacity: Number(e.target.value) })}
              />
              <span className="range-field__value">{Math.round(value.opacity * 100)}%</span>
            </label>
          </div>
          {error && <p className="field-error">{error}</p>}
        </>
      )}
    </EditorGroup>
  );
}

function NumberField({ label, value, min, max, step, onChange }: { label: string; value: number; min: number; max: number; step: number; onChange: (n: number) => void }) {
  const id = useId();
  const [text, setText] = useState(String(value));
  return (
    <div className="editor-row">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        className="input number-input"
        min={min}
        max={max}
        step={step}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(n)) onChange(n);
        }}
        onBlur={() => setText(String(value))}
      />
    </div>
  );
}
