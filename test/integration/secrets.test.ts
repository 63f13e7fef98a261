// Secrets at rest (docs/architecture.md §4): ciphertext only in SQLite, a 0600 AES-256-GCM key
// file when headless, weak backends refused unless accepted, a changed backend noticed, and no
// secret or ciphertext in an error message.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { KEY_FILE, createKeyFileCipher } from '../../src-main/core/secrets/key-file-cipher';
import { SecretStore, type SecretCipher } from '../../src-main/core/secrets/secret-store';
import { openDatabase, type Db } from '../../src-main/core/store/database';
import { fakeClock } from '../support/fake-clock';
import { listFiles, useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-secrets-');
const clock = fakeClock();

const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

function open(dir: string): Db {
  const db = openDatabase(dir);
  dbs.push(db);
  return db;
}

/** A stand-in for another backend (another keyring, Electron's basic_text): reversible, no key. */
function fakeCipher(backend: string, strong: boolean): SecretCipher {
  return {
    backend,
    strong,
    encrypt: async (plain) => Buffer.from(`${backend}:${Buffer.from(plain, 'utf8').toString('base64')}`),
    decrypt: async (data) => {
      const text = data.toString('utf8');
      if (!text.startsWith(`${backend}:`)) throw new Error(`not ${backend} data: ${text}`);
      return Buffer.from(text.slice(backend.length + 1), 'base64').toString('utf8');
    },
  };
}

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

/** The ways a secret could show up in a file without being "plaintext" in the narrow sense. */
function encodings(secret: string): { name: string; bytes: Buffer }[] {
  const raw = Buffer.from(secret, 'utf8');
  const out = [
    { name: 'utf8', bytes: raw },
    { name: 'utf16le', bytes: Buffer.from(secret, 'utf16le') },
    { name: 'hex', bytes: Buffer.from(raw.toString('hex')) },
    { name: 'HEX', bytes: Buffer.from(raw.toString('hex').toUpperCase()) },
  ];
  // Base64 inside a longer blob depends on alignment: cover all three, whole groups only.
  for (let k = 0; k < 3; k++) {
    const tail = raw.subarray(k);
    const groups = Math.floor(tail.length / 3);
    out.push({ name: `base64+${k}`, bytes: Buffer.from(tail.subarray(0, groups * 3).toString('base64')) });
    out.push({ name: `base64url+${k}`, bytes: Buffer.from(tail.subarray(0, groups * 3).toString('base64url')) });
  }
  return out;
}

function findSecretIn(dir: string, secret: string): string[] {
  const hits: string[] = [];
  for (const file of listFiles(dir)) {
    const content = fs.readFileSync(file);
    for (const e of encodings(secret)) if (content.includes(e.bytes)) hits.push(`${path.basename(file)} (${e.name})`);
  }
  return hits;
}

describe('SecretStore with the key-file cipher', () => {
  it('round-trips a secret, overwrites it, and deletes it', async () => {
    const dir = tempDir();
    const store = new SecretStore(open(dir), createKeyFileCipher(dir), clock, () => false);
    expect(store.backend).toBe('aes-256-gcm-keyfile');
    expect(store.unavailableReason()).toBeNull();
    expect(await store.get('telegram.botToken')).toBeNull();
    expect(store.has('telegram.botToken')).toBe(false);

    await store.set('telegram.botToken', '123456789:first-token ✓ ünïcode');
    expect(store.has('telegram.botToken')).toBe(true);
    expect(await store.get('telegram.botToken')).toBe('123456789:first-token ✓ ünïcode');

    await store.set('telegram.botToken', 'second');
    expect(await store.get('telegram.botToken')).toBe('second');

    await store.set('tiktok.clientSecret', 'kept');
    store.delete('telegram.botToken');
    expect(store.has('telegram.botToken')).toBe(false);
    expect(await store.get('telegram.botToken')).toBeNull();
    expect(await store.get('tiktok.clientSecret')).toBe('kept');
  });

  it('reads secrets back after a restart with the same key file', async () => {
    const dir = tempDir();
    const db = open(dir);
    await new SecretStore(db, createKeyFileCipher(dir), clock, () => false).set('tiktok.account.a1.refreshToken', 'rt-123');
    db.close();
    const again = new SecretStore(open(dir), createKeyFileCipher(dir), clock, () => false);
    expect(await again.get('tiktok.account.a1.refreshToken')).toBe('rt-123');
  });

  it('never writes the plaintext anywhere in the data folder, WAL and shared memory included', async () => {
    const dir = tempDir();
    const db = open(dir);
    const store = new SecretStore(db, createKeyFileCipher(dir), clock, () => false);
    const secret = `clipdesk-canary-${crypto.randomBytes(12).toString('hex')}-SECRET`;
    await store.set('telegram.botToken', secret);
    await store.set('tiktok.clientSecret', secret);
    expect(await store.get('telegram.botToken')).toBe(secret);

    const files = listFiles(dir).map((f) => path.basename(f));
    expect(files).toEqual(expect.arrayContaining(['clipdesk.sqlite', 'clipdesk.sqlite-wal', 'clipdesk.sqlite-shm', KEY_FILE]));
    expect(findSecretIn(dir, secret)).toEqual([]);

    // What the database holds is ciphertext, different each time it is written (random IV).
    const rows = db.prepare('SELECT ciphertext FROM secrets ORDER BY name').all() as { ciphertext: Buffer }[];
    expect(rows).toHaveLength(2);
    expect(rows[0]!.ciphertext.equals(rows[1]!.ciphertext)).toBe(false);

    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(findSecretIn(dir, secret)).toEqual([]);
    db.close();
    expect(findSecretIn(dir, secret)).toEqual([]);
  });

  it('the scan itself finds a secret that does reach the disk', async () => {
    // Guards the test above against passing vacuously.
    const dir = tempDir();
    const db = open(dir);
    const secret = `clipdesk-canary-${crypto.randomBytes(12).toString('hex')}`;
    db.prepare("INSERT INTO settings (key, value) VALUES ('leak', ?)").run(JSON.stringify(Buffer.from(secret).toString('base64')));
    expect(findSecretIn(dir, secret).length).toBeGreaterThan(0);
  });

  it('creates the key file readable only by its owner, and tightens one that was loosened', async () => {
    const dir = tempDir();
    const first = createKeyFileCipher(dir);
    const keyFile = path.join(dir, KEY_FILE);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const blob = await first.encrypt('still readable');

    fs.chmodSync(keyFile, 0o644);
    const second = createKeyFileCipher(dir);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    // Same key, not a new one: what was saved before still decrypts.
    expect(await second.decrypt(blob)).toBe('still readable');
  });

  it('refuses a damaged key file instead of replacing it', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, KEY_FILE), 'c2hvcnQ=', { mode: 0o600 });
    expect(() => createKeyFileCipher(dir)).toThrow(/damaged/);
    expect(fs.readFileSync(path.join(dir, KEY_FILE), 'utf8')).toBe('c2hvcnQ=');
  });

  it('turns tampered ciphertext into SECRETS_UNAVAILABLE without quoting the secret or the ciphertext', async () => {
    const dir = tempDir();
    const db = open(dir);
    const store = new SecretStore(db, createKeyFileCipher(dir), clock, () => false);
    const secret = 'tok-very-secret-value-123';
    await store.set('tiktok.account.acct9.accessToken', secret);
    const { ciphertext } = db.prepare('SELECT ciphertext FROM secrets').get() as { ciphertext: Buffer };
    const tampered = Buffer.from(ciphertext);
    tampered[tampered.length - 1]! ^= 0x01;
    db.prepare('UPDATE secrets SET ciphertext = ?').run(tampered);

    const err = await expectAppError(store.get('tiktok.account.acct9.accessToken'), 'SECRETS_UNAVAILABLE');
    for (const leak of [secret, 'acct9', ciphertext.toString('hex'), tampered.toString('hex'), tampered.toString('base64'), tampered.subarray(0, 12).toString('hex')]) {
      expect(err.message).not.toContain(leak);
    }
    expect(err.message).toMatch(/tiktok/);
  });
});

