// The one way a post's publishing is queued: a durable job at the post's time, keyed so that
// asking twice (a redelivered approval, a retried request) queues it once.
import { z } from 'zod';
import { jobKind } from '../jobs/job-kind';
import type { JobRunner } from '../jobs/job-runner';

/** The job kind that publishes a post; its handler is the publishing feature's, for every platform (its stored name predates a second one). */
export const PUBLISH_JOB = jobKind('tiktok.publish', z.object({ postId: z.string() }));

export function enqueuePublish(jobs: JobRunner, postId: string, at: number, key: string): void {
  jobs.enqueue(PUBLISH_JOB, { postId }, { runAt: at, dedupeKey: key });
}
