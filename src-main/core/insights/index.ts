// The Insights feature (docs/architecture.md, "Insights"): how each post is doing and how each
// account grows, from snapshots Clipdesk takes of TikTok's lifetime totals (TikTok keeps no
// history). One durable job per account runs the snapshots (snapshot-plan.ts says when) and
// sleeps until the next is due; Refresh reads everything now. Built after the TikTok feature,
// whose Display API client (tiktok/display.ts) it reads through.
import { z } from 'zod';
import { AppError } from '../../../src-shared/errors';
import { INSIGHTS_SCOPES, type Account } from '../../../src-shared/tiktok/accounts';
import type { RefreshResult } from '../../../src-shared/insights/insights';
import { callerName, callerOf } from '../caller';
import { feature, job } from '../feature';
import type { Infra } from '../infra';
import { jobKind } from '../jobs/job-kind';
import { DeferJob, type JobContext } from '../jobs/job-runner';
import type { PostStoreApi } from '../post-store';
import type { TikTokApi } from '../tiktok';
import { TikTokRateWait, TikTokScopeMissing } from '../tiktok/display';
import { TikTokApiError, TikTokNetworkError } from '../tiktok/tiktok-http';
import { InsightsReader } from './insights-read';
import { InsightsRepo } from './insights-repo';
import { DAY_MS } from './snapshot-plan';
import { Snapshotter } from './snapshotter';

export type InsightsCommands = 'insights.get' | 'insights.post' | 'insights.numbers' | 'insights.refresh';

/** One per account, for ever: it runs the snapshots that are due, then sleeps until the next. */
export const SNAPSHOT_JOB = jobKind('insights.snapshot', z.object({ accountId: z.string() }));

/** After a failure TikTok may get over (429, 5xx, the network): 5 min, 10, 20 … at most 6 h. */
export function backoffMs(failures: number): number {
  return Math.min(5 * 60_000 * 2 ** Math.max(0, failures - 1), 6 * 60 * 60_000);
}

export interface InsightsApi {
  readonly repo: InsightsRepo;
  readonly reader: InsightsReader;
  readonly snapshots: Snapshotter;
}

export interface InsightsDeps {
  store: PostStoreApi;
  tiktok: TikTokApi;
}

const hasInsightsScopes = (a: Account): boolean => INSIGHTS_SCOPES.some((s) => a.scopes.includes(s));

