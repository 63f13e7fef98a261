// app://bundle serves the built renderer and nothing else. The handler is a plain
// Request → Response function, exercised here exactly as protocol.handle would call it
// (Electron itself cannot run on this machine).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeOf } from '../../../src-main/core/transport/mime-types';
import { APP_CSP, createAppProtocolHandler, resolveAppPath } from '../../../src-main/desktop/app-protocol';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs('clipdesk-app-protocol-');

/** A renderer folder with a secret beside it, to prove nothing outside is reachable. */
function rendererFixture(): { root: string; renderer: string } {
  const root = tempDir();
  const renderer = path.join(root, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Clipdesk</title>');
  fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(renderer, 'assets', 'blob.xyz'), 'raw');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'TOKEN');
  fs.writeFileSync(path.join(root, 'renderer-evil.txt'), 'NEIGHBOUR');
  return { root, renderer };
}

describe('resolveAppPath', () => {
  it('maps app://bundle paths into the renderer folder', () => {
    const { renderer } = rendererFixture();
    expect(resolveAppPath(renderer, 'app://bundle/index.html')).toBe(path.join(renderer, 'index.html'));
    expect(resolveAppPath(renderer, 'app://bundle/')).toBe(path.join(renderer, 'index.html'));
    expect(resolveAppPath(renderer, 'app://bundle/assets/index-abc.js?v=1#x')).toBe(path.join(renderer, 'assets', 'index-abc.js'));
    expect(resolveAppPath(renderer, 'app://bundle/assets/index%2Dabc.js')).toBe(path.join(renderer, 'assets', 'index-abc.js'));
  });

  it('refuses traversal out of the folder', () => {
    const { renderer } = rendererFixture();
    for (const url of [
      'app://bundle/../secret.txt',
      'app://bundle/assets/../../secret.txt',
      'app://bundle/%2e%2e/secret.txt',
      'app://bundle/%2E%2E%2Fsecret.txt',
      'app://bundle/assets%2F..%2F..%2Fsecret.txt',
      'app://bundle/..%2Fsecret.txt',
      'app://bundle/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://bundle/..%5C..%5Csecret.txt',
      'app://bundle/%2e%2e/renderer-evil.txt', // a sibling whose name starts with the folder's
      'app://bundle//etc/passwd',
      'app://bundle/%2Fetc%2Fpasswd',
    ]) {
      const resolved = resolveAppPath(renderer, url);
      if (resolved !== null) expect(resolved.startsWith(renderer + path.sep), `${url} → ${resolved}`).toBe(true);
      expect(resolved === path.join(path.dirname(renderer), 'secret.txt'), url).toBe(false);
    }
  });

  it('refuses NUL bytes and broken encodings', () => {
    const { renderer } = rendererFixture();
    expect(resolveAppPath(renderer, 'app://bundle/index.html%00.png')).toBeNull();
    expect(resolveAppPath(renderer, 'app://bundle/%00')).toBeNull();
    expect(resolveAppPath(renderer, 'app://bundle/%E0%A4%A')).toBeNull();
  });

  it('refuses other hosts, schemes and non-URLs', () => {
    const { renderer } = rendererFixture();
    expect(resolveAppPath(renderer, 'app://evil/index.html')).toBeNull();
    expect(resolveAppPath(renderer, 'app://bundle.evil/index.html')).toBeNull();
    expect(resolveAppPath(renderer, 'media://bundle/index.html')).toBeNull();
    expect(resolveAppPath(renderer, 'file:///index.html')).toBeNull();
    expect(resolveAppPath(renderer, 'index.html')).toBeNull();
  });
});

describe('app:// handler', () => {
  it('serves files with their MIME type, nosniff and the CSP', async () => {
    const { renderer } = rendererFixture();
    const handle = createAppProtocolHandler(renderer);

    const html = await handle(new Request('app://bundle/index.html'));
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(html.headers.get('cache-control')).toBe('no-store');
    expect(await html.text()).toContain('<title>Clipdesk</title>');

    const js = await handle(new Request('app://bundle/assets/index-abc.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    expect((await handle(new Request('app://bundle/assets/index-abc.css'))).headers.get('content-type')).toBe('text/css; charset=utf-8');
    // Unknown types are served as opaque bytes, never sniffed into something runnable.
    expect((await handle(new Request('app://bundle/assets/blob.xyz'))).headers.get('content-type')).toBe('application/octet-stream');
  });

  it('answers 404 for traversal, folders and missing files, without leaking anything', async () => {
    const { renderer } = rendererFixture();
    const handle = createAppProtocolHandler(renderer);
    for (const url of ['app://bundle/%2e%2e/secret.txt', 'app://bundle/..%2Fsecret.txt', 'app://bundle/assets', 'app://bundle/nope.js', 'app://other/index.html']) {
      const res = await handle(new Request(url));
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('TOKEN');
    }
  });

  it('allows only GET and HEAD', async () => {
    const { renderer } = rendererFixture();
    const handle = createAppProtocolHandler(renderer);
    expect((await handle(new Request('app://bundle/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const head = await handle(new Request('app://bundle/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('keeps scripts to its own origin in the CSP', () => {
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).toContain("object-src 'none'");
    expect(APP_CSP).toContain('media-src');
    expect(APP_CSP).not.toContain('unsafe-inline');
    expect(APP_CSP).not.toContain('unsafe-eval');
  });

  it('knows the MIME types the renderer build produces', () => {
    expect(mimeTypeOf('a/b/font.WOFF2')).toBe('font/woff2');
    expect(mimeTypeOf('icon.svg')).toBe('image/svg+xml');
  });
});
