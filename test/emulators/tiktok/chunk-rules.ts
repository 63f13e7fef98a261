// TikTok's chunk arithmetic for FILE_UPLOAD (docs/platforms.md, TikTok §3.3). TikTok never says
// whether "5 MB" and "64 MB" are decimal or binary, so the emulator takes the stricter bound of
// each: a chunk below 5 MiB or above 64,000,000 bytes is refused. A plan that passes here
// passes under either reading.
import type { ChunkPlan } from './state';

export const MIN_CHUNK_BYTES = 5 * 2 ** 20;
export const MAX_CHUNK_BYTES = 64_000_000;
/** The last chunk absorbs the remainder and may grow up to this. */
export const MAX_LAST_CHUNK_BYTES = 128_000_000;
export const MAX_VIDEO_BYTES = 4 * 2 ** 30;
export const MAX_CHUNKS = 1000;

/** Why a plan is refused, or null when TikTok would take it. */
export function chunkPlanProblem({ videoSize, chunkSize, totalChunkCount }: ChunkPlan): string | null {
  if (videoSize <= 0) return 'video_size must be positive';
  if (videoSize > MAX_VIDEO_BYTES) return 'video_size is over 4 GB';
  // Below the smallest chunk a file can only go whole.
  if (videoSize < MIN_CHUNK_BYTES) {
    return chunkSize === videoSize && totalChunkCount === 1 ? null : 'a file under 5 MB is one chunk with chunk_size = video_size';
  }
  if (chunkSize < MIN_CHUNK_BYTES) return 'chunk_size is under 5 MB';
  if (chunkSize > MAX_CHUNK_BYTES) return 'chunk_size is over 64 MB';
  if (chunkSize > videoSize) return 'chunk_size is over video_size';
  const expected = Math.floor(videoSize / chunkSize);
  if (totalChunkCount !== expected) return `total_chunk_count must be floor(video_size / chunk_size) = ${expected}`;
  // With the bounds above these two cannot fail (4 GiB / 5 MiB < 1000; a remainder is under
  // one chunk), but they are TikTok's rules as stated and stay true if the bounds change.
  if (totalChunkCount < 1 || totalChunkCount > MAX_CHUNKS) return 'total_chunk_count must be 1 to 1000';
  if (lastChunkLength({ videoSize, chunkSize, totalChunkCount }) > MAX_LAST_CHUNK_BYTES) return 'the last chunk is over 128 MB';
  return null;
}

export const lastChunkLength = (plan: ChunkPlan): number => plan.videoSize - (plan.totalChunkCount - 1) * plan.chunkSize;

/** Byte range [first, last] of chunk `index`; the last chunk takes the remainder. */
export function chunkRange(plan: ChunkPlan, index: number): { first: number; last: number } {
  const first = index * plan.chunkSize;
  const length = index === plan.totalChunkCount - 1 ? lastChunkLength(plan) : plan.chunkSize;
  return { first, last: first + length - 1 };
}

/** The chunk that starts at `offset`, or null when no chunk starts there. */
export function chunkStartingAt(plan: ChunkPlan, offset: number): number | null {
  if (offset % plan.chunkSize !== 0) return null;
  const index = offset / plan.chunkSize;
  return index < plan.totalChunkCount ? index : null;
}
