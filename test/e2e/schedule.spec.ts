// The schedule's settings and the activity log's filters and export, driven as a person would
// through the headless host: the grace window persists, and the Activity section filters by a
// family and downloads exactly the filtered log as CSV.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from './support/fixtures';

const HELD = 'It missed its time (2026-05-04T09:00:00.000Z) by 3 h, more than your grace window, while Clipdesk could not publish (closed, asleep or offline). It waits for you: Publish now, or pick a new time.';

/** A post held for missing its time, straight into the host's store (as the publisher leaves it). */
function seedHeldPost(dataDir: string, id: string): void {
  const db = new Database(path.join(dataDir, 'clipdesk.sqlite'));
  try {
    const at = new Date(Date.now() - 3 * 3_600_000).toISOString();
    db.prepare('INSERT INTO posts (id, state, caption, scheduled_at, created_at, updated_at, hold_reason, hold_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      id,
      'scheduled',
      'Sourdough at dawn',
      at,
      at,
      at,
      HELD,
      'missed',
    );
  } finally {
    db.close();
  }
}

test('Settings → Schedule: the missed-post grace window is saved and persists across reload', async ({ page, host }) => {
  await page.goto(`${host.url}#/settings/schedule`);
  const main = page.getByRole('main');
  const panel = main.getByRole('region', { name: 'Schedule' });
  const grace = panel.getByRole('textbox', { name: 'Missed-post grace window' });
  // The default: 2 hours.
  await expect(grace).toHaveValue('2');
  await expect(panel.getByRole('combobox', { name: 'Grace window unit' })).toHaveValue('hours');
  await expect(panel).toContainText('goes out late up to this long; later, it waits for you');

  await grace.fill('45');
  await panel.getByRole('combobox', { name: 'Grace window unit' }).selectOption('minutes');
  await panel.getByRole('button', { name: 'Save grace window' }).click();
  await expect(panel).toContainText('goes out up to 45 minutes late');

  // Retention too.
  await panel.getByRole('combobox', { name: 'Keep the activity log for' }).selectOption({ label: '90 days' });
  await expect(panel.getByRole('combobox', { name: 'Keep the activity log for' })).toHaveValue('90');

  await page.reload();
  const after = page.getByRole('main').getByRole('region', { name: 'Schedule' });
  await expect(after.getByRole('textbox', { name: 'Missed-post grace window' })).toHaveValue('45');
  await expect(after.getByRole('combobox', { name: 'Grace window unit' })).toHaveValue('minutes');
  await expect(after.getByRole('combobox', { name: 'Keep the activity log for' })).toHaveValue('90');

  // My data lists what is stored, and the export answers (or says why not) in words.
  const data = page.getByRole('main').getByRole('region', { name: 'My data' });
  await expect(data.getByRole('list', { name: 'What Clipdesk stores' }).getByRole('listitem').first()).toBeVisible();
  await expect(data).toContainText('clipdesk export OUT.zip [--media]');

  // In a browser the export is a download (issue 13, finding 1: a browser session never names a
  // path of the host): no path field, and the zip arrives through the browser's own download.
  await expect(data.getByRole('group', { name: 'Export everything' }).getByRole('textbox')).toHaveCount(0);
  const [download] = await Promise.all([page.waitForEvent('download'), data.getByRole('link', { name: 'Download export' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^clipdesk-export-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = fs.readFileSync(await download.path());
  expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(zip.includes(Buffer.from('manifest.json'))).toBe(true);
});

test('Activity: filter by a family, then export the filtered log as CSV', async ({ page, host }) => {
  // Something in the settings family, next to the host's own start.
  await page.goto(`${host.url}#/settings/schedule`);
  await page.getByRole('switch', { name: 'Pause publishing' }).click();
  await expect(page.getByRole('switch', { name: 'Pause publishing' })).toBeChecked();

  await page.goto(`${host.url}#/activity`);
  const main = page.getByRole('main');
  const log = main.getByRole('list', { name: 'Activity' });
  await expect(log.getByRole('listitem').filter({ hasText: 'host.started' })).toHaveCount(1);
  await expect(log.getByRole('listitem').filter({ hasText: 'settings.changed' })).toHaveCount(1);

  const chip = main.getByRole('group', { name: 'Kinds of activity' }).getByRole('button', { name: 'Settings', exact: true });
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await expect(log.getByRole('listitem').filter({ hasText: 'host.started' })).toHaveCount(0);
  await expect(log.getByRole('listitem').filter({ hasText: 'settings.changed' })).toHaveCount(1);

  const downloading = page.waitForEvent('download');
  await main.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^clipdesk-activity-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = await download.path();
  const csv = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  expect(csv.startsWith('id,time (UTC),who,what,subject,detail')).toBe(true);
  expect(csv).toContain('settings.changed');
  expect(csv).not.toContain('host.started');

  // Who: the host is none of the callers; this browser session changed the setting, not the app.
  await chip.click();
  const who = main.getByRole('combobox', { name: 'Who' });
  await who.selectOption({ label: 'Browser' });
  await expect(log.getByRole('listitem').filter({ hasText: 'host.started' })).toHaveCount(0);
  await expect(log.getByRole('listitem').filter({ hasText: 'settings.changed' })).toHaveCount(1);
  await who.selectOption({ label: 'App' });
  await expect(log.getByRole('listitem').filter({ hasText: 'settings.changed' })).toHaveCount(0);
  await main.getByRole('button', { name: 'Clear filters' }).click();
  await expect(log.getByRole('listitem').filter({ hasText: 'host.started' })).toHaveCount(1);
});

test('Queue: a post held for missing its time says why and offers Publish now and Reschedule', async ({ page, host }) => {
  seedHeldPost(host.dataDir, 'held-post-0001');
  await page.goto(`${host.url}#/queue`);
  const post = page.getByRole('listitem', { name: /Post of Sourdough at dawn/ });
  await expect(post).toContainText('It missed its time');
  await expect(post.getByRole('button', { name: /^Publish now/ })).toBeVisible();

  // Reschedule opens a time picker; a time in the past is refused before asking the core.
  await post.getByRole('button', { name: /^Reschedule post of/ }).click();
  const form = post.getByRole('form', { name: /Reschedule post of/ });
  await form.getByLabel(/New time/).fill('2020-01-01T09:00');
  await form.getByRole('button', { name: 'Save time' }).click();
  await expect(form.getByRole('alert')).toContainText('That time has passed');
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toHaveCount(0);

  // Publish now: no longer held, on its way.
  await post.getByRole('button', { name: /^Publish now/ }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Publishing now');
  await expect(page.getByRole('button', { name: /^Publish now/ })).toHaveCount(0);
});
