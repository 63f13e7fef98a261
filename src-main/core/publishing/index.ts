// The publishing feature (docs/architecture.md §2): the one job that sends a due post, whatever
// its platform — when it goes (its time, a pause, the missed-post rule, the daily cap, a wait
// for its account) and what a failure means for it (retry safety) — and the platforms it sends
// to. Platforms register their Publisher here (the TikTok feature, built next, registers
// TikTok's); it has no commands of its own: the commands on posts are the posts feature's.
import type { Infra } from '../infra';
import { feature, job } from '../feature';
import type { PostStoreApi } from '../post-store';
import type { PostRow } from '../post-store/post-repo';
import { PUBLISH_JOB } from '../post-store/publish-queue';
import { Publishers } from './publishers';
import { Publishing, PUBLISH_MAX_ATTEMPTS } from './publishing';

export type { Publisher, PublishAccount, PollResult, PostDraft, SendStep, RecordPatch } from './publisher';
export { AccountUnusable, PlatformUnreachable, PublishRefused, PublishWait } from './publish-errors';

export interface PublishingApi {
  /** Where platforms register, and where the posts feature finds an account's platform. */
  readonly publishers: Publishers;
  readonly publishing: Publishing;
}

export interface PublishingDeps {
  store: PostStoreApi;
  /** The file a post sends (the render queue's videoFileOf). */
  videoFile: (post: PostRow) => string | null;
  /** Told when a post is held for missing its time, so someone can be asked. */
  onMissed: (postId: string) => void;
}

export function createPublishingFeature(infra: Infra, deps: PublishingDeps) {
  const publishers = new Publishers(infra.db);
  const publishing = new Publishing({
    db: infra.db,
    bus: infra.bus,
    jobs: infra.jobs,
    posts: deps.store.posts,
    attempts: deps.store.attempts,
    publishers,
    clock: infra.clock,
    paused: () => infra.settings.get().publishingPaused,
    missedGraceMinutes: () => infra.settings.get().missedGraceMinutes,
    audit: infra.audit,
    onMissed: deps.onMissed,
    videoFile: deps.videoFile,
    notify: infra.notify,
  });
  return feature<never, PublishingApi>({
    jobs: [job(PUBLISH_JOB, (ctx) => publishing.run(ctx), { concurrency: 2, maxAttempts: PUBLISH_MAX_ATTEMPTS })],
    api: { publishers, publishing },
  });
}
