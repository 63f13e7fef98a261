// A crash campaign against the real `clipdesk serve` (the built CLI as a child process): each
// malformed request goes over a raw TCP socket, and after each the host must still answer. One
// request used to end the process (`Cookie: x=%` threw out of the access check).
import net from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, startServe, type ServeProcess } from '../support/serve-process';

let host: ServeProcess;

beforeAll(async () => {
  requireBuiltCli();
  host = await startServe();
});
afterAll(async () => {
  await host?.stop();
});

/** Sends raw bytes and collects what comes back until the host closes or goes quiet. */
function raw(bytes: string | Buffer | (string | Buffer)[], quietMs = 400): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(host.port, '127.0.0.1');
    let got = '';
    let timer = setTimeout(() => socket.destroy(), quietMs * 4);
    const settle = (): void => {
      clearTimeout(timer);
      resolve(got);
    };
    socket.on('data', (d) => {
      got += d.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), quietMs);
    });
    socket.on('close', settle);
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      for (const part of Array.isArray(bytes) ? bytes : [bytes]) socket.write(part);
    });
  });
}

/** The host is up and answering an authorised request. */
async function stillAnswering(): Promise<void> {
  expect(host.child.exitCode, `serve exited; stderr: ${host.stderr()}`).toBeNull();
  const res = await fetch(`${host.loopback}/healthz`, { headers: { Authorization: `Bearer ${host.token}` } });
  expect(res.status).toBe(200);
}

const statusOf = (reply: string): number | null => {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(reply);
  return m ? Number(m[1]) : null;
};

