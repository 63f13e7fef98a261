// The UI budgets of the list views (docs/architecture.md §6), in Chromium against the headless
// host: one data folder seeded straight into its SQLite with 10,000 finished posts, 10,000 posts
// in the queue (scheduled ahead, or ready with no time) and 10,000 library clips (probed rows
// with no thumbnail file: the UI shows its placeholder); beside it an empty data folder. Then,
// for each run, a fresh page of the built UI for each view — History, the Queue list, the
// Library grid — measured in the page itself:
//   - first screen: from the click on the section's link to the first frame painted after its
//     first row (or card) is in the page (budget 300 ms, the design's "first screen in 300 ms"),
//     beside the same for the empty data folder (its empty state);
//   - steady scroll: a stepped scroll (SCROLL_STEP px every animation frame, SCROLL_FRAMES frames)
//     through the list while it pages in from the core, every requestAnimationFrame delta
//     recorded: a frame over 1.5 × 16.7 ms counts as dropped (budget 0), with the long tasks
//     ('longtask' PerformanceObserver) seen meanwhile; beside the same frames counted on the
//     idle page, which is this machine's own noise;
//   - scroll to the last: from the first screen to the 10,000th row on screen (budget 10 s),
//     with the pages of the core it took.
// Medians over the runs, with min–max. Chromium is Debian's (or CLIPDESK_CHROMIUM), driven by
// Playwright.
//
// More UI benchmarks plug in as suites: a suite is `async (ctx) => results` (results as
// bench.js prints them), given the helpers below; pass `suites: [...UI_SUITES, mySuite]` to
// benchUi (bench.js does, for the suites it imports).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import Database from 'better-sqlite3';

export const COUNT = 10_000;
const FINISHED = ['published', 'failed', 'cancelled', 'rejected'];
/** 60 Hz: a frame that took more than 1.5 of these missed its paint. */
const FRAME_MS = 1000 / 60;
const DROPPED_MS = 1.5 * FRAME_MS;
const SCROLL_STEP = 40;
const SCROLL_FRAMES = 480;
const SCROLLER = '.workspace__scroll';

// ---- helpers a suite may use ----------------------------------------------------------------

