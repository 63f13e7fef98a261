// The crash campaign (`npm run chaos`, and a short bounded run in test/integration/chaos.test.ts):
// seeded trials, each a fresh data folder and a fresh emulator state, in which a real
// `clipdesk serve` publishing one post to the TikTok emulator is killed with SIGKILL on its
// process group — at random times, and at exact moments: TikTok made the init but its answer
// is not back; a chunk is mid-way or just accepted; the last chunk arrived whole but its answer
// was lost; TikTok rotated the refresh token but the new pair had not been stored; TikTok
// published the post but the final status answer was not back. Between kills the emulator also
// answers 5xx and 429, drops connections, answers slowly, loses uploads and expires links. It is
// started again on the same folder until the post ends (published or failed) or a bound is hit;
// when the account needs a reconnect the same TikTok user reconnects, as a creator would.
//
// Each trial is judged by TikTok's records, not Clipdesk's: more than one post at TikTok is a
// duplicate; a post that never ended is lost; bytes TikTok received that differ from the file
// are a mismatch; Clipdesk saying published with nothing at TikTok, or failed with the post at
// TikTok, is a disagreement; a token in the serve's output is a leak. Any of them fails the run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PostSummary } from '../../src-shared/posts/post';
import type { Account } from '../../src-shared/tiktok/accounts';
import { planChunks } from '../../src-main/core/tiktok/chunk-plan';
import { startTikTokEmulator, type Fault, type TikTokEmulator } from '../emulators/tiktok';
import { apiClient, type ApiClient } from '../support/api-client';
import { readyVideo, sha256 } from '../support/ready-video';
import { ROOT, startServe, type ServeProcess } from '../support/serve-process';
import { CLIENT_KEY, CLIENT_SECRET, DIRECT_SELF_ONLY, tiktokEnv } from '../support/tiktok-env';

/** A small, fast, seeded PRNG (mulberry32): the same seed plays the same campaign. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** lo..hi inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

/** The videos: one chunk, and several (10,000,000-byte chunks, the remainder in the last). */
export const SIZES = { single: 4_500_000, multi: 64_000_123 } as const;
export type SizeName = keyof typeof SIZES;

export type ExactKill =
  | { at: 'init' }
  | { at: 'chunk'; index: number; when: 'mid' | 'accepted' }
  | { at: 'last-chunk' }
  | { at: 'refresh' }
  | { at: 'final-status' };
const EXACT_CYCLE: readonly (ExactKill['at'] | null)[] = ['refresh', 'init', 'chunk', 'last-chunk', 'final-status', null];

export interface TrialPlan {
  index: number;
  seed: number;
  size: SizeName;
  /** Status answers of PROCESSING_UPLOAD after the upload, before PUBLISH_COMPLETE. */
  processingPolls: number;
  /** The access token's life: short ones make Clipdesk refresh (and TikTok rotate) all along. */
  accessTtlSec: number;
  revokeOldAccessOnRefresh: boolean;
  faults: Fault[];
  exact: ExactKill | null;
  /** Random kills, each this long after the post is created or the serve (re)started. */
  randomKillsMs: number[];
}

