// A post's or clip's still, as a decoration beside its name: the clip's thumbnail, or a film
// icon when there is no clip or the image cannot be loaded (deleted, not probed yet).
import { useState } from 'react';
import { mediaUrl } from '../api/media-url';
import { Icon } from './Icon';

/** `className` styles both; the fallback also gets `${className}--none`. */
export function ClipThumbnail({ clipId, version, className, iconSize = 20 }: { clipId: string | null; version: string; className: string; iconSize?: number }) {
  const [failed, setFailed] = useState(false);
  if (!clipId || failed) {
    return (
      <span className={`${className} ${className}--none`} aria-hidden="true">
        <Icon name="film" size={iconSize} />
      </span>
    );
  }
  // draggable={false}: in a draggable card the image must not be dragged on its own.
  return <img className={className} src={mediaUrl('thumbnail', clipId, version)} alt="" decoding="async" draggable={false} onError={() => setFailed(true)} />;
}