export function startServe(cli, dataDir) {
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

export async function stopServe(host) {
  await new Promise((r) => {
    if (host.child.exitCode !== null) return r();
    host.child.once('exit', r);
    host.child.kill('SIGTERM');
  });
}

/** A data folder the host has made (its migrations run), then stopped, for seeding by hand. */
export async function preparedDataDir(cli, prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  await stopServe(await startServe(cli, dir));
  return dir;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** "median (min–max)" of a list, with `digits` decimals. */
export function spread(xs, digits = 0) {
  const f = (x) => x.toFixed(digits);
  return `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
}

/**
 * A fresh page of the UI opened on a section that lists nothing (Accounts), so the view clicked
 * next loads from nothing; `page.calls(command)` counts the calls of a command the page sent
 * the core from then on.
 */
export async function freshPage(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const sent = new Map();
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      const m = typeof f.payload === 'string' ? /"cmd":"([^"]+)"/.exec(f.payload) : null;
      if (m) sent.set(m[1], (sent.get(m[1]) ?? 0) + 1);
    }),
  );
  await page.goto(`${url}#/accounts`);
  await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
  page.calls = (command) => sent.get(command) ?? 0;
  return page;
}

/**
 * Clicks the section's link in the page and resolves with the ms until the first frame painted
 * after `selector` matched (a rAF, then a task after it: the paint happened in between).
 */
export async function firstScreen(page, section, selector) {
  return page.evaluate(
    ({ section, selector }) =>
      new Promise((resolve, reject) => {
        /* eslint-disable no-undef -- runs in the page */
        const link = [...document.querySelectorAll('nav[aria-label="Sections"] a')].find((a) => a.textContent.trim().startsWith(section));
        if (!link) return reject(new Error(`no link to ${section}`));
        const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
        const observer = new MutationObserver(() => {
          if (!document.querySelector(selector)) return;
          observer.disconnect();
          done();
        });
        observer.observe(document.body, { childList: true, subtree: true });
        const t0 = performance.now();
        link.click();
        setTimeout(() => reject(new Error(`${section}: ${selector} never appeared`)), 30_000);
        /* eslint-enable no-undef */
      }),
    { section, selector },
  );
}

/**
 * Frames in the page: `frames` animation frames, each moving the scroller `step` px down (0: the
 * page left idle), every rAF delta recorded and the long tasks seen meanwhile.
 */
export async function frameStats(page, { step, frames }) {
  return page.evaluate(
    ({ step, frames, scroller, droppedMs }) =>
      new Promise((resolve) => {
        /* eslint-disable no-undef -- runs in the page */
        const el = document.querySelector(scroller);
        const longTasks = [];
        let observer = null;
        try {
          observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
          observer.observe({ type: 'longtask' });
        } catch {
          // No longtask timing here: the frames still say.
        }
        const deltas = [];
        let last = null;
        const tick = (now) => {
          if (last !== null) deltas.push(now - last);
          last = now;
          if (deltas.length >= frames) {
            observer?.disconnect();
            const dropped = deltas.filter((d) => d > droppedMs);
            resolve({
              frames: deltas.length,
              dropped: dropped.length,
              worst: Math.max(...deltas),
              longTasks: longTasks.length,
              longestTask: longTasks.length ? Math.max(...longTasks) : 0,
              scrolled: el.scrollTop,
            });
            return;
          }
          if (step) el.scrollTop += step;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        /* eslint-enable no-undef */
      }),
    { step, frames, scroller: SCROLLER, droppedMs: DROPPED_MS },
  );
}

/** ms from now to `last` on screen, scrolling the page to its end over and over. */
export async function scrollToLast(page, last, what) {
  const t1 = performance.now();
  while (!(await last.isVisible())) {
    // eslint-disable-next-line no-undef
    await page.evaluate((s) => document.querySelector(s).scrollTo(0, 1e9), SCROLLER);
    await page.waitForTimeout(16);
    if (performance.now() - t1 > 120_000) throw new Error(`${what} never reached its last row`);
  }
  return performance.now() - t1;
}

// ---- the list views -------------------------------------------------------------------------

/** 10,000 finished posts, 10,000 in the queue and 10,000 clips, the posts each on a clip. */
function seed(dataDir, count) {
  const db = new Database(path.join(dataDir, 'clipdesk.sqlite'));
  // Every clip's source is this one file: present, so the library does not mark them missing.
  const source = path.join(dataDir, 'bench-source.mp4');
  fs.writeFileSync(source, '');
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString();
  db.prepare("INSERT INTO accounts (id, provider, external_id, display_name, username, state, created_at, updated_at) VALUES ('acc', 'tiktok', 'e', 'Bench', 'bench', 'connected', ?, ?)").run(iso(now), iso(now));
  const media = (i) =>
    JSON.stringify({
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSec: 10 + (i % 50),
      sizeBytes: 5_000_000 + i,
      video: { codec: 'h264', profile: 'High', width: 1080, height: 1920, rotation: 0, fps: 30, variableFrameRate: false, pixFmt: 'yuv420p', bitDepth: 8, hdr: false, isStillImage: false },
      audio: { codec: 'aac', channels: 2, sampleRate: 48000 },
    });
  const clip = db.prepare(
    "INSERT INTO clips (id, content_hash, source_path, file_name, size_bytes, probe_json, thumbnail, state, error, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, 'ready', NULL, 'path', ?, ?)",
  );
  const post = db.prepare("INSERT INTO posts (id, clip_id, account_id, state, caption, settings_json, scheduled_at, created_at, updated_at) VALUES (?, ?, 'acc', ?, ?, '{}', ?, ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = iso(now - (count - i) * 60_000);
      const n = String(i).padStart(5, '0');
      clip.run(`c${n}`, `hash${n}`, source, i === 0 ? 'the-very-first-clip.mp4' : `clip-${n}.mp4`, 5_000_000 + i, media(i), at, at);
      post.run(`p${n}`, `c${n}`, FINISHED[i % FINISHED.length], i === 0 ? 'The very first post' : `Post number ${i} #bench`, null, at, at);
      // In the queue: every third one ready with no time yet, the rest scheduled ahead (days
      // from now, so nothing comes due while the bench runs).
      const ready = i % 3 === 0;
      post.run(`q${n}`, `c${n}`, ready ? 'ready' : 'scheduled', i === 0 ? 'The very first queued post' : `Queued number ${i} #bench`, ready ? null : iso(now + 2 * 86_400_000 + i * 3_600_000), at, at);
    }
  })();
  db.close();
}

const VIEWS = [
  {
    name: 'History',
    section: 'History',
    label: 'Finished posts',
    row: 'ul[aria-label="Finished posts"] > li',
    empty: 'No finished posts yet',
    command: 'posts.search',
    prepare: null,
  },
  {
    name: 'the Queue list',
    section: 'Queue',
    label: 'Posts in the queue',
    row: 'ul[aria-label="Posts in the queue"] > li',
    empty: 'The queue is empty',
    command: 'posts.search',
    // The Queue remembers its layout on this computer: the list.
    prepare: (page) => page.evaluate(() => localStorage.setItem('clipdesk.queue.layout', 'list')), // eslint-disable-line no-undef
  },
  {
    name: 'the Library',
    section: 'Library',
    label: 'Clips',
    row: 'ul[aria-label="Clips"] > li[data-clip-id]',
    empty: 'No clips yet',
    command: 'library.list',
    prepare: null,
  },
];

/** One fresh page of one view: first screen, steady-scroll frames, and (when `count`) the scroll to its last row. */
async function measureView(browser, url, view, count) {
  const page = await freshPage(browser, url);
  try {
    if (view.prepare) await view.prepare(page);
    const before = page.calls(view.command);
    const emptySelector = `xpath=//*[contains(text(), "${view.empty}")]`;
    if (!count) {
      const first = await page.evaluate(
        ({ section, text }) =>
          new Promise((resolve) => {
            /* eslint-disable no-undef -- runs in the page */
            const link = [...document.querySelectorAll('nav[aria-label="Sections"] a')].find((a) => a.textContent.trim().startsWith(section));
            const has = () => document.body.innerText.includes(text);
            const t0 = performance.now();
            const observer = new MutationObserver(() => {
              if (!has()) return;
              observer.disconnect();
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            link.click();
            /* eslint-enable no-undef */
          }),
        { section: view.section, text: view.empty },
      );
      await page.locator(emptySelector).first().waitFor();
      return { first };
    }
    const first = await firstScreen(page, view.section, view.row);
    // Settle (the rest of the first page's rows, the thumbnails' placeholders), then scroll.
    await page.waitForTimeout(300);
    const idle = await frameStats(page, { step: 0, frames: 120 });
    const scroll = await frameStats(page, { step: SCROLL_STEP, frames: SCROLL_FRAMES });
    const list = page.getByRole('list', { name: view.label, exact: true });
    const toEnd = await scrollToLast(page, list.locator(`li[aria-posinset="${count}"]`), view.name);
    return { first, idle, scroll, toEnd, calls: page.calls(view.command) - before };
  } finally {
    await page.close();
  }
}

/** History, the Queue list and the Library with 10,000 each: first screen, frames while scrolling, scroll to the last. */
export async function benchListViews({ cli, runs, browser }) {
  const dataDir = await preparedDataDir(cli, 'clipdesk-bench-ui-');
  const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-bench-ui-empty-'));
  seed(dataDir, COUNT);
  const host = await startServe(cli, dataDir);
  const empty = await startServe(cli, emptyDir);
  const n = COUNT.toLocaleString('en');
  try {
    const results = [];
    const samples = new Map(VIEWS.map((v) => [v, { first: [], bare: [], dropped: [], idle: [], longTasks: [], longest: [], worst: [], toEnd: [], calls: 0 }]));
    // Runs outermost, so each view's samples spread over the whole bench (and its noise).
    for (let i = 0; i < runs; i++) {
      for (const view of VIEWS) {
        const s = samples.get(view);
        s.bare.push((await measureView(browser, empty.url, view, 0)).first);
        const r = await measureView(browser, host.url, view, COUNT);
        s.first.push(r.first);
        s.dropped.push(r.scroll.dropped);
        s.idle.push(r.idle.dropped);
        s.longTasks.push(r.scroll.longTasks);
        s.longest.push(r.scroll.longestTask);
        s.worst.push(r.scroll.worst);
        s.toEnd.push(r.toEnd);
        s.calls = r.calls;
      }
    }
    for (const view of VIEWS) {
      const s = samples.get(view);
      const title = view.name.charAt(0).toUpperCase() + view.name.slice(1);
      const what = view.command === 'library.list' ? `clips` : 'posts';
      results.push(
        {
          name: `${title} with ${n} ${what}: first screen`,
          value: median(s.first),
          budget: 300,
          better: 'lower',
          unit: 'ms',
          detail: `${spread(s.first)} ms over ${runs} fresh pages; ${(median(s.first) / median(s.bare)).toFixed(2)}× the empty view (${spread(s.bare)} ms)`,
        },
        {
          name: `${title} with ${n} ${what}: dropped frames scrolling`,
          value: median(s.dropped),
          budget: 0,
          better: 'lower',
          unit: 'frames',
          detail:
            `${spread(s.dropped)} of ${SCROLL_FRAMES} frames over ${(DROPPED_MS).toFixed(1)} ms at ${SCROLL_STEP} px a frame; worst frame ${spread(s.worst)} ms; ` +
            `long tasks ${spread(s.longTasks)}, longest ${spread(s.longest)} ms; the idle page dropped ${spread(s.idle)} of 120`,
        },
        {
          name: `${title} with ${n} ${what}: scroll to the last`,
          value: median(s.toEnd),
          budget: 10_000,
          better: 'lower',
          unit: 'ms',
          detail: `${spread(s.toEnd)} ms; ${s.calls} ${view.command} pages`,
        },
      );
    }
    return results;
  } finally {
    await stopServe(host);
    await stopServe(empty);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(emptyDir, { recursive: true, force: true });
  }
}

// ---- the group ------------------------------------------------------------------------------

/** The suites `npm run bench` runs for BENCH_ONLY=ui; bench.js adds the ones in other files. */
export const UI_SUITES = [benchListViews];

/** Runs each suite with one Chromium: `{ root, cli, runs, browser }` and the helpers exported above. */
export async function benchUi({ root, runs, suites = UI_SUITES }) {
  const cli = path.join(root, 'bin/clipdesk.js');
  const browser = await chromium.launch({ executablePath: process.env.CLIPDESK_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const results = [];
    for (const suite of suites) results.push(...(await suite({ root, cli, runs, browser })));
    return results;
  } finally {
    await browser.close();
  }
}
