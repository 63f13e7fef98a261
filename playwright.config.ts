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
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
