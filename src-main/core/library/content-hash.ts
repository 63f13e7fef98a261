// A clip's identity is the SHA-256 of its bytes: the same video dropped twice, renamed or
// copied elsewhere, is recognised and not imported twice.
import crypto from 'node:crypto';
import fs from 'node:fs';

export async function hashFile(file: string, opts: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {}): Promise<string> {
  const size = (await fs.promises.stat(file)).size;
  const hash = crypto.createHash('sha256');
  let done = 0;
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20, ...(opts.signal ? { signal: opts.signal } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    done += chunk.length;
    if (size > 0) opts.onProgress?.(done / size);
  }
  return hash.digest('hex');
}
