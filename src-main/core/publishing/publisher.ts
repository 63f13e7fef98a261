// What a platform gives the publishing module (docs/architecture.md §2, "Publishing is one
// module, platforms plug in"): its accounts as publishing sees them, its rules for a new post,
// and the steps that send a post and learn how it went. The publishing module decides when a
// post goes (its time, a pause, the missed-post rule, the daily cap, a wait for the account) and
// what a failure means for the post (retry safety); a Publisher knows only its platform's API.
// TikTok is one (core/tiktok/tiktok-publisher.ts); a test registers another
// (test/integration/second-publisher.test.ts).
import type { PublishFailure } from '../../../src-shared/posts/post';
import type { PostRow } from '../post-store/post-repo';
import type { AttemptRow } from '../post-store/publish-attempts';

/** An account as publishing sees it, whatever the platform. */
export interface PublishAccount {
  readonly id: string;
  /** The account's platform (`accounts.provider`): which Publisher sends its posts. */
  readonly platform: string;
  /** The platform's own id of the account (rate limits are counted by it). */
  readonly externalId: string;
  readonly name: string;
  /** False while the creator must reconnect it: nothing is sent or asked until then. */
  readonly usable: boolean;
  /** Why it is not usable, in words for the creator. */
  readonly problem: string | null;
}

/** One video of a post about to be made, as the platform's rules judge it. */
export interface PostDraft {
  readonly caption: string;
  readonly durationSec: number | null;
}

/**
 * The fields of the publish record a platform may write while it sends: its own facts (its
 * publish id, the bytes it holds, its upload link's life). Whether the upload is complete, and
 * the record's end, are the publishing module's to write: that is the exactly-once rule.
 */
export type RecordPatch = Partial<
  Pick<AttemptRow, 'publish_id' | 'chunk_size' | 'uploaded_bytes' | 'upload_url_expires_at' | 'last_chunk_sent' | 'inits' | 'detail' | 'next_check_at'>
> & { phase?: 'initialising' | 'uploading' };

/** What a platform's step works with. */
export interface SendStep {
  readonly post: PostRow;
  /** The publish record as it stands; `update` returns it as it is afterwards. */
  readonly record: AttemptRow;
  readonly account: PublishAccount;
  readonly signal: AbortSignal;
  /** Commits the platform's facts to the publish record at once (a crash after this keeps them). */
  update(patch: RecordPatch): AttemptRow;
  /** The publish record as it is now (an upload callback may have written to it meanwhile). */
  current(): AttemptRow;
  /**
   * Counts one more start of the upload before the platform hears of it, only if no other
   * worker counted it first (false: another is starting it; this one must not).
   */
  claimStart(record: AttemptRow): boolean;
}

/** How a post stands at the platform after its upload. */
export type PollResult =
  | { readonly status: 'processing'; readonly platformStatus: string }
  | { readonly status: 'published'; readonly platformStatus: string; readonly publicId: string | null; readonly url: string | null }
  /** Delivered to the creator's drafts in the platform's app, where they finish posting. */
  | { readonly status: 'inbox'; readonly platformStatus: string }
  | { readonly status: 'failed'; readonly platformStatus: string; readonly failure: PublishFailure };

export interface Publisher {
  /** The `accounts.provider` it serves. */
  readonly platform: string;
  /** Its name in the creator's words ("TikTok"). */
  readonly label: string;
  /** Posts per account in any 24 hours the platform allows (the rule is src-shared/schedule/daily-cap.ts). */
  readonly dailyCap: number;
  /** One of its accounts, or undefined when the id is not one. */
  account(id: string): PublishAccount | undefined;
  /**
   * Checks new posts against the platform's rules with the account's current options (the
   * composer shows the same rules): throws a BAD_INPUT AppError that says what to change.
   */
  validate(account: PublishAccount, drafts: readonly PostDraft[], settings: unknown, signal?: AbortSignal): Promise<void>;
  /** Just before anything is sent: what stops this post from being sent at all (its settings unreadable), or null. */
  ready(post: PostRow): Omit<PublishFailure, 'retryable'> | null;
  /**
   * Sends the video from wherever the record stands, resolving once the platform holds all of
   * it. Never called again for a record whose upload completed. Throws the errors of
   * publish-errors.ts for what publishing must know (the account, a wait, a refusal, the network).
   */
  upload(step: SendStep): Promise<void>;
  /** Asks the platform how the post stands. Throws as upload does. */
  poll(step: SendStep): Promise<PollResult>;
  /** The record ended (published, failed, settled): drop what only it needed (an upload link). */
  forget(record: AttemptRow): void;
}
