// The schedule and my-data UI's pure parts: the grace window as a field and in words, the
// retention choices, sizes, which posts may be rescheduled or published now, and the Activity
// filters as the request the core takes — which must pass the contract.
import { describe, expect, it } from 'vitest';
import { commands } from '../../src-shared/contract';
import type { PostState } from '../../src-shared/posts/lifecycle';
import { isHeldMissed } from '../../src-shared/posts/missed-post';
import type { HoldReason } from '../../src-shared/posts/post';
import { SettingsPatchSchema } from '../../src-shared/settings';
import {
  ACTION_FAMILIES,
  activityRequest,
  canReschedule,
  countWords,
  csvFileName,
  durationMinutesWords,
  entryPassesFilters,
  graceFromField,
  graceToField,
  graceWords,
  hasFilters,
  LOG_RETENTION_CHOICES,
  localDayBound,
  MEDIA_RETENTION_CHOICES,
  NO_FILTERS,
  rescheduledNote,
  retentionFromValue,
  retentionOptions,
  retentionValue,
  retentionWords,
  sizeWords,
} from '../../src-renderer/src/lib/schedule-ui';

describe('the missed-post grace window', () => {
  it('shows whole hours as hours, anything else as minutes', () => {
    expect(graceToField(120)).toEqual({ amount: '2', unit: 'hours' });
    expect(graceToField(90)).toEqual({ amount: '90', unit: 'minutes' });
    expect(graceToField(0)).toEqual({ amount: '0', unit: 'minutes' });
  });

  it('reads the field back as minutes, refusing what the setting cannot hold', () => {
    expect(graceFromField('2', 'hours')).toEqual({ ok: true, minutes: 120 });
    expect(graceFromField('1.5', 'hours')).toEqual({ ok: true, minutes: 90 });
    expect(graceFromField(' 45 ', 'minutes')).toEqual({ ok: true, minutes: 45 });
    expect(graceFromField('0', 'hours')).toEqual({ ok: true, minutes: 0 });
    for (const bad of ['', 'abc', '-5', '1e3']) expect(graceFromField(bad, 'minutes').ok, bad).toBe(false);
    const tooLong = graceFromField('200', 'hours');
    expect(tooLong.ok).toBe(false);
    if (!tooLong.ok) expect(tooLong.problem).toMatch(/7 days/);
    // Every accepted value passes the settings schema.
    for (const [amount, unit] of [['168', 'hours'], ['0', 'minutes'], ['59', 'minutes']] as const) {
      const r = graceFromField(amount, unit);
      expect(r.ok).toBe(true);
      if (r.ok) expect(SettingsPatchSchema.safeParse({ missedGraceMinutes: r.minutes }).success).toBe(true);
    }
  });

  it('says what the window means, and that 0 never publishes late', () => {
    expect(graceWords(0)).toMatch(/never sent late; it always waits for you/);
    expect(graceWords(120)).toBe('Now: a missed post goes out up to 2 hours late; later than that, it waits for you.');
    expect(durationMinutesWords(1)).toBe('1 minute');
    expect(durationMinutesWords(90)).toBe('1 hour 30 minutes');
    expect(durationMinutesWords(48 * 60)).toBe('2 days');
    expect(durationMinutesWords(30 * 60)).toBe('30 hours');
  });
});

describe('retention', () => {
  it('offers keep and standard choices in order, with an unusual current value among them', () => {
    expect(retentionOptions(30, MEDIA_RETENTION_CHOICES)).toEqual([null, 1, 7, 14, 30, 90, 365]);
    expect(retentionOptions(45, MEDIA_RETENTION_CHOICES)).toEqual([null, 1, 7, 14, 30, 45, 90, 365]);
    expect(retentionWords(null, 'media')).toBe('Keep');
    expect(retentionWords(null, 'log')).toBe('Keep forever');
    expect(retentionWords(1, 'media')).toBe('1 day');
    expect(retentionWords(730, 'log')).toBe('2 years');
  });

  it('round-trips through the select’s values, and every choice passes the settings schema', () => {
    for (const days of MEDIA_RETENTION_CHOICES) {
      expect(retentionFromValue(retentionValue(days))).toBe(days);
      expect(SettingsPatchSchema.safeParse({ mediaRetentionDays: days }).success, String(days)).toBe(true);
    }
    for (const days of LOG_RETENTION_CHOICES) expect(SettingsPatchSchema.safeParse({ logRetentionDays: days }).success, String(days)).toBe(true);
  });
});

describe('sizes and counts', () => {
  it('in human units', () => {
    expect(sizeWords(null)).toBe('—');
    expect(sizeWords(0)).toBe('Empty');
    expect(sizeWords(512)).toBe('512 bytes');
    expect(sizeWords(1536)).toBe('1.5 KB');
    expect(sizeWords(5 * 1024 * 1024 * 1024)).toBe('5 GB');
    expect(countWords(null)).toBeNull();
    expect(countWords(1)).toBe('1 item');
    expect(countWords(12345)).toBe('12,345 items');
  });
});

