// TikTok as a platform publishing plugs in (docs/architecture.md §2; docs/platforms.md, TikTok
// §3): Content Posting API init → chunked upload → status/fetch, each fact written to the publish
// record the moment TikTok returns it. When a post goes, and what a failure means for it, are the
// publishing module's (core/publishing/publishing.ts); this knows TikTok's API and its rules.
// Within one upload, an incomplete one may be initialised again (an expired link, an upload
// TikTok dropped), because TikTok publishes nothing it has not fully received; once the last
// chunk went out, TikTok must say itself how much it holds before anything is sent again.
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { evaluateComposer, PER_VIDEO_BLOCKERS, type ComposerForm } from '../../../src-shared/tiktok/composer-rules';
import { DAILY_POST_CAP } from '../../../src-shared/schedule/daily-cap';
import { describeFailReason } from '../../../src-shared/tiktok/tiktok-errors';
import { tiktokVideoUrl } from '../../../src-shared/tiktok/accounts';
import { TikTokPostSettingsSchema, type TikTokPostSettings } from '../../../src-shared/tiktok/post-settings';
import type { Clock } from '../clock';
import type { PostRepo, PostRow } from '../post-store/post-repo';
import type { AttemptRow } from '../post-store/publish-attempts';
import { AccountUnusable, PlatformUnreachable, PublishRefused, PublishWait } from '../publishing/publish-errors';
import type { PollResult, PostDraft, PublishAccount, Publisher, SendStep } from '../publishing/publisher';
import type { SecretStore } from '../secrets/secret-store';
import type { AccountRepo, AccountRow } from './account-repo';
import type { AccountsService } from './accounts-service';
import { planChunks } from './chunk-plan';
import { CONTENT_TYPES, UploadInterrupted, UploadUrlGone, uploadChunks } from './chunk-uploader';
import type { RateLimiter } from './rate-limits';
import type { DirectPostInfo, TikTokClient } from './tiktok-client';
import { isTransient, TikTokApiError } from './tiktok-http';
import type { TokenKeeper } from './token-keeper';

/** An upload URL lives an hour; Clipdesk stops trusting it a little earlier. */
const UPLOAD_URL_TRUST_MS = 55 * 60_000;
/** Starts of one attempt's upload (expired URLs, lost uploads) before giving up. */
const MAX_INITS = 4;
/** How long Clipdesk waits to look again when it cannot ask TikTok at all (the app's keys gone). */
const CANNOT_ASK_RECHECK_MS = 10 * 60_000;

export interface TikTokPublisherDeps {
  posts: PostRepo;
  accounts: AccountRepo;
  accountsService: AccountsService;
  tokens: TokenKeeper;
  client: TikTokClient;
  limiter: RateLimiter;
  secrets: SecretStore;
  clock: Clock;
  uploadOptions?: { chunkRetries?: number; retryDelayMs?: (n: number) => number };
}

const uploadUrlName = (attemptId: string) => `tiktok.upload.${attemptId}` as const;

/** The composer's form for settings already chosen, so one set of rules judges both. */
function formOf(caption: string, s: TikTokPostSettings): ComposerForm {
  return {
    caption,
    privacy: s.privacy,
    allowComment: s.allowComment,
    allowDuet: s.allowDuet,
    allowStitch: s.allowStitch,
    disclose: s.brandOrganic || s.brandContent,
    yourBrand: s.brandOrganic,
    brandedContent: s.brandContent,
    mode: s.mode,
  };
}

function publishAccount(row: AccountRow): PublishAccount {
  return {
    id: row.id,
    platform: 'tiktok',
    externalId: row.external_id,
    name: row.display_name,
    usable: row.state === 'connected',
    problem: row.state === 'connected' ? null : row.problem,
  };
}

export class TikTokPublisher implements Publisher {
  readonly platform = 'tiktok';
  readonly label = 'TikTok';
  readonly dailyCap = DAILY_POST_CAP;

  constructor(private readonly deps: TikTokPublisherDeps) {}

  account(id: string): PublishAccount | undefined {
    const row = this.deps.accounts.find(id);
    return row && row.provider === 'tiktok' ? publishAccount(row) : undefined;
  }

