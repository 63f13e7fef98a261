// TikTok, driven as a creator would through the headless host against the local TikTok
// emulator: set up the developer app in Settings → TikTok, connect an account through the
// browser consent, render a clip, open "Post to TikTok", see every rule of TikTok's Content
// Sharing Guidelines (docs/platforms.md, TikTok §4) on screen, post, and watch it reach
// Published.
//
// DEPENDS ON (written in parallel; this spec was drafted before they existed):
//  - the core's TikTok handlers: tiktok.setup.get/set, tiktok.creatorInfo, accounts.*,
//    posts.create/get/retry/cancel, the publisher and its posts.changed events, and the
//    'tiktok' capability reported as built (the UI offers nothing TikTok until it is);
//  - `clipdesk serve` honouring CLIPDESK_TIKTOK_AUTH_URL / CLIPDESK_TIKTOK_API_BASE (the
//    emulator) and opening the consent page with the command in BROWSER (core/system/
//    open-browser.ts): test/support/fake-browser.mjs with FAKE_BROWSER_NO_VISIT=1 only records
//    the URL in FAKE_BROWSER_LOG, and the test opens it in a Playwright page and clicks the
//    emulator's Authorize ("opened: false" works too: the URL is then read from the page's
//    "TikTok consent link" field);
//  - test/emulators/tiktok (startTikTokEmulator) from the tiktok-emulator branch.
// Selectors are the UI's accessible names (src-renderer: AccountsSection, TikTokPanel,
// composer/Composer.tsx, PostList); TikTok's sentences come from composer-rules, verbatim.
import fs from 'node:fs';
import path from 'node:path';
import { test as base, type Locator, type Page } from '@playwright/test';
import { COMPOSER_TEXT, TIKTOK_UX_TEXT } from '../../src-shared/tiktok/composer-rules';
import { startTikTokEmulator, type TikTokEmulator } from '../emulators/tiktok';
import { makeClip } from '../support/media-fixtures';
import { ROOT, startServe, tempDataDir, type ServeProcess } from '../support/serve-process';
import { expect } from './support/fixtures';

const CLIENT_KEY = 'clipdesk-e2e-key';
const CLIENT_SECRET = 'clipdesk-e2e-secret-do-not-show';
const FAKE_BROWSER = path.join(ROOT, 'test/support/fake-browser.mjs');

interface TikTokWorld {
  emu: TikTokEmulator;
  host: ServeProcess;
  /** The URLs the app asked the "system browser" to open, in order. */
  openedUrls(): string[];
}

