// The host's HTTPS identity: a self-signed certificate made with Node's crypto and PKIjs, kept
// in the data folder (key 0600) and reused while it covers the host's names; or the creator's.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGivenIdentity, selfSignedIdentity } from '../../src-main/host/tls';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs('clipdesk-host-tls-');

describe('host TLS identity', () => {
  it('makes a self-signed certificate for every name and address, keeps it, and reuses it', async () => {
    const dir = tempDir();
    const names = ['localhost', 'studio-box', '127.0.0.1', '::1', '192.168.1.5'];
    const made = await selfSignedIdentity(dir, names);
    expect(made.source).toMatchObject({ kind: 'generated', created: true });
    const x509 = new crypto.X509Certificate(made.cert);
    expect(x509.subjectAltName).toBe('DNS:localhost, DNS:studio-box, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:192.168.1.5');
    expect(x509.checkPrivateKey(crypto.createPrivateKey(made.key))).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true); // self-signed
    expect(made.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(new Date(x509.validTo).getTime() - Date.now()).toBeGreaterThan(390 * 24 * 3600 * 1000);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, 'tls/host-key.pem')).mode & 0o777).toBe(0o600);

    const again = await selfSignedIdentity(dir, ['studio-box', '127.0.0.1']);
    expect(again.source).toMatchObject({ created: false });
    expect(again.fingerprint256).toBe(made.fingerprint256);
    // A name it does not cover makes a new one.
    const wider = await selfSignedIdentity(dir, [...names, 'clip.example']);
    expect(wider.source).toMatchObject({ created: true });
    expect(wider.fingerprint256).not.toBe(made.fingerprint256);
    // The given-certificate path reads the same files back.
    expect(loadGivenIdentity(path.join(dir, 'tls/host-cert.pem'), path.join(dir, 'tls/host-key.pem')).fingerprint256).toBe(wider.fingerprint256);
  });

  it('refuses a given certificate whose key does not belong to it', async () => {
    const a = tempDir();
    const b = tempDir();
    await selfSignedIdentity(a, ['localhost']);
    await selfSignedIdentity(b, ['localhost']);
    expect(() => loadGivenIdentity(path.join(a, 'tls/host-cert.pem'), path.join(b, 'tls/host-key.pem'))).toThrow(/not a PEM certificate and its private key/);
    expect(() => loadGivenIdentity(path.join(a, 'nope.pem'), path.join(b, 'tls/host-key.pem'))).toThrow(/Could not read/);
  });
});
