// Content Posting API (docs/platforms.md, TikTok §3): creator_info, Direct Post and inbox init,
// status and cancel — with the per-creator rules (privacy options, audit, caps) and the status
// machine that turns a finished upload into a post.
import type { IncomingMessage } from 'node:http';
import { authenticate, isCaller, type Caller } from './access';
import { apiError, int64, json, mediaType, ok, okWithInt64, readSmallBody, type Answer } from './answers';
import type { EmulatorContext } from './context';
import * as ids from './ids';
import { parseInit } from './init-rules';
import { now, type CantPost, type EmulatedApp, type EmulatedUser, type InitRecord, type PostMode } from './state';
import { openUploadSession, uploadOpen } from './upload';
import { videoFromPost } from './videos';

const DAY_MS = 24 * 60 * 60 * 1000;

const CANT_POST_MESSAGES: Record<CantPost, string> = {
  spam_risk_too_many_posts: 'The user has reached the maximum number of posts allowed today.',
  spam_risk_user_banned_from_posting: 'The user is banned from making new posts.',
  reached_active_user_cap: 'The daily quota of active creators for this app has been reached.',
};

const withinDay = (ctx: EmulatorContext, init: InitRecord): boolean => init.at > now(ctx.state) - DAY_MS;

/** Direct posts that count against the creator's daily cap: uploaded, not failed (an abandoned init never counts). */
const postsToday = (ctx: EmulatorContext, user: EmulatedUser): number =>
  ctx.state.inits.filter((i) => i.mode === 'direct' && i.openId === user.openId && withinDay(ctx, i) && i.uploadComplete && i.status !== 'FAILED').length;

function appAtUserCap(ctx: EmulatorContext, app: EmulatedApp, user: EmulatedUser): boolean {
  if (app.activeUserCap === null) return false;
  const active = new Set(ctx.state.inits.filter((i) => i.mode === 'direct' && i.clientKey === app.clientKey && withinDay(ctx, i)).map((i) => i.openId));
  return !active.has(user.openId) && active.size >= app.activeUserCap;
}

/** Why this creator cannot Direct Post right now, if they cannot. */
function cantPostNow(ctx: EmulatorContext, { app, user }: Caller): CantPost | null {
  if (user.cantPost) return user.cantPost;
  if (postsToday(ctx, user) >= ctx.state.dailyPostCap) return 'spam_risk_too_many_posts';
  if (appAtUserCap(ctx, app, user)) return 'reached_active_user_cap';
  return null;
}

/** POST /v2/post/publish/creator_info/query/ */
export function creatorInfo(ctx: EmulatorContext, req: IncomingMessage): Answer {
  const caller = authenticate(ctx, req, { anyScope: ['video.publish'], limit: 'creator_info' });
  if (!isCaller(caller)) return caller;
  const cant = cantPostNow(ctx, caller);
  // "Can't post now" is an HTTP 200 with a non-ok code, on purpose (§3.1).
  if (cant) return json(200, { data: {}, error: { code: cant, message: CANT_POST_MESSAGES[cant], log_id: ids.logId() } });
  const u = caller.user;
  return ok({
    creator_avatar_url: u.avatarUrl,
    creator_username: u.username,
    creator_nickname: u.displayName,
    privacy_level_options: u.privacyLevelOptions,
    comment_disabled: u.commentDisabled,
    // Private accounts cannot be dueted or stitched (§3.1).
    duet_disabled: u.duetDisabled || u.isPrivateAccount,
    stitch_disabled: u.stitchDisabled || u.isPrivateAccount,
    max_video_post_duration_sec: u.maxVideoPostDurationSec,
  });
}

/** A JSON request body, or TikTok's invalid_param for anything else. */
async function readJson(req: IncomingMessage): Promise<{ body: unknown } | { answer: Answer }> {
  if (mediaType(req.headers['content-type']) !== 'application/json') return { answer: apiError(400, 'invalid_param', 'Content-Type must be application/json.') };
  const text = await readSmallBody(req);
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return { answer: apiError(400, 'invalid_param', 'The request body is not valid JSON.') };
  }
}