export function createInsightsFeature(infra: Infra, deps: InsightsDeps) {
  const { db, bus, clock, jobs, audit } = infra;
  const repo = new InsightsRepo(db);
  const accountOf = (id: string): Account | undefined => deps.tiktok.accounts.list().find((a) => a.id === id);
  const published = (accountId: string) => deps.store.attempts.publishedOf(accountId);
  const snapshots = new Snapshotter({
    repo,
    display: deps.tiktok.display,
    account: accountOf,
    published,
    attachVideo: (postId, videoId, url) => {
      if (deps.store.attempts.attachPublicPost(postId, videoId, url)) deps.store.posts.touched(postId);
    },
    clock,
  });
  const reader = new InsightsReader({ repo, accounts: () => deps.tiktok.accounts.list(), published, now: () => clock.now() });

  /** The account's snapshot job exists, and runs no later than `at` (null: leave its time). */
  const ensure = (accountId: string, at: number | null): void => {
    const active = jobs.activeFor(SNAPSHOT_JOB, 'accountId', accountId);
    if (active.length === 0) {
      jobs.enqueue(SNAPSHOT_JOB, { accountId }, { runAt: at ?? clock.now() });
      return;
    }
    const queued = active.find((j) => j.state === 'queued');
    if (at !== null && queued && queued.runAfter > at) jobs.runAt(queued.id, at);
  };

  /** What a failed run means for the next: a wait TikTok asked for, or a backoff; told on the account's status. */
  const failed = (accountId: string, err: unknown): DeferJob => {
    const now = clock.now();
    if (err instanceof TikTokRateWait) return new DeferJob(now + err.waitMs, 'TikTok’s rate limit');
    if (err instanceof TikTokScopeMissing) {
      repo.setStatus(accountId, { problem: err.message, next_at: now + DAY_MS });
      return new DeferJob(now + DAY_MS, 'permission missing');
    }
    const failures = repo.status(accountId).failures + 1;
    const until = now + backoffMs(failures);
    const transient = err instanceof TikTokNetworkError || (err instanceof TikTokApiError && (err.httpStatus === 429 || err.httpStatus >= 500));
    const what = err instanceof Error ? err.message : String(err);
    const problem = `${transient ? '' : 'Reading the numbers failed: '}${what} Clipdesk tries again at ${new Date(until).toISOString()}.`;
    repo.setStatus(accountId, { problem, failures, next_at: until });
    return new DeferJob(until, 'backing off');
  };

  const runJob = async (ctx: JobContext<{ accountId: string }>): Promise<void> => {
    const { accountId } = ctx.payload;
    const account = accountOf(accountId);
    // Disconnected: its job ends (its tables went with the account).
    if (!account) return;
    // Waits for a reconnect, or for the permissions; accounts.changed wakes it sooner.
    if (account.state === 'reconnect_needed' || !hasInsightsScopes(account)) throw new DeferJob(clock.now() + DAY_MS, 'waiting for the account');
    let nextAt: number;
    try {
      nextAt = (await snapshots.run(accountId, { signal: ctx.signal })).nextAt;
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      bus.emit('insights.changed', { accountId });
      throw failed(accountId, err);
    }
    bus.emit('insights.changed', { accountId });
    throw new DeferJob(nextAt, 'next snapshot');
  };

  const refresh = async (accountId: string | undefined, actor: string, signal: AbortSignal, progress: (p: { accountId: string; displayName: string; done: number; total: number }) => void): Promise<RefreshResult> => {
    const accounts = deps.tiktok.accounts.list().filter((a) => !accountId || a.id === accountId);
    if (accountId && accounts.length === 0) throw new AppError('NOT_FOUND', 'No such TikTok account is connected.');
    const result: RefreshResult = { accounts: [] };
    for (const [i, account] of accounts.entries()) {
      progress({ accountId: account.id, displayName: account.displayName, done: i, total: accounts.length });
      let outcome: RefreshResult['accounts'][number];
      if (account.state === 'reconnect_needed') {
        outcome = { id: account.id, displayName: account.displayName, ok: false, videos: 0, problem: `Reconnect ${account.displayName} in Accounts first: TikTok no longer accepts its connection.` };
      } else if (!hasInsightsScopes(account)) {
        outcome = { id: account.id, displayName: account.displayName, ok: false, videos: 0, problem: `${account.displayName} did not give Clipdesk the Insights permissions (publishing is not affected): see Accounts.` };
      } else {
        try {
          const run = await snapshots.run(account.id, { force: true, signal });
          outcome = { id: account.id, displayName: account.displayName, ok: true, videos: run.videos, problem: null };
        } catch (err) {
          if (signal.aborted) throw err;
          failed(account.id, err);
          outcome = { id: account.id, displayName: account.displayName, ok: false, videos: 0, problem: repo.status(account.id).problem };
        }
        bus.emit('insights.changed', { accountId: account.id });
      }
      result.accounts.push(outcome);
    }
    audit.append({
      actor,
      action: 'insights.refresh',
      subject: accountId ?? 'all accounts',
      detail: result.accounts.map((a) => `${a.displayName}: ${a.ok ? `${a.videos} videos read` : 'failed'}`).join('; ') || 'no accounts',
    });
    return result;
  };

  return feature<InsightsCommands, InsightsApi>({
    handlers: {
      'insights.get': async (input) => reader.get(input),
      'insights.post': async ({ key }) => {
        const post = reader.post(key);
        if (!post) throw new AppError('NOT_FOUND', 'Insights knows no such post: it may not be published yet, or its account was disconnected.');
        return post;
      },
      'insights.numbers': async ({ postIds }) => reader.numbers(postIds),
      'insights.refresh': async ({ accountId }, ctx) => {
        return refresh(accountId, callerName(ctx), callerOf(ctx).signal, (p) => ctx?.progress?.(p));
      },
    },
    jobs: [job(SNAPSHOT_JOB, runJob, { maxAttempts: 3 })],
    start: () => {
      // Every connected account has its snapshot job; one overdue after a sleep or a restart runs now.
      for (const a of deps.tiktok.accounts.list()) if (hasInsightsScopes(a)) ensure(a.id, null);
      bus.subscribe((name, payload) => {
        if (name === 'accounts.changed') {
          const a = payload as Account;
          if (a.state === 'connected' && hasInsightsScopes(a)) ensure(a.id, clock.now());
        } else if (name === 'posts.changed') {
          const p = payload as { state: string; accountId: string | null };
          if (p.state === 'published' && p.accountId) ensure(p.accountId, clock.now());
        }
      });
    },
    api: { repo, reader, snapshots },
  });
}
