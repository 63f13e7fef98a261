// The FILE_UPLOAD chunk plan against TikTok's rules (docs/platforms.md, TikTok §3.3), checked
// under both readings of "MB": every plan must be valid whether TikTok means 10^6 or 2^20
// bytes.
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, CHUNK_SIZE_MIN, SINGLE_CHUNK_MAX, VIDEO_SIZE_MAX, chunkAt, planChunks, type ChunkPlan } from '../../src-main/core/tiktok/chunk-plan';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** TikTok's rules, taken at their strictest: 5 MiB minimum, 64 MB (decimal) maximum. */
function expectValid(plan: ChunkPlan, videoSize: number): void {
  expect(plan.videoSize).toBe(videoSize);
  expect(plan.totalChunkCount).toBe(plan.chunks.length);
  expect(plan.totalChunkCount).toBeGreaterThanOrEqual(1);
  expect(plan.totalChunkCount).toBeLessThanOrEqual(1000);
  // What init declares must describe the chunks: floor(size / chunk_size) of them.
  expect(plan.totalChunkCount).toBe(Math.floor(videoSize / plan.chunkSize));
  if (plan.totalChunkCount === 1) expect(plan.chunkSize).toBe(videoSize);
  let next = 0;
  plan.chunks.forEach((c, i) => {
    expect(c.index).toBe(i);
    expect(c.start).toBe(next);
    expect(c.length).toBe(c.end - c.start + 1);
    expect(c.length).toBeGreaterThan(0);
    if (i < plan.chunks.length - 1) {
      expect(c.length).toBe(plan.chunkSize);
      expect(c.length).toBeGreaterThanOrEqual(5 * MiB);
      expect(c.length).toBeLessThanOrEqual(64_000_000);
    } else {
      expect(c.length).toBeLessThanOrEqual(128_000_000);
      expect(c.length).toBeGreaterThanOrEqual(Math.min(videoSize, 5 * MiB));
    }
    next = c.end + 1;
  });
  expect(next).toBe(videoSize);
}

