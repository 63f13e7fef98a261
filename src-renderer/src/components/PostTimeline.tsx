// A finished post's history in History: rendered, approved by whom, uploaded, processing,
// published (or why it failed) — read from the core (posts.timeline) when opened — and the way
// to every raw entry the Activity log holds for it.
import { useEffect, useState } from 'react';
import type { TimelineStep } from '../../../src-shared/posts/timeline';
import { api } from '../api';
import { errorMessage } from '../lib/error-message';
import { useActivity } from '../stores/activity-store';
import { navigate } from '../stores/navigation-store';
import { Time } from './Time';

/** Activity, searched for this post's id: the entries about the post itself (its render's are under the render's id). */
function showInActivity(postId: string): void {
  useActivity.getState().showSubject(postId);
  navigate('activity');
}

export function PostTimeline({ postId, name }: { postId: string; name: string }) {
  const [steps, setSteps] = useState<TimelineStep[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.call('posts.timeline', { id: postId }).then(
      (s) => live && setSteps(s),
      (err: unknown) => live && setProblem(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [postId]);

  if (problem) return <p className="post-list__problem" role="alert">Could not read its history: {problem}</p>;
  if (!steps) return <p className="muted">Loading its history…</p>;
  if (!steps.length) return <p className="muted">Nothing was recorded for this post.</p>;
  return (
    <>
      <ol className="post-timeline" aria-label={`Timeline of ${name}`}>
        {steps.map((step, i) => (
          <li key={i} className={`post-timeline__step post-timeline__step--${step.kind}`}>
            <Time iso={step.at} withDate />
            <span className="post-timeline__title">{step.title}</span>
            <span className="post-timeline__by">{step.by}</span>
            {step.detail && <span className="post-timeline__detail">{step.detail}</span>}
          </li>
        ))}
      </ol>
      <button type="button" className="button button--ghost post-timeline__activity" onClick={() => showInActivity(postId)} aria-label={`Activity of ${name}`}>
        Find in Activity
      </button>
    </>
  );
}
