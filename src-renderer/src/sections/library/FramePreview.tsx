// What the render will look like in TikTok's 9:16 frame: the clip's frame placed by the fit
// mode (crop fills, letterbox fits on black, blur fits on a blurred copy), with the caption and
// watermark where they will go and, on request, the areas TikTok's own buttons and text cover.
import type { FitMode } from '../../../../src-shared/media/media-info';
import { Icon } from '../../components/Icon';
import { FIT_LABELS, type WatermarkPosition } from './recipe';

interface FramePreviewProps {
  fit: FitMode;
  /** The thumbnail (a frame of the clip), or null when there is none. */
  src: string | null;
  safeAreas: boolean;
  caption: string | null;
  watermark: { position: WatermarkPosition; opacity: number } | null;
}

export function FramePreview({ fit, src, safeAreas, caption, watermark }: FramePreviewProps) {
  return (
    <figure className="frame-preview">
      <div className={`frame-preview__frame frame-preview__frame--${fit}`} role="img" aria-label={`Preview of the 9:16 frame: ${FIT_LABELS[fit].label}`}>
        {src ? (
          <>
            {fit === 'blur' && <img className="frame-preview__backdrop" src={src} alt="" draggable={false} />}
            <img className="frame-preview__image" src={src} alt="" draggable={false} />
          </>
        ) : (
          <div className="frame-preview__empty">
            <Icon name="film" size={24} />
          </div>
        )}
        {caption && <p className="frame-preview__caption">{caption}</p>}
        {watermark && <span className={`frame-preview__watermark frame-preview__watermark--${watermark.position}`} style={{ opacity: watermark.opacity }} />}
        {safeAreas && (
          <div className="safe-areas" aria-hidden="true">
            <div className="safe-areas__top">Following · For You</div>
            <div className="safe-areas__right">Like · Comment · Share</div>
            <div className="safe-areas__bottom">@handle · caption · sound</div>
          </div>
        )}
      </div>
      <figcaption className="frame-preview__label">1080×1920 · {FIT_LABELS[fit].label}</figcaption>
    </figure>
  );
}
