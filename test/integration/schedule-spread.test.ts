// Spreading several videos over posting slots (posts.spread): a preview first that creates
// nothing, then posts at exactly the previewed times in the creator's zone, days already at
// TikTok's daily cap skipped and said, slots another post holds skipped, a bad video refusing the
// whole batch, and the spread posts publishing at their times, once. Real TikTok emulator,
// controlled clock.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { instantOf, wallClockAt } from '../../src-shared/time/zoned-time';
import { createOpenBrowser } from '../../src-main/core/system/open-browser';
import { DAILY_POST_CAP } from '../../src-shared/schedule/daily-cap';
import { runUntil, settle, useCores, waitFor } from '../support/core-harness';
import { fakeClock } from '../support/fake-clock';
import { useTempDirs } from '../support/temp-dir';
import { connectAccount, DIRECT_SELF_ONLY, importReady, readyVideo, tiktokEnv, useTikTokEmulator } from '../support/tiktok-harness';

const tiktok = useTikTokEmulator();
const newCore = useCores('clipdesk-spread-');
const tempDir = useTempDirs('clipdesk-spread-media-');
const ZONE = 'Europe/Berlin';

async function setup(startAt = Date.now()) {
  const tt = tiktok();
  tt.addUser({ displayName: 'Maria Bakes', username: 'maria' });
  const clock = fakeClock(startAt);
  const env = tiktokEnv(tt);
  const h = newCore({ env, openExternal: createOpenBrowser(env), clock, uploadRetryDelayMs: () => 50 });
  const account = await connectAccount(h.core);
  // Five different videos (a batch posts each video once): the same clip, each with its own padding.
  const dir = tempDir();
  const baseBytes = fs.statSync(readyVideo(dir, undefined, 'base.mp4')).size;
  const clipIds: string[] = [];
  for (let i = 0; i < 5; i++) clipIds.push(await importReady(h.core, readyVideo(dir, baseBytes + 64, `video-${i}.mp4`)));
  const clipId = clipIds[0]!;
  // Tomorrow, 00:00 in Berlin: the first day of every plan below.
  const now = wallClockAt(clock.now(), ZONE);
  const day = (offset: number) => new Date(Date.UTC(now.year, now.month - 1, now.day + 1 + offset));
  const at = (offset: number, hour: number, minute = 0): number => {
    const d = day(offset);
    return instantOf({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour, minute }, ZONE);
  };
  const dayKey = (offset: number) => day(offset).toISOString().slice(0, 10);
  const spread = (captions: readonly string[], slots: string[], preview: boolean) =>
    h.core.handlers['posts.spread']({
      items: captions.map((caption, i) => ({ clipId: clipIds[i]!, caption })),
      accountId: account.id,
      tiktok: DIRECT_SELF_ONLY,
      slots,
      timeZone: ZONE,
      from: new Date(at(0, 0)).toISOString(),
      preview,
    });
  return { tt, h, clock, account, clipId, clipIds, at, dayKey, spread };
}

const FIVE = ['Monday loaf', 'Rye', 'Focaccia 🍞', 'Baguette', 'Croissants'];

