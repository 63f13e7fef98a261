// Approvals for the Approvals section: waiting ones first, then recent decisions. Kept live by
// approvals.changed (a decision made on Telegram shows at once) and posts.changed (a caption or
// time changed elsewhere; a post that needs a new approval brings a reload).
import { create } from 'zustand';
import type { Approval } from '../../../src-shared/posts/approval';
import type { PostSummary } from '../../../src-shared/posts/post';
import { api } from '../api';
import { sortApprovals } from '../lib/approval-words';
import { errorMessage } from '../lib/error-message';
import { toast } from './toast-store';

const LIMIT = 200;

interface ApprovalsState {
  approvals: Approval[];
  status: 'idle' | 'loading' | 'ready';
  error: string | null;
  /** Post ids with a decision, reschedule or caption edit in flight. */
  busy: ReadonlySet<string>;
  load(): Promise<void>;
  received(approval: Approval): void;
  postReceived(post: PostSummary): void;
  /** Each resolves true when the core took it; a toast says why not. */
  decide(postId: string, decision: 'approve' | 'reject'): Promise<boolean>;
  reschedule(postId: string, at: string): Promise<boolean>;
  editCaption(postId: string, caption: string): Promise<boolean>;
}

let reloadTimer: ReturnType<typeof setTimeout> | null = null;

export const useApprovals = create<ApprovalsState>((set, get) => {
  const act = async (postId: string, failTitle: string, work: () => Promise<Approval>): Promise<boolean> => {
    set({ busy: new Set([...get().busy, postId]) });
    try {
      get().received(await work());
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
  const nameOf = (postId: string): string => get().approvals.find((a) => a.postId === postId)?.post.fileName ?? 'the post';

  return {
    approvals: [],
    status: 'idle',
    error: null,
    busy: new Set(),

    async load() {
      if (get().status === 'idle') set({ status: 'loading' });
      try {
        const approvals = await api.call('approvals.list', { limit: LIMIT });
        set({ approvals: sortApprovals(approvals), status: 'ready', error: null });
      } catch (err) {
        set({ status: 'ready', error: errorMessage(err) });
      }
    },

    received(approval) {
      if (get().status === 'idle') return;
      const had = get().approvals.find((a) => a.id === approval.id);
      // Events can overtake a reply: a decided record is never turned back into a pending one.
      if (had?.decision && !approval.decision) return;
      const others = get().approvals.filter((a) => a.id !== approval.id);
      set({ approvals: sortApprovals([...others, approval]) });
    },

    postReceived(post) {
      if (get().status === 'idle') return;
      const approvals = get().approvals;
      const mine = approvals.find((a) => a.postId === post.id && a.id === post.approval?.id);
      if (mine) {
        if (mine.post.updatedAt > post.updatedAt) return;
        set({ approvals: approvals.map((a) => (a === mine ? { ...a, post } : a)) });
      } else if (post.approval && !approvals.some((a) => a.id === post.approval?.id)) {
        // A request we have not seen (approvals.changed may follow); fetch the whole record once.
        if (reloadTimer) clearTimeout(reloadTimer);
        reloadTimer = setTimeout(() => {
          reloadTimer = null;
          if (!get().approvals.some((a) => a.id === post.approval?.id)) void get().load();
        }, 300);
      }
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
