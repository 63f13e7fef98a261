// The one-shot listener TikTok's consent page redirects back to (Login Kit for Desktop,
// docs/platforms.md, TikTok §1.1): 127.0.0.1 only, a free port, path /callback/, the `state`
// checked, closed after the one callback that carries our state — or after a timeout. The page
// it answers tells the person to go back to Clipdesk; it never shows the code.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../src-shared/errors';

export interface CallbackResult {
  code: string;
  /** What the person actually granted (they may untick scopes). */
  scopes: string[];
}

export interface LoopbackCallback {
  readonly redirectUri: string;
  readonly result: Promise<CallbackResult>;
  close(reason?: Error): void;
}

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} — Clipdesk</title>` +
  `<meta name="viewport" content="width=device-width"><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1d1d1f}` +
  `h1{font-size:1.4rem}@media(prefers-color-scheme:dark){body{background:#141414;color:#eee}}</style></head>` +
  `<body><h1>${title}</h1><p>${body}</p></body></html>`;

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startLoopbackCallback(options: { state: string; timeoutMs: number }): Promise<LoopbackCallback> {
  let settle!: { resolve: (r: CallbackResult) => void; reject: (e: Error) => void };
  const result = new Promise<CallbackResult>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody may be awaiting yet; an unobserved rejection must not crash the process.
  result.catch(() => undefined);
  let done = false;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, html: string): void => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', Connection: 'close' });
      res.end(html);
    };
    if (req.method !== 'GET' || url.pathname !== '/callback/') return send(404, page('Not found', 'This address only receives TikTok’s answer for Clipdesk.'));
    if (done) return send(410, page('Already done', 'This sign-in was already handled. You can close this tab and return to Clipdesk.'));
    // A callback without our state is not the answer to our request (CSRF, an old tab): refuse
    // it and keep waiting for the real one.
    if (url.searchParams.get('state') !== options.state) {
      return send(400, page('This link is not from your current sign-in', 'Start connecting again from Clipdesk (Accounts → Connect TikTok).'));
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error || !code) {
      const description = url.searchParams.get('error_description');
      const cancelled = error === 'access_denied';
      send(
        200,
        page(
          cancelled ? 'Connection cancelled' : 'TikTok did not connect the account',
          cancelled
            ? 'You chose not to connect. You can close this tab and return to Clipdesk.'
            : `TikTok said: ${escapeHtml(description || error || 'no code was returned')}. You can close this tab and return to Clipdesk to try again.`,
        ),
      );
      finish(
        new AppError(
          cancelled ? 'CANCELLED' : 'TIKTOK_ERROR',
          cancelled
            ? 'You cancelled on TikTok’s consent page; the account was not connected.'
            : `TikTok did not connect the account (${error ?? 'no code'}${description ? `: ${description}` : ''}). Try again.`,
        ),
      );
      return;
    }
    send(200, page('Clipdesk is connected', 'TikTok sent Clipdesk your consent. You may close this tab and return to the app.'));
    finish(null, { code, scopes: (url.searchParams.get('scopes') ?? '').split(',').map((s) => s.trim()).filter(Boolean) });
  });

  const timer = setTimeout(
    () => finish(new AppError('TIMEOUT', 'Nobody finished TikTok’s consent page in time; the account was not connected. Start again when ready.')),
    options.timeoutMs,
  );
  timer.unref?.();

  function finish(err: Error | null, value?: CallbackResult): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    // Let the answer page go out, then stop listening: one callback, then closed.
    setImmediate(() => server.close());
    server.closeIdleConnections?.();
    if (err) settle.reject(err);
    else settle.resolve(value as CallbackResult);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}/callback/`,
    result,
    close: (reason) => finish(reason ?? new AppError('CANCELLED', 'Connecting was cancelled.')),
  };
}
