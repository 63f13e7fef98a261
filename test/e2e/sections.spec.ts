// The renderer's foundation, driven as a person would through the headless host: sections
// and navigation, settings live from the CLI, the activity log, and the honest empty states.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { CLI, ROOT, startServe } from '../support/serve-process';
import { expect, test } from './support/fixtures';

const run = promisify(execFile);

const SECTIONS = ['Library', 'Queue', 'Approvals', 'History', 'Accounts', 'Settings', 'Activity'] as const;
// The README's screenshots are refreshed only on request (CLIPDESK_UPDATE_SCREENSHOTS=1), so
// a test run never dirties the tree; otherwise they land with the other test output.
const SCREENSHOTS = process.env.CLIPDESK_UPDATE_SCREENSHOTS
  ? path.join(ROOT, 'resources/screenshots')
  : path.join(ROOT, 'test-results/screenshots');

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/**
 * Puts posts straight into the host's store: nothing in the contract creates posts yet, and
 * the sections must show what the store holds. SQLite in WAL mode takes the second writer.
 */
function seedPosts(dataDir: string, posts: { id: string; state: string; caption: string; scheduledAt?: string }[]): void {
  const db = new Database(path.join(dataDir, 'clipdesk.sqlite'));
  try {
    const insert = db.prepare(
      'INSERT INTO posts (id, state, caption, scheduled_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    posts.forEach((p, i) => {
      const at = new Date(Date.now() - (posts.length - i) * 60_000).toISOString();
      insert.run(p.id, p.state, p.caption, p.scheduledAt ?? null, at, at);
      // A post waiting for approval has its request, as posts.create makes it.
      if (p.state === 'awaiting_approval') {
        db.prepare("INSERT INTO approvals (id, post_id, status, requested_at, deadline) VALUES (?, ?, 'pending', ?, NULL)").run(`ap-${p.id}`.slice(0, 12).padEnd(12, '0'), p.id, Date.parse(at));
      }
    });
  } finally {
    db.close();
  }
}

function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Sections' });
}

