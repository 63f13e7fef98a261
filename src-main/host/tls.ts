// The certificate the host serves HTTPS with when it listens beyond this machine (plain HTTP
// would carry the access token and the session in the clear). The creator's own (--cert and
// --key), or one Clipdesk makes and keeps in the data folder: self-signed, so a browser warns
// until the creator accepts it, which is why its SHA-256 fingerprint is printed — the creator
// compares it with what the browser shows. Made with Node's Web Crypto (an ECDSA P-256 key)
// and PKIjs to write the X.509 structure, which Node cannot do itself; no openssl binary is
// needed (Windows has none).
import crypto, { webcrypto } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../src-shared/errors';

export interface TlsIdentity {
  cert: string;
  key: string;
  /** As browsers show it: upper-case hex pairs joined by colons. */
  fingerprint256: string;
  /** Where it came from, for the start-up line. */
  source: { kind: 'given'; certFile: string } | { kind: 'generated'; certFile: string; created: boolean };
}

export const TLS_FOLDER = 'tls';
const CERT_FILE = 'host-cert.pem';
const KEY_FILE = 'host-key.pem';
const VALID_DAYS = 397;
/** A kept certificate this close to its end is replaced, so it never lapses while serving. */
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

/** The creator's certificate and key, checked to belong together. */
export function loadGivenIdentity(certFile: string, keyFile: string): TlsIdentity {
  let cert: string;
  let key: string;
  try {
    cert = fs.readFileSync(certFile, 'utf8');
    key = fs.readFileSync(keyFile, 'utf8');
  } catch (err) {
    throw new AppError('BAD_INPUT', `Could not read the certificate or key: ${(err as Error).message}`);
  }
  let x509: crypto.X509Certificate;
  try {
    x509 = new crypto.X509Certificate(cert);
    if (!x509.checkPrivateKey(crypto.createPrivateKey(key))) throw new Error('the key does not belong to the certificate');
  } catch (err) {
    throw new AppError('BAD_INPUT', `${certFile} and ${keyFile} are not a PEM certificate and its private key (${(err as Error).message}).`);
  }
  return { cert, key, fingerprint256: x509.fingerprint256, source: { kind: 'given', certFile } };
}

/**
 * The kept self-signed certificate for these names, made (or made again) when there is none,
 * it is near its end, or it does not cover every name and address the host answers to.
 */
export async function selfSignedIdentity(dataDir: string, names: readonly string[], now = new Date()): Promise<TlsIdentity> {
  const folder = path.join(dataDir, TLS_FOLDER);
  const certFile = path.join(folder, CERT_FILE);
  const keyFile = path.join(folder, KEY_FILE);
  const kept = readKept(certFile, keyFile);
  if (kept && covers(kept.x509, names) && new Date(kept.x509.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS) {
    return { cert: kept.cert, key: kept.key, fingerprint256: kept.x509.fingerprint256, source: { kind: 'generated', certFile, created: false } };
  }
  const made = await makeSelfSigned(names, now);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  // The key first, never readable by others; the certificate is public.
  writeAtomically(keyFile, made.key, 0o600);
  writeAtomically(certFile, made.cert, 0o644);
  return { ...made, fingerprint256: new crypto.X509Certificate(made.cert).fingerprint256, source: { kind: 'generated', certFile, created: true } };
}

function readKept(certFile: string, keyFile: string): { cert: string; key: string; x509: crypto.X509Certificate } | null {
  try {
    const cert = fs.readFileSync(certFile, 'utf8');
    const key = fs.readFileSync(keyFile, 'utf8');
    const x509 = new crypto.X509Certificate(cert);
    return x509.checkPrivateKey(crypto.createPrivateKey(key)) ? { cert, key, x509 } : null;
  } catch {
    return null;
  }
}

function covers(x509: crypto.X509Certificate, names: readonly string[]): boolean {
  const san = (x509.subjectAltName ?? '').split(', ');
  return names.every((n) => san.includes(net.isIP(n) ? `IP Address:${canonicalIp(n)}` : `DNS:${n}`));
}

/** How Node prints an address in subjectAltName (IPv6 as eight upper-case hex groups). */
function canonicalIp(ip: string): string {
  if (net.isIPv4(ip)) return ip;
  const b = ipBytes(ip);
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((b[i] ?? 0) << 8) | (b[i + 1] ?? 0)).toString(16).toUpperCase());
  return groups.join(':');
}

function ipBytes(ip: string): number[] {
  if (net.isIPv4(ip)) return ip.split('.').map(Number);
  const [head = '', tail = ''] = ip.includes('::') ? ip.split('::') : [ip, ''];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

async function makeSelfSigned(names: readonly string[], now: Date): Promise<{ cert: string; key: string }> {
  const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] });
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = crypto.randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // a positive INTEGER
  cert.serialNumber = new asn1js.Integer({ valueHex: serial });
  const commonName = new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: `Clipdesk on ${names[0] ?? 'this machine'}` }) });
  cert.subject.typesAndValues.push(commonName);
  cert.issuer.typesAndValues.push(commonName);
  cert.notBefore.value = new Date(now.getTime() - 60 * 60 * 1000);
  cert.notAfter.value = new Date(now.getTime() + VALID_DAYS * 24 * 60 * 60 * 1000);
  const altNames = new pkijs.GeneralNames({
    names: names.map((n) =>
      net.isIP(n) ? new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: new Uint8Array(ipBytes(n)).buffer }) }) : new pkijs.GeneralName({ type: 2, value: n }),
    ),
  });
  cert.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false), parsedValue: new pkijs.BasicConstraints({ cA: false }) }),
    new pkijs.Extension({ extnID: '2.5.29.37', critical: false, extnValue: new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.1'] }).toSchema().toBER(false) }),
    new pkijs.Extension({ extnID: '2.5.29.17', critical: false, extnValue: altNames.toSchema().toBER(false) }),
  ];
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey, engine);
  await cert.sign(keys.privateKey, 'SHA-256', engine);
  const der = cert.toSchema(true).toBER(false);
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { cert: pem('CERTIFICATE', der), key: pem('PRIVATE KEY', pkcs8) };
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function writeAtomically(file: string, content: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode });
  fs.renameSync(tmp, file);
}
