// The post lifecycle, checked exhaustively against a table written out by hand here
// (docs/architecture.md §2). The table is the specification: it is deliberately not derived from
// the implementation, so a changed transition fails this test until someone updates the table on
// purpose.
import { describe, expect, it } from 'vitest';
import {
  POST_EVENTS,
  POST_STATES,
  TERMINAL_STATES,
  INITIAL_STATES,
  allowedEvents,
  describeState,
  isInitialState,
  transition,
  type PostEvent,
  type PostState,
} from '../../src-shared/posts/lifecycle';

const STATES = [
  'ready',
  'awaiting_approval',
  'scheduled',
  'uploading',
  'processing',
  'published',
  'rejected',
  'failed',
  'cancelled',
] as const satisfies readonly PostState[];

// The column order of the table below. Only states and events some code reaches are here
// (lifecycle.ts): no draft, no rendering state, no edit or unschedule event.
const EVENTS = [
  'request_approval',
  'approve',
  'reject',
  'schedule',
  'publish_start',
  'upload_done',
  'published',
  'publish_failed',
  'retry',
  'cancel',
  'settle_published',
  'settle_failed',
] as const satisfies readonly PostEvent[];

const _ = null;
const rdy = 'ready';
const awa = 'awaiting_approval';
const sch = 'scheduled';
const upl = 'uploading';
const pro = 'processing';
const pub = 'published';
const rej = 'rejected';
const fai = 'failed';
const can = 'cancelled';

// state × event → next state, or _ for refused.
//                        req_app approve reject schedule pub_start up_done published pub_fail retry cancel s_pub s_fail
const EXPECTED: Record<PostState, (PostState | null)[]> = {
  ready:             [awa,    _,      _,     sch,     _,        _,      _,        _,       _,    can,   _,    _],
  awaiting_approval: [_,      sch,    rej,   _,       _,        _,      _,        _,       _,    can,   _,    _],
  // Approved (or needing none): not sent back to review, and not scheduled twice.
  scheduled:         [_,      _,      _,     _,       upl,      _,      _,        _,       _,    can,   _,    _],
  // TikTok cannot withdraw an initialised post: no cancel once uploading.
  uploading:         [_,      _,      _,     _,       _,        pro,    _,        fai,     _,    _,     _,    _],
  // The creator settles a post TikTok has whose result Clipdesk cannot learn (settle.ts says when).
  processing:        [_,      _,      _,     _,       _,        _,      pub,      fai,     _,    _,     pub,  fai],
  published:         [_,      _,      _,     _,       _,        _,      _,        _,       _,    _,     _,    _],
  rejected:          [_,      _,      _,     _,       _,        _,      _,        _,       _,    _,     _,    _],
  failed:            [_,      _,      _,     _,       _,        _,      _,        _,       rdy,  can,   pub,  fai],
  cancelled:         [_,      _,      _,     _,       _,        _,      _,        _,       _,    _,     _,    _],
};

const PAIRS = STATES.flatMap((state) => EVENTS.map((event, col) => ({ state, event, to: EXPECTED[state][col] ?? null })));

/** The creator's word on a post TikTok has (guarded by settle.ts, not by the state alone). */
const SETTLE_EVENTS: readonly PostEvent[] = ['settle_published', 'settle_failed'];

/** Every state reachable from `start` following allowed transitions (of `events`), never entering `avoid`. */
function reachable(start: PostState, avoid: readonly PostState[] = [], events: readonly PostEvent[] = POST_EVENTS): Set<PostState> {
  const seen = new Set<PostState>([start]);
  const queue: PostState[] = [start];
  while (queue.length) {
    const from = queue.shift()!;
    for (const event of events) {
      const r = transition(from, event);
      if (r.ok && !seen.has(r.to) && !avoid.includes(r.to)) {
        seen.add(r.to);
        queue.push(r.to);
      }
    }
  }
  return seen;
}