describe('SecretStore backends', () => {
  it('refuses a weak backend with SECRETS_UNAVAILABLE unless the creator accepted it', async () => {
    const dir = tempDir();
    const db = open(dir);
    let accepted = false;
    const store = new SecretStore(db, fakeCipher('basic_text', false), clock, () => accepted);
    expect(store.unavailableReason()).toMatch(/basic_text/);
    const err = await expectAppError(store.set('telegram.botToken', 'tok'), 'SECRETS_UNAVAILABLE');
    expect(err.message).toMatch(/Settings/);
    expect(db.prepare('SELECT count(*) AS n FROM secrets').get()).toEqual({ n: 0 });

    accepted = true;
    expect(store.unavailableReason()).toBeNull();
    await store.set('telegram.botToken', 'tok');
    expect(await store.get('telegram.botToken')).toBe('tok');

    // Withdrawing the acceptance locks the stored secret away again.
    accepted = false;
    await expectAppError(store.get('telegram.botToken'), 'SECRETS_UNAVAILABLE');
  });

  it('notices that secrets were saved with another backend and names both', async () => {
    const dir = tempDir();
    const db = open(dir);
    await new SecretStore(db, createKeyFileCipher(dir), clock, () => false).set('telegram.botToken', 'tok-A');

    const other = new SecretStore(db, fakeCipher('gnome_libsecret', true), clock, () => false);
    const reason = other.unavailableReason();
    expect(reason).toContain('aes-256-gcm-keyfile');
    expect(reason).toContain('gnome_libsecret');
    const err = await expectAppError(other.get('telegram.botToken'), 'SECRETS_UNAVAILABLE');
    expect(err.message).not.toContain('tok-A');
  });

  it('lets the creator save a secret again after a backend change, as the message advises', async () => {
    const dir = tempDir();
    const db = open(dir);
    await new SecretStore(db, createKeyFileCipher(dir), clock, () => false).set('telegram.botToken', 'old');
    await new SecretStore(db, createKeyFileCipher(dir), clock, () => false).set('tiktok.clientSecret', 'old-cs');

    const other = new SecretStore(db, fakeCipher('kwallet6', true), clock, () => false);
    expect(other.unavailableReason()).toMatch(/reconnect/);
    // Reconnecting Telegram saves its token with the current backend…
    await other.set('telegram.botToken', 'new');
    expect(await other.get('telegram.botToken')).toBe('new');
    // …while the TikTok secret, still from the old backend, stays unreadable and reported.
    await expectAppError(other.get('tiktok.clientSecret'), 'SECRETS_UNAVAILABLE');
    expect(other.unavailableReason()).toContain('aes-256-gcm-keyfile');
    await other.set('tiktok.clientSecret', 'new-cs');
    expect(other.unavailableReason()).toBeNull();
  });
});
