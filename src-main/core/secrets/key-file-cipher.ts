// Headless secret encryption: AES-256-GCM with a random 256-bit key kept in a file readable
// only by the creator (0600). Layout of a ciphertext: 12-byte IV | 16-byte tag | data.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretCipher } from './secret-store';
import { createPrivateDir } from '../instance/private-dir';

export const KEY_FILE = 'secret.key';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function loadOrCreateKey(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  createPrivateDir(dataDir);
  try {
    // 'wx': never overwrite an existing key, or every saved secret would be lost.
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      const key = crypto.randomBytes(32);
      fs.writeSync(fd, key.toString('base64'));
      fs.fsyncSync(fd);
      return key;
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (process.platform !== 'win32') {
    const mode = fs.statSync(file).mode & 0o777;
    // Tighten a key file whose permissions were loosened (a copy, a restore from backup).
    if (mode & 0o077) fs.chmodSync(file, 0o600);
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) {
    throw new Error(`The secret key file ${file} is damaged. Move it aside and reconnect your accounts.`);
  }
  return key;
}

export function createKeyFileCipher(dataDir: string): SecretCipher {
  const key = loadOrCreateKey(dataDir);
  return {
    backend: 'aes-256-gcm-keyfile',
    strong: true,
    async encrypt(plain) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]);
    },
    async decrypt(blob) {
      const iv = blob.subarray(0, IV_BYTES);
      const tag = blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}
