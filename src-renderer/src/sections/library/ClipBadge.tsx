// Where a clip stands, in one badge: importing, fits TikTok as it is, needs a render, or a
// problem. The reasons ride along as the badge's description (and its tooltip).
import type { Clip } from '../../../../src-shared/media/library';
import '../../components/StateBadge.css';

type Tone = 'neutral' | 'accent' | 'warning' | 'success' | 'danger';

export function clipStanding(clip: Clip): { label: string; tone: Tone; reasons: string[] } {
  switch (clip.state) {
    case 'importing':
      return { label: 'Importing', tone: 'accent', reasons: [] };
    case 'failed':
      return { label: 'Could not read', tone: 'danger', reasons: clip.error ? [clip.error] : [] };
    case 'missing':
      return { label: 'File missing', tone: 'danger', reasons: clip.error ? [clip.error] : [] };
    case 'unusable':
      return { label: 'Can’t be used', tone: 'danger', reasons: clip.readiness?.reasons.length ? clip.readiness.reasons : clip.error ? [clip.error] : [] };
    case 'ready':
      break;
  }
  const r = clip.readiness;
  if (!r) return { label: 'Ready', tone: 'neutral', reasons: [] };
  if (r.verdict === 'fits') return { label: 'Fits TikTok', tone: 'success', reasons: r.reasons };
  if (r.verdict === 'needs_render') return { label: 'Needs render', tone: 'warning', reasons: r.reasons };
  return { label: 'Can’t be used', tone: 'danger', reasons: r.reasons };
}

export function isProblem(clip: Clip): boolean {
  return clip.state === 'failed' || clip.state === 'missing' || clip.state === 'unusable' || clip.readiness?.verdict === 'unusable';
}

export function canRender(clip: Clip): boolean {
  return clip.state === 'ready' && clip.readiness?.verdict !== 'unusable';
}

export function ClipBadge({ clip, id }: { clip: Clip; id?: string }) {
  const { label, tone, reasons } = clipStanding(clip);
  return (
    <span id={id} className={`state-badge state-badge--${tone}`} title={reasons.length ? reasons.join('\n') : undefined}>
      {label}
    </span>
  );
}
