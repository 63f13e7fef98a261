// The schedule's settings and the activity log's filters and export, driven as a person would
// through the headless host: the grace window persists, and the Activity section filters by a
// family and downloads exactly the filtered log as CSV.
import fs from 'node:fs';
import { expect, test } from './support/fixtures';

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
  await expect(panel).toContainText('at most 45 minutes late');

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

  // Who: the host is nobody of the four; the app changed the setting.
  await chip.click();
  await main.getByRole('combobox', { name: 'Who' }).selectOption({ label: 'App' });
  await expect(log.getByRole('listitem').filter({ hasText: 'host.started' })).toHaveCount(0);
  await expect(log.getByRole('listitem').filter({ hasText: 'settings.changed' })).toHaveCount(1);
  await main.getByRole('button', { name: 'Clear filters' }).click();
  await expect(log.getByRole('listitem').filter({ hasText: 'host.started' })).toHaveCount(1);
});
