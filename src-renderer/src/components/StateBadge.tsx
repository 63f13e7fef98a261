// Where a post is on its journey, in the lifecycle's own words, coloured by what it needs:
// waiting on you (warning), on its way (accent), done (success), stopped (danger/neutral).
import { describeState, type PostState } from '../../../src-shared/posts/lifecycle';
import './StateBadge.css';

const TONE: Record<PostState, 'neutral' | 'accent' | 'warning' | 'success' | 'danger'> = {
  ready: 'neutral',
  awaiting_approval: 'warning',
  scheduled: 'accent',
  uploading: 'accent',
  processing: 'accent',
  published: 'success',
  rejected: 'danger',
  failed: 'danger',
  cancelled: 'neutral',
};

export function StateBadge({ state }: { state: PostState }) {
  const words = describeState(state);
  return <span className={`state-badge state-badge--${TONE[state]}`}>{words.charAt(0).toUpperCase() + words.slice(1)}</span>;
}
