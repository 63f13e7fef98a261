// Telegram approvals driven as a creator would, through the headless host in Chromium, with the
// Telegram emulator's "phone" page standing in for the approver's Telegram app: paste the bot
// token in Settings → Telegram, pair a phone through the one-time link, queue a post that needs
// approval, approve it on the phone, and watch the app update live and the post publish.
//
// Preconditions are set up through the host's API, not the UI (the TikTok e2e test covers
// connecting an account and composing a post): the TikTok developer app, the account (consent
// given automatically by the TikTok emulator) and a TikTok-ready clip. The post itself is made
// with posts.create, the same command the composer's Post button sends.
import fs from 'node:fs';
import path from 'node:path';
import { test as base, type Locator, type Page } from '@playwright/test';
import { startTelegramEmulator, type TelegramEmulator } from '../emulators/telegram';
import { startTikTokEmulator, type TikTokEmulator } from '../emulators/tiktok';
import { apiClient, type ApiClient } from '../support/api-client';
import { makeClip } from '../support/media-fixtures';
import { ROOT, startServe, tempDataDir, type ServeProcess } from '../support/serve-process';
import { expect } from './support/fixtures';

const BOT_TOKEN = '7000000002:AAE-e2e-token-abcdefghijklmnopqrstuvw';
const ANN = { id: 701, firstName: 'Ann', username: 'ann' };
const FAKE_BROWSER = path.join(ROOT, 'test/support/fake-browser.mjs');

interface World {
  tg: TelegramEmulator;
  tt: TikTokEmulator;
  host: ServeProcess;
  api: ApiClient;
  dir: string;
}