const test = base.extend<{ world: TikTokWorld }>({
  // eslint-disable-next-line no-empty-pattern
  world: async ({}, use) => {
    const emu = await startTikTokEmulator();
    // Audited, and a public creator: every privacy level and branded content can be shown.
    emu.addApp({ clientKey: CLIENT_KEY, clientSecret: CLIENT_SECRET, audited: true });
    emu.addUser({ displayName: 'Ada Lovelace', username: 'ada.posts', isPrivateAccount: false, duetDisabled: true });
    emu.state.processingPolls = 1;

    // The "system browser" only records the URL; the test opens it in a page itself.
    const dir = tempDataDir('clipdesk-browser-');
    const log = path.join(dir, 'opened-urls.txt');

    const host = await startServe({
      env: {
        CLIPDESK_TIKTOK_AUTH_URL: emu.authorizeUrl,
        CLIPDESK_TIKTOK_API_BASE: emu.apiBase,
        BROWSER: `${process.execPath} ${FAKE_BROWSER}`,
        FAKE_BROWSER_NO_VISIT: '1',
        FAKE_BROWSER_LOG: log,
        // The app's own credentials are under test: none may come from the environment.
        CLIPDESK_TIKTOK_CLIENT_KEY: undefined,
        CLIPDESK_TIKTOK_CLIENT_SECRET: undefined,
      },
    });
    const openedUrls = (): string[] =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, 'utf8')
            .split('\n')
            .filter((l) => /^https?:\/\//.test(l))
        : [];
    await use({ emu, host, openedUrls });
    await host.stop();
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
});

// An import, a real ffmpeg render, the consent round trip and a chunked upload with polling.
test.setTimeout(180_000);

const nav = (page: Page): Locator => page.getByRole('navigation', { name: 'Sections' });

async function setUpTikTokApp(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Settings' }).click();
  const panel = page.getByRole('region', { name: 'TikTok', exact: true });
  await expect(panel).toBeVisible();
  // An emulator stands in, and says so.
  await expect(panel).toContainText('A local TikTok emulator stands in');
  await expect(panel).toContainText('No TikTok app is set up yet');
  // What to register at TikTok: the redirect URI (copyable) and the scopes, with the guide.
  await expect(panel.getByRole('textbox', { name: 'Redirect URI' })).toHaveValue(/^http:\/\/127\.0\.0\.1:/);
  await expect(panel.getByRole('button', { name: 'Copy redirect URI' })).toBeVisible();
  const scopes = panel.getByRole('list', { name: 'Scopes to enable' });
  await expect(scopes).toContainText('video.publish');
  await expect(scopes).toContainText('Post directly to your profile');
  await expect(panel).toContainText('Manage apps → Connect an app');
  await expect(panel).toContainText('Sandbox or production');
  await expect(panel).toContainText('Until TikTok audits your TikTok developer app');

  await panel.getByRole('textbox', { name: 'Client key' }).fill(CLIENT_KEY);
  await panel.getByLabel('Client secret', { exact: true }).fill(CLIENT_SECRET);
  await panel.getByRole('button', { name: 'Save TikTok app' }).click();
  await expect(page.getByText('TikTok app saved')).toBeVisible();
  // The secret is never shown back: only that one is saved, and it can be replaced.
  await expect(panel.getByText('A secret is saved')).toBeVisible();
  await expect(panel.getByRole('textbox', { name: 'Client key' })).toHaveValue(CLIENT_KEY);
  expect(await page.content()).not.toContain(CLIENT_SECRET);
  await panel.getByRole('button', { name: 'Replace secret' }).click();
  await expect(panel.getByLabel('New client secret')).toHaveValue('');
  await panel.getByRole('button', { name: 'Keep the saved secret' }).click();
  await expect(panel.getByText('A secret is saved')).toBeVisible();
}

async function connectAccount(page: Page, world: TikTokWorld): Promise<void> {
  await nav(page).getByRole('link', { name: 'Accounts' }).click();
  await expect(page.getByText('No accounts connected')).toBeVisible();
  await page.getByRole('button', { name: 'Connect TikTok' }).first().click();
  await expect(page.getByRole('heading', { name: 'Finish in your browser…' })).toBeVisible();
  const link = page.getByRole('textbox', { name: 'TikTok consent link' });
  await expect(link).toHaveValue(new RegExp(`^${world.emu.authorizeUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const shown = await link.inputValue();
  // The "system browser" got the same URL (unless the core said it could not open one).
  const opened = await expect
    .poll(() => world.openedUrls().length, { timeout: 5_000 })
    .toBeGreaterThan(0)
    .then(() => world.openedUrls().at(-1) as string)
    .catch(() => null);
  if (opened) expect(opened).toBe(shown);
  else await expect(page.getByText('Clipdesk could not open a browser')).toBeVisible();

  // TikTok's consent page, in "the browser": the emulator's Authorize.
  const consent = await page.context().newPage();
  await consent.goto(opened ?? shown);
  await expect(consent.getByRole('button', { name: 'Authorize' })).toBeVisible();
  await consent.getByRole('button', { name: 'Authorize' }).click();
  // TikTok sends the browser to Clipdesk's loopback callback; its words are the core's, so only that it left TikTok.
  await consent.waitForURL((url) => !url.href.startsWith(world.emu.url));
  await consent.close();
  // Back to the app's tab: a page left in the background gets no animation frames, and
  // Playwright's checks can stall on it when the machine is busy.
  await page.bringToFront();

  // Back in Clipdesk: the wait resolves by itself and the account appears, live.
  await expect(page.getByText('Connected Ada Lovelace')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('heading', { name: 'Finish in your browser…' })).toHaveCount(0);
  const account = page.getByRole('list', { name: 'TikTok accounts' }).getByRole('listitem', { name: 'Ada Lovelace' });
  await expect(account).toContainText('@ada.posts');
  await expect(account).toContainText('Connected');
  await expect(account).toContainText('Post directly to your profile');
  await expect(account.getByRole('button', { name: 'Disconnect Ada Lovelace' })).toBeVisible();
}

/** Imports a landscape clip and renders it to 9:16, as library.spec.ts does; returns the render row. */
async function renderAClip(page: Page, name: string): Promise<Locator> {
  await nav(page).getByRole('link', { name: 'Library' }).click();
  await page.getByLabel('Video files to import').setInputFiles({
    name,
    mimeType: 'video/mp4',
    buffer: fs.readFileSync(makeClip({ durationSec: 4, width: 640, height: 360, fps: 30, audio: true })),
  });
  const card = page.getByRole('list', { name: 'Clips' }).getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(card).toContainText('Needs render', { timeout: 30_000 });
  await card.getByRole('link', { name, exact: true }).click();
  await page.getByRole('button', { name: 'Render', exact: true }).click();
  const render = page.getByRole('list', { name: 'Renders of this clip' }).getByRole('listitem').first();
  await expect(render).toContainText('Done', { timeout: 120_000 });
  return render;
}

test('set up TikTok, connect an account, and post a render with every TikTok rule on screen', async ({ page, world }) => {
  await page.goto(world.host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(page.getByText('Connected to a TikTok emulator — nothing is really published.')).toBeVisible();

  // Before any app is set up, Accounts leads to Settings → TikTok instead of a dead button.
  await nav(page).getByRole('link', { name: 'Accounts' }).click();
  await expect(page.getByText('Connecting needs your own TikTok developer app')).toBeVisible();
  await page.getByRole('link', { name: 'Set up TikTok' }).click();
  await expect(page).toHaveURL(/#\/settings\/tiktok$/);

  await setUpTikTokApp(page);
  await connectAccount(page, world);
  const render = await renderAClip(page, 'post me.mp4');

  // ——— The composer, in TikTok's order (§4 points 1–5) ———
  await render.getByRole('button', { name: 'Post to TikTok… render of post me.mp4' }).click();
  const dialog = page.getByRole('dialog', { name: 'Post to TikTok' });
  await expect(dialog).toBeVisible();
  // 1a. Which account receives it: creator_info's nickname, fetched fresh.
  await expect(dialog).toContainText('Posting to Ada Lovelace', { timeout: 15_000 });
  // 5a. A preview of exactly the file that is sent.
  const preview = dialog.getByLabel('Preview of the video to post: post me.mp4');
  await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => (v.readyState >= 1 ? `${v.videoWidth}×${v.videoHeight}` : '')), { timeout: 15_000 }).toBe('1080×1920');
  expect(await preview.evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);

  // 2a. The caption, with TikTok's own count.
  const caption = dialog.getByRole('textbox', { name: 'Caption' });
  await expect(caption).toBeFocused();
  await caption.fill('Hello from Clipdesk #clipdesk @ada.posts');
  await expect(dialog).toContainText('40 / 2200');
  await expect(dialog.getByLabel('Hashtags and mentions')).toContainText('#clipdesk');

  // 2b. Privacy: exactly the creator's options, nothing chosen.
  const privacy = dialog.getByRole('combobox', { name: COMPOSER_TEXT.privacyLabel });
  await expect(privacy).toHaveValue('');
  const placeholder = privacy.locator('option', { hasText: COMPOSER_TEXT.privacyPlaceholder });
  await expect(placeholder).toBeDisabled();
  expect(await placeholder.evaluate((o: HTMLOptionElement) => o.selected)).toBe(true);
  await expect(privacy.locator('option:not([value=""])')).toHaveText(['Everyone', 'Friends', 'Only me']);
  const post = dialog.getByRole('button', { name: 'Post', exact: true });
  await expect(post).toBeDisabled();
  await expect(post).toHaveAttribute('title', COMPOSER_TEXT.noPrivacy);

  // 2c. Interactions: none ticked; the one the creator turned off is greyed, with why.
  for (const name of [COMPOSER_TEXT.allowComment, COMPOSER_TEXT.allowDuet, COMPOSER_TEXT.allowStitch]) {
    await expect(dialog.getByRole('checkbox', { name })).not.toBeChecked();
  }
  await expect(dialog.getByRole('checkbox', { name: COMPOSER_TEXT.allowDuet })).toBeDisabled();
  await expect(dialog).toContainText(COMPOSER_TEXT.duetDisabled);
  await expect(dialog.getByRole('checkbox', { name: COMPOSER_TEXT.allowComment })).toBeEnabled();

  // 3. Disclosure: off, and no label prompt until a box is ticked.
  const disclose = dialog.getByRole('switch', { name: COMPOSER_TEXT.disclosureToggle });
  await expect(disclose).not.toBeChecked();
  await expect(dialog.getByText(/will be labeled as/)).toHaveCount(0);
  await expect(dialog.getByRole('checkbox', { name: COMPOSER_TEXT.yourBrand })).toHaveCount(0);
  // 4. The consent sentence, with its link, and 5d. the processing notice.
  await expect(dialog.getByText(TIKTOK_UX_TEXT.consentMusic)).toBeVisible();
  await expect(dialog.getByRole('link', { name: 'Music Usage Confirmation' })).toHaveAttribute('href', 'https://www.tiktok.com/legal/page/global/music-usage-confirmation/en');
  await expect(dialog.getByText(COMPOSER_TEXT.processingDirect)).toBeVisible();

  await disclose.check();
  await expect(post).toHaveAttribute('title', TIKTOK_UX_TEXT.disclosureIncomplete);
  await expect(dialog.getByText(TIKTOK_UX_TEXT.disclosureIncomplete)).toBeVisible();
  await expect(dialog.getByText(/will be labeled as/)).toHaveCount(0);

  await dialog.getByRole('checkbox', { name: COMPOSER_TEXT.yourBrand }).check();
  await expect(dialog.getByText(TIKTOK_UX_TEXT.labelPromotionalContent)).toBeVisible();
  await expect(dialog.getByText(TIKTOK_UX_TEXT.consentMusic)).toBeVisible();

  await dialog.getByRole('checkbox', { name: COMPOSER_TEXT.brandedContent }).check();
  await expect(dialog.getByText(TIKTOK_UX_TEXT.labelPaidPartnership)).toBeVisible();
  await expect(dialog.getByText(TIKTOK_UX_TEXT.consentBranded)).toBeVisible();
  await expect(dialog.getByRole('link', { name: 'Branded Content Policy' })).toHaveAttribute('href', 'https://www.tiktok.com/legal/page/global/bc-policy/en');
  // 3b. Branded content can't be private: "Only me" is disabled, with TikTok's words.
  const onlyMe = privacy.locator('option', { hasText: 'Only me' });
  await expect(onlyMe).toBeDisabled();
  await expect(onlyMe).toHaveAttribute('title', TIKTOK_UX_TEXT.brandedContentNotPrivate);

  // And the other way round: with "Only me" chosen, Branded content can't be ticked.
  await dialog.getByRole('checkbox', { name: COMPOSER_TEXT.brandedContent }).uncheck();
  await expect(onlyMe).toBeEnabled();
  await privacy.selectOption({ label: 'Only me' });
  await expect(dialog.getByRole('checkbox', { name: COMPOSER_TEXT.brandedContent })).toBeDisabled();
  await expect(dialog).toContainText(COMPOSER_TEXT.brandedContentPrivate);

  // Untouched again: disclosure off, the prompt and the branded sentence gone.
  await dialog.getByRole('checkbox', { name: COMPOSER_TEXT.yourBrand }).uncheck();
  await disclose.uncheck();
  await expect(dialog.getByText(/will be labeled as/)).toHaveCount(0);
  await expect(dialog.getByText(TIKTOK_UX_TEXT.consentMusic)).toBeVisible();

  // The creator's choices, then Post (5c: nothing went to TikTok before this click).
  expect(world.emu.state.inits).toHaveLength(0);
  await privacy.selectOption({ label: 'Everyone' });
  await dialog.getByRole('checkbox', { name: COMPOSER_TEXT.allowComment }).check();
  await expect(dialog.getByRole('radio', { name: /Post now/ })).toBeChecked();
  await expect(post).toBeEnabled();
  // The README's composer screenshot, refreshed only on request (CLIPDESK_UPDATE_SCREENSHOTS=1).
  const shots = process.env.CLIPDESK_UPDATE_SCREENSHOTS ? path.join(ROOT, 'resources/screenshots') : path.join(ROOT, 'test-results/screenshots');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'composer-light.png') });
  await post.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('Posting to Ada Lovelace')).toBeVisible();

  // ——— Progress: the Queue while it goes, then History with the link ———
  await nav(page).getByRole('link', { name: 'Queue' }).click();
  const queued = page.getByRole('list', { name: 'Posts in the queue' }).getByRole('listitem', { name: /post me/ });
  // It may already be done by the time the Queue opens; then it is in History.
  await expect(queued.or(page.getByText('The queue is empty'))).toBeVisible();
  await nav(page).getByRole('link', { name: 'History' }).click();
  const published = page.getByRole('list', { name: 'Finished posts' }).getByRole('listitem', { name: /post me/ });
  await expect(published).toContainText('Published on TikTok', { timeout: 90_000 });
  await expect(published).toContainText('to Ada Lovelace');
  await expect(published).toContainText('Hello from Clipdesk #clipdesk @ada.posts');
  const view = published.getByRole('link', { name: 'View on TikTok' });
  await expect(view).toBeVisible();
  await expect(view).toHaveAttribute('href', /\/video\/\d{19}$/);

  // TikTok got exactly one post, with exactly what the creator chose.
  expect(world.emu.posts).toHaveLength(1);
  expect(world.emu.posts[0]).toMatchObject({
    mode: 'direct',
    title: 'Hello from Clipdesk #clipdesk @ada.posts',
    privacyLevel: 'PUBLIC_TO_EVERYONE',
    disableComment: false,
    disableDuet: true,
    disableStitch: true,
    brandContentToggle: false,
    brandOrganicToggle: false,
  });
  // The public id survived as all 19 digits (no int64 rounding on the way).
  expect((await view.getAttribute('href'))?.endsWith(world.emu.posts[0]?.publicPostId ?? 'missing')).toBe(true);

  // ——— The Activity log of the published post: every entry about it, in order, with who did it ———
  // The render's file is named after the clip, with a suffix of its own.
  await published.getByRole('button', { name: /^History of post me/ }).click();
  await expect(published.getByRole('list', { name: /^Timeline of post me/ })).toContainText('Published');
  await published.getByRole('button', { name: /^Activity of post me/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Search activity' });
  await expect(search).toHaveValue(/^[0-9a-f-]{36}$/);
  const postId = await search.inputValue();
  const rows = page.getByRole('list', { name: 'Activity' }).getByRole('listitem');
  // Newest first: published by the publisher, back to the creator's own click in this browser
  // session of the host (the activity log names the caller: 'browser').
  await expect(rows.first()).toContainText('post.published');
  await expect(rows.last()).toContainText('post.created');
  await expect(rows.last().locator('.activity__actor')).toHaveText('browser');
  await expect(rows.filter({ hasText: 'post.published' }).locator('.activity__actor')).toHaveText('publisher');
  await expect(rows.filter({ hasText: 'post.publish_start' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'post.upload_done' })).toHaveCount(1);
  for (const row of await rows.all()) await expect(row).toContainText(postId);
  // Nothing secret in the log the creator reads.
  const text = await page.getByRole('list', { name: 'Activity' }).innerText();
  expect(text).not.toContain(CLIENT_SECRET);
  expect(text).not.toMatch(/act\.|rft\./);
});

test('select five clips in the Library and spread them over daily posting times', async ({ page, world }) => {
  await page.goto(world.host.url);
  await setUpTikTokApp(page);
  await connectAccount(page, world);

  // Five TikTok-ready clips (vertical, H.264): posted as they are, no render needed.
  await nav(page).getByRole('link', { name: 'Library' }).click();
  const names = ['mon.mp4', 'tue.mp4', 'wed.mp4', 'thu.mp4', 'fri.mp4'];
  await page.getByLabel('Video files to import').setInputFiles(
    names.map((name, i) => ({ name, mimeType: 'video/mp4', buffer: fs.readFileSync(makeClip({ durationSec: 2 + i * 0.2, width: 1080, height: 1920, fps: 30, audio: true })) })),
  );
  const clips = page.getByRole('list', { name: 'Clips' });
  for (const name of names) {
    const card = clips.getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) });
    await expect(card).toContainText('Fits TikTok', { timeout: 30_000 });
    await card.getByRole('link', { name, exact: true }).click({ modifiers: ['ControlOrMeta'] });
  }
  const selection = page.getByRole('region', { name: 'Selection' });
  await expect(selection).toContainText('5 selected');
  await selection.getByRole('button', { name: 'Post 5 to TikTok…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Post to TikTok' });
  await expect(dialog).toContainText('5 videos, spread over posting times');
  await expect(dialog).toContainText('Posting to Ada Lovelace', { timeout: 15_000 });
  const videos = dialog.getByRole('list', { name: 'Videos to post' });
  await expect(videos.getByRole('listitem')).toHaveCount(5);
  // A caption over TikTok's limit is pointed out on its own video.
  await dialog.getByRole('textbox', { name: 'Caption for wed.mp4' }).fill('x'.repeat(2201));
  await expect(dialog.getByRole('list', { name: 'Problems with wed.mp4' })).toContainText('too long');
  for (const [i, name] of names.entries()) await dialog.getByRole('textbox', { name: `Caption for ${name}` }).fill(`Day ${i + 1} of the bake #sourdough`);
  await expect(dialog.getByRole('list', { name: 'Problems with wed.mp4' })).toHaveCount(0);
  // Each video can be watched exactly as it is sent.
  await dialog.getByRole('button', { name: 'Preview mon.mp4' }).click();
  await expect(dialog.getByLabel('Preview of the video to post: mon.mp4')).toBeVisible();
  await dialog.getByRole('combobox', { name: COMPOSER_TEXT.privacyLabel }).selectOption({ label: 'Only me' });

  // Twice a day from tomorrow: the plan comes from the core before anything is made.
  await dialog.getByRole('textbox', { name: 'Posting times each day' }).fill('18:00, 12:00');
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
  await dialog.getByLabel('First day').fill(day);
  const plan = dialog.getByRole('list', { name: 'Planned times' }).getByRole('listitem');
  await expect(plan).toHaveCount(5);
  // Tomorrow 12:00 and 18:00, the day after at both, then the third day at 12:00 — local times.
  const expected = [[0, 12], [0, 18], [1, 12], [1, 18], [2, 12]].map(([d, h]) => new Date(tomorrow.getFullYear(), tomorrow.getMonth(), tomorrow.getDate() + d!, h).toISOString());
  for (const [i, name] of names.entries()) {
    await expect(plan.nth(i)).toContainText(name);
    await expect(plan.nth(i).locator('time')).toHaveAttribute('datetime', expected[i]!);
  }
  expect(world.emu.state.inits).toHaveLength(0);
  // A time that is not one is said, and Schedule waits for a good one.
  await dialog.getByRole('textbox', { name: 'Posting times each day' }).fill('12:00, 25:00');
  await expect(dialog.getByRole('alert')).toContainText('"25:00" is not a time of day');
  const schedule = dialog.getByRole('button', { name: 'Schedule 5 posts' });
  await expect(schedule).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Posting times each day' }).fill('18:00, 12:00');
  await expect(plan).toHaveCount(5);
  await expect(schedule).toBeEnabled();
  await page.screenshot({ path: path.join(ROOT, 'test-results/screenshots/composer-batch-light.png') });
  await schedule.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('Scheduled 5 posts')).toBeVisible();
  await expect(selection).toHaveCount(0);

  // Next time, the account's own posting times are offered again.
  await clips.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'mon.mp4', exact: true }) }).getByRole('link', { name: 'mon.mp4', exact: true }).click({ modifiers: ['ControlOrMeta'] });
  await selection.getByRole('button', { name: 'Post 1 to TikTok…' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Posting times each day' })).toHaveValue('18:00, 12:00');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);

  // The Queue holds all five, at the planned times; nothing went to TikTok yet.
  await nav(page).getByRole('link', { name: 'Queue' }).click();
  const queue = page.getByRole('list', { name: 'Posts in the queue' });
  for (const [i, name] of names.entries()) {
    const row = queue.getByRole('listitem', { name: `Post of ${name}` });
    await expect(row).toContainText('Scheduled');
    await expect(row).toContainText(`Day ${i + 1} of the bake`);
  }
  expect(world.emu.state.inits).toHaveLength(0);
});

