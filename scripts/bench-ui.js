// The UI budget of History with 10,000 posts (docs/architecture.md §6), in Chromium against the
// headless host: 10,000 finished posts seeded straight into its SQLite, then, for each run, a
// fresh page of the built UI —
//   - time to first rows: from clicking History to its first post on screen (budget 300 ms,
//     the design's "first screen in 300 ms"), beside the same for an empty History;
//   - time to scroll to the end: from the first rows to the 10,000th post on screen, the
//     windowed list paging in from the core as it goes (budget 10 s), with the pages it took.
// Chromium is Debian's (or CLIPDESK_CHROMIUM), driven by Playwright.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import Database from 'better-sqlite3';

const COUNT = 10_000;
const FINISHED = ['published', 'failed', 'cancelled', 'rejected'];

function startServe(cli, dataDir) {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Clipdesk is running at (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
}

function seed(dataDir, count) {
  const db = new Database(path.join(dataDir, 'clipdesk.sqlite'));
  const now = new Date().toISOString();
  db.prepare("INSERT INTO accounts (id, provider, external_id, display_name, username, state, created_at, updated_at) VALUES ('acc', 'tiktok', 'e', 'Bench', 'bench', 'connected', ?, ?)").run(now, now);
  const insert = db.prepare("INSERT INTO posts (id, account_id, state, caption, settings_json, created_at, updated_at) VALUES (?, 'acc', ?, ?, '{}', ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = new Date(Date.now() - (count - i) * 60_000).toISOString();
      insert.run(`p${String(i).padStart(5, '0')}`, FINISHED[i % FINISHED.length], i === 0 ? 'The very first post' : `Post number ${i} #bench`, at, at);
    }
  })();
  db.close();
}

/** One fresh page: ms to History's first row, and (when `scroll`) ms to scroll to its last. */
async function measure(browser, url, count, scroll) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  let searches = 0;
  page.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && f.payload.includes('"posts.search"') && searches++));
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
  const t0 = performance.now();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'History' }).click();
  const list = page.getByRole('list', { name: 'Finished posts' });
  if (count) await list.getByRole('listitem').first().waitFor();
  else await page.getByText('No finished posts yet').waitFor();
  const first = performance.now() - t0;
  let toEnd = null;
  if (scroll) {
    const t1 = performance.now();
    const last = list.locator(`li[aria-posinset="${count}"]`);
    while (!(await last.isVisible())) {
      // Runs in the page, where `document` is.
      // eslint-disable-next-line no-undef
      await page.evaluate(() => document.querySelector('.workspace__scroll').scrollTo(0, 1e9));
      await page.waitForTimeout(16);
      if (performance.now() - t1 > 120_000) throw new Error('History never reached its last post');
    }
    toEnd = performance.now() - t1;
  }
  await page.close();
  return { first, toEnd, searches };
}

export async function benchUi({ root, runs }) {
  const cli = path.join(root, 'bin/clipdesk.js');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-bench-ui-'));
  const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-bench-ui-empty-'));
  const host = await startServe(cli, dataDir);
  const empty = await startServe(cli, emptyDir);
  const browser = await chromium.launch({ executablePath: process.env.CLIPDESK_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    seed(dataDir, COUNT);
    const firsts = [];
    const ends = [];
    const bare = [];
    let searches = 0;
    for (let i = 0; i < runs; i++) {
      bare.push((await measure(browser, empty.url, 0, false)).first);
      const r = await measure(browser, host.url, COUNT, true);
      firsts.push(r.first);
      ends.push(r.toEnd);
      searches = r.searches;
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return [
      { name: `History with ${COUNT.toLocaleString('en')} posts: first rows`, value: median(firsts), budget: 300, better: 'lower', unit: 'ms', detail: `${(median(firsts) / median(bare)).toFixed(2)}× an empty History (${median(bare).toFixed(0)} ms)` },
      { name: `History with ${COUNT.toLocaleString('en')} posts: scroll to the last`, value: median(ends), budget: 10_000, better: 'lower', unit: 'ms', detail: `${searches} posts.search pages, ${(median(ends) / searches).toFixed(0)} ms a page` },
    ];
  } finally {
    await browser.close();
    for (const h of [host, empty]) {
      await new Promise((r) => {
        h.child.once('exit', r);
        h.child.kill('SIGTERM');
      });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(emptyDir, { recursive: true, force: true });
  }
}
