// The post lifecycle: the one place that says which state a post may move to, and why.
// Everything that changes a post's state (the UI, the CLI, the scheduler, Telegram, the
// uploader) goes through `transition`; the store persists the result together with its
// audit entry. Pure: no I/O, no clock.
//
//   ready ─request_approval→ awaiting_approval ─approve→ scheduled ─publish_start→ uploading
//     └───────────────schedule───────────────────────────↗                           │ upload_done
//                                                                                    ▼
//                                          published ←published─ processing
//
// Every state and event here is one some code reaches (docs/architecture.md §2): a post is
// made `ready` (INITIAL_STATES, the only state PostRepo.create accepts) from a finished render
// or a TikTok-ready clip and is scheduled or sent for approval at once. There is no draft, no
// rendering state and no edit event: rendering is the render queue's, and a waiting post's
// caption and time change in place (PostRepo.amend) without leaving its state.
// Ends: published, rejected, cancelled. `failed` is an end for the attempt; `retry` brings the
// post back to `ready` so the creator (or the Telegram Retry button) can try again.
// `settle_published` / `settle_failed` are the creator's word on a post whose whole upload
// TikTok has but whose result Clipdesk cannot learn (processing, or failed without TikTok's
// own FAILED); when that is allowed is one rule beside this one (settle.ts).
// Exactly-once publishing is not decided here but by the publish record (docs/architecture.md
// §2): once TikTok returned a publish_id, a retry only polls, it never initialises again.

export const POST_STATES = [
  'ready',
  'awaiting_approval',
  'scheduled',
  'uploading',
  'processing',
  'published',
  'rejected',
  'failed',
  'cancelled',
] as const;
export type PostState = (typeof POST_STATES)[number];

export const POST_EVENTS = [
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
] as const;
export type PostEvent = (typeof POST_EVENTS)[number];

/** The states a post may be made in: PostRepo.create accepts these and refuses any other. */
export const INITIAL_STATES = ['ready'] as const satisfies readonly PostState[];
export type InitialState = (typeof INITIAL_STATES)[number];

export function isInitialState(state: string): state is InitialState {
  return (INITIAL_STATES as readonly string[]).includes(state);
}

/** The whole machine as data: state → event → next state. Absent means refused. */
const TRANSITIONS: { readonly [S in PostState]: Partial<Record<PostEvent, PostState>> } = {
  ready: { request_approval: 'awaiting_approval', schedule: 'scheduled', cancel: 'cancelled' },
  awaiting_approval: { approve: 'scheduled', reject: 'rejected', cancel: 'cancelled' },
  // A scheduled post is approved already (or needed no approval): it is not sent back to review.
  scheduled: { publish_start: 'uploading', cancel: 'cancelled' },
  // No cancel once uploading: TikTok has no way to withdraw an initialised post, so the app
  // must not pretend it can.
  uploading: { upload_done: 'processing', publish_failed: 'failed' },
  processing: { published: 'published', publish_failed: 'failed', settle_published: 'published', settle_failed: 'failed' },
  published: {},
  rejected: {},
  failed: { retry: 'ready', cancel: 'cancelled', settle_published: 'published', settle_failed: 'failed' },
  cancelled: {},
};

/**
 * TikTok has the post (initialised, uploading or processing) and offers no way to withdraw it:
 * nothing may delete such a post, or its files, until TikTok has finished with it.
 */
export const AT_TIKTOK_STATES: readonly PostState[] = ['uploading', 'processing'];

export const TERMINAL_STATES: readonly PostState[] = POST_STATES.filter(
  (s) => Object.keys(TRANSITIONS[s]).length === 0,
);

export type TransitionResult =
  | { ok: true; from: PostState; to: PostState; event: PostEvent }
  | { ok: false; from: PostState; event: PostEvent; reason: string };

const STATE_WORDS: Record<PostState, string> = {
  ready: 'ready for review',
  awaiting_approval: 'waiting for approval',
  scheduled: 'approved and scheduled',
  uploading: 'uploading to TikTok',
  processing: 'being processed by TikTok',
  published: 'published',
  rejected: 'rejected',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function describeState(state: PostState): string {
  return STATE_WORDS[state];
}

/** Events whose name does not read as a verb. */
const EVENT_WORDS: Partial<Record<PostEvent, string>> = {
  settle_published: 'be marked published',
  settle_failed: 'be marked failed',
};

export function transition(from: PostState, event: PostEvent): TransitionResult {
  const to = TRANSITIONS[from][event];
  if (to) return { ok: true, from, to, event };
  const reason = TERMINAL_STATES.includes(from)
    ? `This post is ${STATE_WORDS[from]}; nothing more can happen to it.`
    : `A post that is ${STATE_WORDS[from]} cannot ${EVENT_WORDS[event] ?? event.replace(/_/g, ' ')}.`;
  return { ok: false, from, event, reason };
}

export function allowedEvents(state: PostState): PostEvent[] {
  return Object.keys(TRANSITIONS[state]) as PostEvent[];
}
