// The Queue's week and month calendar in Chromium, against the headless host: a post dragged to
// another hour (week) or day (month) is moved by the core, and the new time — the intended UTC
// instant in the store — is what the calendar shows after a reload; two posts of one account at
// once are flagged, and picking a time precisely from the opened card clears the flag. The page
// runs in Berlin's zone so the local ↔ UTC conversion is really exercised.
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { formatInZone, instantOf, wallClockAt } from '../../src-shared/time/zoned-time';
import { expect, test } from './support/fixtures';

const ZONE = 'Europe/Berlin';
test.use({ timezoneId: ZONE });

interface Day {
  year: number;
  month: number;
  day: number;
}

/** Today in ZONE plus `n` days. */
function dayFromToday(n: number): Day {
  const now = wallClockAt(Date.now(), ZONE);
  const t = new Date(Date.UTC(now.year, now.month - 1, now.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** Monday of next week, as days from today: the calendar opens on this week, one "Next week" away. */
function daysToNextMonday(): number {
  const today = dayFromToday(0);
  const weekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay(); // 0 = Sunday
  return ((8 - weekday) % 7) || 7;
}

const at = (d: Day, hour: number, minute = 0): number => instantOf({ ...d, hour, minute }, ZONE);
const pad = (n: number): string => String(n).padStart(2, '0');
const slot = (d: Day, hour?: number): string => `${d.year}-${pad(d.month)}-${pad(d.day)}${hour === undefined ? '' : ` ${pad(hour)}`}`;
const cell = (page: Page, d: Day, hour?: number) => page.locator(`td[data-slot="${slot(d, hour)}"]`);
const iso = (ms: number): string => new Date(ms).toISOString();

/** Clicks List, Week or Month as a person does (the radio's label), and checks it took. */
async function showAs(page: Page, layout: 'List' | 'Week' | 'Month'): Promise<void> {
  const group = page.getByRole('main').getByRole('group', { name: 'Show the queue as' });
  await group.getByText(layout, { exact: true }).click();
  await expect(group.getByRole('radio', { name: layout })).toBeChecked();
}

interface SeedPost {
  id: string;
  at: number;
  caption?: string;
  /** Waiting for a go-ahead (a pending approval due at the post's time) instead of scheduled. */
  awaitingApproval?: boolean;
}

/** A TikTok account, a clip and its scheduled posts, straight into the host's store. */
function seed(dataDir: string, posts: SeedPost[]): void {
  const db = new Database(path.join(dataDir, 'clipdesk.sqlite'));
  try {
    const now = new Date().toISOString();
    db.prepare('INSERT INTO accounts (id, provider, external_id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      'acct-lena',
      'tiktok',
      'open-id-lena',
      'Lena Bakes',
      now,
      now,
    );
    db.prepare("INSERT INTO clips (id, content_hash, source_path, file_name, size_bytes, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'ready', ?, ?)").run(
      'clip-sourdough',
      'hash-sourdough',
      '/videos/sourdough.mp4',
      'sourdough.mp4',
      1_000_000,
      now,
      now,
    );
    const insert = db.prepare(
      "INSERT INTO posts (id, clip_id, account_id, state, caption, scheduled_at, created_at, updated_at) VALUES (?, 'clip-sourdough', 'acct-lena', ?, ?, ?, ?, ?)",
    );
    const approval = db.prepare("INSERT INTO approvals (id, post_id, status, requested_at, deadline) VALUES (?, ?, 'pending', ?, ?)");
    for (const p of posts) {
      insert.run(p.id, p.awaitingApproval ? 'awaiting_approval' : 'scheduled', p.caption ?? 'Sourdough at dawn', iso(p.at), now, now);
      if (p.awaitingApproval) approval.run(`ap-${p.id}`, p.id, Date.now(), p.at);
    }
  } finally {
    db.close();
  }
}

function approvalDeadline(dataDir: string, postId: string): number {
  const db = new Database(path.join(dataDir, 'clipdesk.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT deadline FROM approvals WHERE post_id = ?').get(postId) as { deadline: number }).deadline;
  } finally {
    db.close();
  }
}

function storedAt(dataDir: string, id: string): string {
  const db = new Database(path.join(dataDir, 'clipdesk.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT scheduled_at FROM posts WHERE id = ?').get(id) as { scheduled_at: string }).scheduled_at;
  } finally {
    db.close();
  }
}

test('Week: drag a post to another day and hour; the new time persists across a reload', async ({ page, host }) => {
  const monday = daysToNextMonday();
  const tuesday = dayFromToday(monday + 1);
  const wednesday = dayFromToday(monday + 2);
  const moved = at(wednesday, 15);
  seed(host.dataDir, [{ id: 'post-week', at: at(tuesday, 10) }]);

  await page.goto(`${host.url}#/queue`);
  const main = page.getByRole('main');
  await showAs(page, 'Week');
  await expect(main).toContainText(`Times in ${ZONE}`);
  await main.getByRole('button', { name: 'Next week' }).click();

  const card = main.getByRole('button', { name: 'Post of sourdough.mp4 at 10:00, Lena Bakes' });
  await expect(cell(page, tuesday, 10).getByRole('button', { name: /^Post of sourdough\.mp4/ })).toHaveCount(1);
  await expect(card).toContainText('Scheduled');
  await expect(card).toContainText('Sourdough at dawn');

  await card.dragTo(cell(page, wednesday, 15));
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`Moved to ${formatInZone(moved, ZONE)}`);
  await expect(cell(page, wednesday, 15).getByRole('button', { name: 'Post of sourdough.mp4 at 15:00, Lena Bakes' })).toBeVisible();
  await expect(cell(page, tuesday, 10).getByRole('button')).toHaveCount(0);
  // The core stored the instant 15:00 in Berlin means that day, in UTC.
  expect(storedAt(host.dataDir, 'post-week')).toBe(iso(moved));

  // After a reload: the week is remembered, and the post is at its new time.
  await page.reload();
  await expect(main.getByRole('radio', { name: 'Week' })).toBeChecked();
  await main.getByRole('button', { name: 'Next week' }).click();
  await expect(cell(page, wednesday, 15).getByRole('button', { name: 'Post of sourdough.mp4 at 15:00, Lena Bakes' })).toBeVisible();
  await expect(cell(page, tuesday, 10).getByRole('button')).toHaveCount(0);
  await page.screenshot({ path: path.join(process.cwd(), 'test-results/screenshots/queue-week-light.png') });
});

