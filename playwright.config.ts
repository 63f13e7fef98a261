// End-to-end tests: the built UI in Debian's Chromium (or any Chromium given by
// CLIPDESK_CHROMIUM) against the headless host, and, where Electron is installed, the
// desktop window through Playwright's _electron.
import { defineConfig } from '@playwright/test';

const chromium = process.env.CLIPDESK_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 30_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '.reports/e2e.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromium,
      // The tests open a second tab (TikTok's consent page, the Telegram emulator's phone) and
      // come back: Chromium throttles and may stop painting a background tab, which stalled
      // Playwright's checks (even bringToFront) on a busy machine. Nothing here is throttled.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--disable-background-timer-throttling',
        '--disable-backgrounding-occluded-windows',
        '--disable-renderer-backgrounding',
      ],
    },
  },
});
