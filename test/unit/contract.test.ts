// The runtime half of the contract check (the type half is contract.test-d.ts): the routes serve
// exactly the contract's commands, and every command's input is strict about its keys.
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, commands, isCommandName, type CommandInput, type CommandName, type Handlers } from '../../src-shared/contract';
import { DEFAULT_RECIPE } from '../../src-shared/media/media-info';
import { buildRoutes } from '../../src-main/core/transport/routes';

// One valid input a command. Typed as a mapped type, so a new command fails to compile here
// until it gets an entry.
const VALID: { [K in CommandName]: CommandInput<K> } = {
  'app.info': {},
  'app.capabilities': {},
  'app.doctor': {},
  'settings.get': {},
  'settings.update': { publishingPaused: true },
  'posts.list': { states: ['ready'], limit: 10 },
  'activity.list': { query: 'x', beforeId: 5, limit: 10 },
  'posts.search': { query: 'beach', accountId: 'a1', states: ['published'], dateField: 'ended', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00+01:00', sort: 'newest', limit: 200, cursor: 'abc' },
  'posts.count': { query: 'beach', accountId: 'a1', states: ['scheduled'], dateField: 'scheduled', to: '2026-02-01T00:00:00+01:00' },
  'activity.search': { query: 'x', actions: ['post.'], cursor: 'abc', limit: 200 },
  'jobs.list': { states: ['queued'] },
  'jobs.cancel': { id: 'j1' },
  'jobs.retry': { id: 'j1' },
  'library.import': { paths: ['/videos/a.mp4'] },
  'library.list': { query: 'beach', states: ['ready'], offset: 0, limit: 50 },
  'library.get': { id: 'c1' },
  'assets.add': { path: '/pictures/logo.png' },
  'library.remove': { id: 'c1' },
  'render.start': { clipId: 'c1', recipe: DEFAULT_RECIPE },
  'render.list': { clipId: 'c1', limit: 10 },
  'render.cancel': { id: 'r1' },
  'render.retry': { id: 'r1' },
  'tiktok.setup.get': {},
  'tiktok.setup.set': { clientKey: 'aw123', clientSecret: 's3cret' },
  'tiktok.creatorInfo': { accountId: 'a1' },
  'accounts.list': {},
  'accounts.connect': {},
  'accounts.disconnect': { id: 'a1' },
  'posts.create': {
    renderId: 'r1',
    accountId: 'a1',
    caption: 'Hello #clipdesk',
    tiktok: {
      mode: 'direct',
      privacy: 'SELF_ONLY',
      allowComment: false,
      allowDuet: false,
      allowStitch: false,
      brandOrganic: false,
      brandContent: false,
      coverTimestampMs: null,
    },
    publishAt: 'now',
  },
  'posts.get': { id: 'p1' },
  'posts.retry': { id: 'p1' },
  'posts.cancel': { id: 'p1' },
  'posts.settle': { id: 'p1', outcome: 'published', note: 'seen on my profile' },
  'telegram.status': {},
  'telegram.setup': { token: '123456789:AAEhBP0av28iGmRRwd5w1BkyUVYX3mWxyz0' },
  'telegram.takeOverWebhook': {},
  'telegram.remove': {},
  'telegram.pair': {},
  'telegram.approvers.update': { id: 'ap1', canApprove: false, timeZone: 'Europe/Berlin' },
  'telegram.approvers.remove': { id: 'ap1' },
  'approvals.list': { limit: 20 },
  'approvals.decide': { postId: 'p1', decision: 'approve' },
  'approvals.reschedule': { postId: 'p1', at: '2026-11-24T18:00:00+01:00' },
  'approvals.editCaption': { postId: 'p1', caption: 'New caption 🎬' },
  'insights.get': { accountId: 'a1', from: '2026-11-01T00:00:00Z', series: true },
  'insights.post': { key: 'video:7311111111111111111' },
  'insights.numbers': { postIds: ['p1'] },
  'insights.refresh': { accountId: 'a1' },
  'activity.exportCsv': { query: 'approve', actions: ['post.'], actor: 'app', from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z' },
  'posts.reschedule': { id: 'p1', at: '2026-12-01T18:00:00+01:00' },
  'posts.publishNow': { id: 'p1' },
  'posts.spread': {
    items: [{ renderId: 'r1', caption: 'one' }],
    accountId: 'a1',
    tiktok: { mode: 'direct', privacy: 'SELF_ONLY', allowComment: false, allowDuet: false, allowStitch: false, brandOrganic: false, brandContent: false, coverTimestampMs: 0 },
    slots: ['12:00'],
    timeZone: 'Europe/Berlin',
    preview: true,
  },
  'posts.timeline': { id: 'p1' },
  'posts.delete': { id: 'p1', deleteMedia: true },
  'data.summary': {},
  'data.export': { outPath: '/tmp/clipdesk-export.zip', includeMedia: false },
  'data.deletePreview': {},
  'data.deleteEverything': { confirm: 'delete everything' },
};

const handlers = Object.fromEntries(COMMAND_NAMES.map((name) => [name, async () => null])) as unknown as Handlers;

describe('contract', () => {
  it('routes exactly the commands of the contract', () => {
    const routes = buildRoutes(handlers);
    expect(Object.keys(routes).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(Object.keys(VALID).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(COMMAND_NAMES.length).toBeGreaterThan(0);
    for (const name of COMMAND_NAMES) expect(isCommandName(name)).toBe(true);
  });

  it.each(COMMAND_NAMES)('%s accepts its valid input and rejects an unknown key', (name) => {
    const schema = commands[name].input;
    expect(schema.safeParse(VALID[name]).success).toBe(true);
    const extra = schema.safeParse({ ...VALID[name], notInTheContract: 1 });
    expect(extra.success).toBe(false);
    expect(extra.error?.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });
});