const test = base.extend<{ world: World }>({
  // eslint-disable-next-line no-empty-pattern
  world: async ({}, use) => {
    const tg = await startTelegramEmulator();
    tg.addBot({ token: BOT_TOKEN, username: 'clipdesk_e2e_bot', firstName: 'Clipdesk E2E' });
    tg.addUser(ANN);
    const tt = await startTikTokEmulator();
    tt.addApp({ clientKey: 'e2e-key', clientSecret: 'e2e-secret', audited: true });
    tt.addUser({ displayName: 'Ada Lovelace', username: 'ada.posts', isPrivateAccount: false });
    tt.state.autoConsent = true;
    tt.state.processingPolls = 1;
    const dir = tempDataDir('clipdesk-e2e-tg-');
    const host = await startServe({
      env: {
        CLIPDESK_TELEGRAM_API_ROOT: tg.url,
        CLIPDESK_TIKTOK_AUTH_URL: tt.authorizeUrl,
        CLIPDESK_TIKTOK_API_BASE: tt.apiBase,
        CLIPDESK_TIKTOK_CLIENT_KEY: 'e2e-key',
        CLIPDESK_TIKTOK_CLIENT_SECRET: 'e2e-secret',
        BROWSER: `${process.execPath} ${FAKE_BROWSER}`,
      },
    });
    const api = await apiClient(host);
    await use({ tg, tt, host, api, dir });
    api.close();
    await host.stop();
    await tg.close();
    await tt.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
});

test.setTimeout(120_000);

const nav = (page: Page): Locator => page.getByRole('navigation', { name: 'Sections' });

/** A connected account and a TikTok-ready clip, through the API. */
async function preconditions(world: World): Promise<{ accountId: string; clipId: string }> {
  const account = await world.api.call<{ id: string }>('accounts.connect', {});
  const file = path.join(world.dir, 'ready.mp4');
  fs.copyFileSync(makeClip({ width: 1080, height: 1920, durationSec: 2, audio: true }), file);
  const imported = await world.api.call<{ added: { id: string }[] }>('library.import', { paths: [file] });
  const clipId = imported.added[0]!.id;
  await expect
    .poll(async () => (await world.api.call<{ readiness: { verdict: string } | null }>('library.get', { id: clipId })).readiness?.verdict ?? '', { timeout: 30_000 })
    .toBe('fits');
  return { accountId: account.id, clipId };
}

test('pair a phone in Settings, approve a post on it, and see the app follow live to Published', async ({ page, world }) => {
  const { accountId, clipId } = await preconditions(world);
  await page.goto(world.host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();

  // ——— Settings → Telegram: paste the token ———
  await nav(page).getByRole('link', { name: 'Settings' }).click();
  const panel = page.getByRole('region', { name: 'Telegram', exact: true });
  await expect(panel).toContainText('A local Telegram emulator stands in for Telegram');
  await panel.getByLabel('Bot token', { exact: true }).fill(BOT_TOKEN);
  await panel.getByRole('button', { name: 'Save bot token' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Listening as @clipdesk_e2e_bot' })).toBeVisible({ timeout: 15_000 });
  expect(await page.content()).not.toContain(BOT_TOKEN);

  // ——— A pairing given up in the app withdraws its link: opened anyway, it pairs nobody ———
  const pairing = panel.getByRole('region', { name: 'Pair a phone' });
  await panel.getByRole('button', { name: 'Pair a phone' }).click();
  const withdrawn = await pairing.getByRole('textbox', { name: 'Pairing link' }).inputValue();
  await pairing.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(pairing).toHaveCount(0);
  const phone = await page.context().newPage();
  await phone.goto(`${world.tg.url}/__emulator/phone?token=${encodeURIComponent(BOT_TOKEN)}&user=${ANN.id}`);
  await phone.getByRole('textbox', { name: 't.me link' }).fill(withdrawn);
  await phone.getByRole('button', { name: 'Start' }).click();
  await expect(phone.getByRole('log', { name: 'Messages' })).toContainText('This pairing link is not valid any more', { timeout: 15_000 });
  await page.bringToFront();

  // ——— Pair a phone: the link (and its QR code), opened on the "phone" ———
  await panel.getByRole('button', { name: 'Pair a phone' }).click();
  await expect(pairing.getByRole('img', { name: 'QR code for the pairing link' })).toBeVisible();
  const link = await pairing.getByRole('textbox', { name: 'Pairing link' }).inputValue();
  expect(link).toMatch(/^https:\/\/t\.me\/clipdesk_e2e_bot\?start=[A-Za-z0-9_-]{24}$/);

  await phone.bringToFront();
  await phone.getByRole('textbox', { name: 't.me link' }).fill(link);
  await phone.getByRole('button', { name: 'Start' }).click();
  await expect(phone.getByRole('log', { name: 'Messages' })).toContainText('Paired with Clipdesk', { timeout: 15_000 });
  await page.bringToFront();

  // The app learns of it by itself: Ann is listed, results-only until the creator grants her
  // approval rights here on the desk; ticking "May approve" turns approval on by default.
  const approvers = panel.getByRole('list', { name: 'Paired approvers' });
  await expect(approvers.getByRole('listitem')).toHaveCount(1, { timeout: 15_000 });
  await expect(approvers).toContainText('Ann');
  await expect(approvers).toContainText('@ann');
  await expect(phone.getByRole('log', { name: 'Messages' })).toContainText('the creator must grant you approval rights in Clipdesk');
  const mayApprove = approvers.getByRole('checkbox', { name: 'Ann may approve' });
  await expect(mayApprove).not.toBeChecked();
  // The box shows the core's answer (it is not ticked before the core saved it): click, then wait.
  await mayApprove.click();
  await expect(mayApprove).toBeChecked();

  // ——— A post that needs approval (what the composer's Post sends) ———
  const caption = 'Approved from my phone #clipdesk';
  await world.api.call('posts.create', {
    clipId,
    accountId,
    caption,
    tiktok: { mode: 'direct', privacy: 'PUBLIC_TO_EVERYONE', allowComment: false, allowDuet: false, allowStitch: false, brandOrganic: false, brandContent: false, coverTimestampMs: null },
    publishAt: 'now',
  });
  await nav(page).getByRole('link', { name: 'Approvals' }).click();
  const waiting = page.getByRole('list', { name: 'Posts waiting for approval' });
  await expect(waiting).toContainText(caption);
  // Delivered to Ann's phone, and the card says so.
  await expect(waiting).toContainText(/Sent/, { timeout: 20_000 });
  // The README's Approvals screenshot, refreshed only on request (CLIPDESK_UPDATE_SCREENSHOTS=1).
  const shots = process.env.CLIPDESK_UPDATE_SCREENSHOTS ? path.join(ROOT, 'resources/screenshots') : path.join(ROOT, 'test-results/screenshots');
  fs.mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(shots, 'approvals-light.png') });

  // ——— On the phone: the video with its summary and the buttons; Approve ———
  await phone.bringToFront();
  const log = phone.getByRole('log', { name: 'Messages' });
  await expect(log).toContainText(caption, { timeout: 15_000 });
  await expect(log).toContainText('Ada Lovelace');
  await expect(log).toContainText('Everyone');
  await log.getByRole('button', { name: '✅ Approve' }).click();
  await expect(phone.getByRole('status')).toContainText('Approved', { timeout: 15_000 });
  // The buttons are gone from the message, replaced by who decided.
  await expect(log.getByRole('button', { name: '✅ Approve' })).toHaveCount(0, { timeout: 15_000 });
  await expect(log).toContainText('Approved by Ann (@ann) on Telegram');

  // ——— Back in the app: it followed without a reload ———
  await page.bringToFront();
  const decided = page.getByRole('list', { name: 'Recently decided' });
  await expect(decided).toContainText('Approved by Ann (@ann) on Telegram', { timeout: 15_000 });
  await expect(page.getByRole('list', { name: 'Posts waiting for approval' })).toHaveCount(0);

  // …and the post went on to TikTok: History shows it published.
  await nav(page).getByRole('link', { name: 'History' }).click();
  const finished = page.getByRole('list', { name: 'Finished posts' }).getByRole('listitem').filter({ hasText: caption });
  await expect(finished).toContainText('Published', { timeout: 60_000 });
  expect(world.tt.posts).toHaveLength(1);
  // Its history: who approved it, where, and the way to TikTok.
  await finished.getByRole('button', { name: /^History of / }).click();
  const timeline = finished.getByRole('list', { name: /^Timeline of / });
  await expect(timeline).toContainText('Sent for approval');
  await expect(timeline.getByRole('listitem').filter({ hasText: 'Approved' })).toContainText('Ann (@ann) on Telegram');
  await expect(timeline).toContainText('Uploading to TikTok');
  await expect(timeline.getByRole('listitem').last()).toContainText('Published');

  // The phone hears how it went, with the link.
  await phone.bringToFront();
  await expect(log).toContainText('Published', { timeout: 20_000 });
  await expect(log).toContainText('https://www.tiktok.com/@ada.posts/video/');
});