export function planTrial(index: number, campaignSeed: number): TrialPlan {
  const seed = (Math.imul(campaignSeed >>> 0, 1_000_003) + index * 7919) >>> 0;
  const rng = new Rng(seed);
  const kind = EXACT_CYCLE[index % EXACT_CYCLE.length] ?? null;
  const size: SizeName = kind === 'chunk' ? 'multi' : rng.chance(0.45) ? 'multi' : 'single';
  const chunks = planChunks(SIZES[size]).chunks;
  let exact: ExactKill | null = null;
  if (kind === 'chunk') exact = { at: 'chunk', index: rng.int(0, chunks.length - 2), when: rng.chance(0.5) ? 'mid' : 'accepted' };
  else if (kind) exact = { at: kind };
  // A refresh to kill needs a short-lived token, and a post still being processed when it comes.
  const accessTtlSec = kind === 'refresh' ? rng.int(6, 9) : rng.chance(0.3) ? rng.int(8, 20) : 7200;
  const processingPolls = kind === 'refresh' ? rng.int(2, 3) : kind === 'final-status' ? 0 : rng.int(0, 3);
  const faults: Fault[] = [];
  const menu: (() => Fault)[] = [
    () => ({ endpoint: 'upload', chunk: rng.int(0, chunks.length - 1), kind: 'status', status: rng.pick([500, 502, 503]) }),
    () => {
      const chunk = rng.int(0, chunks.length - 1);
      return { endpoint: 'upload', chunk, kind: 'drop', afterBytes: rng.int(0, (chunks[chunk]?.length ?? 1) - 1) };
    },
    () => ({ endpoint: 'upload', chunk: rng.int(0, chunks.length - 1), kind: 'slow', ms: rng.int(200, 1500) }),
    () => ({ endpoint: 'upload', chunk: rng.int(0, chunks.length - 1), kind: rng.pick(['expire-upload-url', 'lose-upload'] as const) }),
    () => ({ endpoint: 'upload', chunk: rng.int(Math.min(1, chunks.length - 1), chunks.length - 1), kind: 'range-mismatch' }),
    () => ({ endpoint: 'status', kind: 'status', status: rng.pick([500, 503]) }),
    () => ({ endpoint: 'status', kind: 'status', status: 429, code: 'rate_limit_exceeded' }),
    () => ({ endpoint: 'status', kind: 'drop', when: 'after' }),
    () => ({ endpoint: 'init', kind: 'status', status: rng.pick([500, 503]) }),
    () => ({ endpoint: 'init', kind: 'drop', when: 'after' }),
    () => ({ endpoint: 'init', kind: 'status', status: 429, code: 'rate_limit_exceeded' }),
    () => ({ endpoint: 'token', kind: 'status', status: 503 }),
    // The refresh is made at TikTok (the token rotated) and the answer lost, with no kill at all.
    () => ({ endpoint: 'token', kind: 'drop', when: 'after' }),
  ];
  // The final-status kill needs the first status check to be the last one.
  const usable = kind === 'final-status' ? menu.slice(0, 5) : menu;
  for (let i = rng.int(0, 3); i > 0; i--) faults.push(rng.pick(usable)());
  const randomKillsMs = Array.from({ length: rng.pick([0, 1, 1, 2, 2, 3]) }, () => rng.int(0, size === 'multi' ? 5_000 : 3_000));
  return { index, seed, size, processingPolls, accessTtlSec, revokeOldAccessOnRefresh: rng.chance(0.5), faults, exact, randomKillsMs };
}

export type Outcome = 'published' | 'failed' | 'lost';

export interface TrialResult {
  plan: TrialPlan;
  outcome: Outcome;
  kills: number;
  exactHit: boolean;
  restarts: number;
  reconnects: number;
  /** Serve processes that exited by themselves. */
  unexpectedExits: number;
  tiktokPosts: number;
  inits: number;
  duplicate: boolean;
  mismatch: string | null;
  disagreement: string | null;
  leak: boolean;
  failure: string | null;
  ms: number;
  /** The end of the serve's output when something went wrong, for the report. */
  note: string | null;
  /** What happened when, in seconds from the start of the trial. */
  timeline: string[];
}

export interface CampaignOptions {
  trials: number;
  seed: number;
  /** A line a trial (and the summary): console.log by default; () => {} for quiet. */
  log?: (line: string) => void;
  /** Longest a trial may take to end after its planned kills. */
  trialBoundMs?: number;
  /** Most (re)starts of serve in one trial. */
  maxStarts?: number;
  workDir?: string;
  /** Only these trial numbers (replaying what a campaign found); default all from 0. */
  only?: readonly number[];
  /** Each trial's timeline too, not only for trials that went wrong. */
  verbose?: boolean;
}

export interface CampaignReport {
  trials: number;
  seed: number;
  durationMs: number;
  kills: number;
  randomKills: number;
  exactKills: Record<string, number>;
  exactMissed: number;
  restarts: number;
  reconnects: number;
  unexpectedExits: number;
  published: number;
  failed: number;
  duplicates: number;
  lost: number;
  mismatches: number;
  disagreements: number;
  leaks: number;
  results: TrialResult[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, everyMs = 10): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) return undefined;
    await sleep(everyMs);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

