// Browser sessions of the headless host. The access token in the printed link is traded for a
// session id of its own, so the cookie a browser keeps (and sends to every port of the same
// name, see docs/architecture.md) is never the token: it lives only in this process's memory,
// ends when the host stops, and ends on its own when unused.
//
// Lifetime: sliding, with a hard cap. A creator keeps the tab open on an always-on machine all
// day, so use (a request, or an open socket) keeps a session alive; one left behind in a
// browser ends after IDLE_MS without use; and none outlives MAX_AGE_MS, so a stolen id cannot
// be kept alive forever by using it.
import crypto from 'node:crypto';

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Sessions kept at once; the oldest goes first. Each needs the token, so this only bounds memory. */
export const MAX_SESSIONS = 64;

export interface Session {
  /** Short, not secret: what the activity log and the caller's actor name it by. */
  readonly label: string;
  readonly createdAt: number;
}

interface Entry extends Session {
  lastUsed: number;
  /** Open sockets: a session with one is in use however quiet it is. */
  holds: number;
}

export interface SessionStore {
  /** A new session and the id the browser keeps for it (the cookie's value). */
  create(): { id: string; session: Session };
  /** The live session an id names, marking it used; null if unknown or expired. */
  use(id: string | undefined): Session | null;
  /** Keeps a session in use while a socket is open; call the result when it closes. */
  hold(session: Session): () => void;
  readonly size: number;
}

export interface SessionLimits {
  idleMs?: number;
  maxAgeMs?: number;
  max?: number;
  now?: () => number;
}

/** Keyed by a hash of the id, so looking one up says nothing about the ids held (timing). */
const keyOf = (id: string): string => crypto.createHash('sha256').update(id).digest('base64url');

export function createSessionStore(limits: SessionLimits = {}): SessionStore {
  const idleMs = limits.idleMs ?? SESSION_IDLE_MS;
  const maxAgeMs = limits.maxAgeMs ?? SESSION_MAX_AGE_MS;
  const max = limits.max ?? MAX_SESSIONS;
  const now = limits.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const keyOfEntry = new Map<Session, string>();

  const expired = (e: Entry, t: number): boolean => t - e.createdAt > maxAgeMs || (e.holds === 0 && t - e.lastUsed > idleMs);
  const drop = (key: string, e: Entry): void => {
    entries.delete(key);
    keyOfEntry.delete(e);
  };
  const sweep = (t: number): void => {
    for (const [key, e] of entries) if (expired(e, t)) drop(key, e);
  };

  return {
    create() {
      const t = now();
      sweep(t);
      while (entries.size >= max) {
        const [oldestKey, oldest] = entries.entries().next().value as [string, Entry];
        drop(oldestKey, oldest);
      }
      const id = crypto.randomBytes(32).toString('base64url');
      const entry: Entry = { label: crypto.randomBytes(4).toString('hex'), createdAt: t, lastUsed: t, holds: 0 };
      const key = keyOf(id);
      entries.set(key, entry);
      keyOfEntry.set(entry, key);
      return { id, session: entry };
    },
    use(id) {
      if (!id) return null;
      const key = keyOf(id);
      const e = entries.get(key);
      if (!e) return null;
      const t = now();
      if (expired(e, t)) {
        drop(key, e);
        return null;
      }
      e.lastUsed = t;
      return e;
    },
    hold(session) {
      const key = keyOfEntry.get(session);
      const e = key ? entries.get(key) : undefined;
      if (!e) return () => undefined;
      e.holds++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        e.holds--;
        e.lastUsed = now();
      };
    },
    get size() {
      sweep(now());
      return entries.size;
    },
  };
}
