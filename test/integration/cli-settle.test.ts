// `clipdesk posts settle ID --published|--failed [--note TEXT]` as a person uses it: two posts
// TikTok has whole are left processing by a core in this process (the TikTok emulator never
// finishes them), their account is disconnected so nobody can ask TikTok about them, and the
// core is closed. Then the built CLI shows the way out and settles them — once with no Clipdesk
// running, once handed to a running `clipdesk serve` — and the activity log says who did it.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../src-shared/domain';
import type { PostSummary } from '../../src-shared/posts/post';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { apiClient } from '../support/api-client';
import { useCores, waitFor } from '../support/core-harness';
import { requireBuiltCli, runClipdesk, startServe, type ServeProcess } from '../support/serve-process';
import { useTempDirs } from '../support/temp-dir';
import { connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const tiktok = useTikTokEmulator();
const newCore = useCores('clipdesk-cli-settle-');
const tempDir = useTempDirs('clipdesk-cli-settle-media-');
const running: ServeProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
beforeAll(() => {
  requireBuiltCli();
});

async function dataWithUnknowablePosts() {
  const emu = tiktok();
  emu.addUser({ displayName: 'Terminal Tess', username: 'tess' });
  emu.state.processingPolls = 1_000_000;
  const env = tiktokEnv(emu);
  const h = newCore({ env, openExternal: createOpenBrowser(env) });
  const account = await connectAccount(h.core);
  const clipId = await importReady(h.core, readyVideo(tempDir(), 4_500_000));
  const make = (caption: string) => h.core.handlers['posts.create']({ clipId, accountId: account.id, caption, tiktok: DIRECT_SELF_ONLY, publishAt: 'now' });
  const first = await make('first');
  const second = await make('second');
  await waitFor(() => [first, second].every((p) => h.core.posts.get(p.id).state === 'processing'), 30_000, 'both posts processing');
  const waiting = await make('not yet sent');
  await h.core.handlers['posts.cancel']({ id: waiting.id }).catch(() => undefined);
  await h.core.handlers['accounts.disconnect']({ id: account.id });
  await h.core.close();
  return { emu, env, dataDir: h.dataDir, first, second, waiting };
}

describe('clipdesk posts settle', () => {
  it('shows the way out, refuses unclear flags and unsettleable posts, and settles — recorded as the terminal', async () => {
    const { emu, env, dataDir, first, second, waiting } = await dataWithUnknowablePosts();
    const clipdesk = (args: string[]) => runClipdesk(args, dataDir, env);

    const show = await clipdesk(['posts', 'show', first.id]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/Settle:\n {2}TikTok has the video, but its account is no longer connected/);
    expect(show.stdout).toContain(`clipdesk posts settle ${first.id} --published   (or --failed)`);

    for (const args of [['posts', 'settle', first.id], ['posts', 'settle', first.id, '--published', '--failed'], ['posts', 'settle', '--failed']]) {
      const unclear = await clipdesk(args);
      expect(unclear.code, args.join(' ')).toBe(2);
      expect(unclear.stderr).toMatch(/^clipdesk posts settle: /);
    }
    const unknown = await clipdesk(['posts', 'settle', 'no-such-post', '--failed']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('There is no post with the id "no-such-post". See the ids with: clipdesk posts list');
    const notAtTikTok = await clipdesk(['posts', 'settle', waiting.id, '--published']);
    expect(notAtTikTok.code).toBe(1);
    expect(notAtTikTok.stderr).toMatch(/^clipdesk posts settle: .*(not with TikTok|nothing more can happen)/);

    // With no Clipdesk running: the CLI opens the data folder itself.
    const failed = await clipdesk(['posts', 'settle', first.id, '--failed', '--note', 'not on my profile']);
    expect(failed.stderr).toBe('');
    expect(failed.code).toBe(0);
    expect(failed.stdout).toMatch(new RegExp(`^Post ${first.id} is marked failed`));
    const again = await clipdesk(['posts', 'settle', first.id, '--published']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already marked failed/);

    // With Clipdesk running: the command is handed to it.
    const host = await startServe({ dataDir, env });
    running.push(host);
    const published = await clipdesk(['posts', 'settle', second.id, '--published', '--json']);
    expect(published.code).toBe(0);
    expect((JSON.parse(published.stdout) as PostSummary).state).toBe('published');

    const api = await apiClient(host);
    const log = await api.call<ActivityEntry[]>('activity.list', { actions: ['post.settle'] });
    api.close();
    expect(log.map((e) => [e.subject, e.action, e.actor])).toEqual(
      expect.arrayContaining([
        [first.id, 'post.settle_failed', 'cli'],
        [second.id, 'post.settle_published', 'cli'],
      ]),
    );
    expect(log.find((e) => e.subject === first.id)?.detail).toMatch(/not on my profile/);
    const shown = await clipdesk(['posts', 'show', second.id]);
    expect(shown.stdout).toMatch(/Marked published after checking TikTok — you in the terminal/);
    expect(shown.stdout).not.toContain('Settle:');
    // Nothing was sent to TikTok again.
    expect(emu.state.inits).toHaveLength(2);
  }, 120_000);
});