describe('planChunks', () => {
  it('exports the chosen sizes', () => {
    expect(SINGLE_CHUNK_MAX).toBe(64_000_000);
    expect(CHUNK_SIZE).toBe(10_000_000);
    expect(VIDEO_SIZE_MAX).toBe(4 * GiB);
    expect(CHUNK_SIZE_MIN).toBe(5 * MiB);
  });

  it.each<[string, number, number, number, number]>([
    // name, size, chunkSize, count, last chunk length
    ['1 byte', 1, 1, 1, 1],
    ['5,000,000 - 1', 4_999_999, 4_999_999, 1, 4_999_999],
    ['5,000,000', 5_000_000, 5_000_000, 1, 5_000_000],
    ['5,000,000 + 1', 5_000_001, 5_000_001, 1, 5_000_001],
    ['5 MiB - 1', 5 * MiB - 1, 5 * MiB - 1, 1, 5 * MiB - 1],
    ['5 MiB', 5 * MiB, 5 * MiB, 1, 5 * MiB],
    ['5 MiB + 1', 5 * MiB + 1, 5 * MiB + 1, 1, 5 * MiB + 1],
    ['50,000,123: under 64,000,000, so one chunk', 50_000_123, 50_000_123, 1, 50_000_123],
    ['64,000,000 - 1', 63_999_999, 63_999_999, 1, 63_999_999],
    ['64,000,000: the largest single chunk', 64_000_000, 64_000_000, 1, 64_000_000],
    ['64,000,000 + 1: the smallest multi-chunk file', 64_000_001, 10_000_000, 6, 14_000_001],
    ['64 MiB - 1', 64 * MiB - 1, 10_000_000, 6, 17_108_863],
    ['64 MiB', 64 * MiB, 10_000_000, 6, 17_108_864],
    ['64 MiB + 1', 64 * MiB + 1, 10_000_000, 6, 17_108_865],
    ['an exact multiple, 100,000,000', 100_000_000, 10_000_000, 10, 10_000_000],
    ['4 GiB exactly', 4 * GiB, 10_000_000, 429, 14_967_296],
  ])('%s', (_name, size, chunkSize, count, last) => {
    const plan = planChunks(size);
    expect(plan.chunkSize).toBe(chunkSize);
    expect(plan.totalChunkCount).toBe(count);
    expect(plan.chunks.at(-1)?.length).toBe(last);
    expectValid(plan, size);
  });

  it("TikTok's example with its 10,000,000-byte chunks: five, the remainder in the last", () => {
    const plan = planChunks(50_000_123, 10_000_000);
    expect(plan).toMatchObject({ chunkSize: 10_000_000, totalChunkCount: 5 });
    expectValid(plan, 50_000_123);
    expect(plan.chunks).toEqual([
      { index: 0, start: 0, end: 9_999_999, length: 10_000_000 },
      { index: 1, start: 10_000_000, end: 19_999_999, length: 10_000_000 },
      { index: 2, start: 20_000_000, end: 29_999_999, length: 10_000_000 },
      { index: 3, start: 30_000_000, end: 39_999_999, length: 10_000_000 },
      { index: 4, start: 40_000_000, end: 50_000_122, length: 10_000_123 },
    ]);
  });

  it('a forced chunk size follows the same rules, and one chunk when the file is smaller', () => {
    expect(planChunks(64_000_000, 64_000_000)).toMatchObject({ chunkSize: 64_000_000, totalChunkCount: 1 });
    expect(planChunks(3_000_000, 5 * MiB)).toMatchObject({ chunkSize: 3_000_000, totalChunkCount: 1 });
    const plan = planChunks(127_999_999, 32_000_000);
    expect(plan).toMatchObject({ chunkSize: 32_000_000, totalChunkCount: 3 });
    expectValid(plan, 127_999_999);
    expectValid(planChunks(4 * GiB, 5 * MiB), 4 * GiB);
  });

  it.each<[string, number, number, RegExp]>([
    ['below 5 MiB', 100_000_000, 5 * MiB - 1, /Chunk size must be/],
    ['above 64,000,000', 100_000_000, 64_000_001, /Chunk size must be/],
    ['a fraction', 100_000_000, 10_000_000.5, /Chunk size must be/],
    ['one chunk for a file over 64,000,000', 127_999_999, 64_000_000, /at least 2 chunks/],
  ])('throws for a forced chunk size %s', (_name, size, chunkSize, message) => {
    expect(() => planChunks(size, chunkSize)).toThrow(RangeError);
    expect(() => planChunks(size, chunkSize)).toThrow(message);
  });

  it('never makes a tiny trailing chunk (floor, not ceil)', () => {
    const plan = planChunks(70_000_001);
    expect(plan.totalChunkCount).toBe(7);
    expect(plan.chunks.at(-1)?.length).toBe(10_000_001);
  });

  it('is valid across a sweep of sizes', () => {
    for (let size = 1; size <= 4 * GiB; size = Math.floor(size * 1.37) + 12_345) expectValid(planChunks(size), size);
    for (const size of [64_000_000, 64_000_001, 4 * GiB - 1, 4 * GiB]) expectValid(planChunks(size), size);
  });

  it.each<[string, number, RegExp]>([
    ['0', 0, /at least 1 byte/],
    ['a negative size', -5, /at least 1 byte/],
    ['4 GiB + 1', 4 * GiB + 1, /at most 4 GB/],
    ['a fraction', 1_000_000.5, /whole number/],
    ['NaN', Number.NaN, /whole number/],
    ['Infinity', Number.POSITIVE_INFINITY, /whole number/],
  ])('throws a RangeError for %s', (_name, size, message) => {
    expect(() => planChunks(size)).toThrow(RangeError);
    expect(() => planChunks(size)).toThrow(message);
  });

  it('cannot be changed after it is made', () => {
    const plan = planChunks(100_000_000);
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.chunks)).toBe(true);
    expect(Object.isFrozen(plan.chunks[0])).toBe(true);
  });
});

describe('chunkAt', () => {
  const plan = planChunks(50_000_123, 10_000_000);

  it('finds the chunk that starts at each boundary', () => {
    expect(plan.chunks.map((c) => chunkAt(plan, c.start))).toEqual([0, 1, 2, 3, 4]);
    expect(chunkAt(planChunks(1), 0)).toBe(0);
    const big = planChunks(4 * GiB);
    expect(chunkAt(big, 428 * 10_000_000)).toBe(428);
  });

  it.each<[string, number]>([
    ['inside a chunk', 5],
    ['the last byte of a chunk', 9_999_999],
    ["past the last chunk's start, where a ceil plan would start one", 50_000_000],
    ['the end of the file (nothing left to send)', 50_000_123],
    ['past the end', 60_000_000],
    ['negative', -10_000_000],
    ['a fraction', 10_000_000.5],
  ])('throws for an offset %s', (_name, offset) => {
    expect(() => chunkAt(plan, offset)).toThrow(RangeError);
  });

  it('a single-chunk plan has only offset 0', () => {
    const one = planChunks(63_999_999);
    expect(chunkAt(one, 0)).toBe(0);
    expect(() => chunkAt(one, 10_000_000)).toThrow(/not where a chunk starts/);
  });
});
