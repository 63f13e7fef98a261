// Spreading several videos: the posting times as the creator types them, which selected clips
// can be posted and as what, and the first day's start in the creator's zone.
import { describe, expect, it } from 'vitest';
import type { Clip, Render } from '../../src-shared/media/library';
import { parseSlotList, SpreadInputSchema } from '../../src-shared/schedule/spread';
import { postableVideos, spreadItems } from '../../src-renderer/src/lib/postable-videos';
import { firstDayStart } from '../../src-renderer/src/lib/schedule-time';

describe('parseSlotList', () => {
  it('reads times however they are separated, sorted and each once', () => {
    expect(parseSlotList('18:00, 12:00')).toEqual({ ok: true, slots: ['12:00', '18:00'] });
    expect(parseSlotList(' 9:30  18 ;9.30, 7h15')).toEqual({ ok: true, slots: ['07:15', '09:30', '18:00'] });
  });

  it('names the part that is not a time', () => {
    expect(parseSlotList('12:00, 25:00')).toEqual({ ok: false, problem: '"25:00" is not a time of day; use HH:MM on a 24-hour clock, e.g. 18:00.' });
    expect(parseSlotList('noon')).toMatchObject({ ok: false, problem: expect.stringContaining('"noon"') });
    expect(parseSlotList('12:60')).toMatchObject({ ok: false });
    expect(parseSlotList('  ')).toEqual({ ok: false, problem: 'Give at least one time of day, e.g. 12:00, 18:00.' });
  });
});

describe('the spread request', () => {
  const base = { items: [{ clipId: 'c1', caption: '' }], accountId: 'a1', slots: ['12:00'], timeZone: 'Europe/Berlin' };
  it('needs the TikTok choices only to create, not to preview', () => {
    expect(SpreadInputSchema.safeParse({ ...base, preview: true }).success).toBe(true);
    expect(SpreadInputSchema.safeParse({ ...base, preview: false }).error?.issues[0]?.message).toBe('Choose the post settings before scheduling.');
  });
  it('refuses an unknown zone and a video given two ways', () => {
    expect(SpreadInputSchema.safeParse({ ...base, timeZone: 'Mars/Olympus', preview: true }).success).toBe(false);
    expect(SpreadInputSchema.safeParse({ ...base, items: [{ clipId: 'c1', renderId: 'r1', caption: '' }], preview: true }).success).toBe(false);
  });
  it('refuses the same video twice in one batch (each is posted once)', () => {
    const twice = [
      { clipId: 'c1', caption: 'once' },
      { clipId: 'c1', caption: 'twice' },
    ];
    expect(SpreadInputSchema.safeParse({ ...base, items: twice, preview: true }).error?.issues[0]?.message).toBe('The same video is in the batch twice; each video is posted once.');
    // A clip and a render of it are different videos.
    expect(SpreadInputSchema.safeParse({ ...base, items: [{ clipId: 'c1', caption: '' }, { renderId: 'c1', caption: '' }], preview: true }).success).toBe(true);
  });
});

const clip = (id: string, over: Partial<Clip> = {}): Clip =>
  ({ id, fileName: `${id}.mp4`, state: 'ready', readiness: { verdict: 'needs_render' }, media: { durationSec: 12 }, updatedAt: '2026-11-24T00:00:00.000Z', ...over }) as unknown as Clip;
const render = (id: string, clipId: string, createdAt: string, over: Partial<Render> = {}): Render =>
  ({ id, clipId, state: 'succeeded', outputPath: `/r/${id}.mp4`, createdAt, output: { durationSec: 11 }, recipe: { coverSec: 1.5 }, ...over }) as unknown as Render;

describe('postableVideos', () => {
  it("posts each clip's newest finished render, a TikTok-ready clip as it is, and names the rest", () => {
    const clips = [clip('a'), clip('b', { readiness: { verdict: 'fits' } } as Partial<Clip>), clip('c')];
    const renders = [
      render('a-old', 'a', '2026-11-20T00:00:00Z'),
      render('a-new', 'a', '2026-11-23T00:00:00Z', { recipe: { coverSec: null } } as Partial<Render>),
      render('a-failed', 'a', '2026-11-24T00:00:00Z', { state: 'failed', outputPath: null }),
      render('c-running', 'c', '2026-11-24T00:00:00Z', { state: 'running', outputPath: null }),
    ];
    const { videos, notReady } = postableVideos(clips, renders);
    expect(videos).toEqual([
      { renderId: 'a-new', sourceClipId: 'a', name: 'a.mp4', durationSec: 11, coverTimestampMs: null, version: '2026-11-24T00:00:00.000Z' },
      { clipId: 'b', sourceClipId: 'b', name: 'b.mp4', durationSec: 12, coverTimestampMs: null, version: '2026-11-24T00:00:00.000Z' },
    ]);
    expect(notReady).toEqual(['c.mp4']);
    expect(spreadItems(videos, ['one', 'two'])).toEqual([
      { renderId: 'a-new', caption: 'one', coverTimestampMs: null },
      { clipId: 'b', caption: 'two', coverTimestampMs: null },
    ]);
  });

  it("sends a render's chosen cover frame in ms", () => {
    expect(postableVideos([clip('a')], [render('r', 'a', '2026-11-23T00:00:00Z')]).videos[0]?.coverTimestampMs).toBe(1500);
  });
});

describe('firstDayStart', () => {
  it("is the day's midnight in the creator's zone, also on a clock-change day", () => {
    expect(firstDayStart('2026-11-24', 'Europe/Berlin')).toBe('2026-11-23T23:00:00.000Z');
    expect(firstDayStart('2026-03-29', 'Europe/Berlin')).toBe('2026-03-28T23:00:00.000Z');
    expect(firstDayStart('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(firstDayStart('24.11.2026', 'Europe/Berlin')).toBeNull();
  });
});
