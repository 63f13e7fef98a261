// The host's deliberate timeouts and connection cap (server-limits.ts), over real HTTP with the
// limits shrunk so the test runs in seconds: a slow but moving upload finishes however long it
// takes, a silent one is cut and leaves nothing, slow headers and idle keep-alive connections
// are closed, and connections past the cap are refused with an answer.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serverOptions, DEFAULT_LIMITS, type ServerLimits } from '../../src-main/host/server-limits';
import { startHost, type RunningHost } from '../../src-main/host/start-host';
import { useCores, waitFor, type Harness } from '../support/core-harness';
import { makeClip } from '../support/media-fixtures';

const newCore = useCores('clipdesk-host-limits-');
const hosts: RunningHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

async function setup(limits: Partial<ServerLimits>): Promise<{ h: Harness; host: RunningHost }> {
  const h = newCore();
  const host = await startHost({ core: h.core, limits, log: () => undefined });
  hosts.push(host);
  return { h, host };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A raw connection that records what it receives and when it closed. */
function connect(port: number): Promise<{ socket: net.Socket; received: () => string; closedAt: Promise<number> }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', () => undefined);
    const closedAt = new Promise<number>((r) => socket.once('close', () => r(Date.now())));
    socket.once('connect', () => resolve({ socket, received: () => got, closedAt }));
  });
}

const uploadHead = (host: RunningHost, name: string, length: number): string =>
  `POST /upload HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${host.token}\r\nX-File-Name: ${name}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${length}\r\n\r\n`;

const incoming = (h: Harness): string[] => {
  const dir = path.join(h.dataDir, 'uploads');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith('.incoming')) : [];
};

describe('host timeouts and connection cap', () => {
  it('has no whole-request deadline (Node’s 5 minutes would cut a slow upload) and a short one for headers', () => {
    const options = serverOptions(DEFAULT_LIMITS);
    expect(options.requestTimeout).toBe(0);
    expect(options.headersTimeout).toBeLessThanOrEqual(30_000);
    expect(options.keepAliveTimeout).toBeGreaterThan(0);
    expect(options.connectionsCheckingInterval).toBeLessThanOrEqual(options.headersTimeout ?? 0);
  });

  it('lets an upload trickle in for far longer than any timeout, as long as bytes keep coming', async () => {
    const { host } = await setup({ headersTimeoutMs: 400, uploadIdleMs: 700, keepAliveTimeoutMs: 300 });
    const bytes = fs.readFileSync(makeClip({ durationSec: 1 }));
    const conn = await connect(host.port);
    conn.socket.write(uploadHead(host, 'slow.mp4', bytes.length));
    const started = Date.now();
    const pieces = 16;
    const size = Math.ceil(bytes.length / pieces);
    for (let i = 0; i < pieces; i++) {
      await sleep(250); // each gap well inside the idle limit; the whole ~4 s, ten idle limits
      conn.socket.write(bytes.subarray(i * size, (i + 1) * size));
    }
    await waitFor(() => (conn.received().includes('fileName') ? true : undefined), 20_000, 'the upload’s answer');
    expect(Date.now() - started).toBeGreaterThan(4 * 700);
    expect(conn.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(conn.received()).toContain('"fileName":"slow.mp4"');
    conn.socket.destroy();
  });

  it('cuts an upload that stops sending, keeps nothing of it, and goes on answering', async () => {
    const { h, host } = await setup({ headersTimeoutMs: 400, uploadIdleMs: 700 });
    const conn = await connect(host.port);
    conn.socket.write(uploadHead(host, 'stalled.mp4', 100_000));
    conn.socket.write(Buffer.alloc(5_000));
    const stopped = Date.now();
    const closed = await Promise.race([conn.closedAt, sleep(5_000).then(() => null)]);
    expect(closed, 'the stalled upload was not cut').not.toBeNull();
    expect((closed ?? 0) - stopped).toBeGreaterThanOrEqual(600);
    expect(conn.received()).not.toMatch(/ 200 /);
    await waitFor(() => (incoming(h).length === 0 ? true : undefined), 5_000, 'the partial upload to be deleted');
    expect((await fetch(`http://127.0.0.1:${host.port}/healthz`, { headers: { Authorization: `Bearer ${host.token}` } })).status).toBe(200);
  });

  it('closes a connection whose headers never finish, and an idle kept-alive one', async () => {
    const { host } = await setup({ headersTimeoutMs: 500, keepAliveTimeoutMs: 300 });
    const slow = await connect(host.port);
    slow.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Slow: `);
    const t0 = Date.now();
    const slowClosed = await Promise.race([slow.closedAt, sleep(5_000).then(() => null)]);
    expect(slowClosed, 'slow headers were not cut').not.toBeNull();
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect((slowClosed ?? 0) - t0).toBeLessThan(3_000);

    const idle = await connect(host.port);
    idle.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${host.token}\r\n\r\n`);
    const t1 = Date.now();
    const idleClosed = await Promise.race([idle.closedAt, sleep(5_000).then(() => null)]);
    expect(idle.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(idleClosed, 'the idle keep-alive connection stayed open').not.toBeNull();
    expect((idleClosed ?? 0) - t1).toBeLessThan(2_000);
  });

  it('refuses connections past the cap with 503, and takes them again once some close', async () => {
    const { host } = await setup({ maxConnections: 3, headersTimeoutMs: 10_000 });
    const held = await Promise.all([1, 2, 3].map(() => connect(host.port)));
    const extra = await connect(host.port);
    await extra.closedAt;
    expect(extra.received()).toMatch(/^HTTP\/1\.1 503 Service Unavailable/);
    expect(extra.received()).toContain('Retry-After: 5');
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closedAt));
    await sleep(50);
    expect((await fetch(`http://127.0.0.1:${host.port}/healthz`, { headers: { Authorization: `Bearer ${host.token}` } })).status).toBe(200);
  });
});
