// What a platform's publisher says when a step cannot go on, so that the publishing module can
// decide what the post does without knowing the platform: wait for the account, wait a while,
// fail (and whether a retry is safe), or try again later.
import type { PublishFailure } from '../../../src-shared/posts/post';

/** The account must be reconnected before anything more can be sent or asked. */
export class AccountUnusable extends Error {
  override readonly name = 'AccountUnusable';
}

/** Not now: a rate window, another worker starting this upload. Costs no attempt. */
export class PublishWait extends Error {
  override readonly name = 'PublishWait';
  constructor(
    readonly until: number,
    reason: string,
    /** Whether the reason is shown under the post (a worker race is not news to the creator). */
    readonly show = true,
  ) {
    super(reason);
  }
}

/** The platform refused, or the post cannot be sent as it is: the post fails with this. */
export class PublishRefused extends Error {
  override readonly name = 'PublishRefused';
  constructor(readonly failure: PublishFailure) {
    super(failure.message);
  }
}

/** The platform could not be reached, or answered that it is busy: try again later. */
export class PlatformUnreachable extends Error {
  override readonly name = 'PlatformUnreachable';
}
