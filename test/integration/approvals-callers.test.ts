// A go-ahead given by a command is the caller's (docs/architecture.md §1, "Every call carries its
// caller"): the terminal decides as "you in the terminal" (via cli), the window as "you in the
// app", a browser session of the host as "you in the browser" — in the approval's record, the
// activity log, and the approvers' copies on Telegram.
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../src-shared/caller';
import { AT_TERMINAL, IN_BROWSER, IN_WINDOW } from '../support/callers';
import { waitFor } from '../support/core-harness';
import { ANN, createPost, messageNow, requestIn, useApprovalSetup, type ApprovalFixture } from '../support/telegram-harness';

const { setup } = useApprovalSetup('clipdesk-approvals-callers-');
const HOUR = 3600_000;

/** The activity log's entries about a post for one action, oldest first. */
const logged = (fx: ApprovalFixture, postId: string, action: string) =>
  fx.h.core.audit
    .about([postId])
    .filter((e) => e.action === action)
    .map((e) => ({ actor: e.actor, detail: e.detail }));

describe('approvals decided by a command record its caller', () => {
  it('the terminal decides as the CLI, the window as the app, a browser session as the browser', async () => {
    const fx = await setup();
    const { h, tg } = fx;
    const cases: { ctx: CallContext; decision: 'approve' | 'reject'; by: string; actor: string; via: string }[] = [
      { ctx: AT_TERMINAL, decision: 'approve', by: 'you in the terminal', actor: 'cli', via: 'cli' },
      { ctx: IN_WINDOW, decision: 'approve', by: 'you in the app', actor: 'app', via: 'app' },
      { ctx: IN_BROWSER, decision: 'reject', by: 'you in the browser', actor: 'browser', via: 'browser' },
    ];
    for (const [i, c] of cases.entries()) {
      const post = await createPost(fx, { at: Date.now() + (i + 1) * HOUR, caption: `Post ${i}` });
      expect(post.state).toBe('awaiting_approval');
      const copy = await requestIn(tg, ANN.id, i);
      const approval = await h.core.handlers['approvals.decide']({ postId: post.id, decision: c.decision }, c.ctx);
      expect(approval.decision).toMatchObject({ status: c.decision === 'approve' ? 'approved' : 'rejected', by: c.by, actor: c.actor, via: c.via });
      const verb = c.decision === 'approve' ? 'approved' : 'rejected';
      expect(logged(fx, post.id, `post.${c.decision}`)).toEqual([{ actor: c.actor, detail: `${verb} by ${c.by}` }]);
      // The approver's copy says who decided, and its buttons go.
      const now = await waitFor(() => {
        const m = messageNow(tg, ANN.id, copy.messageId);
        return m && m.inlineKeyboard === null ? m : undefined;
      }, 10_000, `Ann's copy of post ${i} to show the decision`);
      expect(now.caption).toContain(`${c.decision === 'approve' ? 'Approved' : 'Rejected'} by ${c.by}`);
    }
  });

  it('moving, editing and cancelling a waiting post are the caller’s too', async () => {
    const fx = await setup();
    const { h } = fx;
    const post = await createPost(fx, { at: Date.now() + HOUR, caption: 'Old caption' });
    // Made in-process with no caller: the terminal that started the process.
    expect(logged(fx, post.id, 'post.created')).toEqual([{ actor: 'cli', detail: expect.any(String) }]);

    const at = new Date(Date.now() + 3 * HOUR).toISOString();
    await h.core.handlers['approvals.reschedule']({ postId: post.id, at }, IN_BROWSER);
    await h.core.handlers['approvals.editCaption']({ postId: post.id, caption: 'New caption' }, IN_WINDOW);
    // The posts' own reschedule of a waiting post moves its approval, as its caller.
    await h.core.handlers['posts.reschedule']({ id: post.id, at: new Date(Date.now() + 4 * HOUR).toISOString() }, AT_TERMINAL);
    expect(logged(fx, post.id, 'post.rescheduled')).toEqual([
      { actor: 'browser', detail: `to ${at} by you in the browser` },
      { actor: 'cli', detail: expect.stringMatching(/ by you in the terminal$/) },
    ]);
    expect(logged(fx, post.id, 'post.caption_edited')).toEqual([{ actor: 'app', detail: 'by you in the app' }]);

    // Cancelled from a browser while it waits: the request is withdrawn by the browser.
    await h.core.handlers['posts.cancel']({ id: post.id }, IN_BROWSER);
    expect(logged(fx, post.id, 'post.cancel')).toEqual([{ actor: 'browser', detail: 'awaiting_approval → cancelled' }]);
    expect(h.core.approvals.list()[0]).toMatchObject({ postId: post.id, status: 'cancelled', decision: { actor: 'browser', via: 'browser', by: 'the post was cancelled' } });
  });
});