describe('post lifecycle', () => {
  it('knows exactly the states and events the table covers', () => {
    expect([...POST_STATES]).toEqual([...STATES]);
    expect([...POST_EVENTS]).toEqual([...EVENTS]);
    for (const state of STATES) expect(EXPECTED[state]).toHaveLength(EVENTS.length);
    expect(PAIRS).toHaveLength(9 * 12);
  });

  describe.each(PAIRS.filter((p) => p.to !== null))('allows $state --$event-->', ({ state, event, to }) => {
    it(`to ${to}`, () => {
      expect(transition(state, event)).toEqual({ ok: true, from: state, to, event });
    });
  });

  describe.each(PAIRS.filter((p) => p.to === null))('refuses $state --$event-->', ({ state, event }) => {
    it('with a reason a person can read', () => {
      const r = transition(state, event);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r).toMatchObject({ from: state, event });
      // A sentence, not an identifier dump: capitalised, ends with a full stop, no snake_case.
      expect(r.reason).toMatch(/^[A-Z].{10,}\.$/);
      expect(r.reason).not.toMatch(/_/);
      expect(r.reason).toContain(describeState(state));
    });
  });

  it('lists the allowed events of each state exactly as the table does', () => {
    for (const state of STATES) {
      const expected = EVENTS.filter((_e, col) => EXPECTED[state][col] !== null);
      expect([...allowedEvents(state)].sort(), state).toEqual([...expected].sort());
    }
  });

  it('makes posts only in ready, and reaches every state from it', () => {
    expect([...INITIAL_STATES]).toEqual(['ready']);
    expect(isInitialState('ready')).toBe(true);
    for (const state of STATES.filter((s) => s !== 'ready')) expect(isInitialState(state), state).toBe(false);
    expect(isInitialState('drafted')).toBe(false);
    expect([...reachable('ready')].sort()).toEqual([...STATES].sort());
  });

  it('has published, rejected and cancelled as the terminal states, with no way out', () => {
    expect([...TERMINAL_STATES].sort()).toEqual(['cancelled', 'published', 'rejected']);
    for (const state of TERMINAL_STATES) {
      expect(allowedEvents(state)).toEqual([]);
      for (const event of EVENTS) {
        const r = transition(state, event);
        expect(r.ok, `${state} --${event}-->`).toBe(false);
        if (!r.ok) expect(r.reason).toMatch(/nothing more can happen/);
      }
    }
  });

  it('treats failed as the end of an attempt, not of the post: it can be retried', () => {
    expect(TERMINAL_STATES).not.toContain('failed');
    expect(transition('failed', 'retry')).toMatchObject({ ok: true, to: 'ready' });
  });

  it('publishes only through processing, after uploading — or on the creator\'s word about a post TikTok has', () => {
    const into = PAIRS.filter((p) => p.to === 'published');
    expect(into.map((p) => `${p.state}:${p.event}`)).toEqual(['processing:published', 'processing:settle_published', 'failed:settle_published']);
    for (const state of STATES) {
      for (const event of EVENTS) {
        const r = transition(state, event);
        if (r.ok && r.to === 'published' && !SETTLE_EVENTS.includes(event)) expect(state).toBe('processing');
      }
    }
    // No path around the upload: without uploading (or processing), Clipdesk never reaches published.
    const own = POST_EVENTS.filter((e) => !SETTLE_EVENTS.includes(e));
    expect(reachable('ready', ['uploading'], own)).not.toContain('published');
    expect(reachable('ready', ['processing'], own)).not.toContain('published');
    // Settling is the creator's word and nothing else: only settle_* does it, and only from
    // processing or failed (whether TikTok has the video is settle.ts's rule, tested there).
    expect(PAIRS.filter((p) => SETTLE_EVENTS.includes(p.event) && p.to !== null).map((p) => p.state).sort()).toEqual(['failed', 'failed', 'processing', 'processing']);
  });

  it('never cancels a post TikTok has already been asked to publish', () => {
    for (const from of ['uploading', 'processing'] as const) {
      for (const event of EVENTS) {
        const r = transition(from, event);
        if (r.ok) expect(r.to, `${from} --${event}-->`).not.toBe('cancelled');
      }
    }
    const cancel = transition('uploading', 'cancel');
    expect(cancel.ok).toBe(false);
    // Once uploading, the only ways on are success or a recorded failure.
    expect(allowedEvents('uploading').sort()).toEqual(['publish_failed', 'upload_done']);
  });

  it('lets a post waiting for approval go only by an answer or a cancel', () => {
    // Approval is required once asked for: a waiting post cannot be scheduled around it.
    expect(transition('awaiting_approval', 'schedule').ok).toBe(false);
    expect(allowedEvents('awaiting_approval').sort()).toEqual(['approve', 'cancel', 'reject']);
  });
});