describe('clipdesk serve survives malformed requests', () => {
  const h = (): string => `Host: 127.0.0.1:${host.port}\r\n`;
  const auth = (): string => `Authorization: Bearer ${host.token}\r\n`;
  const cases: [string, () => string | Buffer | (string | Buffer)[], ((status: number | null) => boolean)?][] = [
    ['an undecodable cookie', () => `GET / HTTP/1.1\r\n${h()}Cookie: x=%\r\n\r\n`, (s) => s === 401],
    ['an undecodable session cookie', () => `GET / HTTP/1.1\r\n${h()}Cookie: clipdesk_session_${host.port}=%E0%A4%A\r\n\r\n`, (s) => s === 401],
    ['an undecodable cookie beside the token', () => `GET /healthz HTTP/1.1\r\n${h()}${auth()}Cookie: a=%; b=%%%\r\n\r\n`, (s) => s === 200],
    ['invalid percent-encoding in the path', () => `GET /%zz%E0%A4%A HTTP/1.1\r\n${h()}${auth()}\r\n`, (s) => s === 404],
    ['invalid percent-encoding in a media path', () => `GET /media/clip/%E0%A4%A HTTP/1.1\r\n${h()}${auth()}\r\n`, (s) => s === 404],
    ['invalid percent-encoding in the query', () => `GET /?token=%&x=%E0 HTTP/1.1\r\n${h()}\r\n`, (s) => s === 401],
    ['a path that reads as another authority', () => `GET //a:99999/x HTTP/1.1\r\n${h()}${auth()}\r\n`, (s) => s === 400],
    ['an absolute-form target', () => `GET http://evil.example/ HTTP/1.1\r\n${h()}${auth()}\r\n`, (s) => s === 400],
    ['an asterisk target', () => `OPTIONS * HTTP/1.1\r\n${h()}\r\n`, (s) => s === 400],
    ['a NUL in the path', () => `GET /a%00b HTTP/1.1\r\n${h()}${auth()}\r\n`, (s) => s === 404],
    ['control bytes in the target', () => `GET /\x01\x7f HTTP/1.1\r\n${h()}\r\n`, (s) => s === 400],
    ['huge headers', () => `GET / HTTP/1.1\r\n${h()}X-Big: ${'a'.repeat(200_000)}\r\n\r\n`, (s) => s === 431 || s === 400],
    ['many headers', () => `GET / HTTP/1.1\r\n${h()}${Array.from({ length: 5000 }, (_, i) => `X-${i}: v\r\n`).join('')}\r\n`, (s) => s !== 200],
    ['a Host that starts like loopback', () => `GET /healthz HTTP/1.1\r\nHost: 127.attacker.example:${host.port}\r\n${auth()}\r\n`, (s) => s === 421],
    ['an empty Host', () => `GET /healthz HTTP/1.1\r\nHost: \r\n${auth()}\r\n`, (s) => s === 421 || s === 400],
    ['no Host', () => `GET /healthz HTTP/1.1\r\n${auth()}\r\n`, (s) => s === 421 || s === 400],
    ['two Hosts', () => `GET /healthz HTTP/1.1\r\n${h()}Host: evil.example\r\n${auth()}\r\n`, (s) => s === 421 || s === 400],
    ['a broken IPv6 Host', () => `GET /healthz HTTP/1.1\r\nHost: [::1\r\n${auth()}\r\n`, (s) => s === 421],
    ['a Host with bytes beyond ASCII', () => Buffer.concat([Buffer.from('GET /healthz HTTP/1.1\r\nHost: \xff\xfe:1\r\n', 'latin1'), Buffer.from(`${auth()}\r\n`)]), (s) => s === 421 || s === 400],
    ['a foreign Origin on an upload', () => `POST /upload HTTP/1.1\r\n${h()}${auth()}Origin: null\r\nContent-Length: 3\r\n\r\nabc`, (s) => s === 403],
    ['an absurd Content-Length', () => `POST /upload HTTP/1.1\r\n${h()}${auth()}X-File-Name: a.mp4\r\nContent-Length: 99999999999999999999999\r\n\r\n`, (s) => s === 400],
    ['a negative Content-Length', () => `POST /upload HTTP/1.1\r\n${h()}${auth()}Content-Length: -5\r\n\r\n`, (s) => s === 400],
    ['two Content-Lengths', () => `POST /upload HTTP/1.1\r\n${h()}${auth()}Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd`, (s) => s === 400],
    ['Content-Length with chunked', () => `POST /upload HTTP/1.1\r\n${h()}${auth()}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n`, (s) => s === 400],
    ['a broken chunk', () => `POST /upload HTTP/1.1\r\n${h()}${auth()}Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n`, (s) => s === 400],
    ['a truncated upload body', () => `POST /upload HTTP/1.1\r\n${h()}${auth()}X-File-Name: cut.mp4\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(100)}`],
    ['an upload name that is not percent-encoding', () => `POST /upload HTTP/1.1\r\n${h()}${auth()}X-File-Name: %E0%A4%A.mp4\r\nContent-Length: 3\r\n\r\nabc`, (s) => s === 400],
    ['a body on a GET', () => `GET /healthz HTTP/1.1\r\n${h()}${auth()}Content-Length: 5\r\n\r\nhello`, (s) => s === 200],
    ['an unknown method', () => `BREW / HTTP/1.1\r\n${h()}\r\n`, (s) => s === 400],
    ['a TLS hello on plain HTTP', () => Buffer.from('160301020001000200030300', 'hex'), (s) => s === 400],
    ['bytes that are not HTTP', () => Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 13, 10]), (s) => s === 400],
    ['HTTP/0.9', () => 'GET /\r\n', (s) => s === 400 || s === null],
    ['an upgrade to a path that is not the API', () => `GET /elsewhere HTTP/1.1\r\n${h()}${auth()}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`, (s) => s === 404],
    ['an upgrade with a garbage key', () => `GET /api HTTP/1.1\r\n${h()}${auth()}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: %%%\r\n\r\n`, (s) => s === 400],
    ['an upgrade without a version', () => `GET /api HTTP/1.1\r\n${h()}${auth()}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`, (s) => s === 400],
    ['an upgrade to something else', () => `GET /api HTTP/1.1\r\n${h()}${auth()}Connection: Upgrade\r\nUpgrade: h2c\r\n\r\n`, (s) => s === 400],
    ['an upgrade with an undecodable cookie', () => `GET /api HTTP/1.1\r\n${h()}Cookie: x=%\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`, (s) => s === 401],
    ['an upgrade with a broken target', () => `GET //a:99999/api HTTP/1.1\r\n${h()}${auth()}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`, (s) => s === 400],
    [
      'invalid WebSocket frames after a good upgrade',
      () => [
        `GET /api HTTP/1.1\r\n${h()}${auth()}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
        Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x02]), // reserved bits, unknown opcode, unmasked
      ],
      (s) => s === 101,
    ],
    [
      'a frame claiming 2^63 bytes',
      () => [
        `GET /api HTTP/1.1\r\n${h()}${auth()}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
        Buffer.from([0x81, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4]),
      ],
      (s) => s === 101,
    ],
  ];

  it.each(cases)('%s', async (_name, request, expectStatus) => {
    const reply = await raw(request());
    if (expectStatus) expect(expectStatus(statusOf(reply)), reply.slice(0, 200)).toBe(true);
    await stillAnswering();
  });

  it('a cut connection mid-upload and many at once leave it answering', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => raw(`POST /upload HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${host.token}\r\nX-File-Name: ${i}.mp4\r\nContent-Length: 5000\r\n\r\nxx`, 100)));
    await stillAnswering();
  });
});

