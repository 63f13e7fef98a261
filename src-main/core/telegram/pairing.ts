// Pairing a phone: a one-time code in a t.me deep link (docs/platforms.md, Telegram §3.2). Only
// the code's SHA-256 is stored; it expires, works once (a conditional update claims it), and
// can be withdrawn. The person opens the link, Telegram sends "/start <code>" from their chat,
// and that user and chat become an approver.
import crypto from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { Clock } from '../clock';
import type { Db } from '../store/database';

export const PAIRING_TTL_MS = 15 * 60_000;
/** Deep-link payloads: ≤ 64 characters of A-Z a-z 0-9 _ - (docs/platforms.md, Telegram §2). */
export const PAIRING_CODE = /^[A-Za-z0-9_-]{24}$/;

export type ClaimResult = { ok: true; pairingId: string } | { ok: false; why: 'unknown' | 'expired' | 'used' | 'withdrawn' };

interface PairingRow {
  id: string;
  code_hash: string;
  expires_at: number;
  used_at: number | null;
  approver_id: string | null;
  cancelled: number;
}

const hash = (code: string) => crypto.createHash('sha256').update(code).digest('hex');

export class Pairings {
  private readonly waiters = new Map<string, Set<() => void>>();
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  create(): { pairingId: string; code: string; expiresAt: number } {
    const code = crypto.randomBytes(18).toString('base64url');
    const pairingId = crypto.randomUUID();
    const now = this.clock.now();
    const expiresAt = now + PAIRING_TTL_MS;
    this.db.prepare('INSERT INTO telegram_pairings (id, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)').run(pairingId, hash(code), now, expiresAt);
    return { pairingId, code, expiresAt };
  }

  /** Claim a code for an approver (in the caller's transaction); refused when unknown, expired, used or withdrawn. */
  claim(code: string, approverId: () => string): ClaimResult {
    if (!PAIRING_CODE.test(code)) return { ok: false, why: 'unknown' };
    const row = this.db.prepare('SELECT * FROM telegram_pairings WHERE code_hash = ?').get(hash(code)) as PairingRow | undefined;
    if (!row) return { ok: false, why: 'unknown' };
    if (row.cancelled) return { ok: false, why: 'withdrawn' };
    if (row.used_at !== null) return { ok: false, why: 'used' };
    const now = this.clock.now();
    if (row.expires_at <= now) return { ok: false, why: 'expired' };
    const id = approverId();
    const info = this.db
      .prepare('UPDATE telegram_pairings SET used_at = ?, approver_id = ? WHERE id = ? AND used_at IS NULL AND cancelled = 0')
      .run(now, id, row.id);
    return info.changes === 1 ? { ok: true, pairingId: row.id } : { ok: false, why: 'used' };
  }

  /** Wake anyone waiting on this pairing (after the claiming transaction committed). */
  notify(pairingId: string): void {
    for (const wake of this.waiters.get(pairingId) ?? []) wake();
  }

  cancel(pairingId: string): boolean {
    const changed = this.db.prepare('UPDATE telegram_pairings SET cancelled = 1 WHERE id = ? AND used_at IS NULL AND cancelled = 0').run(pairingId).changes === 1;
    this.notify(pairingId);
    return changed;
  }

  /** Resolves with the approver id once the link is used; rejects when it expires or is withdrawn. */
  async wait(pairingId: string, signal?: AbortSignal): Promise<string> {
    for (;;) {
      const row = this.db.prepare('SELECT * FROM telegram_pairings WHERE id = ?').get(pairingId) as PairingRow | undefined;
      if (!row) throw new AppError('NOT_FOUND', 'No such pairing link.');
      if (row.approver_id) return row.approver_id;
      if (row.cancelled) throw new AppError('CANCELLED', 'The pairing link was withdrawn.');
      const left = row.expires_at - this.clock.now();
      if (left <= 0) throw new AppError('TIMEOUT', 'The pairing link expired before it was used. Make a new one.');
      if (signal?.aborted) throw new AppError('CANCELLED', 'Stopped waiting for the pairing.');
      // Woken by notify(); the timer only bounds the wait (another process may have claimed it).
      await new Promise<void>((resolve) => {
        const set = this.waiters.get(pairingId) ?? new Set();
        this.waiters.set(pairingId, set);
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 1_000));
        set.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  /** Forget codes that can no longer be used (an hour after they expired). */
  prune(): void {
    this.db.prepare('DELETE FROM telegram_pairings WHERE expires_at < ?').run(this.clock.now() - 3600_000);
  }
}
