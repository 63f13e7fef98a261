// Settings → My data → Delete everything, driven as a person would through the headless host:
// the confirmation names what goes and what stays, the Delete button waits for the phrase, then
// the window shows "Everything is deleted", the host stops by itself and its data folder is empty
// (or holds only what was never Clipdesk's, named before and after).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from './support/fixtures';

/** A scheduled post, straight into the host's store (SQLite in WAL mode takes the second writer). */
function seedScheduledPost(dataDir: string): void {
  const db = new Database(path.join(dataDir, 'clipdesk.sqlite'));
  try {
    const now = new Date().toISOString();
    const at = new Date(Date.now() + 86_400_000).toISOString();
    db.prepare('INSERT INTO posts (id, state, caption, scheduled_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run('p-tomorrow', 'scheduled', 'Tomorrow', at, now, now);
  } finally {
    db.close();
  }
}

test('Settings → My data: delete everything names what goes, waits for the phrase, and leaves the data folder empty', async ({ page, host }) => {
  seedScheduledPost(host.dataDir);
  await page.goto(`${host.url}#/settings/my-data`);
  const data = page.getByRole('main').getByRole('region', { name: 'My data' });
  await data.getByRole('button', { name: 'Delete everything…' }).click();

  const dialog = page.getByRole('alertdialog', { name: 'Delete everything' });
  await expect(dialog).toContainText('1 post and their history — 1 scheduled, which will not be published.');
  await expect(dialog).toContainText('Posts already on TikTok: delete them in the TikTok app if you want them gone.');
  const remove = dialog.getByRole('button', { name: 'Delete everything', exact: true });
  const phrase = dialog.getByRole('textbox', { name: 'Type delete everything to confirm' });
  await expect(remove).toBeDisabled();
  await phrase.fill('delete everythin');
  await expect(remove).toBeDisabled();
  await phrase.fill('delete everything');
  await expect(remove).toBeEnabled();
  await remove.click();

  await expect(page.getByRole('heading', { level: 1, name: 'Everything is deleted' })).toBeVisible();
  const done = page.getByRole('main');
  await expect(done).toContainText('the folder is empty');
  await expect(done).toContainText('No TikTok account was connected.');
  await expect(done).toContainText('Clipdesk has stopped');
  // The host stops by itself rather than serve a core whose data is gone.
  const code = await new Promise((resolve) => (host.child.exitCode !== null ? resolve(host.child.exitCode) : host.child.once('exit', resolve)));
  expect(code).toBe(0);
  expect(fs.readdirSync(host.dataDir, { recursive: true })).toEqual([]);
});

test('Settings → My data: what is not Clipdesk’s in the data folder is named before and after, and stays', async ({ page, host }) => {
  fs.writeFileSync(path.join(host.dataDir, 'my-notes.txt'), 'ideas');
  fs.mkdirSync(path.join(host.dataDir, 'Projects'));
  fs.writeFileSync(path.join(host.dataDir, 'Projects', 'plan.txt'), 'the plan');
  await page.goto(`${host.url}#/settings/my-data`);
  await page.getByRole('main').getByRole('region', { name: 'My data' }).getByRole('button', { name: 'Delete everything…' }).click();

  const dialog = page.getByRole('alertdialog', { name: 'Delete everything' });
  await expect(dialog).toContainText(`What is in ${host.dataDir} but not Clipdesk's: Projects and my-notes.txt.`);
  await dialog.getByRole('textbox', { name: 'Type delete everything to confirm' }).fill('delete everything');
  await dialog.getByRole('button', { name: 'Delete everything', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Everything is deleted' })).toBeVisible();
  const left = page.getByRole('region', { name: 'Left as it was' });
  await expect(left).toContainText(`${path.join(host.dataDir, 'my-notes.txt')} — not Clipdesk's: left as it was.`);
  await expect(left).toContainText(`${path.join(host.dataDir, 'Projects')} — not Clipdesk's: left as it was.`);
  await expect(page.getByRole('main')).toContainText('what is not Clipdesk’s is still there');
  await new Promise((resolve) => (host.child.exitCode !== null ? resolve(host.child.exitCode) : host.child.once('exit', resolve)));
  expect(fs.readdirSync(host.dataDir, { recursive: true }).sort()).toEqual(['Projects', path.join('Projects', 'plan.txt'), 'my-notes.txt']);
});
