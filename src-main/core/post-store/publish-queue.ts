// The one way a post's publishing is queued: a durable job at the post's time, keyed so that
// asking twice (a redelivered approval, a retried request) queues it once.
import type { JobRunner } from '../jobs/job-runner';

/** The job kind that publishes a post; its handler is the publisher's. */
export const PUBLISH_JOB = 'tiktok.publish';

export function enqueuePublish(jobs: JobRunner, postId: string, at: number, key: string): void {
  jobs.enqueue(PUBLISH_JOB, { postId }, { runAt: at, dedupeKey: key });
}
