// The local API key a running `clipdesk serve` publishes in its data folder's lock file
// (src-main/core/instance/data-lock.ts). Presenting it makes a client the terminal — the person
// at this machine, who may import by path — as the CLI is; the link's token makes it a browser,
// which may only upload (docs/architecture.md §4, "Host paths"). The benchmarks import by path.
import fs from 'node:fs';
import path from 'node:path';

export function localApiKey(dataDir) {
  const lock = JSON.parse(fs.readFileSync(path.join(dataDir, 'clipdesk.lock'), 'utf8'));
  const key = lock.api?.token;
  if (!key) throw new Error(`clipdesk serve on ${dataDir} published no local API key in its lock file`);
  return key;
}
