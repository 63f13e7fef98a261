// A TikTok account's picture, saved by the core and served as media kind 'avatar', or its
// first letter on a tinted disc when there is none (or it fails to load). Decorative: the
// name beside it is what assistive tech reads.
import { useState } from 'react';
import { mediaUrl } from '../api/media-url';
import './Avatar.css';

interface AvatarProps {
  accountId: string;
  name: string;
  hasAvatar: boolean;
  /** Changes the URL when the picture may have changed (the account's updatedAt). */
  version?: string;
  size?: number;
}

export function initialOf(name: string): string {
  const first = Array.from(name.trim().replace(/^@/, ''))[0];
  return first ? first.toLocaleUpperCase() : '?';
}

export function Avatar({ accountId, name, hasAvatar, version, size = 36 }: AvatarProps) {
  const [failed, setFailed] = useState(false);
  const style = { width: size, height: size, fontSize: Math.round(size * 0.42) };
  if (hasAvatar && !failed) {
    return <img className="avatar" style={style} src={mediaUrl('avatar', accountId, version)} alt="" onError={() => setFailed(true)} />;
  }
  return (
    <span className="avatar avatar--initial" style={style} aria-hidden="true">
      {initialOf(name)}
    </span>
  );
}