  /** TikTok's rules with this creator's current options (docs/platforms.md, TikTok §4 point 1), fetched once for all the videos. */
  async validate(account: PublishAccount, drafts: readonly PostDraft[], settings: unknown): Promise<void> {
    const tiktok = TikTokPostSettingsSchema.parse(settings);
    const creator = await this.deps.accountsService.creatorStatus(account.id);
    for (const [i, draft] of drafts.entries()) {
      const view = evaluateComposer({ creator, form: formOf(draft.caption, tiktok), videoDurationSec: draft.durationSec, accountDisplayName: account.name });
      // A problem of one video names it; one of the shared choices (privacy, the account) does not.
      const own = view.blockers.filter((b) => PER_VIDEO_BLOCKERS.includes(b.code));
      const shared = view.blockers.filter((b) => !PER_VIDEO_BLOCKERS.includes(b.code));
      if (shared.length) throw new AppError('BAD_INPUT', shared.map((b) => b.message).join(' '));
      if (own.length) throw new AppError('BAD_INPUT', (drafts.length > 1 ? `Video ${i + 1}: ` : '') + own.map((b) => b.message).join(' '));
      // The composer cannot tick an interaction the creator turned off; a script can ask for
      // one, and is told rather than silently overridden.
      if (tiktok.mode === 'direct') {
        const asked = { comment: tiktok.allowComment, duet: tiktok.allowDuet, stitch: tiktok.allowStitch };
        for (const key of ['comment', 'duet', 'stitch'] as const) {
          const control = view.interactions[key];
          if (asked[key] && control.disabled) throw new AppError('BAD_INPUT', control.hint ?? `${key} is turned off for this account in TikTok.`);
        }
      }
    }
  }

  ready(post: PostRow) {
    return this.deps.posts.settings(post)
      ? null
      : { code: 'settings_invalid', message: "This post's TikTok settings are incomplete. Edit the post and choose them again.", action: 'edit' as const };
  }

  async upload(step: SendStep): Promise<void> {
    let attempt = step.record;
    let initialisedHere = false;
    try {
      for (;;) {
        if (attempt.phase === 'initialising') {
          attempt = await this.init(step, attempt);
          initialisedHere = true;
        } else if (attempt.phase === 'uploading') {
          const next = await this.sendChunks(step, attempt, initialisedHere);
          if (next === 'complete') return;
          attempt = next;
        } else {
          return;
        }
      }
    } catch (err) {
      throw this.translate(err, 'upload');
    }
  }

  async poll(step: SendStep): Promise<PollResult> {
    const attempt = step.record;
    try {
      await this.rateLimited(step.account, 'status', 'Waiting: TikTok allows 30 status checks a minute');
      const status = await this.withToken(step, (token) => this.deps.client.status(token, attempt.publish_id as string, step.signal));
      if (status.status === 'PUBLISH_COMPLETE') {
        const publicId = status.publicPostIds[0] ?? null;
        const username = this.deps.accounts.find(step.account.id)?.username ?? null;
        return { status: 'published', platformStatus: status.status, publicId, url: publicId ? tiktokVideoUrl(username, publicId) : null };
      }
      if (status.status === 'SEND_TO_USER_INBOX') return { status: 'inbox', platformStatus: status.status };
      if (status.status === 'FAILED') {
        const words = describeFailReason(status.failReason ?? 'internal');
        return { status: 'failed', platformStatus: status.status, failure: { code: status.failReason ?? 'internal', message: words.message, retryable: words.retryable, action: words.action } };
      }
      return { status: 'processing', platformStatus: status.status };
    } catch (err) {
      throw this.translate(err, 'poll');
    }
  }

  forget(record: AttemptRow): void {
    void this.deps.secrets.delete(uploadUrlName(record.id));
  }