test('connecting can be cancelled, and says why when TikTok refuses', async ({ page, world }) => {
  await page.goto(world.host.url);
  await setUpTikTokApp(page);
  await nav(page).getByRole('link', { name: 'Accounts' }).click();

  // Cancel while waiting: the waiting panel goes, nothing is connected, and the core has closed
  // the callback listener with the call, so TikTok's answer would find nobody.
  const link = page.getByRole('textbox', { name: 'TikTok consent link' });
  await page.getByRole('button', { name: 'Connect TikTok' }).first().click();
  await expect(page.getByRole('heading', { name: 'Finish in your browser…' })).toBeVisible();
  const cancelled = callbackOf(await link.inputValue());
  expect(await listening(cancelled)).toBe(true);
  await page.getByRole('main').getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Finish in your browser…' })).toHaveCount(0);
  await expect(page.getByText('No accounts connected')).toBeVisible();
  await expect.poll(() => listening(cancelled)).toBe(false);

  // The creator says no on TikTok's page: the error is shown, with Try again.
  await page.getByRole('button', { name: 'Connect TikTok' }).first().click();
  await expect(link).toHaveValue(/^http/);
  const consent = await page.context().newPage();
  await consent.goto(await link.inputValue());
  await consent.getByRole('button', { name: 'Cancel' }).click();
  // Let TikTok's redirect to Clipdesk's callback finish first: Chromium can hang closing a page
  // in the middle of a cross-origin navigation (microsoft/playwright#41900).
  await consent.waitForURL((url) => !url.href.startsWith(world.emu.url));
  await consent.close();
  // Back to the app's tab: a page left in the background gets no animation frames, and
  // Playwright's checks can stall on it when the machine is busy.
  await page.bringToFront();
  const failed = page.getByRole('alert').filter({ hasText: 'Could not connect a TikTok account' });
  await expect(failed).toBeVisible({ timeout: 15_000 });
  await expect(failed.getByRole('button', { name: 'Try again' })).toBeVisible();

  // A page that goes away mid-connect gives the call up too: its socket closes, and with it
  // every call it had under way.
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(link).toHaveValue(/^http/);
  const abandoned = callbackOf(await link.inputValue());
  expect(await listening(abandoned)).toBe(true);
  await page.reload();
  await expect.poll(() => listening(abandoned)).toBe(false);
});

