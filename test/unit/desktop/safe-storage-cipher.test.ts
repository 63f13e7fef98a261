// The desktop SecretCipher over Electron's safeStorage. `FakeSafeStorage` stands in for
// Electron's safeStorage, which cannot run on this machine: a reversible transform plays
// the OS encryption, and the fake records which API (sync or async) was used.
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core';
import { createSafeStorageCipher, type SafeStorageLike } from '../../../src-main/desktop/safe-storage-cipher';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs('clipdesk-safestorage-');

const seal = (plain: string): Buffer => Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]);
const unseal = (data: Buffer): string => {
  if (data.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  return Buffer.from(data.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
};

interface FakeOptions {
  backend?: string;
  available?: boolean;
  /** Include the Electron ≥ 42 async API. */
  async?: boolean;
  asyncAvailable?: Promise<boolean>;
}

/** Stands in for Electron's safeStorage (main process, after ready). */
function fakeSafeStorage(options: FakeOptions = {}): SafeStorageLike & { calls: string[] } {
  const calls: string[] = [];
  const fake: SafeStorageLike & { calls: string[] } = {
    calls,
    isEncryptionAvailable: () => (calls.push('isEncryptionAvailable'), options.available ?? true),
    encryptString: (plain) => (calls.push('encryptString'), seal(plain)),
    decryptString: (data) => (calls.push('decryptString'), unseal(data)),
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
  };
  if (options.async) {
    fake.isAsyncEncryptionAvailable = () => (calls.push('isAsyncEncryptionAvailable'), options.asyncAvailable ?? Promise.resolve(options.available ?? true));
    fake.encryptStringAsync = async (plain) => (calls.push('encryptStringAsync'), seal(plain));
    fake.decryptStringAsync = async (data) => (calls.push('decryptStringAsync'), { result: unseal(data), shouldReEncrypt: false });
  }
  return fake;
}

describe('safeStorage cipher', () => {
  it('round-trips a secret through the sync API when that is all there is', async () => {
    const safe = fakeSafeStorage();
    const cipher = await createSafeStorageCipher(safe, { platform: 'linux' });
    const sealed = await cipher.encrypt('tt-access-token-123');
    expect(sealed.toString('utf8')).not.toContain('tt-access-token-123');
    expect(await cipher.decrypt(sealed)).toBe('tt-access-token-123');
    expect(safe.calls).toEqual(['isEncryptionAvailable', 'encryptString', 'decryptString']);
  });

  it('prefers the async API when present, and never touches the sync one then', async () => {
    const safe = fakeSafeStorage({ async: true });
    const cipher = await createSafeStorageCipher(safe, { platform: 'linux' });
    expect(await cipher.decrypt(await cipher.encrypt('bot:123:ABC'))).toBe('bot:123:ABC');
    expect(safe.calls).toEqual(['isAsyncEncryptionAvailable', 'encryptStringAsync', 'decryptStringAsync']);
  });

  it('names the Linux backend and treats a keyring as strong', async () => {
    const cipher = await createSafeStorageCipher(fakeSafeStorage({ backend: 'kwallet6', async: true }), { platform: 'linux' });
    expect(cipher).toMatchObject({ backend: 'safeStorage:kwallet6', strong: true });
  });

  it('reports basic_text (no keyring) as not strong', async () => {
    const cipher = await createSafeStorageCipher(fakeSafeStorage({ backend: 'basic_text' }), { platform: 'linux' });
    expect(cipher).toMatchObject({ backend: 'safeStorage:basic_text', strong: false });
    const viaAsync = await createSafeStorageCipher(fakeSafeStorage({ backend: 'basic_text', async: true }), { platform: 'linux' });
    expect(viaAsync.strong).toBe(false);
  });

  it('names macOS and Windows stores without asking for a Linux backend', async () => {
    expect(await createSafeStorageCipher(fakeSafeStorage({ backend: 'basic_text' }), { platform: 'darwin' })).toMatchObject({
      backend: 'safeStorage:keychain',
      strong: true,
    });
    expect(await createSafeStorageCipher(fakeSafeStorage(), { platform: 'win32' })).toMatchObject({ backend: 'safeStorage:dpapi', strong: true });
  });

  it('refuses to encrypt or decrypt when safeStorage is unavailable', async () => {
    for (const safe of [fakeSafeStorage({ available: false }), fakeSafeStorage({ available: false, async: true })]) {
      const cipher = await createSafeStorageCipher(safe, { platform: 'linux' });
      expect(cipher).toMatchObject({ backend: 'safeStorage:unavailable', strong: false });
      await expect(cipher.encrypt('x')).rejects.toMatchObject({ code: 'SECRETS_UNAVAILABLE' });
      await expect(cipher.decrypt(Buffer.from('v10x'))).rejects.toMatchObject({ code: 'SECRETS_UNAVAILABLE' });
      expect(safe.calls.filter((c) => c.startsWith('encrypt') || c.startsWith('decrypt'))).toEqual([]);
    }
  });

  it('treats an availability probe that hangs as unavailable', async () => {
    const safe = fakeSafeStorage({ async: true, asyncAvailable: new Promise<boolean>(() => undefined) });
    const cipher = await createSafeStorageCipher(safe, { platform: 'linux', probeTimeoutMs: 20 });
    expect(cipher.backend).toBe('safeStorage:unavailable');
  });

  it('with basic_text, the core refuses secrets until the creator accepts weak storage', async () => {
    const cipher = await createSafeStorageCipher(fakeSafeStorage({ backend: 'basic_text', async: true }), { platform: 'linux' });
    const core = createCore({ dataDir: tempDir(), mode: 'desktop', version: '0.0.0-test', cipher });
    try {
      await expect(core.secrets.set('telegram.botToken', '123:ABC')).rejects.toMatchObject({ code: 'SECRETS_UNAVAILABLE' });
      await core.handlers['settings.update']({ acceptBasicTextSecrets: true });
      await core.secrets.set('telegram.botToken', '123:ABC');
      expect(await core.secrets.get('telegram.botToken')).toBe('123:ABC');
    } finally {
      await core.close();
    }
  });
});
