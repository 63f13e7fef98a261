// The headless host's guard (DESIGN.md §4): the token is required on every request and on
// the socket, it is traded for an HttpOnly SameSite=Strict cookie, foreign origins and
// foreign Host headers are refused, and refusals land in the activity log.
import http from 'node:http';
import WebSocket from 'ws';
import { expect, test } from './support/fixtures';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

/** Opens the API socket; resolves with the HTTP status it was refused with, or 101. */
function socketStatus(url: string, options: WebSocket.ClientOptions = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => resolve(-1));
  });
}

test('the app loads with its token, which is traded for an HttpOnly cookie and dropped from the URL', async ({ page, context, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect(page.url()).not.toContain('token=');
  const cookies = await context.cookies(host.origin);
  const session = cookies.find((c) => c.name === `clipdesk_session_${host.port}`);
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Strict');
  // The page's scripts cannot read the token.
  expect(await page.evaluate(() => document.cookie)).not.toContain(host.token);
  // Reload works from the cookie alone.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
});

test('without the token every request is answered 401', async ({ host }) => {
  for (const p of ['/', '/index.html', '/healthz', '/assets/anything.js']) {
    const res = await get(`${host.origin}${p}`);
    expect(res.status, p).toBe(401);
    expect(res.body).not.toContain(host.token);
  }
  expect((await get(`${host.origin}/?token=wrong-token`)).status).toBe(401);
  expect((await get(`${host.origin}/healthz`, { Authorization: `Bearer ${host.token}` })).status).toBe(200);
});

test('responses carry a strict Content-Security-Policy', async ({ host }) => {
  const res = await get(`${host.origin}/`, { Authorization: `Bearer ${host.token}` });
  expect(res.status).toBe(200);
  expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(res.headers['x-content-type-options']).toBe('nosniff');
});

test('the socket is refused without the token, from a foreign Origin, and for a foreign Host', async ({ host }) => {
  const api = `ws://127.0.0.1:${host.port}/api`;
  expect(await socketStatus(api)).toBe(401);
  expect(await socketStatus(api, { headers: { Authorization: 'Bearer nope' } })).toBe(401);
  expect(await socketStatus(api, { headers: { Authorization: `Bearer ${host.token}`, Origin: 'http://evil.example' } })).toBe(403);
  expect(await socketStatus(api, { headers: { Authorization: `Bearer ${host.token}`, Origin: `http://localhost:${host.port + 1}` } })).toBe(403);
  expect(await socketStatus(api, { headers: { Authorization: `Bearer ${host.token}`, Host: `attacker.example:${host.port}` } })).toBe(421);
  expect(await socketStatus(api, { headers: { Authorization: `Bearer ${host.token}`, Origin: host.origin } })).toBe(101);
});

test('a page on another origin cannot open the socket, even in the browser that holds the cookie', async ({ page, host }) => {
  await page.goto(host.url); // the browser now holds the session cookie
  // Serve a page from a second loopback origin and try to reach the host from it.
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>elsewhere</title>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    await page.goto(`http://localhost:${port}/`);
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
      `ws://127.0.0.1:${host.port}/api`,
    );
    expect(outcome).toBe('refused');
  } finally {
    server.close();
  }
});

test('refused access is written to the activity log without the token', async ({ page, host }) => {
  await get(`${host.origin}/`);
  await page.goto(host.url);
  await page.getByRole('link', { name: /Activity/ }).click();
  await expect(page.getByText('access.refused').first()).toBeVisible();
  await expect(page.getByText(host.token)).toHaveCount(0);
});

test('a command over the socket answers, and bad input gets a clear error', async ({ host }) => {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers: { Authorization: `Bearer ${host.token}` } });
  await new Promise((r) => ws.once('open', r));
  const ask = (msg: object): Promise<{ ok: boolean; result?: { version?: string }; error?: { code: string; message: string } }> =>
    new Promise((resolve) => {
      const onMessage = (d: WebSocket.RawData): void => {
        const m = JSON.parse(d.toString()) as { id?: number };
        if (m.id === (msg as { id: number }).id) {
          ws.off('message', onMessage);
          resolve(m as never);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify(msg));
    });
  const info = await ask({ id: 1, cmd: 'app.info', input: {} });
  expect(info.ok).toBe(true);
  expect(info.result?.version).toMatch(/^\d+\.\d+\.\d+/);
  const bad = await ask({ id: 2, cmd: 'posts.list', input: { limit: 'lots' } });
  expect(bad.error?.code).toBe('BAD_INPUT');
  expect(bad.error?.message).toContain('limit');
  const unknown = await ask({ id: 3, cmd: 'posts.delete_everything', input: {} });
  expect(unknown.error?.code).toBe('UNKNOWN_COMMAND');
  ws.close();
});
