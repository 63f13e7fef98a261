// How a video file is cut into the chunks TikTok's FILE_UPLOAD expects (docs/platforms.md,
// TikTok §3.3). TikTok does not say whether its "5 MB" and "64 MB" are decimal or binary, so
// every number here is valid under both readings: one chunk up to 64,000,000 bytes, otherwise
// 10,000,000-byte chunks (TikTok's own example) with the remainder folded into the last one.

/** Largest file sent as a single chunk: 64 MB in decimal, which is also under 64 MiB. */
export const SINGLE_CHUNK_MAX = 64_000_000;
/** Chunk size for larger files: above 5 MiB (5,242,880) and below 64,000,000. */
export const CHUNK_SIZE = 10_000_000;
/** TikTok's upload limit (§3.8), "4 GB" read as 4 GiB — the same ceiling the readiness rules use. */
export const VIDEO_SIZE_MAX = 4 * 1024 ** 3;

export interface ChunkSpan {
  index: number;
  /** First byte, as in `Content-Range: bytes {start}-{end}/{videoSize}`. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
  length: number;
}

export interface ChunkPlan {
  videoSize: number;
  /** What init declares as `chunk_size`; equals videoSize for a single chunk. */
  chunkSize: number;
  totalChunkCount: number;
  chunks: readonly ChunkSpan[];
}

/** Bounds for a chosen chunk size: 5 MiB (the larger reading of "5 MB") to 64,000,000. */
export const CHUNK_SIZE_MIN = 5 * 1024 ** 2;

/**
 * The plan for a file of `videoSize` bytes. Without `chunkSize`, Clipdesk's rule: one chunk up
 * to {@link SINGLE_CHUNK_MAX}, else {@link CHUNK_SIZE}-byte chunks. A `chunkSize` (5 MiB to
 * 64,000,000) forces a split at that size — TikTok's own example, 50,000,123 bytes in 10,000,000-byte
 * chunks, or a fallback should single-chunk uploads ever be refused.
 */
export function planChunks(videoSize: number, chunkSize?: number): ChunkPlan {
  if (!Number.isSafeInteger(videoSize)) throw new RangeError(`Video size must be a whole number of bytes, got ${videoSize}`);
  if (videoSize <= 0) throw new RangeError(`Video size must be at least 1 byte, got ${videoSize}`);
  if (videoSize > VIDEO_SIZE_MAX) throw new RangeError(`Video is ${videoSize} bytes; TikTok accepts at most 4 GB (${VIDEO_SIZE_MAX} bytes)`);
  if (chunkSize !== undefined && !(Number.isSafeInteger(chunkSize) && chunkSize >= CHUNK_SIZE_MIN && chunkSize <= SINGLE_CHUNK_MAX)) {
    throw new RangeError(`Chunk size must be a whole number from ${CHUNK_SIZE_MIN} to ${SINGLE_CHUNK_MAX} bytes, got ${chunkSize}`);
  }

  // Declaring chunk_size ≠ video_size for a one-chunk upload is a known way to be rejected, so a
  // file that fits in one chunk declares its own size.
  const size = chunkSize ?? (videoSize <= SINGLE_CHUNK_MAX ? videoSize : CHUNK_SIZE);
  const declared = videoSize < size ? videoSize : size;
  // floor, never ceil: TikTok wants the remainder in the last chunk, not a tiny extra one. At
  // 4 GiB and 10,000,000 this gives 429 chunks, the last 14,967,296 bytes.
  const totalChunkCount = Math.floor(videoSize / declared);
  // Only a forced size can break these: a file over 64 MB must be split, and the last chunk
  // (chunk size + remainder) stays under 2 × 64,000,000 = 128,000,000 by construction.
  if (videoSize > SINGLE_CHUNK_MAX && totalChunkCount < 2) {
    throw new RangeError(`A ${videoSize}-byte video must be sent in at least 2 chunks; ${declared}-byte chunks make 1`);
  }
  if (totalChunkCount > 1000) throw new RangeError(`${declared}-byte chunks make ${totalChunkCount} chunks; TikTok accepts at most 1000`);

  const chunks: ChunkSpan[] = [];
  for (let index = 0; index < totalChunkCount; index += 1) {
    const start = index * declared;
    const end = index === totalChunkCount - 1 ? videoSize - 1 : start + declared - 1;
    chunks.push(Object.freeze({ index, start, end, length: end - start + 1 }));
  }
  return Object.freeze({ videoSize, chunkSize: declared, totalChunkCount, chunks: Object.freeze(chunks) });
}

/**
 * The chunk that starts at `byteOffset` — where to resume when TikTok reports how far it got
 * (a 416's `Content-Range`, status/fetch's uploaded_bytes). Throws for any other offset,
 * including videoSize itself (nothing left to send), because TikTok accepts chunks only whole.
 */
export function chunkAt(plan: ChunkPlan, byteOffset: number): number {
  const index = Number.isSafeInteger(byteOffset) && byteOffset >= 0 ? Math.floor(byteOffset / plan.chunkSize) : -1;
  const chunk = plan.chunks[index];
  if (chunk === undefined || chunk.start !== byteOffset) {
    throw new RangeError(
      `Byte ${byteOffset} is not where a chunk starts (chunks of ${plan.chunkSize} bytes from 0; the file has ${plan.videoSize} bytes)`,
    );
  }
  return index;
}