/** POST /v2/post/publish/video/init/ (direct) and /v2/post/publish/inbox/video/init/ (inbox). */
export async function initVideo(ctx: EmulatorContext, req: IncomingMessage, mode: PostMode): Promise<Answer> {
  const caller = authenticate(ctx, req, mode === 'direct' ? { anyScope: ['video.publish'], limit: 'init' } : { anyScope: ['video.upload'], limit: 'inbox_init' });
  if (!isCaller(caller)) return caller;
  const read = await readJson(req);
  if ('answer' in read) return read.answer;
  const parsed = parseInit(read.body, mode);
  if (!parsed.ok) return apiError(parsed.status, parsed.code, parsed.message, parsed.detail ? { 'X-Emulator-Detail': parsed.detail } : {});
  const { user, app } = caller;

  const cant = mode === 'direct' ? cantPostNow(ctx, caller) : user.cantPost;
  if (cant) return apiError(403, cant, CANT_POST_MESSAGES[cant]);
  const { post, plan } = parsed;
  let privacyLevel = post.privacyLevel;
  if (mode === 'direct') {
    // Choosing SELF_ONLY does not help: the account itself must be private (§3.10).
    if (!app.audited && !user.isPrivateAccount) {
      return apiError(403, 'unaudited_client_can_only_post_to_private_accounts', 'Unaudited clients can only post to private accounts.');
    }
    if (!user.privacyLevelOptions.includes(post.privacyLevel!)) {
      return apiError(403, 'privacy_level_option_mismatch', `privacy_level ${post.privacyLevel} is not one of this creator's options.`);
    }
    if (!app.audited) privacyLevel = 'SELF_ONLY';
  } else {
    const pending = ctx.state.inits.filter(
      (i) => i.mode === 'inbox' && i.openId === user.openId && withinDay(ctx, i) && !i.inboxFinished && i.status !== 'FAILED' && (i.uploadComplete || uploadOpen(ctx, i)),
    );
    if (pending.length >= ctx.state.pendingInboxCap) {
      return apiError(403, 'spam_risk_too_many_pending_share', `The user has ${pending.length} pending inbox shares; the limit is ${ctx.state.pendingInboxCap} in 24 hours.`);
    }
  }

  const init: InitRecord = {
    ...post,
    ...plan,
    privacyLevel,
    requestedPrivacyLevel: post.privacyLevel,
    // TikTok applies the creator's own settings on top of what the post asks (§3.2).
    disableComment: post.disableComment || user.commentDisabled,
    disableDuet: mode === 'direct' && (post.disableDuet || user.duetDisabled || user.isPrivateAccount),
    disableStitch: mode === 'direct' && (post.disableStitch || user.stitchDisabled || user.isPrivateAccount),
    publishId: ids.publishId(mode),
    mode,
    openId: user.openId,
    clientKey: app.clientKey,
    at: now(ctx.state),
    uploadId: ids.randomId(18),
    uploadedBytes: 0,
    uploadComplete: false,
    uploadCompletedAt: null,
    sha256: null,
    status: 'PROCESSING_UPLOAD',
    failReason: null,
    pendingFailReason: null,
    pollsSinceUpload: 0,
    publicPostId: null,
    checksSincePublished: 0,
    inboxFinished: false,
  };
  ctx.state.inits.push(init);
  const uploadUrl = openUploadSession(ctx, init);
  return ok({ publish_id: init.publishId, upload_url: uploadUrl });
}

/** The post named in a status/cancel body, if this caller may see it. */
async function ownPublish(ctx: EmulatorContext, req: IncomingMessage, caller: Caller): Promise<{ init: InitRecord } | { answer: Answer }> {
  const read = await readJson(req);
  if ('answer' in read) return read;
  const publishId = (read.body as { publish_id?: unknown } | null)?.publish_id;
  if (typeof publishId !== 'string' || !publishId) return { answer: apiError(400, 'invalid_param', 'publish_id is required.') };
  const init = ctx.state.inits.find((i) => i.publishId === publishId);
  if (!init) return { answer: apiError(400, 'invalid_publish_id', 'The publish_id does not exist.') };
  if (init.openId !== caller.user.openId || init.clientKey !== caller.app.clientKey) {
    return { answer: apiError(400, 'token_not_authorized_for_specified_publish_id', 'The access token is not authorized for this publish_id.') };
  }
  return { init };
}

