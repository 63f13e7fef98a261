// The one path from a transport into the core: unknown commands, bad input, and every kind of
// failure come back as { code, message } a person can act on, never with a secret in it.
import { describe, expect, it, vi } from 'vitest';
import { z, type ZodError } from 'zod';
import type { Handlers } from '../../src-shared/contract';
import type { JobSummary } from '../../src-shared/domain';
import { AppError } from '../../src-shared/errors';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { buildRoutes, dispatch, toWireError } from '../../src-main/core/transport/routes';
import { AT_TERMINAL } from '../support/callers';

const job = (id: string): JobSummary => ({
  id,
  kind: 'render',
  state: 'cancelled',
  attempts: 1,
  maxAttempts: 5,
  runAfter: '2025-01-01T00:00:00.000Z',
  lastError: null,
  progress: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
});

function stubHandlers(): Handlers {
  return {
    'app.info': vi.fn(async () => ({
      name: 'Clipdesk' as const,
      version: '0.0.0-test',
      mode: 'web' as const,
      dataDir: '/data',
      platform: 'linux',
      secretBackend: 'test',
      emulated: [],
    })),
    'app.capabilities': vi.fn(async () => []),
    'app.doctor': vi.fn(async () => []),
    'settings.get': vi.fn(async () => DEFAULT_SETTINGS),
    'settings.update': vi.fn(async (patch) => ({ ...DEFAULT_SETTINGS, ...patch })),
    'posts.list': vi.fn(async () => []),
    'activity.list': vi.fn(async () => []),
    'posts.search': vi.fn(async () => ({ posts: [], nextCursor: null, total: 0 })),
    'posts.count': vi.fn(async () => ({ total: 0, held: { paused: 0, daily_cap: 0, account: 0, missed: 0, no_answer: 0 } })),
    'activity.search': vi.fn(async () => ({ entries: [], nextCursor: null, total: 0 })),
    'jobs.list': vi.fn(async () => []),
    'jobs.cancel': vi.fn(async ({ id }) => job(id)),
    'jobs.retry': vi.fn(async ({ id }) => job(id)),
    'library.import': vi.fn(async () => ({ added: [], duplicates: [], skipped: [] })),
    'library.list': vi.fn(async () => ({ clips: [], total: 0 })),
    'assets.add': vi.fn(async () => ({ asset: '0123456789abcdef0123456789abcdef.png', fileName: 'logo.png' })),
    'library.get': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'library.remove': vi.fn(async () => ({ removed: true as const })),
    'render.start': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'render.list': vi.fn(async () => []),
    'render.cancel': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'render.retry': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'tiktok.setup.get': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'tiktok.setup.set': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'tiktok.creatorInfo': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'accounts.list': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'accounts.connect': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'accounts.disconnect': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'posts.create': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'posts.get': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'posts.retry': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'posts.cancel': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'posts.settle': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'telegram.status': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'telegram.setup': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'telegram.takeOverWebhook': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'telegram.remove': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'telegram.pair': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'telegram.approvers.update': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'telegram.approvers.remove': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'approvals.list': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'approvals.decide': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'approvals.reschedule': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'approvals.editCaption': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'insights.get': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'insights.post': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'insights.numbers': vi.fn(async () => ({})),
    'insights.refresh': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'activity.exportCsv': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'posts.reschedule': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'posts.timeline': vi.fn(async () => []),
    'posts.spread': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'posts.publishNow': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'posts.delete': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'data.summary': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'data.export': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'data.deletePreview': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'data.deleteEverything': vi.fn(async () => {
      throw new Error('not in this test');
    }),
  };
}

function failing(err: unknown): Handlers {
  return { ...stubHandlers(), 'app.info': async () => Promise.reject(err) };
}

