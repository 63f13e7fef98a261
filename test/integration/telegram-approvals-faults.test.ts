// When Telegram or the network misbehaves: 409 (another poller), 401, 5xx and dropped
// connections, a webhook another program set, and a stop on quit while Telegram does not answer.
import { describe, expect, it } from 'vitest';
import { waitFor, type Harness } from '../support/core-harness';
import { BOT_TOKEN, requestsOf, useApprovalSetup } from '../support/telegram-harness';

const { setup, telegram, newCore } = useApprovalSetup('clipdesk-tg-faults-');

/** Backoff that grows quickly enough to see, and stays short enough for a test. */
const GROWING = { telegramBackoffMs: (n: number) => Math.min(800, 100 * 2 ** (n - 1)) };

function states(h: Harness): string[] {
  return h.of('telegram.changed').map((s) => s.state);
}

function stateIs(h: Harness, state: string, timeoutMs = 15_000) {
  return waitFor(() => (h.core.telegram.status().state === state ? h.core.telegram.status() : undefined), timeoutMs, `the bot to be ${state}`);
}

describe('Telegram approvals: polling faults', () => {
  it('409 (another program polls the bot): says so, retries with a growing pause, and runs again when it clears', async () => {
    telegram().knobs.maxLongPollSeconds = 1;
    const { tg, h } = await setup({ pairAnn: false, core: GROWING });
    const seen = states(h).length;
    tg.fault({ method: 'getUpdates', kind: 'error', code: 409, times: 6 });
    const status = await stateIs(h, 'conflict');
    expect(status.problem).toMatch(/being used by another program \(or another copy of Clipdesk\)[\s\S]*Clipdesk keeps trying/);
    // No hot loop: over the next second only a few polls go out.
    const from = Date.now();
    const before = requestsOf(tg, 'getUpdates').length;
    await waitFor(() => Date.now() - from >= 1_000 || undefined, 2_000, 'a second');
    expect(requestsOf(tg, 'getUpdates').length - before).toBeLessThanOrEqual(4);
    await waitFor(() => tg.pendingFaults().length === 0, 20_000, 'the 409s to be used up');
    await stateIs(h, 'running');
    // Once it said "conflict", it did not claim to be running until the conflict was over.
    const during = states(h).slice(seen);
    const firstConflict = during.indexOf('conflict');
    expect(during.slice(firstConflict)).toEqual(['conflict', 'running']);
    expect(requestsOf(tg, 'getUpdates').filter((r) => r.status === 409)).toHaveLength(6);
  });

  it('409 from a second copy of Clipdesk on the same token: it is noticed; closing one lets the other run', async () => {
    telegram().knobs.maxLongPollSeconds = 1;
    const fx = await setup({ pairAnn: false, core: GROWING });
    const { h, env } = fx;
    const other = newCore({ env, ...GROWING, timeZone: 'Europe/Berlin' });
    await other.core.handlers['telegram.setup']({ token: BOT_TOKEN });
    await waitFor(() => (h.core.telegram.status().state === 'conflict' || other.core.telegram.status().state === 'conflict') || undefined, 20_000, 'a conflict');
    await other.core.close();
    await stateIs(h, 'running', 20_000);
  });

  it('5xx and dropped connections on getUpdates: offline, then running again by itself', async () => {
    telegram().knobs.maxLongPollSeconds = 1;
    const { tg, h } = await setup({ pairAnn: false });
    tg.fault({ method: 'getUpdates', kind: 'error', code: 502 });
    const offline = await stateIs(h, 'offline');
    expect(offline.problem).toMatch(/\(502\)\. Clipdesk keeps trying/);
    await stateIs(h, 'running', 20_000);
    tg.fault({ method: 'getUpdates', kind: 'drop' });
    const dropped = await stateIs(h, 'offline');
    expect(dropped.problem).toMatch(/cannot be reached/);
    await stateIs(h, 'running', 20_000);
    expect(tg.pendingFaults()).toEqual([]);
  });

  it('401: the bot stops and says the token was refused', async () => {
    telegram().knobs.maxLongPollSeconds = 1;
    const { tg, h } = await setup({ pairAnn: false });
    tg.fault({ method: 'getUpdates', kind: 'error', code: 401 });
    const status = await stateIs(h, 'unauthorized');
    expect(status.problem).toMatch(/refused the bot token/);
    const count = requestsOf(tg, 'getUpdates').length;
    await waitFor(() => requestsOf(tg, 'getUpdates').length === count, 1_000, 'quiet');
    expect(h.core.telegram.status().state).toBe('unauthorized');
  });

  it('a webhook another program set: nothing is polled and nothing deleted until the creator takes it over', async () => {
    const fx = await setup({ pairAnn: false });
    const { tg, h } = fx;
    await h.core.close();
    tg.setWebhook(BOT_TOKEN, 'https://automations.example.com/hooks/s3cr3t-path');
    const polled = requestsOf(tg, 'getUpdates').length;
    const deletes = requestsOf(tg, 'deleteWebhook').length;
    const h2 = fx.reopen();
    const status = await stateIs(h2, 'webhook');
    expect(status.webhookUrl).toBe('https://automations.example.com');
    expect(status.problem).toMatch(/https:\/\/automations\.example\.com \(a webhook another program set\)/);
    expect(JSON.stringify(status)).not.toContain('s3cr3t');
    expect(requestsOf(tg, 'getUpdates').length).toBe(polled);
    expect(requestsOf(tg, 'deleteWebhook').length).toBe(deletes);
    const taken = await h2.core.handlers['telegram.takeOverWebhook']({});
    expect(taken).toBeDefined();
    await stateIs(h2, 'running');
    expect(requestsOf(tg, 'deleteWebhook').length).toBeGreaterThan(deletes);
    expect(h2.core.audit.list({ query: 'telegram.webhook_taken_over' })).toHaveLength(1);
  });

  it('a webhook set while the bot runs is not deleted behind the creator\'s back', async () => {
    telegram().knobs.maxLongPollSeconds = 1;
    const { tg, h } = await setup({ pairAnn: false });
    const deletes = requestsOf(tg, 'deleteWebhook').length;
    tg.setWebhook(BOT_TOKEN, 'https://automations.example.com/hooks/x');
    await stateIs(h, 'webhook');
    expect(requestsOf(tg, 'deleteWebhook').length).toBe(deletes);
    await h.core.handlers['telegram.takeOverWebhook']({});
    await stateIs(h, 'running');
  });

  it('closing the app while getUpdates hangs returns within about 3 seconds', async () => {
    telegram().knobs.maxLongPollSeconds = 1;
    const { tg, h } = await setup({ pairAnn: false });
    // The next poll hangs, and so would the confirming poll of a stop.
    tg.fault({ method: 'getUpdates', kind: 'delay', ms: 30_000 });
    tg.fault({ method: 'getUpdates', kind: 'delay', ms: 30_000, times: 5 });
    await waitFor(() => tg.pendingFaults().length === 1 || undefined, 5_000, 'the hanging poll to be in flight');
    const t0 = Date.now();
    await h.core.close();
    expect(Date.now() - t0).toBeLessThan(3_500);
  });

  it('closing the app while the network drops every request returns within about 3 seconds', async () => {
    telegram().knobs.maxLongPollSeconds = 1;
    const { tg, h } = await setup({ pairAnn: false });
    tg.fault({ method: 'getUpdates', kind: 'drop', times: 100 });
    await stateIs(h, 'offline');
    const t0 = Date.now();
    await h.core.close();
    expect(Date.now() - t0).toBeLessThan(3_500);
  });
});