describe('spreading clips over posting slots', () => {
  it('previews five clips over 12:00 and 18:00 without creating anything, then creates them at exactly those times', async () => {
    const { h, at, spread } = await setup();
    const expected = [at(0, 12), at(0, 18), at(1, 12), at(1, 18), at(2, 12)].map((t) => new Date(t).toISOString());

    const preview = await spread(FIVE, ['18:00', '12:00'], true);
    expect(preview.times).toEqual(expected);
    expect(preview).toMatchObject({ fullDays: [], busySlots: [], cappedSlots: [], posts: [], dailyCap: DAILY_POST_CAP });
    expect(h.core.posts.list()).toHaveLength(0);

    const made = await spread(FIVE, ['18:00', '12:00'], false);
    expect(made.times).toEqual(expected);
    expect(made.posts.map((p) => [p.caption, p.state, p.scheduledAt])).toEqual(FIVE.map((c, i) => [c, 'scheduled', expected[i]]));
    expect(h.core.audit.list({ actions: ['post.created'] })).toHaveLength(5);
  });

  it('skips a slot another post of the account holds, and says which', async () => {
    const { h, clipId, account, at, spread } = await setup();
    await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: 'Already there', tiktok: DIRECT_SELF_ONLY, publishAt: new Date(at(0, 18)).toISOString() });
    const plan = await spread(['a', 'b', 'c'], ['12:00', '18:00'], true);
    expect(plan.busySlots).toEqual([new Date(at(0, 18)).toISOString()]);
    expect(plan.times).toEqual([at(0, 12), at(1, 12), at(1, 18)].map((t) => new Date(t).toISOString()));
  });

  it("skips a day already at TikTok's daily cap and names it", async () => {
    const { h, clipId, account, at, dayKey, spread } = await setup();
    // Fill tomorrow: the cap's worth of posts, one every 30 minutes from 08:00.
    for (let i = 0; i < DAILY_POST_CAP; i++) {
      const t = at(0, 8 + Math.floor(i / 2), i % 2 ? 30 : 0);
      await h.core.handlers['posts.create']({ clipId, accountId: account.id, caption: `filler ${i}`, tiktok: DIRECT_SELF_ONLY, publishAt: new Date(t).toISOString() });
    }
    expect(h.core.posts.list({ states: ['scheduled'] })).toHaveLength(DAILY_POST_CAP);

    const plan = await spread(['next'], ['20:00'], true);
    expect(plan.fullDays).toEqual([dayKey(0)]);
    expect(plan.times).toEqual([new Date(at(1, 20)).toISOString()]);
  });

  it('refuses the whole batch when one video cannot be posted, and creates none', async () => {
    const { h, clipId, account, spread } = await setup();
    const bad = h.core.handlers['posts.spread']({
      items: [
        { clipId, caption: 'fine' },
        { renderId: 'no-such-render', caption: 'gone' },
      ],
      accountId: account.id,
      tiktok: DIRECT_SELF_ONLY,
      slots: ['12:00'],
      timeZone: ZONE,
      preview: false,
    });
    await expect(bad).rejects.toMatchObject({ message: expect.stringMatching(/^Video 2: /) });
    // A caption over TikTok's limit is caught before anything is made, too.
    await expect(spread(['ok', 'x'.repeat(2201)], ['12:00'], false)).rejects.toMatchObject({ message: 'Video 2: The caption is 1 character too long for TikTok: remove 1 to post.' });
    // And a caption with a lone UTF-16 surrogate (it would be stored as "�").
    await expect(spread(['ok', 'fine', 'cut \udf1e'], ['12:00'], false)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^Video 3: The caption has a broken character/) });
    expect(h.core.posts.list()).toHaveLength(0);
  });

  it('with approvals on, each spread post waits for its go-ahead at its own time, and the desk is told once', async () => {
    const { h, at, spread } = await setup();
    await h.core.handlers['settings.update']({ requireApproval: true });
    const made = await spread(['one', 'two', 'three'], ['09:30'], false);
    expect(made.posts.map((p) => [p.state, p.scheduledAt])).toEqual([
      ['awaiting_approval', new Date(at(0, 9, 30)).toISOString()],
      ['awaiting_approval', new Date(at(1, 9, 30)).toISOString()],
      ['awaiting_approval', new Date(at(2, 9, 30)).toISOString()],
    ]);
    expect(h.notifications.filter((n) => /approval/.test(n.title))).toEqual([
      { title: '3 posts need your approval', body: expect.stringMatching(/^The first is due .+\. Approve them in Clipdesk\.$/) },
    ]);
  });

  it('makes nothing when the plan changed since the preview, and says so', async () => {
    const { h, clipIds, account, at, spread } = await setup();
    const preview = await spread(['a', 'b'], ['12:00'], true);
    // Meanwhile another post of the account takes the first slot.
    await h.core.handlers['posts.create']({ clipId: clipIds[4]!, accountId: account.id, caption: 'Sneaked in', tiktok: DIRECT_SELF_ONLY, publishAt: new Date(at(0, 12)).toISOString() });
    const stale = h.core.handlers['posts.spread']({
      items: [
        { clipId: clipIds[0]!, caption: 'a' },
        { clipId: clipIds[1]!, caption: 'b' },
      ],
      accountId: account.id,
      tiktok: DIRECT_SELF_ONLY,
      slots: ['12:00'],
      timeZone: ZONE,
      from: new Date(at(0, 0)).toISOString(),
      preview: false,
      expectTimes: preview.times,
    });
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('The times changed since they were shown') });
    expect(h.core.posts.list()).toHaveLength(1);
  });

  it('the spread posts publish at their own times, each once', async () => {
    const { tt, h, clock, at, spread } = await setup();
    const made = await spread(['first', 'second'], ['12:00'], false);
    clock.set(at(0, 12));
    await runUntil(h, clock, () => h.core.posts.get(made.posts[0]!.id).state === 'published', 'the first to be published');
    expect(h.core.posts.get(made.posts[0]!.id).state).toBe('published');
    expect(h.core.posts.get(made.posts[1]!.id).state).toBe('scheduled');
    expect(tt.posts).toHaveLength(1);
  });

  // The night the clocks go forward, in two zones: "12:00 every day" stays noon on the wall, so
  // the UTC instant moves by an hour — and the scheduler publishes at that instant, not an hour off.
  for (const { zone, saturday, before, after } of [
    { zone: 'Europe/Berlin', saturday: '2027-03-27T06:00:00Z', before: '2027-03-27T11:00:00.000Z', after: '2027-03-28T10:00:00.000Z' },
    { zone: 'America/New_York', saturday: '2027-03-13T12:00:00Z', before: '2027-03-13T17:00:00.000Z', after: '2027-03-14T16:00:00.000Z' },
  ]) {
    it(`across the spring-forward night in ${zone}, noon stays noon and each post goes at its own instant`, async () => {
      const { tt, h, clock, clipIds, account } = await setup(Date.parse(saturday));
      const made = await h.core.handlers['posts.spread']({
        items: [
          { clipId: clipIds[0]!, caption: 'Saturday' },
          { clipId: clipIds[1]!, caption: 'Sunday' },
        ],
        accountId: account.id,
        tiktok: DIRECT_SELF_ONLY,
        slots: ['12:00'],
        timeZone: zone,
        preview: false,
      });
      expect(made.times).toEqual([before, after]);
      const inits = () => tt.requests.filter((r) => r.path.includes('/post/publish/video/init/')).length;
      const runTo = async (at: number) => {
        clock.set(at);
        await settle(h);
      };
      await runTo(Date.parse(before) - 60_000);
      expect(inits()).toBe(0);
      await runTo(Date.parse(before));
      await waitFor(() => inits() === 1, 10_000, 'Saturday to start');
      // An hour before Sunday's noon — the instant it would have been without the clock change — nothing.
      await runTo(Date.parse(after) - 60_000);
      expect(inits()).toBe(1);
      await runTo(Date.parse(after));
      await waitFor(() => inits() === 2, 10_000, 'Sunday to start');
    });
  }
});