  /**
   * TikTok's and the token keeper's errors in the words publishing acts on. The account needs
   * reconnecting: wait for it. TikTok unreachable or busy: try again. A refusal: the post fails,
   * with what TikTok's code means. The token cannot be had at all (the account removed, the
   * app's keys gone): before the upload the post fails; after it, TikTok may still publish it,
   * so Clipdesk looks again later.
   */
  private translate(err: unknown, during: 'upload' | 'poll'): unknown {
    if (err instanceof PublishWait || err instanceof PublishRefused || err instanceof AccountUnusable || err instanceof PlatformUnreachable) return err;
    const message = err instanceof Error ? err.message : String(err);
    // The token keeper's own "reconnect" (TikTok refused the refresh): a TikTokApiError of that
    // code is TikTok refusing one call, and is judged by its code below.
    if (err instanceof AppError && !(err instanceof TikTokApiError) && err.code === 'RECONNECT_NEEDED') return new AccountUnusable(err.message);
    if (isTransient(err) || err instanceof UploadInterrupted) return new PlatformUnreachable(message, { cause: err });
    if (during === 'poll' && err instanceof AppError && ['RECONNECT_NEEDED', 'NOT_FOUND', 'NOT_CONFIGURED'].includes(err.code)) {
      return new PublishWait(this.deps.clock.now() + CANNOT_ASK_RECHECK_MS, `TikTok has the video, but Clipdesk cannot ask how it went: ${err.message}`);
    }
    if (err instanceof TikTokApiError) return new PublishRefused({ code: err.tiktokCode, message: err.message, retryable: err.words.retryable, action: err.words.action });
    if (err instanceof AppError) return new PublishRefused({ code: err.code.toLowerCase(), message: err.message, retryable: true, action: 'retry' });
    return err;
  }

  private withToken<T>(step: SendStep, fn: (token: string) => Promise<T>): Promise<T> {
    return this.deps.tokens.withToken(step.account.id, fn, step.signal);
  }

  private async rateLimited(account: PublishAccount, call: 'init' | 'status', what: string): Promise<void> {
    const wait = this.deps.limiter.waitMs(account.externalId, call);
    if (wait > 0) throw new PublishWait(this.deps.clock.now() + wait, what);
    this.deps.limiter.take(account.externalId, call);
  }

  private async init(step: SendStep, attempt: AttemptRow): Promise<AttemptRow> {
    if (attempt.upload_complete) throw new AppError('INTERNAL', 'Refusing to initialise a post TikTok has already received.');
    if (attempt.inits >= MAX_INITS) {
      throw new AppError('TIKTOK_ERROR', 'TikTok kept dropping the upload before it was complete. Nothing was published; try again later.');
    }
    const post = step.post;
    const settings = this.deps.posts.settings(post) as TikTokPostSettings;
    await this.rateLimited(step.account, 'init', 'Waiting: TikTok allows 6 uploads a minute per account');
    const plan = planChunks(attempt.video_size);
    const source = { video_size: plan.videoSize, chunk_size: plan.chunkSize, total_chunk_count: plan.totalChunkCount };
    // Counted before the call (a crash during it still counts against MAX_INITS), and only if
    // no other worker counted it first: then that one is initialising, not this.
    if (!step.claimStart(attempt)) throw new PublishWait(this.deps.clock.now() + 5_000, 'another worker has this upload', false);
    step.update({ detail: 'Starting the upload…', next_check_at: null });
    let init;
    try {
      init = await this.withToken(step, (token) =>
        settings.mode === 'inbox' ? this.deps.client.initInbox(token, source, step.signal) : this.deps.client.initDirect(token, postInfo(post.caption, settings), source, step.signal),
      );
    } catch (err) {
      // The token could not be had (the account needs reconnecting, is gone, the app's keys are
      // missing): init was never sent, so it does not count against MAX_INITS either.
      if (err instanceof AppError && !(err instanceof TikTokApiError) && ['RECONNECT_NEEDED', 'NOT_FOUND', 'NOT_CONFIGURED'].includes(err.code)) {
        step.update({ inits: attempt.inits });
        throw err;
      }
      if (err instanceof TikTokApiError && err.tiktokCode === 'rate_limit_exceeded') {
        // A 429 created nothing at TikTok: it does not count against MAX_INITS.
        step.update({ inits: attempt.inits });
        // Our own limiter should prevent this; another app on the same account may not. Each wait
        // costs no attempt, so a busy minute only delays the post.
        throw new PublishWait(this.deps.clock.now() + 15_000, 'TikTok asked Clipdesk to slow down');
      }
      throw err;
    }
    // publish_id the moment it returns (docs/architecture.md §2); the upload URL is a credential.
    await this.deps.secrets.set(uploadUrlName(attempt.id), init.uploadUrl);
    return step.update({
      phase: 'uploading',
      publish_id: init.publishId,
      chunk_size: plan.chunkSize,
      uploaded_bytes: 0,
      upload_url_expires_at: this.deps.clock.now() + UPLOAD_URL_TRUST_MS,
      detail: 'Uploading…',
    });
  }