describe('the socket answers what it can and closes only for what it cannot', () => {
  type Msg = { id?: number; ok?: boolean; result?: unknown; error?: { code: string; message: string } };
  async function open(): Promise<{ ws: WebSocket; next: () => Promise<Msg>; closed: Promise<number> }> {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers: { Authorization: `Bearer ${host.token}` } });
    await new Promise((r) => ws.once('open', r));
    const queue: Msg[] = [];
    const waiting: ((m: Msg) => void)[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Msg;
      if (m.id === undefined) return; // pushed events
      const w = waiting.shift();
      if (w) w(m);
      else queue.push(m);
    });
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    return { ws, closed, next: () => new Promise((r) => (queue.length ? r(queue.shift() as Msg) : waiting.push(r))) };
  }

  it('answers a request without input, and bad envelopes with their id, on the same socket', async () => {
    const { ws, next } = await open();
    ws.send(JSON.stringify({ id: 1, cmd: 'app.info' }));
    expect(await next()).toMatchObject({ id: 1, ok: true });
    ws.send(JSON.stringify({ id: 2, cmd: 'posts.list' }));
    expect(await next()).toMatchObject({ id: 2, ok: true });
    ws.send(JSON.stringify({ id: 3, cmd: 'app.info', input: {}, extra: 1 }));
    expect(await next()).toMatchObject({ id: 3, ok: false, error: { code: 'BAD_INPUT' } });
    ws.send(JSON.stringify({ id: 4 }));
    expect(await next()).toMatchObject({ id: 4, ok: false, error: { code: 'BAD_INPUT' } });
    ws.send(JSON.stringify({ id: 5, cmd: 'library.remove' }));
    expect(await next()).toMatchObject({ id: 5, ok: false, error: { code: 'BAD_INPUT' } });
    ws.send(JSON.stringify({ id: 6, cmd: 'app.info', input: {} }));
    expect(await next()).toMatchObject({ id: 6, ok: true });
    ws.close();
    await stillAnswering();
  });

  it.each([
    ['binary frames', (ws: WebSocket) => ws.send(Buffer.from(JSON.stringify({ id: 1, cmd: 'app.info' }))), 1003],
    ['text that is not JSON', (ws: WebSocket) => ws.send('not json {'), 1007],
    ['JSON without an id', (ws: WebSocket) => ws.send('{"cmd":"app.info"}'), 1007],
    ['a message over the size limit', (ws: WebSocket) => ws.send('x'.repeat(2 * 1024 * 1024)), 1009],
  ])('closes for %s, and the host goes on', async (_name, send, code) => {
    const { ws, closed } = await open();
    send(ws);
    expect(await closed).toBe(code);
    await stillAnswering();
  });
});
