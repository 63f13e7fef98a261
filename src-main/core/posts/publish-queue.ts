// The one way a post's publishing is queued: a durable job at the post's time, keyed so that
// asking twice (a redelivered approval, a retried request) queues it once.
import type { JobRunner } from '../jobs/job-runner';
import { PUBLISH_JOB } from '../tiktok/publisher';

export function enqueuePublish(jobs: JobRunner, postId: string, at: number, key: string): void {
  jobs.enqueue(PUBLISH_JOB, { postId }, { runAt: at, dedupeKey: key });
}
