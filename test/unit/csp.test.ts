// The UI's CSP is stated in three places that must agree: the <meta> in index.html (what the
// page enforces wherever it is loaded), the desktop's app:// header and the host's header.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererCsp } from '../../src-main/core/transport/csp';
import { APP_CSP } from '../../src-main/desktop/app-protocol';
import { CSP as HOST_CSP } from '../../src-main/host/start-host';

const html = fs.readFileSync(path.resolve(import.meta.dirname, '../../src-renderer/index.html'), 'utf8');
const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];

describe('Content-Security-Policy', () => {
  it('index.html carries the same policy the desktop serves', () => {
    // frame-ancestors only works as a header (browsers ignore it in <meta>, with a warning).
    expect(meta).toBe(APP_CSP.replace("; frame-ancestors 'none'", ''));
  });

  it('the host serves the same policy without the desktop-only media: scheme', () => {
    expect(HOST_CSP).toBe(rendererCsp());
    expect(HOST_CSP).not.toContain('media:');
    for (const directive of ["script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      expect(HOST_CSP).toContain(directive);
      expect(APP_CSP).toContain(directive);
    }
  });
});