test('Insights permissions wait until the app has the Display API; an account without them keeps posting, says what Insights lacks, and Reconnect adds them', async ({ page, world }) => {
  await page.goto(world.host.url);
  await setUpTikTokApp(page);
  await nav(page).getByRole('link', { name: 'Accounts' }).click();
  const link = page.getByRole('textbox', { name: 'TikTok consent link' });
  const INSIGHTS = ['user.info.stats', 'user.info.profile', 'video.list'];

  /** Consent in "the browser", unticking the given scopes on the emulator's page. */
  const consentWith = async (expectInsights: boolean, untick: string[]): Promise<void> => {
    await expect(link).toHaveValue(/^http/);
    const consent = await page.context().newPage();
    await consent.goto(await link.inputValue());
    for (const scope of INSIGHTS) await expect(consent.getByLabel(scope, { exact: true })).toHaveCount(expectInsights ? 1 : 0);
    for (const scope of untick) await consent.getByLabel(scope, { exact: true }).uncheck();
    await consent.getByRole('button', { name: 'Authorize' }).click();
    await consent.waitForURL((url) => !url.href.startsWith(world.emu.url));
    await consent.close();
    await page.bringToFront();
  };

  // Off by default: Connect asks only for what posting needs (an app without the Display API
  // would otherwise fail the whole consent).
  await page.getByRole('button', { name: 'Connect TikTok' }).first().click();
  await consentWith(false, []);
  await expect(page.getByText('Connected Ada Lovelace')).toBeVisible({ timeout: 15_000 });
  const account = page.getByRole('list', { name: 'TikTok accounts' }).getByRole('listitem', { name: 'Ada Lovelace' });
  // Still a connected account that posts: its posting permissions, no warning about them.
  await expect(account).toContainText('Connected');
  await expect(account).toContainText('Post directly to your profile');
  await expect(account).not.toContainText('Permissions left out when connecting');
  expect(world.emu.state.tokens.at(-1)?.scopes).toEqual(['user.info.basic', 'video.publish', 'video.upload']);
  // What Insights lacks, each permission with what it means, and what to do first.
  const insights = account.getByRole('group', { name: 'What Insights needs for Ada Lovelace' });
  await expect(insights).toContainText('publishing is not affected');
  await expect(insights).toContainText('Read your follower, following, like and video counts');
  await expect(insights).toContainText('Read your public videos and their views, likes, comments and shares');
  await expect(insights).toContainText('Read your profile details');
  await expect(insights).toContainText('add the Display API product to your TikTok app');

  // The creator adds the Display API at TikTok and says so in Settings → TikTok.
  await insights.getByRole('link', { name: 'Settings → TikTok' }).click();
  const panel = page.getByRole('region', { name: 'TikTok', exact: true });
  const scopes = panel.getByRole('list', { name: 'Scopes to enable' });
  await expect(scopes).not.toContainText('video.list');
  const displayApi = panel.getByRole('switch', { name: 'My app has the Display API' });
  await displayApi.click();
  await expect(displayApi).toBeChecked();
  await expect(scopes).toContainText('video.list');
  await expect(scopes).toContainText('user.info.stats');

  // Reconnect asks for them; unticked, the note now just says to leave them ticked.
  await nav(page).getByRole('link', { name: 'Accounts' }).click();
  await account.getByRole('button', { name: 'Reconnect Ada Lovelace' }).click();
  await consentWith(true, INSIGHTS);
  await expect(page.getByText('Reconnected Ada Lovelace')).toBeVisible({ timeout: 15_000 });
  await expect(insights).toContainText('Reconnect and leave them ticked');
  await expect(insights).not.toContainText('add the Display API');

  // With everything ticked the note goes.
  await account.getByRole('button', { name: 'Reconnect Ada Lovelace' }).click();
  await consentWith(true, []);
  await expect(insights).toHaveCount(0, { timeout: 15_000 });
  await expect(account.getByRole('button', { name: 'Reconnect Ada Lovelace' })).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'TikTok accounts' }).getByRole('listitem')).toHaveCount(1);
});

/** The loopback callback a consent link sends TikTok's answer to. */
function callbackOf(consentLink: string): string {
  return new URL(consentLink).searchParams.get('redirect_uri') ?? '';
}

/** Whether Clipdesk still listens there for TikTok's answer. */
function listening(callback: string): Promise<boolean> {
  return fetch(callback).then(
    () => true,
    () => false,
  );
}
