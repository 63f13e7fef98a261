// Approvals for the Approvals section: waiting ones first, then recent decisions. Each record is
// kept once by id without its post: the post is the posts store's one copy (the core's answer
// carries it, and it is handed over there), so a caption or time changed elsewhere shows on the
// card through posts.changed alone. Kept live by approvals.changed (a decision made on Telegram
// shows at once); a post that needs an approval we have not seen brings a reload.
import { create } from 'zustand';
import type { Approval } from '../../../src-shared/posts/approval';
import type { PostSummary } from '../../../src-shared/posts/post';
import { api } from '../api';
import { sortApprovals } from '../lib/approval-words';
import { errorMessage } from '../lib/error-message';
import { usePosts } from './posts-store';
import { toast } from './toast-store';

const LIMIT = 200;
const RELOAD_DELAY_MS = 300;

/** An approval as stored: everything but its post, which lives in the posts store. */
export type ApprovalRecord = Omit<Approval, 'post'>;

interface ApprovalsState {
  byId: Readonly<Record<string, ApprovalRecord>>;
  status: 'idle' | 'loading' | 'ready';
  error: string | null;
  /** Post ids with a decision, reschedule or caption edit in flight. */
  busy: ReadonlySet<string>;
  load(): Promise<void>;
  received(approval: Approval): void;
  /** posts.changed: the post itself is the posts store's; here only "is this a request we have not seen?". */
  postReceived(post: PostSummary): void;
  /** Each resolves true when the core took it; a toast says why not. */
  decide(postId: string, decision: 'approve' | 'reject'): Promise<boolean>;
  reschedule(postId: string, at: string): Promise<boolean>;
  editCaption(postId: string, caption: string): Promise<boolean>;
}

let reloadTimer: ReturnType<typeof setTimeout> | null = null;

function recordOf(approval: Approval): ApprovalRecord {
  const { post: _post, ...record } = approval;
  return record;
}

export const useApprovals = create<ApprovalsState>((set, get) => {
  /** Keep the record here and its post in the posts store; a decided record never turns back into a pending one. */
  const keep = (approvals: readonly Approval[], replace: boolean): void => {
    usePosts.getState().absorb(approvals.map((a) => a.post));
    const byId: Record<string, ApprovalRecord> = replace ? {} : { ...get().byId };
    for (const approval of approvals) {
      const had = byId[approval.id];
      // Events can overtake a reply.
      if (had?.decision && !approval.decision) continue;
      byId[approval.id] = recordOf(approval);
    }
    set({ byId });
  };
  const act = async (postId: string, failTitle: string, work: () => Promise<Approval>): Promise<boolean> => {
    set({ busy: new Set([...get().busy, postId]) });
    try {
      keep([await work()], false);
      return true;
    } catch (err) {
      toast({ tone: 'danger', title: failTitle, body: errorMessage(err) });
      return false;
    } finally {
      const busy = new Set(get().busy);
      busy.delete(postId);
      set({ busy });
    }
  };
  const nameOf = (postId: string): string => usePosts.getState().byId[postId]?.fileName ?? 'the post';

  return {
    byId: {},
    status: 'idle',
    error: null,
    busy: new Set(),

    async load() {
      if (get().status === 'idle') set({ status: 'loading' });
      try {
        // A fresh list is the truth: records the core no longer lists drop out.
        keep(await api.call('approvals.list', { limit: LIMIT }), true);
        set({ status: 'ready', error: null });
      } catch (err) {
        set({ status: 'ready', error: errorMessage(err) });
      }
    },

    received(approval) {
      if (get().status === 'idle') return;
      keep([approval], false);
    },

    postReceived(post) {
      if (get().status === 'idle' || !post.approval || get().byId[post.approval.id]) return;
      // A request we have not seen (approvals.changed may follow); fetch the whole record once.
      if (reloadTimer) clearTimeout(reloadTimer);
      const wanted = post.approval.id;
      reloadTimer = setTimeout(() => {
        reloadTimer = null;
        if (!get().byId[wanted]) void get().load();
      }, RELOAD_DELAY_MS);
    },

    decide(postId, decision) {
      const title = decision === 'approve' ? `Could not approve ${nameOf(postId)}` : `Could not reject ${nameOf(postId)}`;
      return act(postId, title, () => api.call('approvals.decide', { postId, decision }));
    },

    reschedule(postId, at) {
      return act(postId, `Could not reschedule ${nameOf(postId)}`, () => api.call('approvals.reschedule', { postId, at }));
    },

    editCaption(postId, caption) {
      return act(postId, 'Could not change the caption', () => api.call('approvals.editCaption', { postId, caption }));
    },
  };
});

// The approvals as the section shows them: each record with its post from the one copy, waiting
// ones first (sortApprovals). Memoized on both copies, so it is a new list only when one changed.
let joined: { records: ApprovalsState['byId']; posts: Readonly<Record<string, PostSummary>>; list: Approval[] } | null = null;

export function selectApprovals(records: ApprovalsState['byId'], posts: Readonly<Record<string, PostSummary>>): Approval[] {
  if (joined && joined.records === records && joined.posts === posts) return joined.list;
  const list: Approval[] = [];
  for (const record of Object.values(records)) {
    const post = posts[record.postId];
    if (post) list.push({ ...record, post });
  }
  joined = { records, posts, list: sortApprovals(list) };
  return joined.list;
}

/** The hook for the Approvals section. */
export function useApprovalList(): Approval[] {
  const records = useApprovals((s) => s.byId);
  const posts = usePosts((s) => s.byId);
  return selectApprovals(records, posts);
}
