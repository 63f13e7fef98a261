#!/usr/bin/env node
// A stand-in for the person's browser, for tests and benchmarks: Clipdesk opens URLs through
// the BROWSER environment variable (as xdg-open does), so `BROWSER="node fake-browser.mjs"`
// makes it "open" TikTok's consent page here. With the emulator's autoConsent on, the page
// redirects straight to Clipdesk's loopback callback, which this follows like a browser.
// Every URL it opened is appended to $FAKE_BROWSER_LOG (one a line) when that is set.
/* global fetch */
import fs from 'node:fs';

const url = process.argv[2];
if (!url) {
  process.stderr.write('usage: fake-browser.mjs URL\n');
  process.exit(2);
}
if (process.env.FAKE_BROWSER_LOG) fs.appendFileSync(process.env.FAKE_BROWSER_LOG, `${url}\n`);
if (process.env.FAKE_BROWSER_NO_VISIT === '1') process.exit(0);
try {
  const res = await fetch(url, { redirect: 'follow' });
  await res.text();
  process.exit(res.ok ? 0 : 1);
} catch (err) {
  process.stderr.write(`fake-browser: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
