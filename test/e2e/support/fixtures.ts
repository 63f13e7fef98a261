// Playwright fixture: a fresh `clipdesk serve` per test, stopped afterwards.
import { test as base } from '@playwright/test';
import { startServe, type ServeProcess } from '../../support/serve-process';

export const test = base.extend<{ host: ServeProcess }>({
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const host = await startServe();
    await use(host);
    await host.stop();
  },
});

export { expect } from '@playwright/test';
