// Settling a post in the app, as a creator would: a post TikTok has whole sits in processing
// and then its account's access ends (TikTok refuses the refresh), so Clipdesk cannot ask how it
// went. The Queue says why, links to Accounts and to the creator's TikTok profile, and offers
// Mark published / Mark failed behind a confirmation; marking it published moves it to History
// and the activity log records the browser as who said so. Nothing is sent to TikTok again.
import { test as base, type Locator, type Page } from '@playwright/test';
import type { ActivityEntry } from '../../src-shared/domain';
import type { PostSummary } from '../../src-shared/posts/post';
import { startTikTokEmulator, type TikTokEmulator } from '../emulators/tiktok';
import { apiClient, type ApiClient } from '../support/api-client';
import { readyVideo } from '../support/ready-video';
import { startServe, tempDataDir, type ServeProcess } from '../support/serve-process';
import { CLIENT_KEY, CLIENT_SECRET, DIRECT_SELF_ONLY, tiktokEnv } from '../support/tiktok-env';
import { expect } from './support/fixtures';
import fs from 'node:fs';

interface World {
  emu: TikTokEmulator;
  host: ServeProcess;
  api: ApiClient;
  dir: string;
}

const test = base.extend<{ world: World }>({
  // eslint-disable-next-line no-empty-pattern
  world: async ({}, use) => {
    const emu = await startTikTokEmulator();
    emu.addApp({ clientKey: CLIENT_KEY, clientSecret: CLIENT_SECRET, audited: true });
    emu.addUser({ displayName: 'Ada Lovelace', username: 'ada.posts' });
    emu.state.autoConsent = true;
    emu.state.processingPolls = 1_000_000; // TikTok never says how it went
    const dir = tempDataDir('clipdesk-e2e-settle-');
    const host = await startServe({ env: tiktokEnv(emu) });
    const api = await apiClient(host);
    await use({ emu, host, api, dir });
    api.close();
    await host.stop();
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
});

test.setTimeout(120_000);

const nav = (page: Page): Locator => page.getByRole('navigation', { name: 'Sections' });

test('a post Clipdesk can no longer ask TikTok about is marked published by the creator, after checking the profile', async ({ page, world }) => {
  const { api, emu } = world;
  const account = await api.call<{ id: string; openId: string }>('accounts.connect', {});
  const imported = await api.call<{ added: { id: string }[] }>('library.import', { paths: [readyVideo(world.dir, 4_500_000, 'sunset.mp4')] });
  const clipId = imported.added[0]!.id;
  await expect.poll(async () => (await api.call<{ readiness: { verdict: string } | null }>('library.get', { id: clipId })).readiness?.verdict ?? '', { timeout: 30_000 }).toBe('fits');
  const post = await api.call<PostSummary>('posts.create', { clipId, accountId: account.id, caption: 'settle me', tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
  await expect.poll(async () => (await api.call<PostSummary>('posts.get', { id: post.id })).state, { timeout: 30_000 }).toBe('processing');

  // TikTok ends Clipdesk's access: the next status check cannot be made, and a refresh is refused.
  for (const t of emu.state.tokens) {
    t.accessRevoked = true;
    t.refreshUsable = false;
  }
  await expect.poll(async () => (await api.call<{ state: string }[]>('accounts.list', {}))[0]?.state, { timeout: 30_000 }).toBe('reconnect_needed');

  await page.goto(world.host.url);
  await nav(page).getByRole('link', { name: 'Queue' }).click();
  const row = page.getByRole('list', { name: 'Posts in the queue' }).getByRole('listitem', { name: 'Post of sunset.mp4' });
  await expect(row).toContainText('Waiting for the TikTok account', { timeout: 30_000 });
  await expect(row).toContainText('Check your TikTok profile, then mark it published or failed');
  await expect(row.getByRole('link', { name: 'Go to Accounts' })).toHaveAttribute('href', '#/accounts');
  await expect(row.getByRole('link', { name: 'Open the TikTok profile of Ada Lovelace' })).toHaveAttribute('href', 'https://www.tiktok.com/@ada.posts');

  // Asked first; "Not yet" changes nothing.
  await row.getByRole('button', { name: 'Mark published — post of sunset.mp4' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Mark this post published?' });
  await expect(dialog).toContainText("Only if sunset.mp4 is on Ada Lovelace's TikTok profile");
  await dialog.getByRole('button', { name: 'Not yet' }).click();
  await expect(dialog).toHaveCount(0);
  expect((await api.call<PostSummary>('posts.get', { id: post.id })).state).toBe('processing');

  await row.getByRole('button', { name: 'Mark published — post of sunset.mp4' }).click();
  await page.getByRole('alertdialog', { name: 'Mark this post published?' }).getByRole('button', { name: 'Mark published' }).click();
  await expect(page.getByRole('list', { name: 'Posts in the queue' }).getByRole('listitem', { name: 'Post of sunset.mp4' })).toHaveCount(0);
  await nav(page).getByRole('link', { name: 'History' }).click();
  const done = page.getByRole('list', { name: 'Finished posts' }).getByRole('listitem', { name: 'Post of sunset.mp4' });
  await expect(done).toContainText('Published on TikTok');
  await expect(done.getByRole('button', { name: /^Mark / })).toHaveCount(0);

  const log = await api.call<ActivityEntry[]>('activity.list', { actions: ['post.settle'] });
  expect(log.map((e) => [e.action, e.actor, e.subject])).toEqual([['post.settle_published', 'browser', post.id]]);
  expect(emu.state.inits).toHaveLength(1);
});
