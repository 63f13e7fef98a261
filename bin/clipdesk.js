#!/usr/bin/env node
// The `clipdesk` command: runs the built CLI (out/main/cli.js). `npm install` builds it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('clipdesk: the app is not built yet. Run `npm run build` in the Clipdesk folder, then try again.\n');
  process.exit(1);
}
await import(entry);
