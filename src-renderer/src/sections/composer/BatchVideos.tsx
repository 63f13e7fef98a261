// The batch composer's videos, in the order they will go out: each with its thumbnail, a preview
// of exactly the file that is sent (TikTok's §4 5a), its length, its own caption with TikTok's
// count, its own problems (a caption or a video too long), and a way to leave it out.
import { useId, useState } from 'react';
import { analyzeCaption } from '../../../../src-shared/tiktok/caption';
import { mediaUrl } from '../../api/media-url';
import { Icon } from '../../components/Icon';
import { formatDuration } from '../../lib/format-media';
import type { PostableVideo } from '../../lib/postable-videos';
import { CaptionCounter } from './TikTokFields';

interface BatchVideosProps {
  videos: readonly PostableVideo[];
  captions: readonly string[];
  /** Per video: what stops it from being posted, in TikTok's words. */
  problems: readonly (readonly string[])[];
  onCaption(index: number, caption: string): void;
  onRemove(index: number): void;
  disabled: boolean;
}

export function BatchVideos({ videos, captions, problems, onCaption, onRemove, disabled }: BatchVideosProps) {
  return (
    <ol className="batch-videos" aria-label="Videos to post">
      {videos.map((video, i) => (
        <BatchVideo
          key={video.renderId ?? video.clipId ?? i}
          video={video}
          caption={captions[i] ?? ''}
          problems={problems[i] ?? []}
          onCaption={(c) => onCaption(i, c)}
          onRemove={videos.length > 1 ? () => onRemove(i) : null}
          disabled={disabled}
          autoFocus={i === 0}
        />
      ))}
    </ol>
  );
}

interface BatchVideoProps {
  video: PostableVideo;
  caption: string;
  problems: readonly string[];
  onCaption(caption: string): void;
  /** Null for the last video left. */
  onRemove: (() => void) | null;
  disabled: boolean;
  autoFocus: boolean;
}

function BatchVideo(props: BatchVideoProps) {
  const { video } = props;
  const ids = { caption: useId(), counter: useId(), problems: useId() };
  const [playing, setPlaying] = useState(false);
  const analysis = analyzeCaption(props.caption);
  const file = video.renderId ? mediaUrl('render', video.renderId) : mediaUrl('clip', video.clipId ?? video.sourceClipId);
  return (
    <li className={props.problems.length ? 'batch-video batch-video--problem' : 'batch-video'} aria-label={video.name}>
      {playing ? (
        <video className="batch-video__player" src={file} controls muted playsInline autoPlay preload="metadata" aria-label={`Preview of the video to post: ${video.name}`} />
      ) : (
        <img className="batch-video__thumb" src={mediaUrl('thumbnail', video.sourceClipId, video.version)} alt="" decoding="async" />
      )}
      <div className="batch-video__body">
        <div className="batch-video__head">
          <p className="batch-video__name">
            {video.name}
            {video.durationSec !== null && <span className="muted"> · {formatDuration(video.durationSec)}</span>}
            {!video.renderId && <span className="muted"> · as it is</span>}
          </p>
          <button type="button" className="button button--ghost batch-video__button" aria-pressed={playing} onClick={() => setPlaying(!playing)} aria-label={`${playing ? 'Stop preview of' : 'Preview'} ${video.name}`}>
            <Icon name={playing ? 'cross' : 'play'} size={12} />
          </button>
          {props.onRemove && (
            <button type="button" className="button button--ghost batch-video__button" disabled={props.disabled} onClick={props.onRemove} aria-label={`Leave out ${video.name}`}>
              Leave out
            </button>
          )}
        </div>
        <label className="visually-hidden" htmlFor={ids.caption}>
          Caption for {video.name}
        </label>
        <textarea
          id={ids.caption}
          className="input composer__caption batch-video__caption"
          rows={3}
          value={props.caption}
          disabled={props.disabled}
          {...(props.autoFocus ? { 'data-autofocus': true } : {})}
          placeholder="Caption: #hashtags and @mentions work as in TikTok."
          aria-describedby={props.problems.length ? `${ids.counter} ${ids.problems}` : ids.counter}
          aria-invalid={analysis.over || undefined}
          onChange={(e) => props.onCaption(e.target.value)}
        />
        <CaptionCounter id={ids.counter} length={analysis.length} max={analysis.max} over={analysis.over} />
        {props.problems.length > 0 && (
          <ul id={ids.problems} className="batch-video__problems" aria-label={`Problems with ${video.name}`}>
            {props.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}