describe('a post held for missing its time', () => {
  const hold = (reason: HoldReason) => ({ reason });
  const post = (over: object) => ({ state: 'scheduled', hold: hold('missed'), ...over });
  it('is recognised by its hold’s typed reason, never by words', () => {
    expect(isHeldMissed(post({}))).toBe(true);
    expect(isHeldMissed(post({ hold: hold('paused') }))).toBe(false);
    expect(isHeldMissed(post({ hold: hold('daily_cap') }))).toBe(false);
    expect(isHeldMissed(post({ state: 'failed' }))).toBe(false);
    expect(isHeldMissed(post({ hold: null, publish: { detail: 'It missed its time (…) by 3 h' } }))).toBe(false);
  });

  it('can be rescheduled, like any scheduled post that has not started', () => {
    expect(canReschedule(movable({}))).toBe(true);
    expect(canReschedule(movable({ publish: null }))).toBe(true);
    expect(canReschedule(movable({ publish: { phase: 'uploading' } }))).toBe(false);
    expect(canReschedule(movable({ state: 'published', publish: { phase: 'published' } }))).toBe(false);
  });

  it('a post waiting for its go-ahead can move too (its approval moves with it), but not once decided', () => {
    const waiting = (approval: { status: string } | null) => movable({ state: 'awaiting_approval', publish: null, approval });
    expect(canReschedule(waiting({ status: 'pending' }))).toBe(true);
    expect(canReschedule(waiting({ status: 'approved' }))).toBe(false);
    expect(canReschedule(waiting(null))).toBe(false);
    expect(rescheduledNote({ state: 'awaiting_approval' }, 'clip.mp4')).toBe('clip.mp4 still needs an approval before it is published.');
    expect(rescheduledNote({ state: 'scheduled' }, 'clip.mp4')).toBe('clip.mp4 goes out at its new time.');
  });
});

/** What canReschedule reads of a post: by default a scheduled one waiting for its time. */
function movable(over: { state?: PostState; publish?: { phase: string } | null; approval?: { status: string } | null }) {
  return { state: 'scheduled' as PostState, publish: { phase: 'waiting' }, approval: null, ...over };
}

describe('the Activity filters', () => {
  it('ask for nothing when nothing is chosen', () => {
    expect(activityRequest(NO_FILTERS)).toEqual({});
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, query: '   ' })).toBe(false);
  });

  it('map families to action prefixes, the actor and a whole-day local range', () => {
    const req = activityRequest({ query: ' maria ', families: ['posts', 'accounts', 'library'], actor: 'telegram', from: '2026-05-01', to: '2026-05-04' });
    expect(req.query).toBe('maria');
    expect(req.actions).toEqual(['post.', 'account', 'tiktok.', 'clip.', 'library.']);
    expect(req.actor).toBe('telegram');
    expect(req.from).toMatch(/^2026-05-01T00:00:00\.000[+-]\d{2}:\d{2}$/);
    expect(req.to).toMatch(/^2026-05-04T23:59:59\.999[+-]\d{2}:\d{2}$/);
    expect(new Date(req.from!).getDate()).toBe(1);
    expect(new Date(req.to!).getDate()).toBe(4);
    // The contract takes it, for the list (with paging) and the CSV alike.
    expect(commands['activity.exportCsv'].input.safeParse(req).success).toBe(true);
    expect(commands['activity.list'].input.safeParse({ ...req, limit: 50, beforeId: 9 }).success).toBe(true);
  });

  it('every family at once stays within the contract’s limits', () => {
    const req = activityRequest({ ...NO_FILTERS, families: ACTION_FAMILIES.map((f) => f.id) });
    expect(commands['activity.exportCsv'].input.safeParse(req).success).toBe(true);
  });

  it('drop a malformed date rather than send it', () => {
    expect(localDayBound('2026-02-31', false)).toBeNull();
    expect(localDayBound('yesterday', true)).toBeNull();
    expect(activityRequest({ ...NO_FILTERS, from: 'nope' })).toEqual({});
  });

  it('tell whether a live entry belongs in the filtered list, as the core would', () => {
    const entry = { at: '2026-05-02T12:00:00.000Z', actor: 'telegram:501', action: 'post.approve' };
    expect(entryPassesFilters(entry, NO_FILTERS)).toBe(true);
    expect(entryPassesFilters(entry, { ...NO_FILTERS, families: ['posts'], actor: 'telegram' })).toBe(true);
    expect(entryPassesFilters(entry, { ...NO_FILTERS, families: ['renders'] })).toBe(false);
    expect(entryPassesFilters(entry, { ...NO_FILTERS, actor: 'app' })).toBe(false);
    // A rule's entries are rule:<name>: the Rules filter finds them all; the App filter none.
    const retention = { ...entry, actor: 'rule:retention' };
    expect(entryPassesFilters(retention, { ...NO_FILTERS, actor: 'rule' })).toBe(true);
    expect(entryPassesFilters(retention, { ...NO_FILTERS, actor: 'app' })).toBe(false);
    expect(entryPassesFilters({ ...entry, actor: 'browser' }, { ...NO_FILTERS, actor: 'browser' })).toBe(true);
    expect(entryPassesFilters(entry, { ...NO_FILTERS, from: '2026-05-10' })).toBe(false);
    expect(entryPassesFilters(entry, { ...NO_FILTERS, to: '2026-04-30' })).toBe(false);
  });

  it('name the CSV after today', () => {
    expect(csvFileName(new Date(2026, 4, 4, 9, 30))).toBe('clipdesk-activity-2026-05-04.csv');
  });
});