  /** Sends the chunks TikTok lacks; 'complete' once it holds the whole video, or the record to go on from (start again). */
  private async sendChunks(step: SendStep, attempt: AttemptRow, initialisedHere: boolean): Promise<AttemptRow | 'complete'> {
    let from = attempt.uploaded_bytes;
    if (!initialisedHere && attempt.publish_id) {
      // Resumed after a crash or a restart: TikTok knows best how much it holds. If it has all
      // of it, the last chunk went through before we could write that down.
      const held = await this.checkHeld(step, attempt);
      if (held !== null && held >= attempt.video_size) return 'complete';
      if (held !== null) from = held;
    }
    const url = await this.deps.secrets.get(uploadUrlName(attempt.id));
    if (!url || (attempt.upload_url_expires_at ?? 0) <= this.deps.clock.now()) {
      return this.restartUpload(step, 'The upload link expired; starting the upload again…');
    }
    const plan = planChunks(attempt.video_size);
    let lastEmit = 0;
    try {
      await uploadChunks({
        file: attempt.video_path,
        uploadUrl: url,
        plan,
        contentType: CONTENT_TYPES[path.extname(attempt.video_path).toLowerCase()] ?? 'video/mp4',
        fromByte: from,
        signal: step.signal,
        onLastChunk: () => {
          step.update({ last_chunk_sent: 1 });
        },
        onChunkAccepted: (bytes) => {
          step.update({ uploaded_bytes: bytes, detail: `Uploading ${Math.floor((100 * bytes) / attempt.video_size)} %` });
        },
        onProgress: (sent) => {
          const now = Date.now();
          if (now - lastEmit < 250) return;
          lastEmit = now;
          step.update({ detail: `Uploading ${Math.floor((100 * sent) / attempt.video_size)} %` });
        },
        ...this.deps.uploadOptions,
      });
    } catch (err) {
      if (err instanceof UploadUrlGone) return this.restartUpload(step, 'TikTok dropped the upload; starting it again…');
      throw err;
    }
    return 'complete';
  }

  /**
   * Start the upload over with a fresh init — safe only while TikTok lacks part of the video,
   * since it publishes nothing it has not fully received. Once the last chunk went out, TikTok
   * must say so itself (status/fetch) before anything is sent again; if it cannot, wait.
   */
  private async restartUpload(step: SendStep, detail: string): Promise<AttemptRow | 'complete'> {
    const current = step.current();
    if (current.last_chunk_sent && current.publish_id) {
      const held = await this.checkHeld(step, current);
      if (held !== null && held >= current.video_size) return 'complete';
      // Asked again later; nothing is started again on a guess.
      if (held === null) throw new PlatformUnreachable('TikTok could not confirm how much of the video it received; Clipdesk asks again before sending anything.');
    }
    return step.update({ phase: 'initialising', last_chunk_sent: 0, detail });
  }

  /** TikTok's own count of received bytes, or null when it cannot say. */
  private async checkHeld(step: SendStep, attempt: AttemptRow): Promise<number | null> {
    await this.rateLimited(step.account, 'status', 'Waiting: TikTok allows 30 status checks a minute');
    try {
      const status = await this.withToken(step, (token) => this.deps.client.status(token, attempt.publish_id as string, step.signal));
      if (status.status !== 'PROCESSING_UPLOAD') return attempt.video_size; // past uploading: it has everything
      return status.uploadedBytes;
    } catch (err) {
      if (err instanceof TikTokApiError && err.tiktokCode === 'invalid_publish_id') return 0;
      throw err;
    }
  }
}

function postInfo(caption: string, s: TikTokPostSettings): DirectPostInfo {
  const info: DirectPostInfo = {
    privacy_level: s.privacy as NonNullable<TikTokPostSettings['privacy']>,
    disable_comment: !s.allowComment,
    disable_duet: !s.allowDuet,
    disable_stitch: !s.allowStitch,
    brand_content_toggle: s.brandContent,
    brand_organic_toggle: s.brandOrganic,
  };
  if (caption) info.title = caption;
  if (s.coverTimestampMs !== null) info.video_cover_timestamp_ms = s.coverTimestampMs;
  return info;
}
