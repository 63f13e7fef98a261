// One interface for secrets (TikTok tokens and client secret, the Telegram bot token).
// The store keeps ciphertext in SQLite; *how* it is encrypted is a SecretCipher handed in by
// the shell: Electron safeStorage on the desktop, an AES-256-GCM key file when headless.
// Plaintext never touches the database, a log, an error message or the wire.
import { AppError } from '../../../src-shared/errors';
import type { Clock } from '../clock';
import { iso } from '../clock';
import type { Db } from '../store/database';

/** How the desktop app's backends are named: its OS secret storage, through Electron's safeStorage. */
export const DESKTOP_SECRETS_PREFIX = 'safeStorage:';

export interface SecretCipher {
  /** Stable name of the encryption backend, recorded beside each ciphertext. */
  readonly backend: string;
  /** False for obfuscation-only backends (Electron's Linux `basic_text`). */
  readonly strong: boolean;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(data: Buffer): Promise<string>;
}

export type SecretName =
  | 'tiktok.clientKey'
  | 'tiktok.clientSecret'
  | `tiktok.upload.${string}`
  | `tiktok.account.${string}.accessToken`
  | `tiktok.account.${string}.refreshToken`
  | 'telegram.botToken'
  | `test.${string}`;

export class SecretStore {
  constructor(
    private readonly db: Db,
    private readonly cipher: SecretCipher,
    private readonly clock: Clock,
    /** Whether the creator accepted a weak backend (Settings → acceptBasicTextSecrets). */
    private readonly weakAccepted: () => boolean,
  ) {}

  get backend(): string {
    return this.cipher.backend;
  }

  /** Why secrets cannot be used right now, or null when they can. */
  unavailableReason(): string | null {
    const weak = this.weakReason();
    if (weak) return weak;
    const other = this.db
      .prepare('SELECT backend FROM secrets WHERE backend != ? LIMIT 1')
      .get(this.cipher.backend) as { backend: string } | undefined;
    return other ? this.backendChangedReason(other.backend) : null;
  }

  async set(name: SecretName, value: string): Promise<void> {
    // Only a weak backend stops a save. Secrets left by another backend must not: saving again
    // ("reconnect your accounts") is exactly how the creator recovers from a backend change,
    // and it replaces the unreadable ciphertext of that name.
    this.assertStrongEnough();
    const data = await this.cipher.encrypt(value);
    this.db
      .prepare(
        `INSERT INTO secrets (name, backend, ciphertext, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET backend = excluded.backend, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
      )
      .run(name, this.cipher.backend, data, iso(this.clock.now()));
  }

  /**
   * Several secrets at once, all or none: a refreshed token pair is written in one
   * transaction, so a crash can never leave a new access token beside a spent refresh token.
   */
  async setMany(entries: readonly (readonly [SecretName, string])[]): Promise<void> {
    this.assertStrongEnough();
    const encrypted = await Promise.all(entries.map(async ([name, value]) => [name, await this.cipher.encrypt(value)] as const));
    const at = iso(this.clock.now());
    const upsert = this.db.prepare(
      `INSERT INTO secrets (name, backend, ciphertext, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET backend = excluded.backend, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
    );
    this.db.transaction(() => {
      for (const [name, data] of encrypted) upsert.run(name, this.cipher.backend, data, at);
    })();
  }

  async get(name: SecretName): Promise<string | null> {
    const row = this.db.prepare('SELECT backend, ciphertext FROM secrets WHERE name = ?').get(name) as
      | { backend: string; ciphertext: Buffer }
      | undefined;
    if (!row) return null;
    this.assertStrongEnough();
    // Judged per secret: one saved again with this backend is readable even while others
    // from the old backend still wait to be saved again.
    if (row.backend !== this.cipher.backend) throw new AppError('SECRETS_UNAVAILABLE', this.backendChangedReason(row.backend));
    try {
      return await this.cipher.decrypt(row.ciphertext);
    } catch {
      // Deliberately no detail: the cause may quote ciphertext or key material.
      throw new AppError(
        'SECRETS_UNAVAILABLE',
        `A saved secret (${name.split('.')[0]}) could not be decrypted on this machine. Reconnect that service to save it again.`,
      );
    }
  }

  has(name: SecretName): boolean {
    return this.db.prepare('SELECT 1 FROM secrets WHERE name = ?').get(name) !== undefined;
  }

  delete(name: SecretName): void {
    this.db.prepare('DELETE FROM secrets WHERE name = ?').run(name);
  }

  private weakReason(): string | null {
    if (this.cipher.strong || this.weakAccepted()) return null;
    return (
      `The only secret storage available is "${this.cipher.backend}", which obfuscates rather than encrypts. ` +
      'Install and unlock a keyring (GNOME Keyring or KWallet) and restart Clipdesk, or accept the weaker storage in Settings → Security.'
    );
  }

  private backendChangedReason(savedWith: string): string {
    if (savedWith.startsWith(DESKTOP_SECRETS_PREFIX) && !this.cipher.backend.startsWith(DESKTOP_SECRETS_PREFIX)) {
      // The usual case: the CLI or `clipdesk serve` on the desktop app's data folder.
      return (
        `Secrets here were saved by the desktop app, in this computer's secret storage ("${savedWith}"), which this Clipdesk ("${this.cipher.backend}") cannot read. ` +
        'Do this in the desktop app (while it runs, `clipdesk` commands are handed to it), or reconnect your accounts to save them again.'
      );
    }
    return (
      `Secrets were saved with "${savedWith}" but this session uses "${this.cipher.backend}", which cannot read them. ` +
      'Start Clipdesk the way it was started before (same desktop session and keyring), or reconnect your accounts to save them again.'
    );
  }

  private assertStrongEnough(): void {
    const reason = this.weakReason();
    if (reason) throw new AppError('SECRETS_UNAVAILABLE', reason);
  }
}