/** One serve on the trial's folder, with its API; killed (SIGKILL on its group) or stopped. */
class Instance {
  private host: ServeProcess | null = null;
  private client: ApiClient | null = null;
  private output = '';
  starts = 0;
  unexpectedExits = 0;
  constructor(
    private readonly dataDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async start(): Promise<ApiClient> {
    this.starts++;
    const host = await startServe({ dataDir: this.dataDir, env: this.env, detached: true });
    this.host = host;
    this.client = await apiClient(host);
    return this.client;
  }

  get api(): ApiClient {
    if (!this.client) throw new Error('not started');
    return this.client;
  }

  /** The serve is gone without being killed (a crash of its own): count it and start another. */
  async ensureAlive(): Promise<void> {
    const child = this.host?.child;
    if (child && child.exitCode === null && child.signalCode === null) return;
    this.unexpectedExits++;
    this.keepOutput();
    await this.start();
  }

  async kill(): Promise<void> {
    const host = this.host;
    if (!host) return;
    this.client?.close();
    try {
      process.kill(-(host.child.pid as number), 'SIGKILL');
    } catch {
      // already gone
    }
    await host.stop();
    this.keepOutput();
    this.host = null;
  }

  async stop(): Promise<void> {
    this.client?.close();
    await this.host?.stop();
    this.keepOutput();
    this.host = null;
  }

  private keepOutput(): void {
    if (this.host) this.output += this.host.stderr();
  }

  /** Everything every serve of this trial printed on stderr. */
  stderr(): string {
    return this.output + (this.host?.stderr() ?? '');
  }
}

interface Armed {
  fired: () => boolean;
}

/** Queue the fault that holds TikTok's answer back at the exact point, and say how to see it came. */
function arm(emu: TikTokEmulator, exact: ExactKill, openId: string, chunks: { chunkSize: number; totalChunkCount: number }): Armed {
  const HOLD = 8_000; // the answer waits this long: the kill comes first
  switch (exact.at) {
    case 'init': {
      const before = emu.state.inits.length;
      emu.fault({ endpoint: 'init', kind: 'slow', ms: HOLD });
      return { fired: () => emu.state.inits.length > before };
    }
    case 'chunk': {
      if (exact.when === 'mid') {
        const fault: Fault = { endpoint: 'upload', chunk: exact.index, kind: 'slow', ms: HOLD };
        emu.fault(fault);
        return { fired: () => !emu.pendingFaults().includes(fault) };
      }
      return { fired: () => emu.state.inits.some((i) => i.uploadedBytes >= (exact.index + 1) * chunks.chunkSize) };
    }
    case 'last-chunk': {
      // The whole video arrives; the answer is lost.
      emu.fault({ endpoint: 'upload', chunk: chunks.totalChunkCount - 1, kind: 'drop', afterBytes: 1e12 });
      return { fired: () => emu.state.inits.some((i) => i.uploadComplete) };
    }
    case 'refresh': {
      const before = emu.state.refreshCounts[openId] ?? 0;
      // TikTok rotates the token, then holds the answer back: the new pair dies with the process.
      emu.fault({ endpoint: 'token', kind: 'slow', ms: HOLD });
      return { fired: () => (emu.state.refreshCounts[openId] ?? 0) > before };
    }
    case 'final-status': {
      emu.fault({ endpoint: 'status', kind: 'slow', ms: HOLD });
      // TikTok published it when it answered the check; the answer is held back.
      return { fired: () => emu.posts.length > 0 };
    }
  }
}

function describePlan(p: TrialPlan): string {
  const exact = !p.exact ? 'none' : p.exact.at === 'chunk' ? `chunk ${p.exact.index} (${p.exact.when})` : p.exact.at;
  const faults = p.faults.map((f) => `${f.endpoint}${f.chunk !== undefined ? `#${f.chunk}` : ''}:${f.kind}${f.kind === 'status' ? ` ${f.status}` : ''}`).join(', ') || 'no faults';
  return `${p.size} ${planChunks(SIZES[p.size]).totalChunkCount} chunk(s), exact kill ${exact}, ${p.randomKillsMs.length} random kill(s), token ${p.accessTtlSec} s, ${faults}`;
}

async function runTrial(emu: TikTokEmulator, plan: TrialPlan, video: { file: string; sha256: string; size: number }, work: string, options: Required<Pick<CampaignOptions, 'trialBoundMs' | 'maxStarts'>> & { verbose: boolean }): Promise<TrialResult> {
  const t0 = Date.now();
  emu.reset();
  emu.addApp({ clientKey: CLIENT_KEY, clientSecret: CLIENT_SECRET, audited: true });
  const user = emu.addUser({ displayName: `Chaos ${plan.index}`, username: `chaos${plan.index}` });
  Object.assign(emu.state, {
    autoConsent: true,
    processingPolls: plan.processingPolls,
    accessTtlSec: plan.accessTtlSec,
    revokeOldAccessOnRefresh: plan.revokeOldAccessOnRefresh,
  });
  const chunks = planChunks(video.size);

  const dataDir = fs.mkdtempSync(path.join(work, `trial-${plan.index}-`));
  const env = tiktokEnv(emu, { BROWSER: `${process.execPath} ${path.join(ROOT, 'test/support/fake-browser.mjs')}` });
  const serve = new Instance(dataDir, env);
  const result: TrialResult = {
    plan,
    outcome: 'lost',
    kills: 0,
    exactHit: false,
    restarts: 0,
    reconnects: 0,
    unexpectedExits: 0,
    tiktokPosts: 0,
    inits: 0,
    duplicate: false,
    mismatch: null,
    disagreement: null,
    leak: false,
    failure: null,
    ms: 0,
    note: null,
    timeline: [],
  };
  const mark = (what: string): void => void result.timeline.push(`${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);
  let post: PostSummary | null = null;
  const call = <T>(cmd: string, input: object): Promise<T> => withTimeout(serve.api.call<T>(cmd, input), 30_000, cmd);
  const connect = async (): Promise<Account> => {
    emu.state.nextUser = user.openId;
    // One call: the fake browser consents, and the call answers with the account.
    return call<Account>('accounts.connect', {});
  };
  const restart = async (): Promise<void> => {
    if (serve.starts >= options.maxStarts) throw new Error(`more than ${options.maxStarts} starts`);
    await serve.start();
    result.restarts++;
  };
  const ended = async (): Promise<boolean> => {
    if (!post) return false;
    post = await call<PostSummary>('posts.get', { id: post.id });
    return post.state === 'published' || post.state === 'failed';
  };
  const kill = async (why: string): Promise<void> => {
    const seen = post ? `${emu.state.inits.at(-1)?.uploadedBytes ?? 0} bytes at TikTok, ${emu.posts.length} post(s)` : '';
    await serve.kill();
    result.kills++;
    mark(`killed (${why}; ${seen})`);
    await restart();
    mark('restarted');
  };

  try {
    await serve.start();
    const account = await connect();
    const imported = await call<{ added: { id: string }[]; duplicates: { id: string }[] }>('library.import', { paths: [video.file] });
    const clipId = (imported.added[0] ?? imported.duplicates[0])?.id;
    if (!clipId) throw new Error('the import skipped the video');
    const ready = await until(async () => (await call<{ state: string }>('library.get', { id: clipId })).state !== 'importing', 60_000, 100);
    if (!ready) throw new Error('the import never finished');

    for (const f of plan.faults) emu.fault(f);
    const armed = plan.exact ? arm(emu, plan.exact, user.openId, chunks) : null;
    post = await call<PostSummary>('posts.create', { clipId, accountId: account.id, caption: `chaos trial ${plan.index}`, tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
    mark('post created');

    if (armed) {
      const hit = await until(() => armed.fired(), 40_000, 5);
      if (hit) {
        await kill('exact');
        result.exactHit = true;
      }
    }
    for (const delay of plan.randomKillsMs) {
      await sleep(delay);
      await serve.ensureAlive();
      if (await ended().catch(() => false)) break;
      await kill('random');
    }

    // Let it finish; reconnect the same person when TikTok ended the account's access.
    const deadline = Date.now() + options.trialBoundMs;
    while (Date.now() < deadline) {
      try {
        await serve.ensureAlive();
        if (await ended()) break;
        const accounts = await call<Account[]>('accounts.list', {});
        if (accounts.some((a) => a.state === 'reconnect_needed')) {
          mark(`reconnect needed; post ${post?.state}: ${post?.publish?.detail ?? ''}`);
          await connect();
          result.reconnects++;
          mark('reconnected');
        }
      } catch (err) {
        result.note = `while waiting: ${err instanceof Error ? err.message : String(err)}`;
      }
      await sleep(250);
    }
    if (post && (post.state === 'published' || post.state === 'failed')) result.outcome = post.state;
    mark(`ended: ${post?.state}`);
  } catch (err) {
    result.failure = err instanceof Error ? err.message : String(err);
  } finally {
    await serve.stop().catch(() => undefined);
  }

  // TikTok's records are the judge.
  result.unexpectedExits = serve.unexpectedExits;
  result.tiktokPosts = emu.posts.length;
  result.inits = emu.state.inits.length;
  result.duplicate = emu.posts.length > 1;
  const wrong = [
    ...emu.state.inits.filter((i) => i.uploadComplete && (i.uploadedBytes !== video.size || i.sha256 !== video.sha256)).map((i) => `upload ${i.publishId}: ${i.uploadedBytes} bytes, sha256 ${i.sha256?.slice(0, 12)}`),
    ...emu.posts.filter((p) => p.sha256 !== video.sha256 || p.videoSize !== video.size).map((p) => `post ${p.publishId}: sha256 ${p.sha256?.slice(0, 12)}`),
  ];
  result.mismatch = wrong.length ? wrong.join('; ') : null;
  if (result.outcome === 'published' && emu.posts.length === 0) result.disagreement = 'Clipdesk says published; TikTok has no post';
  if (result.outcome === 'failed' && emu.posts.length > 0) result.disagreement = `Clipdesk says failed (${post?.publish?.failure?.code ?? '?'}); TikTok published it`;
  const output = serve.stderr();
  result.leak = emu.state.tokens.some((t) => output.includes(t.accessToken) || output.includes(t.refreshToken)) || output.includes('upload_token=');
  if (result.outcome === 'lost' || result.failure || result.disagreement) {
    const tail = output.slice(-1500).trim();
    result.note = [result.note, post ? `post ${post.state}: ${post.publish?.detail ?? post.publish?.failure?.message ?? ''}` : null, tail ? `serve said: ${tail}` : null].filter(Boolean).join(' | ');
  }
  result.ms = Date.now() - t0;
  if (options.verbose) {
    for (const r of emu.requests) result.timeline.push(`${((r.at - t0) / 1000).toFixed(1)} s   TikTok: ${r.method} ${r.path.replace(/^\/upload\/.*/, '/upload/…')} → ${r.status}`);
    result.timeline.sort((a, b) => parseFloat(a) - parseFloat(b));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  return result;
}

function describeResult(r: TrialResult, verbose: boolean): string {
  const problems = [
    r.duplicate ? `DUPLICATE (${r.tiktokPosts} posts at TikTok)` : null,
    r.outcome === 'lost' ? 'LOST' : null,
    r.mismatch ? `BYTE MISMATCH ${r.mismatch}` : null,
    r.disagreement ? `DISAGREEMENT ${r.disagreement}` : null,
    r.leak ? 'TOKEN IN OUTPUT' : null,
    r.failure ? `HARNESS: ${r.failure}` : null,
  ].filter(Boolean);
  const exact = r.plan.exact ? (r.exactHit ? ' (exact point hit)' : ' (exact point not reached)') : '';
  const timeline = verbose || problems.length ? `\n    ${r.timeline.join('\n    ')}` : '';
  return (
    `trial ${r.plan.index} [seed ${r.plan.seed}] ${describePlan(r.plan)}${exact}: ${r.kills} kill(s), ${r.reconnects} reconnect(s) → ${r.outcome} in ${(r.ms / 1000).toFixed(1)} s; ` +
    `TikTok: ${r.tiktokPosts} post(s), ${r.inits} init(s)${problems.length ? ` — ${problems.join('; ')}` : ''}${problems.length && r.note ? `\n    ${r.note}` : ''}${timeline}`
  );
}

export function failedChecks(r: CampaignReport): number {
  return r.duplicates + r.lost + r.mismatches + r.disagreements + r.leaks;
}

export function formatReport(r: CampaignReport): string {
  const minutes = Math.floor(r.durationMs / 60_000);
  const seconds = Math.round((r.durationMs % 60_000) / 1000);
  const exact = Object.entries(r.exactKills)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `Crash campaign: ${r.trials} trials, seed ${r.seed}, ${minutes} min ${seconds} s`,
    `  kills (SIGKILL on the serve's process group): ${r.kills} — random ${r.randomKills}, exact ${r.kills - r.randomKills} (${exact || 'none'}); exact points not reached: ${r.exactMissed}`,
    `  restarts: ${r.restarts}, reconnects of the same TikTok user: ${r.reconnects}, serve exits of its own: ${r.unexpectedExits}`,
    `  outcomes: published ${r.published}, failed ${r.failed}, never ended ${r.lost}`,
    `  duplicates: ${r.duplicates}   lost: ${r.lost}   byte mismatches: ${r.mismatches}   disagreements: ${r.disagreements}   tokens in output: ${r.leaks}`,
    failedChecks(r) === 0 ? '  PASS' : '  FAIL',
  ].join('\n');
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const bounds = { trialBoundMs: options.trialBoundMs ?? 150_000, maxStarts: options.maxStarts ?? 12, verbose: options.verbose === true };
  const work = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-chaos-'));
  const t0 = Date.now();
  const videos = Object.fromEntries(
    (Object.keys(SIZES) as SizeName[]).map((name) => {
      const file = readyVideo(work, SIZES[name], `${name}.mp4`);
      return [name, { file, sha256: sha256(file), size: SIZES[name] }];
    }),
  ) as Record<SizeName, { file: string; sha256: string; size: number }>;
  const emu = await startTikTokEmulator();
  const results: TrialResult[] = [];
  try {
    const indexes = options.only ?? Array.from({ length: options.trials }, (_, i) => i);
    for (const i of indexes) {
      const plan = planTrial(i, options.seed);
      const r = await runTrial(emu, plan, videos[plan.size], work, bounds);
      results.push(r);
      log(describeResult(r, options.verbose === true));
    }
  } finally {
    await emu.close();
    if (!options.workDir) fs.rmSync(work, { recursive: true, force: true });
  }
  const exactKills: Record<string, number> = {};
  for (const r of results) {
    if (!r.plan.exact || !r.exactHit) continue;
    const key = r.plan.exact.at === 'chunk' ? `chunk ${r.plan.exact.index} ${r.plan.exact.when}` : r.plan.exact.at;
    exactKills[key] = (exactKills[key] ?? 0) + 1;
  }
  const sum = (f: (r: TrialResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const report: CampaignReport = {
    trials: results.length,
    seed: options.seed,
    durationMs: Date.now() - t0,
    kills: sum((r) => r.kills),
    randomKills: sum((r) => r.kills - (r.exactHit ? 1 : 0)),
    exactKills,
    exactMissed: results.filter((r) => r.plan.exact && !r.exactHit).length,
    restarts: sum((r) => r.restarts),
    reconnects: sum((r) => r.reconnects),
    unexpectedExits: sum((r) => r.unexpectedExits),
    published: results.filter((r) => r.outcome === 'published').length,
    failed: results.filter((r) => r.outcome === 'failed').length,
    duplicates: results.filter((r) => r.duplicate).length,
    lost: results.filter((r) => r.outcome === 'lost').length,
    mismatches: results.filter((r) => r.mismatch).length,
    disagreements: results.filter((r) => r.disagreement).length,
    leaks: results.filter((r) => r.leak).length,
    results,
  };
  log(formatReport(report));
  return report;
}