test('loads with its token, then drops the token from the address', async ({ page, host }) => {
  await open(page, host.url);
  expect(page.url()).not.toContain('token');
  expect(page.url()).not.toContain(host.token);
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(page).toHaveURL(/#\/library$/);
});

test('every section renders its heading from the sidebar, in order', async ({ page, host }) => {
  await open(page, host.url);
  const links = nav(page).getByRole('link');
  await expect(links).toHaveCount(SECTIONS.length);
  for (const [i, name] of SECTIONS.entries()) await expect(links.nth(i)).toHaveAccessibleName(name);
  for (const name of SECTIONS) {
    await nav(page).getByRole('link', { name }).click();
    await expect(page.getByRole('main').getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(nav(page).getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
    await expect(page).toHaveURL(new RegExp(`#/${name.toLowerCase()}$`));
  }
  // Only the current section is marked.
  await expect(nav(page).locator('[aria-current="page"]')).toHaveCount(1);
});

test('reload keeps the section', async ({ page, host }) => {
  await open(page, host.url);
  await nav(page).getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();
});

test('Ctrl+number switches sections', async ({ page, host }) => {
  await open(page, host.url);
  await page.keyboard.press('Control+7');
  await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Queue' })).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('Control+6');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  // The shortcuts are listed where a person would look for them.
  const shortcuts = page.getByRole('table', { name: 'Keyboard shortcuts' });
  await expect(shortcuts.getByRole('row', { name: /Go to Library/ })).toContainText('1');
  await expect(shortcuts.getByRole('row')).toHaveCount(SECTIONS.length + 1);
});

test('every section is built: none shows a not-built note, and empty ones say how things get there', async ({ page, host }) => {
  await open(page, host.url);
  const main = page.getByRole('main');
  // The Library is built: it offers importing, and no not-built note.
  await expect(main.getByRole('button', { name: 'Import videos' })).toBeVisible();
  await expect(main.getByText('No clips yet')).toBeVisible();
  await expect(main).not.toContainText('not built yet');

  await nav(page).getByRole('link', { name: 'Queue' }).click();
  await expect(main.getByText('The queue is empty')).toBeVisible();
  await expect(main).not.toContainText('not built yet');

  // Approvals is built: with nothing waiting, it says how posts get there.
  await nav(page).getByRole('link', { name: 'Approvals' }).click();
  await expect(main.getByText('Nothing is waiting for approval')).toBeVisible();
  await expect(main).not.toContainText('not built yet');

  await nav(page).getByRole('link', { name: 'History' }).click();
  await expect(main).not.toContainText('not built yet');
  await expect(main.getByText('No finished posts yet')).toBeVisible();

  // Accounts is built: with no TikTok app set up, it leads to Settings instead of a connect
  // button that could only fail.
  await nav(page).getByRole('link', { name: 'Accounts' }).click();
  await expect(main).not.toContainText('not built yet');
  await expect(page.getByRole('link', { name: 'Set up TikTok' }).first()).toBeVisible();
  await expect(main.getByRole('button', { name: 'Connect TikTok' })).toHaveCount(0);
});

test('Queue, Approvals and History list the posts the store holds', async ({ page, host }) => {
  seedPosts(host.dataDir, [
    { id: 'p-ready', state: 'ready', caption: 'Morning routine, take two' },
    { id: 'p-wait', state: 'awaiting_approval', caption: 'Studio tour' },
    { id: 'p-sched', state: 'scheduled', caption: 'Behind the scenes', scheduledAt: '2030-05-04T09:00:00.000Z' },
    { id: 'p-pub', state: 'published', caption: 'First upload' },
    { id: 'p-fail', state: 'failed', caption: 'Too long for TikTok' },
  ]);
  await open(page, host.url);

  await nav(page).getByRole('link', { name: 'Queue' }).click();
  const queue = page.getByRole('list', { name: 'Posts in the queue' }).getByRole('listitem');
  await expect(queue).toHaveCount(3);
  // Newest first, each with where it is on its journey.
  await expect(queue.nth(0)).toContainText('Behind the scenes');
  await expect(queue.nth(0)).toContainText('Approved and scheduled');
  await expect(queue.nth(0)).toContainText(/Scheduled for .*2030/);
  await expect(queue.nth(1)).toContainText('Waiting for approval');
  await expect(queue.nth(2)).toContainText('Ready for review');

  await nav(page).getByRole('link', { name: 'Approvals' }).click();
  await expect(page.getByRole('main')).toContainText('Studio tour');
  await expect(page.getByRole('button', { name: /^Approve — / })).toHaveCount(1);

  await nav(page).getByRole('link', { name: 'History' }).click();
  const history = page.getByRole('list', { name: 'Finished posts' }).getByRole('listitem');
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText('Too long for TikTok');
  await expect(history.nth(0)).toContainText('Failed');
  await expect(history.nth(1)).toContainText('Published');
});

test('Settings shows the data folder, and Pause publishing persists across reload', async ({ page, host }) => {
  await open(page, host.url);
  await page.keyboard.press('Control+6');
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(main).toContainText(host.dataDir);
  await expect(main).toContainText('Web, through the headless host');
  await expect(main).toContainText('aes-256-gcm-keyfile');
  // The basic_text opt-in only appears where that backend is in use.
  await expect(main.getByRole('checkbox', { name: /without encryption/ })).toHaveCount(0);

  const pause = main.getByRole('switch', { name: 'Pause publishing' });
  await expect(pause).not.toBeChecked();
  await pause.click();
  await expect(pause).toBeChecked();
  // The sidebar says so from anywhere.
  await expect(page.getByRole('link', { name: 'Publishing paused' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('switch', { name: 'Pause publishing' })).toBeChecked();

  // The Queue offers the one action that undoes it, and it works.
  await page.keyboard.press('Control+2');
  await page.getByRole('button', { name: 'Resume publishing' }).click();
  await expect(page.getByRole('button', { name: 'Resume publishing' })).toHaveCount(0);
  await page.keyboard.press('Control+6');
  await expect(page.getByRole('switch', { name: 'Pause publishing' })).not.toBeChecked();
});

test('Diagnostics runs the checks and shows each result', async ({ page, host }) => {
  await open(page, host.url);
  await page.keyboard.press('Control+6');
  await page.getByRole('button', { name: 'Run diagnostics' }).click();
  const results = page.getByRole('list', { name: 'Diagnostic results' });
  await expect(results.getByRole('listitem').first()).toBeVisible();
  await expect(results).toContainText('ffmpeg');
  await expect(results).toContainText(/OK|Failed/);
});

test('a settings change from the CLI shows up without a reload', async ({ page, host }) => {
  await open(page, host.url);
  await page.keyboard.press('Control+6');
  const pause = page.getByRole('switch', { name: 'Pause publishing' });
  await expect(pause).not.toBeChecked();
  await run(process.execPath, [CLI, 'settings', 'set', 'publishingPaused', 'true', '--data', host.dataDir]);
  await expect(pause).toBeChecked();
  await run(process.execPath, [CLI, 'settings', 'set', 'publishingPaused', 'false', '--data', host.dataDir]);
  await expect(pause).not.toBeChecked();
});

test('Activity lists the host start, searches, and grows live', async ({ page, host }) => {
  await open(page, host.url);
  await nav(page).getByRole('link', { name: 'Activity' }).click();
  const log = page.getByRole('list', { name: 'Activity' });
  await expect(log.getByRole('listitem').filter({ hasText: 'host.started' })).toHaveCount(1);

  const search = page.getByRole('searchbox', { name: 'Search activity' });
  await search.fill('no-such-thing-anywhere');
  await expect(page.getByText('No matching activity')).toBeVisible();
  await expect(log).toHaveCount(0);
  await search.fill('host.start');
  await expect(log.getByRole('listitem').filter({ hasText: 'host.started' })).toHaveCount(1);
  await search.fill('');

  // A change made elsewhere is appended at the top while the page is open, under who made it:
  // the terminal, whose command the running host was handed.
  await run(process.execPath, [CLI, 'settings', 'set', 'publishingPaused', 'true', '--data', host.dataDir]);
  await expect(log.getByRole('listitem').first()).toContainText(/settings/i);
  await expect(log.getByRole('listitem').first().locator('.activity__actor')).toHaveText('cli');
});

test('Activity pages older entries in as it scrolls, and counts them', async ({ page, host }) => {
  await open(page, host.url);
  // More than a page of entries, quickly: each settings change is one. Sent over the page's
  // own authenticated socket rather than 60 CLI runs.
  await page.evaluate(async (count) => {
    const ws = new WebSocket(`ws://${location.host}/api`);
    await new Promise((resolve) => (ws.onopen = resolve));
    let answered = 0;
    const done = new Promise<void>((resolve) => {
      ws.onmessage = (e: MessageEvent<string>) => {
        if ('id' in JSON.parse(e.data) && ++answered === count) resolve();
      };
    });
    for (let i = 1; i <= count; i++) {
      ws.send(JSON.stringify({ id: i, cmd: 'settings.update', input: { publishingPaused: i % 2 === 1 } }));
    }
    await done;
    ws.close();
  }, 150);
  await nav(page).getByRole('link', { name: 'Activity' }).click();
  const list = page.getByRole('list', { name: 'Activity' });
  // 150 changes, the browser session this page was given, and the host's start.
  await expect(page.getByRole('status').filter({ hasText: 'entries' })).toHaveText('152 entries');
  await expect(list.getByRole('listitem').filter({ hasText: 'host.started' })).toHaveCount(0);
  // Windowed: only the rows in view are in the page; scrolling to the end pages the rest in.
  expect(await list.getByRole('listitem').count()).toBeLessThan(100);
  const last = list.locator('li[aria-posinset="152"]');
  await expect(async () => {
    await page.evaluate(() => document.querySelector('.workspace__scroll')!.scrollTo(0, 1e9));
    await expect(last).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(last).toContainText('host.started');
  await expect(page.getByRole('button', { name: 'Load older' })).toHaveCount(0);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
});

test('shows Reconnecting… when the host goes away', async ({ page, host }) => {
  await open(page, host.url);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await host.stop();
  await expect(page.getByRole('status').filter({ hasText: 'Reconnecting…' })).toBeVisible();
});

test('says plainly when an emulator stands in for TikTok', async ({ page }) => {
  const emulated = await startServe({ env: { CLIPDESK_TIKTOK_API_BASE: 'http://127.0.0.1:9' } });
  try {
    await open(page, emulated.url);
    await expect(page.getByText('Emulator', { exact: true })).toBeVisible();
    await expect(page.getByText('Connected to a TikTok emulator — nothing is really published.')).toBeVisible();
  } finally {
    await emulated.stop();
  }
});

test('API errors show inline with their message', async ({ page, host }) => {
  await open(page, host.url);
  await nav(page).getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByRole('list', { name: 'Activity' })).toBeVisible();
  await host.stop();
  // Typing a search while the host is down: the call fails and says why, in place.
  await page.getByRole('searchbox', { name: 'Search activity' }).fill('anything');
  await expect(page.getByRole('alert')).toContainText(/connection to Clipdesk/i, { timeout: 10_000 });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshots of Library and Settings, ${colorScheme}`, async ({ page, host }) => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme });
    await open(page, host.url);
    await expect(page.getByText('Connected', { exact: true })).toBeVisible();
    await expect(page.getByText('No clips yet')).toBeVisible();
    // The theme follows the system: a dark page in dark mode, a light one in light mode.
    const luminance = await page.evaluate(() => {
      const [r, g, b] = (getComputedStyle(document.body).backgroundColor.match(/\d+/g) ?? []).map(Number);
      return (0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0)) / 255;
    });
    if (colorScheme === 'dark') expect(luminance).toBeLessThan(0.3);
    else expect(luminance).toBeGreaterThan(0.7);
    await page.screenshot({ path: path.join(SCREENSHOTS, `library-${colorScheme}.png`) });
    await page.keyboard.press('Control+6');
    await expect(page.getByText(host.dataDir)).toBeVisible();
    await page.getByRole('button', { name: 'Run diagnostics' }).click();
    await expect(page.getByRole('list', { name: 'Diagnostic results' })).toBeVisible();
    // Tall enough to show every panel: the content scrolls inside the window, not the page.
    await page.setViewportSize({ width: 1280, height: 1280 });
    await page.screenshot({ path: path.join(SCREENSHOTS, `settings-${colorScheme}.png`) });
  });
}
