// The posts feature: the commands on posts — compose (one or a batch spread over slots),
// schedule and reschedule, publish now, retry, cancel, settle, and each post's timeline. The
// record itself is the post store's; publishing is the TikTok feature's job.
import { timelineFrom } from '../../../src-shared/posts/timeline';
import { callerName, callerOf } from '../caller';
import type { Infra } from '../infra';
import { feature } from '../feature';
import type { ApprovalsApi } from '../approvals';
import { deciderOf } from '../approvals/approval-service';
import type { LibraryApi } from '../library';
import type { PostStoreApi } from '../post-store';
import type { RenderQueueApi } from '../render-queue';
import type { PublishingApi } from '../publishing';
import { PostService } from './post-service';

export type PostCommands =
  | 'posts.list'
  | 'posts.search'
  | 'posts.count'
  | 'posts.get'
  | 'posts.create'
  | 'posts.retry'
  | 'posts.cancel'
  | 'posts.settle'
  | 'posts.reschedule'
  | 'posts.publishNow'
  | 'posts.spread'
  | 'posts.timeline';

export interface PostsApi {
  readonly postService: PostService;
}

export function createPostsFeature(infra: Infra, deps: { store: PostStoreApi; library: LibraryApi; renders: RenderQueueApi; publishing: PublishingApi; approvals: ApprovalsApi }) {
  const { posts, attempts } = deps.store;
  const postService = new PostService({
    db: infra.db,
    posts,
    attempts,
    publishers: deps.publishing.publishers,
    library: deps.library.library,
    renders: deps.renders.renders,
    jobs: infra.jobs,
    clock: infra.clock,
    approvals: deps.approvals.approvals,
  });
  return feature<PostCommands, PostsApi>({
    handlers: {
      'posts.list': async (input) => posts.list(input),
      'posts.search': async (input) => posts.search(input),
      'posts.count': async (input) => posts.count(input),
      'posts.get': async ({ id }) => posts.get(id),
      'posts.create': async (input, ctx) => postService.create(input, callerName(ctx)),
      'posts.retry': async ({ id }, ctx) => postService.retry(id, callerName(ctx)),
      'posts.cancel': async ({ id }, ctx) => postService.cancel(id, callerName(ctx)),
      'posts.settle': async ({ id, outcome, note }, ctx) => postService.settle(id, outcome, note, callerName(ctx)),
      'posts.reschedule': async ({ id, at }, ctx) => postService.reschedule(id, Date.parse(at), deciderOf(callerOf(ctx).actor)),
      'posts.publishNow': async ({ id }, ctx) => postService.publishNow(id, callerName(ctx)),
      'posts.spread': async (input, ctx) => postService.spread(input, callerName(ctx)),
      'posts.timeline': async ({ id }) => {
        const post = posts.row(id);
        const subjects = [id, post.render_id].filter((s): s is string => s !== null);
        return timelineFrom(infra.audit.about(subjects));
      },
    },
    api: { postService },
  });
}
