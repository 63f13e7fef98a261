// Secrets on the desktop are encrypted by the OS through Electron's safeStorage: the Keychain
// on macOS, DPAPI on Windows, libsecret or KWallet on Linux (docs/platforms.md, Electron §3).
//
// - Created only after `app` is ready: before that safeStorage reports itself unavailable
//   everywhere and encrypting throws.
// - The async API (Electron ≥ 42) is preferred when present: it is the documented way
//   forward and handles key rotation; the sync API is the fallback. One cipher never mixes
//   the two for encryption.
// - On Linux the backend Chromium picked is part of the name (`safeStorage:gnome_libsecret`),
//   so the SecretStore, which records the backend beside each secret, notices when a later
//   session lands on a different one that cannot read them.
// - `basic_text` (no keyring: a hard-coded password, obfuscation only) and an unavailable
//   safeStorage are reported as not strong; the SecretStore then refuses to store secrets
//   unless the creator accepted that in Settings.
import { AppError } from '../../src-shared/errors';
import { DESKTOP_SECRETS_PREFIX, type SecretCipher } from '../core/secrets/secret-store';

/** The part of Electron's `safeStorage` this cipher uses; the async trio may be absent. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

export interface SafeStorageCipherOptions {
  platform?: NodeJS.Platform;
  /** How long to wait for the availability probe, which has hung on some Linux setups. */
  probeTimeoutMs?: number;
}

const WEAK_BACKENDS = new Set(['basic_text', 'unknown']);

/** The name recorded with each secret: which OS store encrypted it. */
export function backendName(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string {
  if (platform === 'linux') return `${DESKTOP_SECRETS_PREFIX}${safeStorage.getSelectedStorageBackend?.() ?? 'unknown'}`;
  if (platform === 'darwin') return `${DESKTOP_SECRETS_PREFIX}keychain`;
  if (platform === 'win32') return `${DESKTOP_SECRETS_PREFIX}dpapi`;
  return `${DESKTOP_SECRETS_PREFIX}${platform}`;
}

type AsyncApi = Required<Pick<SafeStorageLike, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'>>;

function asyncApi(s: SafeStorageLike): AsyncApi | null {
  if (
    typeof s.isAsyncEncryptionAvailable === 'function' &&
    typeof s.encryptStringAsync === 'function' &&
    typeof s.decryptStringAsync === 'function'
  ) {
    return s as SafeStorageLike & AsyncApi;
  }
  return null;
}

async function withTimeout(probe: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([probe.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function createSafeStorageCipher(safeStorage: SafeStorageLike, options: SafeStorageCipherOptions = {}): Promise<SecretCipher> {
  const platform = options.platform ?? process.platform;
  const api = asyncApi(safeStorage);
  const available = api
    ? await withTimeout(api.isAsyncEncryptionAvailable(), options.probeTimeoutMs ?? 10_000)
    : (() => {
        try {
          return safeStorage.isEncryptionAvailable();
        } catch {
          return false;
        }
      })();

  const name = backendName(safeStorage, platform);
  const weakBackend = platform === 'linux' && WEAK_BACKENDS.has(name.slice(DESKTOP_SECRETS_PREFIX.length));

  if (!available) {
    // No OS encryption at all: nothing can be stored, even with the weak-storage consent.
    const refuse = (): never => {
      throw new AppError(
        'SECRETS_UNAVAILABLE',
        "This computer's secure storage is not available to Clipdesk, so secrets cannot be saved or read. " +
          (platform === 'linux' ? 'Install and unlock a keyring (GNOME Keyring or KWallet), then restart Clipdesk.' : 'Restart Clipdesk and try again.'),
      );
    };
    return { backend: `${DESKTOP_SECRETS_PREFIX}unavailable`, strong: false, encrypt: async () => refuse(), decrypt: async () => refuse() };
  }

  return {
    backend: name,
    strong: !weakBackend,
    async encrypt(plain) {
      return api ? api.encryptStringAsync(plain) : safeStorage.encryptString(plain);
    },
    async decrypt(data) {
      // `shouldReEncrypt` (a rotated key) is not acted on yet: the value still decrypts, and
      // the SecretStore re-encrypts whenever the secret is next saved.
      return api ? (await api.decryptStringAsync(data)).result : safeStorage.decryptString(data);
    },
  };
}
