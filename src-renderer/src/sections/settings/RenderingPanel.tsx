// Settings → Rendering: how many renders run at once, and which H.264 encoder they use. The
// encoders offered are the ones this machine's ffmpeg reports (the doctor's H.264 check).
import { useEffect, useId, useState } from 'react';
import { api } from '../../api';
import { Panel } from '../../components/Panel';
import { useSettings } from '../../stores/settings-store';

const ENCODER_WORDS: Record<string, string> = {
  auto: 'Automatic (a hardware encoder that works, else libx264)',
  libx264: 'libx264 (software, best compatibility)',
  h264_nvenc: 'NVIDIA NVENC',
  h264_qsv: 'Intel Quick Sync',
  h264_vaapi: 'VA-API',
  h264_videotoolbox: 'Apple VideoToolbox',
  h264_amf: 'AMD AMF',
  h264_mf: 'Windows Media Foundation',
  h264_v4l2m2m: 'V4L2 (hardware)',
};

/** The doctor's 'h264' detail is "libx264, h264_vaapi, …" (or "none"); anything else is ignored. */
export function parseEncoders(detail: string | undefined): string[] {
  if (!detail) return [];
  return detail
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => /^[a-z0-9_]+$/.test(s) && s !== 'none');
}

// Asked once a session: the check starts ffmpeg.
let detected: Promise<string[]> | null = null;
function detectEncoders(): Promise<string[]> {
  detected ??= api
    .call('app.doctor', {})
    .then((checks) => parseEncoders(checks.find((c) => c.id === 'h264')?.detail))
    .catch(() => []);
  return detected;
}

export function RenderingPanel() {
  const settings = useSettings((s) => s.settings);
  const savingParallel = useSettings((s) => s.saving.has('renderParallel'));
  const savingEncoder = useSettings((s) => s.saving.has('renderEncoder'));
  const update = useSettings((s) => s.update);
  const [encoders, setEncoders] = useState<string[] | null>(null);
  const parallelId = useId();
  const encoderId = useId();

  useEffect(() => {
    let live = true;
    void detectEncoders().then((found) => live && setEncoders(found));
    return () => {
      live = false;
    };
  }, []);

  const current = settings?.renderEncoder ?? 'auto';
  const options = [...new Set(['auto', 'libx264', ...(encoders ?? []), current])];

  return (
    <Panel title="Rendering" icon="render" description="How Clipdesk turns clips into TikTok-ready video on this machine.">
      <div className="setting-rows">
        <div className="setting-row">
          <div className="setting-row__text">
            <label htmlFor={parallelId} className="setting-row__label">
              Parallel renders
            </label>
            <p className="setting-row__description">More at once finishes a batch sooner on a fast machine; one at a time keeps the rest of it responsive.</p>
          </div>
          <select
            id={parallelId}
            className="input select"
            value={settings?.renderParallel ?? 1}
            disabled={!settings}
            aria-busy={savingParallel || undefined}
            onChange={(e) => void update({ renderParallel: Number(e.target.value) })}
          >
            {[1, 2, 3, 4].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="setting-row">
          <div className="setting-row__text">
            <label htmlFor={encoderId} className="setting-row__label">
              H.264 encoder
            </label>
            <p className="setting-row__description">
              {encoders === null
                ? 'Looking for the encoders this machine’s ffmpeg has…'
                : encoders.length === 0
                  ? 'Could not list this machine’s encoders; Automatic and libx264 always work.'
                  : `This machine’s ffmpeg has: ${encoders.join(', ')}.`}
            </p>
          </div>
          <select
            id={encoderId}
            className="input select"
            value={current}
            disabled={!settings}
            aria-busy={savingEncoder || undefined}
            onChange={(e) => void update({ renderEncoder: e.target.value })}
          >
            {options.map((name) => (
              <option key={name} value={name}>
                {ENCODER_WORDS[name] ?? name}
              </option>
            ))}
          </select>
        </div>
      </div>
    </Panel>
  );
}