/**
 * Moves a finished upload on: status/fetch polls (after state.processingPolls of them) or,
 * when state.processingMs is set, the time since the upload finished.
 */
export function advance(ctx: EmulatorContext, init: InitRecord, polled: boolean): void {
  if (!init.uploadComplete || init.status !== 'PROCESSING_UPLOAD') return;
  const { processingMs, processingPolls } = ctx.state;
  const timeUp = processingMs !== null && now(ctx.state) - init.uploadCompletedAt! >= processingMs;
  if (!timeUp) {
    if (!polled) return;
    if (init.pollsSinceUpload < processingPolls) {
      init.pollsSinceUpload++;
      return;
    }
  }
  if (init.pendingFailReason) {
    init.status = 'FAILED';
    init.failReason = init.pendingFailReason;
    return;
  }
  init.status = init.mode === 'direct' ? 'PUBLISH_COMPLETE' : 'SEND_TO_USER_INBOX';
  if (init.mode === 'direct' && init.privacyLevel === 'PUBLIC_TO_EVERYONE') init.publicPostId = ids.publicPostId();
  // A direct post is now a video on the profile; the Display API lists it if it is public (§5).
  if (init.mode === 'direct') videoFromPost(ctx, init);
  ctx.state.posts.push({
    publishId: init.publishId,
    openId: init.openId,
    clientKey: init.clientKey,
    mode: init.mode,
    title: init.title,
    requestedPrivacyLevel: init.requestedPrivacyLevel,
    privacyLevel: init.privacyLevel,
    disableComment: init.disableComment,
    disableDuet: init.disableDuet,
    disableStitch: init.disableStitch,
    brandContentToggle: init.brandContentToggle,
    brandOrganicToggle: init.brandOrganicToggle,
    isAigc: init.isAigc,
    videoCoverTimestampMs: init.videoCoverTimestampMs,
    videoSize: init.videoSize,
    sha256: init.sha256,
    publicPostId: init.publicPostId,
    publishedAt: now(ctx.state),
  });
}

/** POST /v2/post/publish/status/fetch/ */
export async function fetchStatus(ctx: EmulatorContext, req: IncomingMessage): Promise<Answer> {
  const caller = authenticate(ctx, req, { anyScope: ['video.upload', 'video.publish'], limit: 'status' });
  if (!isCaller(caller)) return caller;
  const found = await ownPublish(ctx, req, caller);
  if ('answer' in found) return found.answer;
  const init = found.init;
  advance(ctx, init, true);
  const data: Record<string, unknown> = { status: init.status, uploaded_bytes: init.uploadedBytes };
  if (init.status === 'FAILED') data.fail_reason = init.failReason;
  // The id goes out as a raw int64 literal (§3.5): a client that JSON.parses it gets it rounded.
  // While moderation runs (state.postIdDelayPolls answers; null = for ever) the list is empty.
  if (init.status === 'PUBLISH_COMPLETE' && init.mode === 'direct') {
    const delay = ctx.state.postIdDelayPolls;
    const moderated = delay !== null && init.checksSincePublished >= delay;
    init.checksSincePublished++;
    data.publicaly_available_post_id = init.publicPostId && moderated ? [int64(init.publicPostId)] : [];
  }
  return okWithInt64(data);
}

/** POST /v2/post/publish/cancel/ — best effort: only before the post is final. */
export async function cancel(ctx: EmulatorContext, req: IncomingMessage): Promise<Answer> {
  const caller = authenticate(ctx, req, { anyScope: ['video.upload', 'video.publish'] });
  if (!isCaller(caller)) return caller;
  const found = await ownPublish(ctx, req, caller);
  if ('answer' in found) return found.answer;
  const init = found.init;
  if (init.status !== 'PROCESSING_UPLOAD') return apiError(400, 'publish_not_cancellable', `The post is already ${init.status}.`);
  init.status = 'FAILED';
  init.failReason = 'publish_cancelled';
  ctx.uploads.delete(init.uploadId);
  return ok({});
}

/** Settles every post whose processing time is up (for readers of `posts` who never poll). */
export function advanceAll(ctx: EmulatorContext): void {
  if (ctx.state.processingMs === null) return;
  for (const init of ctx.state.inits) advance(ctx, init, false);
}
