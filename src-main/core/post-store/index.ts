// The post record (docs/architecture.md §2): posts moving through the lifecycle, each change
// one transaction with its activity entry, and their publish records. Not a feature with
// commands of its own but the store every feature that touches posts shares; the commands on
// posts are the posts feature's.
import type { Infra } from '../infra';
import { feature } from '../feature';
import { PostRepo } from './post-repo';
import { PublishAttempts } from './publish-attempts';

export interface PostStoreApi {
  readonly posts: PostRepo;
  readonly attempts: PublishAttempts;
}

export function createPostStore(infra: Infra) {
  return feature<never, PostStoreApi>({
    api: {
      posts: new PostRepo(infra.db, infra.clock, infra.audit, infra.bus),
      attempts: new PublishAttempts(infra.db, infra.clock),
    },
  });
}
