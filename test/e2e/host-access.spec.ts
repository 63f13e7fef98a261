// The headless host's guard (docs/architecture.md §4, "The headless host's access model"): the
// token is required on every request and on the socket, it is traded for a session id of its
// own in an HttpOnly SameSite=Strict cookie under the host's own *.localhost name, foreign
// origins and foreign Host headers are refused, and refusals land in the activity log. What
// Chromium does with cookies across ports and names is checked here, in Chromium, since the
// design rests on it.
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

test('the app loads with its token, which is traded for a session cookie (never the token) and dropped from the URL', async ({ page, context, host }) => {
  expect(new URL(host.url).hostname).toMatch(/^clipdesk-[a-z2-7]{8}\.localhost$/);
  await page.goto(host.url); // Chromium resolves *.localhost to loopback itself
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect(page.url()).not.toContain('token=');
  const cookies = await context.cookies(host.origin);
  const session = cookies.find((c) => c.name === `clipdesk_session_${host.port}`);
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Strict');
  expect(session?.domain).toBe(new URL(host.url).hostname); // host-only: no other name gets it
  expect(session?.value).toMatch(/^[\w-]{43}$/);
  expect(session?.value).not.toBe(host.token);
  expect(session?.expires).toBeGreaterThan(Date.now() / 1000 + 6 * 24 * 3600);
  // The page's scripts cannot read it.
  expect(await page.evaluate(() => document.cookie)).not.toContain(session?.value ?? '-');
  // Reload works from the session alone, and so does the socket (the UI shows live data).
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  // The session works for HTTP; the token is no cookie value.
  expect((await get(`${host.loopback}/healthz`, { Cookie: `clipdesk_session_${host.port}=${session?.value}` })).status).toBe(200);
  expect((await get(`${host.loopback}/healthz`, { Cookie: `clipdesk_session_${host.port}=${host.token}` })).status).toBe(401);
});

/** A loopback server that records the Cookie header of every request it gets. */
async function cookieRecorder(): Promise<{ port: number; cookies: string[]; close(): void }> {
  const cookies: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.url === '/') cookies.push(req.headers.cookie ?? '');
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>elsewhere</title>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, cookies, close: () => server.close() };
}

test('the session cookie reaches no other service on this machine, whatever port or name it is opened by', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  const other = await cookieRecorder();
  try {
    for (const name of ['127.0.0.1', 'localhost', 'other.localhost']) await page.goto(`http://${name}:${other.port}/`);
    expect(other.cookies).toHaveLength(3);
    for (const c of other.cookies) expect(c).not.toContain('clipdesk_session');
    // Only the host's own name carries it, on any port: why that name is random per start, so a
    // page elsewhere cannot send the browser to it.
    await page.goto(`http://${new URL(host.url).hostname}:${other.port}/`);
    expect(other.cookies[3]).toContain('clipdesk_session');
  } finally {
    other.close();
  }
});

test('opened on 127.0.0.1 instead, Chromium sends the cookie to every port there: it holds a session id, never the token', async ({ page, host }) => {
  // The reason the link names the host's own *.localhost name (docs/architecture.md §4).
  await page.goto(`${host.loopback}/?token=${host.token}`);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  const other = await cookieRecorder();
  try {
    await page.goto(`http://127.0.0.1:${other.port}/`);
    const sent = other.cookies[0] ?? '';
    expect(sent).toContain(`clipdesk_session_${host.port}=`);
    expect(sent).not.toContain(host.token);
  } finally {
    other.close();
  }
});

test('a cookie planted by a page on another port cannot stop the host or lock the creator out', async ({ page, host }) => {
  const other = await cookieRecorder();
  try {
    // Cookies ignore ports: a page on 127.0.0.1:OTHER sets cookies that 127.0.0.1:HOST receives.
    await page.goto(`http://127.0.0.1:${other.port}/`);
    await page.evaluate((port) => {
      document.cookie = 'x=%';
      document.cookie = `clipdesk_session_${port}=%E0%A4%A; path=/`;
      document.cookie = `clipdesk_session_${port}=planted; path=/api`;
    }, host.port);
  } finally {
    other.close();
  }
  await page.goto(`${host.loopback}/?token=${host.token}`);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  // The planted /api cookie is sent before ours; the socket still opens (live data arrives).
  await page.getByRole('link', { name: /Activity/ }).click();
  await expect(page.getByText('host.session').first()).toBeVisible();
  expect((await get(`${host.loopback}/healthz`, { Authorization: `Bearer ${host.token}` })).status).toBe(200);
});

test('without the token every request is answered 401', async ({ host }) => {
  for (const p of ['/', '/index.html', '/healthz', '/assets/anything.js']) {
    const res = await get(`${host.loopback}${p}`);
    expect(res.status, p).toBe(401);
    expect(res.body).not.toContain(host.token);
  }
  expect((await get(`${host.loopback}/?token=wrong-token`)).status).toBe(401);
  expect((await get(`${host.loopback}/healthz`, { Authorization: `Bearer ${host.token}` })).status).toBe(200);
});

test('responses carry a strict Content-Security-Policy', async ({ host }) => {
  const res = await get(`${host.loopback}/`, { Authorization: `Bearer ${host.token}` });
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
  expect(await socketStatus(api, { headers: { Authorization: `Bearer ${host.token}`, Host: `127.attacker.example:${host.port}` } })).toBe(421);
  expect(await socketStatus(api, { headers: { Authorization: `Bearer ${host.token}`, Origin: host.loopback } })).toBe(101);
  // The host's own name, as a browser on it sends it.
  const own = new URL(host.origin).host;
  expect(await socketStatus(api, { headers: { Authorization: `Bearer ${host.token}`, Host: own, Origin: host.origin } })).toBe(101);
  // The token is traded by opening the link, never taken in the socket's address.
  expect(await socketStatus(`${api}?token=${host.token}`)).toBe(401);
});

test('the socket takes the session a browser was given, and nothing else from a cookie', async ({ page, context, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  const session = (await context.cookies(host.origin)).find((c) => c.name === `clipdesk_session_${host.port}`)?.value ?? '';
  const api = `ws://127.0.0.1:${host.port}/api`;
  expect(await socketStatus(api, { headers: { Cookie: `clipdesk_session_${host.port}=${session}` } })).toBe(101);
  expect(await socketStatus(api, { headers: { Cookie: `clipdesk_session_${host.port}=${host.token}` } })).toBe(401);
  expect(await socketStatus(api, { headers: { Cookie: `clipdesk_session_${host.port + 1}=${session}` } })).toBe(401);
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
  await get(`${host.loopback}/`);
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
