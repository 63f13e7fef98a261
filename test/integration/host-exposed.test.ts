// `clipdesk serve --host 0.0.0.0`: beyond loopback the host serves HTTPS (a self-signed
// certificate kept in the data folder, its fingerprint printed) and keeps the Host check on
// with an allowlist; the CLI reaches it over wss, pinning the certificate the lock file names.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import type { TLSSocket } from 'node:tls';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readLock } from '../../src-main/core/instance/data-lock';
import { connectToInstance } from '../../src-main/cli/instance-client';
import { CLI, requireBuiltCli, startServe, tempDataDir, type ServeProcess } from '../support/serve-process';

const running: ServeProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
});
beforeAll(() => requireBuiltCli());

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path, headers, rejectUnauthorized: false }, (res) => {
      const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, fingerprint }));
    });
    req.on('error', reject);
  });
}

/** What a plain-HTTP request to the port gets: anything but an answer from the app. */
function plainHttp(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(got));
    setTimeout(() => socket.destroy(), 2_000);
  });
}

/** The fingerprint serve printed (the line after the address, so it may come a moment later). */
async function fingerprintOf(host: ServeProcess): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const m = /SHA-256 fingerprint: ([0-9A-F:]{95})/.exec(host.stdout());
    if (m?.[1] || Date.now() > deadline) return m?.[1] ?? '';
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('clipdesk serve beyond loopback', () => {
  it('serves HTTPS with a kept self-signed certificate whose fingerprint it prints, and keeps the Host check on', async () => {
    const host = await startServe({ args: ['--host', '0.0.0.0', '--allowed-host', 'Clip.Example'] });
    running.push(host);
    expect(host.url).toMatch(/^https:\/\/clip\.example:\d+\/\?token=/);
    expect(host.stderr()).toContain('ssh -L');
    const printed = await fingerprintOf(host);
    expect(printed).not.toBe('');
    const auth = { Authorization: `Bearer ${host.token}` };

    const ok = await get(host.port, '/healthz', { ...auth, Host: `127.0.0.1:${host.port}` });
    expect(ok.status).toBe(200);
    expect(ok.fingerprint).toBe(printed);
    for (const name of ['clip.example', os.hostname().toLowerCase(), 'localhost', '127.0.0.1']) {
      expect((await get(host.port, '/healthz', { ...auth, Host: `${name}:${host.port}` })).status, name).toBe(200);
    }
    for (const name of ['attacker.example', '127.attacker.example', `${os.hostname()}.attacker.example`]) {
      expect((await get(host.port, '/healthz', { ...auth, Host: `${name}:${host.port}` })).status, name).toBe(421);
    }
    // The token is never sent in the clear: plain HTTP gets no answer from the app.
    expect(await plainHttp(host.port)).not.toMatch(/^HTTP\/1\.1 200/);
    // The session cookie is Secure.
    const traded = await get(host.port, `/?token=${host.token}`, { Host: `clip.example:${host.port}` });
    expect(traded.status).toBe(303);
    expect(String(traded.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+; Secure/);

    // The CLI hands commands over wss, pinning the certificate the lock names.
    const lock = readLock(host.dataDir);
    expect(lock?.api).toMatchObject({ url: `wss://127.0.0.1:${host.port}/api`, fingerprint256: printed });
    const status = spawnSync(process.execPath, [CLI, 'status', '--json', '--data', host.dataDir], { encoding: 'utf8', timeout: 20_000 });
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, via: 'instance' });
    const wrongPin = { ...lock!, api: { ...lock!.api!, fingerprint256: printed.replace(/^../, printed.startsWith('00') ? '11' : '00') } };
    await expect(connectToInstance(wrongPin)).rejects.toThrow(/certificate differs/);

    // Started again on the same folder, it serves the same certificate.
    await host.stop();
    running.pop();
    const again = await startServe({ dataDir: host.dataDir, args: ['--host', '0.0.0.0', '--allowed-host', 'clip.example'] });
    running.push(again);
    expect(await fingerprintOf(again)).toBe(printed);
    expect(again.stdout()).not.toContain('made now');
  });

  it('serves the creator’s certificate when given one', async () => {
    // A certificate made the way Clipdesk makes its own, then given back as the creator's.
    const first = await startServe({ args: ['--host', '0.0.0.0'] });
    const made = `${first.dataDir}/tls`;
    await first.stop();
    const host = await startServe({ dataDir: tempDataDir(), args: ['--host', '0.0.0.0', '--cert', `${made}/host-cert.pem`, '--key', `${made}/host-key.pem`] });
    running.push(host);
    await fingerprintOf(host);
    expect(host.stdout()).toContain(`from ${made}/host-cert.pem`);
    const res = await get(host.port, '/healthz', { Authorization: `Bearer ${host.token}`, Host: `127.0.0.1:${host.port}` });
    expect(res.status).toBe(200);
    expect(res.fingerprint).toBe(new crypto.X509Certificate(fs.readFileSync(`${made}/host-cert.pem`)).fingerprint256);
  });
});
