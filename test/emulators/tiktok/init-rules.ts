// The shape rules of a video init body (docs/platforms.md, TikTok §3.2, §3.3, §3.6), as a pure
// function: the creator-dependent rules (privacy options, caps, audit) are in
// content-posting.ts.
import { chunkPlanProblem } from './chunk-rules';
import { PRIVACY_LEVELS, type ChunkPlan, type PostMode, type PrivacyLevel } from './state';

export const MAX_TITLE_UTF16 = 2200;

export interface RequestedPost {
  title: string | null;
  privacyLevel: PrivacyLevel | null;
  disableComment: boolean;
  disableDuet: boolean;
  disableStitch: boolean;
  brandContentToggle: boolean;
  brandOrganicToggle: boolean;
  isAigc: boolean;
  videoCoverTimestampMs: number | null;
}

export type InitProblem = { status: number; code: string; message: string; detail?: string };
export type ParsedInit = { ok: true; post: RequestedPost; plan: ChunkPlan } | ({ ok: false } & InitProblem);

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const invalidParam = (message: string): ParsedInit => ({ ok: false, status: 400, code: 'invalid_param', message });

const BOOLEANS = {
  disable_comment: 'disableComment',
  disable_duet: 'disableDuet',
  disable_stitch: 'disableStitch',
  brand_content_toggle: 'brandContentToggle',
  brand_organic_toggle: 'brandOrganicToggle',
  is_aigc: 'isAigc',
} as const;

export function parseInit(body: unknown, mode: PostMode): ParsedInit {
  if (!isObject(body)) return invalidParam('The request body must be a JSON object.');
  const postInfo = body.post_info ?? (mode === 'inbox' ? {} : undefined);
  if (!isObject(postInfo)) return invalidParam('post_info is required.');

  const post: RequestedPost = {
    title: null,
    privacyLevel: null,
    disableComment: false,
    disableDuet: false,
    disableStitch: false,
    brandContentToggle: false,
    brandOrganicToggle: false,
    isAigc: false,
    videoCoverTimestampMs: null,
  };
  if (mode === 'direct') {
    const level = postInfo.privacy_level;
    if (level === undefined || level === null || level === '') return invalidParam('post_info.privacy_level is required.');
    if (typeof level !== 'string' || !PRIVACY_LEVELS.includes(level as PrivacyLevel)) return invalidParam(`post_info.privacy_level ${JSON.stringify(level)} is not a privacy level.`);
    post.privacyLevel = level as PrivacyLevel;
  }
  if (postInfo.title !== undefined && postInfo.title !== null) {
    if (typeof postInfo.title !== 'string') return invalidParam('post_info.title must be a string.');
    // UTF-16 code units, i.e. JavaScript's own length (§3.2).
    if (postInfo.title.length > MAX_TITLE_UTF16) return invalidParam(`post_info.title is longer than ${MAX_TITLE_UTF16} characters.`);
    post.title = postInfo.title;
  }
  for (const [field, key] of Object.entries(BOOLEANS)) {
    const value = postInfo[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'boolean') return invalidParam(`post_info.${field} must be a boolean.`);
    post[key] = value;
  }
  // An invalid cover timestamp is not an error: TikTok falls back to the first frame.
  const cover = postInfo.video_cover_timestamp_ms;
  if (typeof cover === 'number' && Number.isInteger(cover) && cover >= 0 && cover <= 2 ** 31 - 1) post.videoCoverTimestampMs = cover;

  const source = body.source_info;
  if (!isObject(source)) return invalidParam('source_info is required.');
  if (source.source === 'PULL_FROM_URL') {
    // The emulator has no verified domains: PULL_FROM_URL always fails as for an unverified URL.
    return { ok: false, status: 403, code: 'url_ownership_unverified', message: 'The video_url domain or URL prefix is not verified for this app.' };
  }
  if (source.source !== 'FILE_UPLOAD') return invalidParam('source_info.source must be FILE_UPLOAD or PULL_FROM_URL.');
  const sizes: Partial<Record<'video_size' | 'chunk_size' | 'total_chunk_count', number>> = {};
  for (const field of ['video_size', 'chunk_size', 'total_chunk_count'] as const) {
    const value = source[field];
    if (value === undefined || value === null) return invalidParam(`source_info.${field} is required for FILE_UPLOAD.`);
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return invalidParam(`source_info.${field} must be an integer.`);
    sizes[field] = value;
  }
  const plan: ChunkPlan = { videoSize: sizes.video_size!, chunkSize: sizes.chunk_size!, totalChunkCount: sizes.total_chunk_count! };
  const problem = chunkPlanProblem(plan);
  // TikTok answers chunk arithmetic with this spelling and wording (§3.2, [TLK11]); the reason goes in a header.
  if (problem) return { ok: false, status: 400, code: 'invalid_params', message: 'The chunk size is invalid', detail: problem };
  return { ok: true, post, plan };
}
