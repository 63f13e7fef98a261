// The Display API (docs/platforms.md, TikTok §5): POST /v2/video/list/ and /v2/video/query/,
// strict about what TikTok documents — scope video.list, `fields` required and known, JSON
// bodies, max_count 1–20, a millisecond cursor, at most 20 ids given as strings and owned by
// the caller, only public videos, newest first — and writing ids as raw int64 numbers beyond
// 2^53, so a client that JSON.parses them reads another video's id.
import type { IncomingMessage } from 'node:http';
import { authenticate, isCaller } from './access';
import { apiError, int64, mediaType, okWithInt64, readSmallBody, type Answer } from './answers';
import type { EmulatorContext } from './context';
import { shownVideo } from './growth';
import { now, type EmulatedUser, type EmulatedVideo } from './state';

/** cover_image_url is a signed link that lasts about 6 hours (§5.4). */
export const COVER_TTL_MS = 6 * 60 * 60 * 1000;
export const MAX_COUNT_LIMIT = 20;
const DEFAULT_MAX_COUNT = 10;
export const MAX_QUERY_IDS = 20;

const coverUrl = (ctx: EmulatorContext, v: EmulatedVideo): string =>
  `${ctx.url}/cover/${v.id}.png?x-expires=${Math.floor((now(ctx.state) + COVER_TTL_MS) / 1000)}`;

const shareUrl = (u: EmulatedUser | undefined, v: EmulatedVideo): string =>
  `https://www.tiktok.com/@${encodeURIComponent(u?.username ?? '_')}/video/${v.id}?utm_campaign=tt4d_open_api&utm_source=emulator`;

type FieldValue = (v: EmulatedVideo, ctx: EmulatorContext, owner: EmulatedUser | undefined) => unknown;

const VIDEO_FIELDS: Record<string, FieldValue> = {
  id: (v) => int64(v.id),
  create_time: (v) => Math.floor(v.createdAt / 1000),
  cover_image_url: (v, ctx) => coverUrl(ctx, v),
  share_url: (v, _ctx, u) => shareUrl(u, v),
  video_description: (v) => v.videoDescription,
  duration: (v) => v.durationSec,
  height: (v) => v.height,
  width: (v) => v.width,
  title: (v) => v.title,
  embed_html: (v, _ctx, u) => `<blockquote class="tiktok-embed" cite="${shareUrl(u, v)}" data-video-id="${v.id}"></blockquote>`,
  embed_link: (v) => `https://www.tiktok.com/player/v1/${v.id}`,
  like_count: (v) => v.likeCount,
  comment_count: (v) => v.commentCount,
  share_count: (v) => v.shareCount,
  view_count: (v) => v.viewCount,
};
export const DISPLAY_VIDEO_FIELDS: readonly string[] = Object.keys(VIDEO_FIELDS);

const invalid = (message: string): Answer => apiError(400, 'invalid_params', message);