describe('dispatch', () => {
  it('runs the handler with the parsed input and returns its result', async () => {
    const handlers = stubHandlers();
    const routes = buildRoutes(handlers);
    expect(await dispatch(routes, 'jobs.cancel', { id: 'j1' }, AT_TERMINAL)).toEqual({ ok: true, result: job('j1') });
    // The handler gets the caller the transport passed, as it was passed.
    expect(handlers['jobs.cancel']).toHaveBeenCalledWith({ id: 'j1' }, AT_TERMINAL);
    expect(await dispatch(routes, 'settings.update', { publishingPaused: true }, AT_TERMINAL)).toEqual({
      ok: true,
      result: { ...DEFAULT_SETTINGS, acceptBasicTextSecrets: false, publishingPaused: true },
    });
  });

  it('treats a missing input as an empty object', async () => {
    const handlers = stubHandlers();
    const routes = buildRoutes(handlers);
    expect((await dispatch(routes, 'app.info', undefined, AT_TERMINAL)).ok).toBe(true);
    expect((await dispatch(routes, 'posts.list', null, AT_TERMINAL)).ok).toBe(true);
    expect(handlers['posts.list']).toHaveBeenCalledWith({}, AT_TERMINAL);
  });

  it('starts nothing for a caller that has gone away', async () => {
    const handlers = stubHandlers();
    const gone = new AbortController();
    gone.abort();
    const r = await dispatch(buildRoutes(handlers), 'jobs.cancel', { id: 'j1' }, { actor: { kind: 'browser', session: 's' }, signal: gone.signal });
    expect(r).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'The request was cancelled.' } });
    expect(handlers['jobs.cancel']).not.toHaveBeenCalled();
  });

  it('answers CANCELLED for whatever a handler throws once its caller gave it up', async () => {
    const controller = new AbortController();
    const handlers: Handlers = {
      ...stubHandlers(),
      'accounts.connect': async () => {
        controller.abort();
        // An aborted fetch, say: not an INTERNAL failure but the cancellation it is.
        throw Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
      },
    };
    const r = await dispatch(buildRoutes(handlers), 'accounts.connect', {}, { actor: { kind: 'window' }, signal: controller.signal });
    expect(r).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'The request was cancelled.' } });
  });

  it('passes progress to the caller while the call is live, and nothing once it is cancelled', async () => {
    const controller = new AbortController();
    const told: unknown[] = [];
    const start = { url: 'https://tiktok.example/consent', opened: true, expiresAt: '2026-01-01T00:00:00.000Z' };
    const handlers: Handlers = {
      ...stubHandlers(),
      'accounts.connect': async (_input, ctx) => {
        ctx?.progress?.(start);
        controller.abort();
        ctx?.progress?.({ ...start, url: 'https://late.example/' });
        throw new AppError('CANCELLED', 'Connecting was cancelled.');
      },
    };
    const r = await dispatch(buildRoutes(handlers), 'accounts.connect', {}, { actor: { kind: 'window' }, signal: controller.signal, progress: (p) => told.push(p) });
    expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(told).toEqual([start]);
  });

  it.each([['nope'], ['posts.frobnicate'], ['toString'], ['__proto__'], ['constructor'], ['hasOwnProperty'], [42], [null], [undefined], [{}]])(
    'answers UNKNOWN_COMMAND for %j',
    async (name) => {
      const handlers = stubHandlers();
      const r = await dispatch(buildRoutes(handlers), name, {}, AT_TERMINAL);
      expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: expect.stringMatching(/^Clipdesk has no command called /) } });
    },
  );

  it('names the unknown command, but not at unbounded length', async () => {
    const r = await dispatch(buildRoutes(stubHandlers()), 'posts.frobnicate', {}, AT_TERMINAL);
    expect(!r.ok && r.error.message).toContain('"posts.frobnicate"');
    const long = await dispatch(buildRoutes(stubHandlers()), 'x'.repeat(10_000), {}, AT_TERMINAL);
    expect(!long.ok && long.error.message.length).toBeLessThan(200);
  });

  it.each([
    ['a wrong type', 'posts.list', { limit: 'ten' }, /limit: .*number/i],
    ['a value out of range', 'activity.list', { limit: 0 }, /limit: /],
    ['a missing field', 'jobs.cancel', {}, /id: /],
    ['an unknown key', 'settings.update', { publishingPaused: true, hack: 1 }, /hack/],
    ['an unknown key on an empty command', 'app.info', { extra: true }, /extra/],
    ['a bad enum value', 'posts.list', { states: ['ready', 'deleted'] }, /states\.1: /],
    ['a page too large', 'posts.search', { limit: 201 }, /limit: /],
    ['a date range on no time', 'posts.search', { from: '2026-01-01T00:00:00Z' }, /dateField: /],
    ['a search key it does not know', 'posts.search', { caption: 'x' }, /caption|unrecognized/i],
    ['a count with a page size', 'posts.count', { limit: 1 }, /limit|unrecognized/i],
    ['a count over a date range on no time', 'posts.count', { to: '2026-01-01T00:00:00Z' }, /dateField: /],
    ['a count of a state that is not one', 'posts.count', { states: ['deleted'] }, /states\.0: /],
    ['a count over a range that is not a date', 'posts.count', { dateField: 'scheduled', from: 'yesterday' }, /from: /],
    ['an activity page too large', 'activity.search', { limit: 500 }, /limit: /],
    ['not an object at all', 'posts.list', 'everything', /input: /],
  ])('answers BAD_INPUT, readably, for %s', async (_what, name, input, pattern) => {
    const handlers = stubHandlers();
    const r = await dispatch(buildRoutes(handlers), name, input, AT_TERMINAL);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_INPUT');
    expect(r.error.message).toMatch(/^The request was not valid — .+\.$/);
    expect(r.error.message).toMatch(pattern);
    // The handler never saw it.
    for (const h of Object.values(handlers)) expect(h).not.toHaveBeenCalled();
  });

  it('passes an AppError through with its code and message', async () => {
    const r = await dispatch(buildRoutes(failing(new AppError('NOT_FOUND', 'No job with id j9.'))), 'app.info', {}, AT_TERMINAL);
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No job with id j9.' } });
  });

  it('redacts a secret that slipped into an AppError message', async () => {
    const r = await dispatch(buildRoutes(failing(new AppError('UNAVAILABLE', 'TikTok refused access_token=act.leaky123'))), 'app.info', {}, AT_TERMINAL);
    expect(r).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: 'TikTok refused access_token=[redacted]' } });
  });

  it('maps an unexpected error to INTERNAL with secrets redacted and no stack', async () => {
    const err = new TypeError('fetch https://api.telegram.org/bot123456789:AAHk3mZ9xQ2w8vB7nL4pR6tY1uI0oE5sD3f/getMe failed, refresh_token=rft.zzz');
    const r = await dispatch(buildRoutes(failing(err)), 'app.info', {}, AT_TERMINAL);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INTERNAL');
    expect(r.error.message).toMatch(/^Something went wrong inside Clipdesk: /);
    expect(r.error.message).not.toContain('AAHk3mZ9xQ2w8vB7nL4pR6tY1uI0oE5sD3f');
    expect(r.error.message).not.toContain('rft.zzz');
    expect(r.error.message).not.toMatch(/\n\s+at /);
    expect(Object.keys(r.error).sort()).toEqual(['code', 'message']);
  });

  it('maps a thrown non-Error to INTERNAL too', async () => {
    const r = await dispatch(buildRoutes(failing('password=hunter2')), 'app.info', {}, AT_TERMINAL);
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Clipdesk: password=[redacted]' } });
  });
});

describe('toWireError', () => {
  it('lists at most five problems of a ZodError', () => {
    const schema = z.object(Object.fromEntries(Array.from({ length: 8 }, (_v, i) => [`f${i}`, z.string()])));
    const parsed = schema.safeParse({});
    expect(parsed.success).toBe(false);
    const wire = toWireError(parsed.error as ZodError);
    expect(wire.code).toBe('BAD_INPUT');
    expect(wire.message.match(/f\d: /g)).toHaveLength(5);
  });
});
