// Account rows: what may be shown about a connected TikTok account. Tokens are not here.
import crypto from 'node:crypto';
import { missingScopesOf, type Account } from '../../../src-shared/tiktok/accounts';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { Db } from '../store/database';

export interface AccountRow {
  id: string;
  provider: 'tiktok';
  external_id: string;
  display_name: string;
  username: string | null;
  avatar_url: string | null;
  avatar_file: string | null;
  scopes: string;
  state: 'connected' | 'reconnect_needed';
  problem: string | null;
  access_issued_at: number | null;
  access_expires_at: number | null;
  refresh_expires_at: number | null;
  created_at: string;
  updated_at: string;
}

export function toAccount(row: AccountRow): Account {
  const scopes = row.scopes.split(',').filter(Boolean);
  return {
    id: row.id,
    provider: 'tiktok',
    openId: row.external_id,
    displayName: row.display_name,
    username: row.username,
    hasAvatar: row.avatar_file !== null,
    scopes,
    missingScopes: missingScopesOf(scopes),
    state: row.state,
    problem: row.problem,
    accessExpiresAt: row.access_expires_at === null ? null : iso(row.access_expires_at),
    connectedAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class AccountRepo {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  list(): AccountRow[] {
    return this.db.prepare("SELECT * FROM accounts WHERE provider = 'tiktok' ORDER BY created_at, id").all() as AccountRow[];
  }

  find(id: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  }

  findByOpenId(openId: string): AccountRow | undefined {
    return this.db.prepare("SELECT * FROM accounts WHERE provider = 'tiktok' AND external_id = ?").get(openId) as AccountRow | undefined;
  }

  /** Insert a new account or update the one with this open_id (a reconnect). */
  upsert(input: { openId: string; displayName: string; username: string | null; scopes: string[] }): AccountRow {
    const now = iso(this.clock.now());
    const existing = this.findByOpenId(input.openId);
    if (existing) {
      this.db
        .prepare(
          `UPDATE accounts SET display_name = ?, username = COALESCE(?, username), scopes = ?, state = 'connected', problem = NULL, updated_at = ? WHERE id = ?`,
        )
        .run(input.displayName, input.username, input.scopes.join(','), now, existing.id);
      return this.find(existing.id) as AccountRow;
    }
    const id = crypto.randomUUID();
    this.db
      .prepare(
        `INSERT INTO accounts (id, provider, external_id, display_name, username, scopes, state, created_at, updated_at)
         VALUES (?, 'tiktok', ?, ?, ?, ?, 'connected', ?, ?)`,
      )
      .run(id, input.openId, input.displayName, input.username, input.scopes.join(','), now, now);
    return this.find(id) as AccountRow;
  }

  setExpiry(id: string, issuedAt: number, accessExpiresAt: number, refreshExpiresAt: number): void {
    this.db
      .prepare('UPDATE accounts SET access_issued_at = ?, access_expires_at = ?, refresh_expires_at = ?, updated_at = ? WHERE id = ?')
      .run(issuedAt, accessExpiresAt, refreshExpiresAt, iso(this.clock.now()), id);
  }

  setAvatar(id: string, file: string | null): void {
    this.db.prepare('UPDATE accounts SET avatar_file = ? WHERE id = ?').run(file, id);
  }

  setUsername(id: string, username: string): void {
    this.db.prepare('UPDATE accounts SET username = ? WHERE id = ?').run(username, id);
  }

  markReconnectNeeded(id: string, problem: string): void {
    this.db
      .prepare("UPDATE accounts SET state = 'reconnect_needed', problem = ?, updated_at = ? WHERE id = ?")
      .run(problem, iso(this.clock.now()), id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
  }
}
