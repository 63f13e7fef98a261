// The Range rule the video player's seeking depends on, for both transports.
import { describe, expect, it } from 'vitest';
import { parseRange, rangeHeaders } from '../../src-main/core/transport/byte-range';
import { parseMediaPath } from '../../src-main/core/transport/media-files';

describe('parseRange', () => {
  const size = 1000;
  it.each([
    [undefined, { kind: 'whole' }],
    ['bytes=0-', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=500-', { kind: 'partial', start: 500, end: 999 }],
    ['bytes=900-5000', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-100', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=50-10', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=0-1,5-9', { kind: 'whole' }],
    ['items=0-1', { kind: 'whole' }],
    ['bytes=-', { kind: 'whole' }],
  ])('%s → %j', (header, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it('answers 206 with Content-Range, 200 with the length, 416 with the size', () => {
    expect(rangeHeaders({ kind: 'partial', start: 10, end: 19 }, size, 'video/mp4')).toEqual({
      status: 206,
      headers: expect.objectContaining({ 'Content-Range': 'bytes 10-19/1000', 'Content-Length': '10', 'Accept-Ranges': 'bytes', 'Content-Type': 'video/mp4' }),
    });
    expect(rangeHeaders({ kind: 'whole' }, size, 'video/mp4')).toMatchObject({ status: 200, headers: { 'Content-Length': '1000', 'Accept-Ranges': 'bytes' } });
    expect(rangeHeaders({ kind: 'unsatisfiable' }, size, 'video/mp4')).toMatchObject({ status: 416, headers: { 'Content-Range': 'bytes */1000' } });
  });
});

describe('parseMediaPath', () => {
  const id = '0b9c3e4a-1d2e-4f60-8a7b-9c0d1e2f3a4b';
  it('takes a known kind and an id', () => {
    expect(parseMediaPath(`/clip/${id}`)).toEqual({ kind: 'clip', id });
    expect(parseMediaPath(`thumbnail/${id}`)).toEqual({ kind: 'thumbnail', id });
    expect(parseMediaPath(`/render/${id}`)).toEqual({ kind: 'render', id });
  });
  it.each(['/etc/passwd', `/clip/../../${id}`, '/clip/..%2Fsecret', `/other/${id}`, `/clip/${id}/x`, '/clip/', `/clip/a b`])('refuses %s', (p) => {
    expect(parseMediaPath(p)).toBeNull();
  });
});
