// Every post ever made is reachable (issue 15): History over 2,000 finished posts seeded into
// the host's store, a windowed list that pages in from the core as it scrolls to the very last
// post, and a search by a caption word and by account that the core answers, with its count.
import path from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { expect, test } from './support/fixtures';

const COUNT = 2000;
const FINISHED = ['published', 'failed', 'cancelled', 'rejected'] as const;

/** `count` finished posts over two accounts, a minute apart; every 40th says "sourdough". */
function seed(dataDir: string): void {
  const db = new Database(path.join(dataDir, 'clipdesk.sqlite'));
  try {
    const now = new Date().toISOString();
    const account = db.prepare("INSERT INTO accounts (id, provider, external_id, display_name, username, state, created_at, updated_at) VALUES (?, 'tiktok', ?, ?, ?, 'connected', ?, ?)");
    account.run('acc-maria', 'e1', 'Maria Bakes', 'maria', now, now);
    account.run('acc-tom', 'e2', 'Tom Travels', 'tom', now, now);
    const insert = db.prepare("INSERT INTO posts (id, account_id, state, caption, settings_json, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', ?, ?)");
    db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const at = new Date(Date.now() - (COUNT - i) * 60_000).toISOString();
        const caption = i === 0 ? 'The very first post' : i % 40 === 0 ? `Sourdough day ${i}` : `Clip number ${i}`;
        insert.run(`p${String(i).padStart(5, '0')}`, i % 2 ? 'acc-maria' : 'acc-tom', FINISHED[i % FINISHED.length], caption, at, at);
      }
    })();
  } finally {
    db.close();
  }
}

async function scrollToEnd(page: Page, last: ReturnType<Page['locator']>): Promise<void> {
  await expect(async () => {
    await page.evaluate(() => document.querySelector('.workspace__scroll')!.scrollTo(0, 1e9));
    await expect(last).toBeVisible({ timeout: 300 });
  }).toPass({ timeout: 60_000 });
}

test('History reaches the very last of 2,000 posts, and searches by caption and account', async ({ page, host }) => {
  test.setTimeout(120_000);
  seed(host.dataDir);
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'History' }).click();
  const main = page.getByRole('main');
  const list = main.getByRole('list', { name: 'Finished posts' });
  const count = main.getByRole('status').filter({ hasText: /posts?( match)?$/ });
  await expect(count).toHaveText('2,000 posts');
  await expect(list.getByRole('listitem').first()).toContainText('Clip number 1999');
  // Windowed: a screenful in the page, not 2,000 rows.
  expect(await list.getByRole('listitem').count()).toBeLessThan(60);

  // Scrolling to the end pages the rest in, to the oldest post.
  const last = list.locator(`li[aria-posinset="${COUNT}"]`);
  await scrollToEnd(page, last);
  await expect(last).toContainText('The very first post');
  expect(await list.getByRole('listitem').count()).toBeLessThan(80);

  // A caption word: the core searches, the count says how many.
  await main.getByRole('searchbox', { name: 'Search captions' }).fill('sourdough');
  await expect(count).toHaveText('49 posts match');
  await expect(list.getByRole('listitem').first()).toContainText('Sourdough day 1960');
  // And an account: Tom's (even numbers) — every sourdough post is his.
  await main.getByLabel('Account').selectOption({ label: 'Tom Travels' });
  await expect(count).toHaveText('49 posts match');
  await main.getByRole('searchbox', { name: 'Search captions' }).fill('');
  await expect(count).toHaveText('1,000 posts match');
  await main.getByLabel('Account').selectOption({ label: 'Maria Bakes' });
  await expect(count).toHaveText('1,000 posts match');
  await expect(list.getByRole('listitem').first()).toContainText('Clip number 1999');
  await main.getByRole('searchbox', { name: 'Search captions' }).fill('sourdough');
  await expect(count).toHaveText('0 posts match');
  await expect(main.getByText('No posts match')).toBeVisible();
  // Saying how to clear them, and doing it.
  await main.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(count).toHaveText('2,000 posts');
  await expect(main.getByRole('searchbox', { name: 'Search captions' })).toHaveValue('');
});
