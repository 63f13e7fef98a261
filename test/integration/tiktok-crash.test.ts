// Exactly once through crashes (docs/architecture.md §2): the real `clipdesk serve` is killed
// with SIGKILL (its whole process group, as an OS would) at each step of publishing — before
// init, during init, after init, mid-upload, after the last chunk, while polling — then started
// again on the same data folder. Each case must end with exactly one post at TikTok.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Clip } from '../../src-shared/media/library';
import type { PostSummary } from '../../src-shared/posts/post';
import type { Account } from '../../src-shared/tiktok/accounts';
import { apiClient, type ApiClient } from '../support/api-client';
import { waitFor } from '../support/core-harness';
import { ROOT, startServe, tempDataDir, type ServeProcess } from '../support/serve-process';
import { useTempDirs } from '../support/temp-dir';
import { DIRECT_SELF_ONLY, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';
import type { TikTokEmulator } from '../emulators/tiktok';

const emulator = useTikTokEmulator();
const tempDir = useTempDirs('clipdesk-tiktok-crash-');
const running: ServeProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'out/main/cli.js'))) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
});

const SIZE = 75_000_123; // 7 chunks

async function start(dataDir: string, emu: TikTokEmulator): Promise<{ host: ServeProcess; api: ApiClient }> {
  const host = await startServe({ dataDir, detached: true, env: tiktokEnv(emu) });
  running.push(host);
  return { host, api: await apiClient(host) };
}

async function kill(host: ServeProcess, api: ApiClient): Promise<void> {
  api.close();
  process.kill(-(host.child.pid as number), 'SIGKILL');
  await host.stop();
}

/** Connect, import, create the post; `when` defaults to now. */
async function prepare(api: ApiClient, file: string, publishAt = 'now'): Promise<string> {
  const account = await api.call<Account>('accounts.connect', {});
  const { added } = await api.call<{ added: Clip[] }>('library.import', { paths: [file] });
  const clipId = (added[0] as Clip).id;
  await waitFor(async () => (await api.call<Clip>('library.get', { id: clipId })).state === 'ready', 30_000, 'import');
  const post = await api.call<PostSummary>('posts.create', { clipId, accountId: account.id, caption: 'crash test', tiktok: DIRECT_SELF_ONLY, publishAt });
  return post.id;
}

async function published(api: ApiClient, postId: string): Promise<PostSummary> {
  return waitFor(async () => {
    const p = await api.call<PostSummary>('posts.get', { id: postId });
    return p.state === 'published' || p.state === 'failed' ? p : undefined;
  }, 90_000, 'the post to end after the restart');
}

const cases: { name: string; arrange?: (emu: TikTokEmulator) => void; publishAt?: () => string; killWhen: (emu: TikTokEmulator) => boolean; afterKill?: (emu: TikTokEmulator) => void }[] = [
  {
    name: 'before init (scheduled, not yet due)',
    publishAt: () => new Date(Date.now() + 2_500).toISOString(),
    killWhen: () => true,
  },
  {
    name: 'during init (TikTok may have made an upload the app never heard of)',
    arrange: (emu) => emu.fault({ endpoint: 'init', kind: 'slow', ms: 4_000 } as never),
    killWhen: (emu) => emu.requests.length > 0 && emu.pendingFaults().length === 0,
  },
  {
    name: 'after init, before the first chunk is accepted',
    arrange: (emu) => emu.fault({ endpoint: 'upload', chunk: 0, kind: 'slow', ms: 4_000 } as never),
    killWhen: (emu) => emu.state.inits.length === 1 && emu.pendingFaults().length === 0,
  },
  {
    name: 'mid-upload',
    arrange: (emu) => emu.fault({ endpoint: 'upload', chunk: 3, kind: 'slow', ms: 4_000 } as never),
    killWhen: (emu) => (emu.state.inits[0]?.uploadedBytes ?? 0) >= 30_000_000,
  },
  {
    name: 'after the last chunk was accepted but its answer was lost',
    arrange: (emu) => emu.fault({ endpoint: 'upload', chunk: 6, kind: 'drop', afterBytes: 1e12 } as never),
    killWhen: (emu) => emu.state.inits[0]?.uploadComplete === true,
  },
  {
    name: 'while polling the status',
    arrange: (emu) => {
      emu.state.processingPolls = 1_000;
    },
    killWhen: (emu) => emu.requests.some((r) => r.path === '/v2/post/publish/status/fetch/' && r.status === 200),
    afterKill: (emu) => {
      emu.state.processingPolls = 0;
    },
  },
];

describe('a crash while publishing', () => {
  it.each(cases)('killed $name: after a restart the video is on TikTok exactly once', async (c) => {
    const emu = emulator();
    emu.addUser({ displayName: 'Crash Tester' });
    const dataDir = tempDataDir('clipdesk-tiktok-crash-data-');
    const file = readyVideo(tempDir(), SIZE);
    const first = await start(dataDir, emu);
    c.arrange?.(emu);
    const postId = await prepare(first.api, file, c.publishAt?.() ?? 'now');
    await waitFor(() => c.killWhen(emu), 60_000, `the moment to kill (${c.name})`);
    await kill(first.host, first.api);
    c.afterKill?.(emu);
    // Nothing may have been published by the killed process beyond this one post.
    expect(emu.posts.length).toBeLessThanOrEqual(1);

    const second = await start(dataDir, emu);
    const done = await published(second.api, postId);
    second.api.close();
    expect(done.state).toBe('published');
    expect(emu.posts).toHaveLength(1);
    expect(emu.state.inits.filter((i) => i.uploadComplete)).toHaveLength(1);
    // Neither process wrote a token or an upload link to its output.
    const output = first.host.stderr() + second.host.stderr();
    for (const t of emu.state.tokens) {
      expect(output).not.toContain(t.accessToken);
      expect(output).not.toContain(t.refreshToken);
    }
    expect(output).not.toContain('upload_token=');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 150_000);
});
