// The batch composer's videos: each with its thumbnail, length and its own caption (with
// TikTok's count), in the order they will go out.
import { useId } from 'react';
import { analyzeCaption } from '../../../../src-shared/tiktok/caption';
import { mediaUrl } from '../../api/media-url';
import { formatDuration } from '../../lib/format-media';
import type { PostableVideo } from '../../lib/postable-videos';

interface BatchVideosProps {
  videos: readonly PostableVideo[];
  captions: readonly string[];
  onCaption(index: number, caption: string): void;
  disabled: boolean;
}

export function BatchVideos({ videos, captions, onCaption, disabled }: BatchVideosProps) {
  return (
    <ol className="batch-videos" aria-label="Videos to post">
      {videos.map((video, i) => (
        <BatchVideo key={video.renderId ?? video.clipId ?? i} video={video} caption={captions[i] ?? ''} onCaption={(c) => onCaption(i, c)} disabled={disabled} autoFocus={i === 0} />
      ))}
    </ol>
  );
}

function BatchVideo(props: { video: PostableVideo; caption: string; onCaption(caption: string): void; disabled: boolean; autoFocus: boolean }) {
  const { video } = props;
  const ids = { caption: useId(), counter: useId() };
  const analysis = analyzeCaption(props.caption);
  return (
    <li className="batch-video">
      <img className="batch-video__thumb" src={mediaUrl('thumbnail', video.sourceClipId, video.version)} alt="" decoding="async" />
      <div className="batch-video__body">
        <p className="batch-video__name">
          {video.name}
          {video.durationSec !== null && <span className="muted"> · {formatDuration(video.durationSec)}</span>}
          {!video.renderId && <span className="muted"> · as it is</span>}
        </p>
        <label className="visually-hidden" htmlFor={ids.caption}>
          Caption for {video.name}
        </label>
        <textarea
          id={ids.caption}
          className="input batch-video__caption"
          rows={2}
          value={props.caption}
          disabled={props.disabled}
          {...(props.autoFocus ? { 'data-autofocus': true } : {})}
          placeholder="Caption: #hashtags and @mentions work as in TikTok."
          aria-describedby={ids.counter}
          aria-invalid={analysis.over || undefined}
          onChange={(e) => props.onCaption(e.target.value)}
        />
        <p id={ids.counter} className={analysis.over ? 'composer__counter composer__counter--over' : 'composer__counter'}>
          <span className="visually-hidden">Caption length: </span>
          {analysis.length} / {analysis.max}
        </p>
      </div>
    </li>
  );
}
