// HTTP Range for media (RFC 9110 §14): what lets the video player seek. One rule for both
// transports — the host's /media route and the desktop's media:// protocol — because
// Chromium reports a file served without ranges as not seekable and snaps scrubbing to 0.

export type RangeAnswer =
  | { kind: 'whole' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

/** Parses a single `bytes=` range against a file of `size` bytes (end inclusive). */
export function parseRange(header: string | null | undefined, size: number): RangeAnswer {
  if (!header) return { kind: 'whole' };
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Multiple ranges or other units: a server may ignore the header and send the whole file.
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'whole' };
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

/** Status and headers for an answer to a media request (the body is the range's bytes). */
export function rangeHeaders(answer: RangeAnswer, size: number, contentType: string): { status: number; headers: Record<string, string> } {
  const common = { 'Accept-Ranges': 'bytes', 'Content-Type': contentType, 'Cache-Control': 'private, no-cache' };
  switch (answer.kind) {
    case 'whole':
      return { status: 200, headers: { ...common, 'Content-Length': String(size) } };
    case 'partial':
      return {
        status: 206,
        headers: { ...common, 'Content-Length': String(answer.end - answer.start + 1), 'Content-Range': `bytes ${answer.start}-${answer.end}/${size}` },
      };
    case 'unsatisfiable':
      return { status: 416, headers: { 'Accept-Ranges': 'bytes', 'Content-Range': `bytes */${size}` } };
  }
}