/** `fields`: required, comma-separated, each one the video object has. */
function fieldsOf(url: URL): string[] | Answer {
  const fields = (url.searchParams.get('fields') ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  if (fields.length === 0) return invalid('The fields parameter is required.');
  const unknown = fields.find((f) => !(f in VIDEO_FIELDS));
  if (unknown) return invalid(`Unknown field: ${unknown}.`);
  return [...new Set(fields)];
}

async function jsonObject(req: IncomingMessage): Promise<Record<string, unknown> | Answer> {
  if (mediaType(req.headers['content-type']) !== 'application/json') return invalid('Content-Type must be application/json.');
  const text = await readSmallBody(req);
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return invalid('The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

const isAnswer = (x: unknown): x is Answer => typeof x === 'object' && x !== null && 'status' in x && typeof (x as Answer).status === 'number';

/** The caller's public videos, newest first (what TikTok shows on the profile to everyone). */
const publicVideosOf = (ctx: EmulatorContext, openId: string): EmulatedVideo[] =>
  ctx.state.videos
    .filter((v) => v.openId === openId && v.privacyLevel === 'PUBLIC_TO_EVERYONE')
    .sort((a, b) => b.createdAt - a.createdAt);

/** One video object, its counts as they stand at `at` (state.growth adds to the recorded ones). */
function render(ctx: EmulatorContext, fields: string[], owner: EmulatedUser, video: EmulatedVideo, at: number): Record<string, unknown> {
  const v = shownVideo(ctx.state, video, at);
  return Object.fromEntries(fields.map((f) => [f, VIDEO_FIELDS[f]!(v, ctx, owner)]));
}

/** POST /v2/video/list/?fields=… — body { cursor?: ms, max_count?: 1–20 }. */
export async function videoList(ctx: EmulatorContext, req: IncomingMessage, url: URL): Promise<Answer> {
  const caller = authenticate(ctx, req, { anyScope: ['video.list'], limit: 'video_list' });
  if (!isCaller(caller)) return caller;
  const fields = fieldsOf(url);
  if (isAnswer(fields)) return fields;
  const body = await jsonObject(req);
  if (isAnswer(body)) return body;

  const maxCount = body.max_count ?? DEFAULT_MAX_COUNT;
  if (typeof maxCount !== 'number' || !Number.isInteger(maxCount) || maxCount < 1 || maxCount > MAX_COUNT_LIMIT) {
    return invalid(`max_count must be a whole number from 1 to ${MAX_COUNT_LIMIT}.`);
  }
  const cursor = body.cursor;
  if (cursor !== undefined && (typeof cursor !== 'number' || !Number.isSafeInteger(cursor) || cursor < 0)) {
    return invalid('cursor must be a UTC Unix timestamp in milliseconds (a whole number).');
  }

  // The cursor is a time: videos made before it. Page by page it is the oldest one's time.
  const before = publicVideosOf(ctx, caller.user.openId).filter((v) => cursor === undefined || v.createdAt < cursor);
  const size = Math.min(maxCount, ctx.state.videoListPageSize ?? maxCount);
  const page = before.slice(0, size);
  const at = now(ctx.state);
  return okWithInt64({
    videos: page.map((v) => render(ctx, fields, caller.user, v, at)),
    cursor: page.length > 0 ? page.at(-1)!.createdAt : (cursor ?? 0),
    has_more: before.length > page.length,
  });
}

/** POST /v2/video/query/?fields=… — body { filters: { video_ids: [string, …] } }, at most 20. */
export async function videoQuery(ctx: EmulatorContext, req: IncomingMessage, url: URL): Promise<Answer> {
  const caller = authenticate(ctx, req, { anyScope: ['video.list'], limit: 'video_query' });
  if (!isCaller(caller)) return caller;
  const fields = fieldsOf(url);
  if (isAnswer(fields)) return fields;
  const body = await jsonObject(req);
  if (isAnswer(body)) return body;
  const filters = body.filters;
  const idList = typeof filters === 'object' && filters !== null ? (filters as { video_ids?: unknown }).video_ids : undefined;
  if (!Array.isArray(idList) || idList.length === 0) return invalid('filters.video_ids is required: a list of 1 to 20 video ids.');
  if (idList.length > MAX_QUERY_IDS) return invalid(`filters.video_ids may hold at most ${MAX_QUERY_IDS} ids.`);
  // As strings: a 19-digit id sent as a JSON number has already lost its last digits.
  if (!idList.every((id): id is string => typeof id === 'string' && /^\d{1,19}$/.test(id))) {
    return invalid('Each video id must be a string of digits.');
  }
  // Ownership is checked: another creator's (or a private) video is simply not returned.
  const mine = new Map(publicVideosOf(ctx, caller.user.openId).map((v) => [v.id, v]));
  const found = [...new Set(idList)].map((id) => mine.get(id)).filter((v): v is EmulatedVideo => v !== undefined);
  const at = now(ctx.state);
  return okWithInt64({ videos: found.map((v) => render(ctx, fields, caller.user, v, at)) });
}

/** GET /cover/<id>.png?x-expires=… — the cover link works until it expires (403 after). */
export function cover(ctx: EmulatorContext, url: URL, id: string, png: Buffer): Answer {
  const expires = Number(url.searchParams.get('x-expires'));
  const known = ctx.state.videos.some((v) => v.id === id);
  if (!known) return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'No such video.' };
  if (!Number.isFinite(expires) || expires * 1000 <= now(ctx.state)) return { status: 403, headers: { 'Content-Type': 'text/plain' }, body: 'This link has expired.' };
  return { status: 200, headers: { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' }, body: png };
}