test('Month: drag a post to another day; it keeps its time of day', async ({ page, host }) => {
  // The 10th and the 12th of next month: both ahead, both in next month's grid.
  const first = dayFromToday(0);
  const nextMonth = new Date(Date.UTC(first.year, first.month, 1));
  const day = (d: number): Day => ({ year: nextMonth.getUTCFullYear(), month: nextMonth.getUTCMonth() + 1, day: d });
  const moved = at(day(12), 18, 30);
  seed(host.dataDir, [{ id: 'post-month', at: at(day(10), 18, 30) }]);

  await page.goto(`${host.url}#/queue`);
  const main = page.getByRole('main');
  await showAs(page, 'Month');
  await main.getByRole('button', { name: 'Next month' }).click();

  const chip = cell(page, day(10)).getByRole('button', { name: 'Post of sourdough.mp4 at 18:30, Lena Bakes' });
  await expect(chip).toBeVisible();
  await chip.dragTo(cell(page, day(12)));
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`Moved to ${formatInZone(moved, ZONE)}`);
  await expect(cell(page, day(12)).getByRole('button', { name: 'Post of sourdough.mp4 at 18:30, Lena Bakes' })).toBeVisible();
  expect(storedAt(host.dataDir, 'post-month')).toBe(iso(moved));

  await page.reload();
  await expect(main.getByRole('radio', { name: 'Month' })).toBeChecked();
  await main.getByRole('button', { name: 'Next month' }).click();
  await expect(cell(page, day(12)).getByRole('button', { name: 'Post of sourdough.mp4 at 18:30, Lena Bakes' })).toBeVisible();
  await expect(cell(page, day(10)).getByRole('button', { name: /^Post of/ })).toHaveCount(0);
});

test('A post waiting for approval moves too, and its approval’s deadline with it', async ({ page, host }) => {
  const monday = daysToNextMonday();
  const friday = dayFromToday(monday + 4);
  const saturday = dayFromToday(monday + 5);
  const moved = at(saturday, 13, 45);
  seed(host.dataDir, [{ id: 'post-waiting', at: at(friday, 11, 45), awaitingApproval: true }]);

  await page.goto(`${host.url}#/queue`);
  const main = page.getByRole('main');
  await showAs(page, 'Week');
  await main.getByRole('button', { name: 'Next week' }).click();
  const card = cell(page, friday, 11).getByRole('button', { name: 'Post of sourdough.mp4 at 11:45, Lena Bakes' });
  await expect(card).toContainText('Waiting for approval');

  // Dropped on the 13:00 hour: it keeps its minute.
  await card.dragTo(cell(page, saturday, 13));
  const toasts = page.getByRole('status', { name: 'Notifications' });
  await expect(toasts).toContainText(`Moved to ${formatInZone(moved, ZONE)}`);
  await expect(toasts).toContainText('still needs an approval');
  await expect(cell(page, saturday, 13).getByRole('button', { name: 'Post of sourdough.mp4 at 13:45, Lena Bakes' })).toContainText('Waiting for approval');
  expect(storedAt(host.dataDir, 'post-waiting')).toBe(iso(moved));
  expect(approvalDeadline(host.dataDir, 'post-waiting')).toBe(moved);
});

test('Two posts of one account at once are flagged; picking a time precisely for one clears it', async ({ page, host }) => {
  const thursday = dayFromToday(daysToNextMonday() + 3);
  seed(host.dataDir, [
    { id: 'post-a', at: at(thursday, 18), caption: 'Crumb shot' },
    { id: 'post-b', at: at(thursday, 18), caption: 'Scoring the loaf' },
  ]);

  await page.goto(`${host.url}#/queue`);
  const main = page.getByRole('main');
  await showAs(page, 'Week');
  await main.getByRole('button', { name: 'Next week' }).click();

  const cards = cell(page, thursday, 18).getByRole('button', { name: 'Post of sourdough.mp4 at 18:00, Lena Bakes' });
  await expect(cards).toHaveCount(2);
  for (const card of await cards.all()) await expect(card).toContainText('Conflict: 2 posts for Lena Bakes at 18:00');
  await expect(main.getByRole('alert')).toContainText('2 posts for Lena Bakes at 18:00 on Thu');

  // The keyboard's way: open a card, pick 19:15 in the time picker.
  await cards.filter({ hasText: 'Scoring the loaf' }).click();
  const dialog = page.getByRole('dialog', { name: 'Post of sourdough.mp4' });
  await dialog.getByLabel(/New time/).fill(`${slot(thursday)}T19:15`);
  await dialog.getByRole('button', { name: 'Save time' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Rescheduled');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await expect(cell(page, thursday, 19).getByRole('button', { name: 'Post of sourdough.mp4 at 19:15, Lena Bakes' })).toBeVisible();
  await expect(main.getByText(/^Conflict:/)).toHaveCount(0);
  await expect(main.getByRole('alert')).toHaveCount(0);
  expect(storedAt(host.dataDir, 'post-b')).toBe(iso(at(thursday, 19, 15)));
});
