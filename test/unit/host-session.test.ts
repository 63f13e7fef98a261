// Browser sessions of the host: random ids that are not the token, sliding idle expiry with a
// hard cap, held while a socket is open, and a bounded number of them.
import { describe, expect, it } from 'vitest';
import { cookieValues, sessionCookie } from '../../src-main/host/access';
import { createSessionStore } from '../../src-main/host/session';

const HOUR = 3600_000;

function clock(): { now: () => number; advance(ms: number): void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('host sessions', () => {
  it('gives each session a random id and a short label that is not the id', () => {
    const store = createSessionStore();
    const a = store.create();
    const b = store.create();
    expect(a.id).toMatch(/^[\w-]{43}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.session.label).toMatch(/^[0-9a-f]{8}$/);
    expect(a.id).not.toContain(a.session.label);
    expect(store.use(a.id)).toBe(a.session);
    expect(store.use('not-a-session')).toBeNull();
    expect(store.use(undefined)).toBeNull();
  });

  it('ends a session after 12 hours unused; use keeps it alive, up to 7 days', () => {
    const c = clock();
    const store = createSessionStore({ now: c.now });
    const idle = store.create();
    const busy = store.create();
    for (let h = 0; h < 11; h++) {
      c.advance(HOUR);
      expect(store.use(busy.id)).not.toBeNull();
    }
    c.advance(2 * HOUR);
    expect(store.use(idle.id)).toBeNull(); // 13 hours unused
    expect(store.use(busy.id)).not.toBeNull();
    // Used every 11 hours, it still ends 7 days after it was made.
    for (let i = 0; i < 15; i++) {
      c.advance(11 * HOUR);
      store.use(busy.id);
    }
    expect(store.use(busy.id)).toBeNull();
  });

  it('an open socket holds its session however quiet, until the hard cap', () => {
    const c = clock();
    const store = createSessionStore({ now: c.now });
    const s = store.create();
    const release = store.hold(s.session);
    c.advance(48 * HOUR);
    expect(store.use(s.id)).not.toBeNull();
    release();
    c.advance(13 * HOUR);
    expect(store.use(s.id)).toBeNull();
    const t = store.create();
    store.hold(t.session);
    c.advance(8 * 24 * HOUR);
    expect(store.use(t.id)).toBeNull();
  });

  it('keeps a bounded number, dropping the oldest', () => {
    const store = createSessionStore({ max: 3 });
    const made = [1, 2, 3, 4].map(() => store.create());
    expect(store.size).toBe(3);
    expect(store.use(made[0]?.id)).toBeNull();
    expect(store.use(made[3]?.id)).not.toBeNull();
  });
});

describe('session cookies', () => {
  it('are HttpOnly, SameSite=Strict, host-only, for the session lifetime, Secure over HTTPS', () => {
    expect(sessionCookie(8787, 'abc', 7 * 24 * HOUR, false)).toBe('clipdesk_session_8787=abc; HttpOnly; SameSite=Strict; Path=/; Max-Age=604800');
    expect(sessionCookie(8787, 'abc', 1000, true)).toMatch(/; Secure$/);
    expect(sessionCookie(8787, 'abc', 1000, true)).not.toContain('Domain');
  });

  it('skips values that are not percent-encoding and keeps every value of the name', () => {
    expect(cookieValues('x=%', 'x')).toEqual([]);
    expect(cookieValues('a=%E0%A4%A; a=ok; b=no', 'a')).toEqual(['ok']);
    expect(cookieValues('s=planted; other=1; s=mine', 's')).toEqual(['planted', 'mine']);
    expect(cookieValues('=novalue; ;;; s', 's')).toEqual([]);
    expect(cookieValues(undefined, 's')).toEqual([]);
    expect(cookieValues('s=%F0%9F%98%80', 's')).toEqual(['😀']);
  });
});
