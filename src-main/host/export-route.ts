// GET /export: "export everything" as a download, the way a browser session of the host exports
// (it may be another machine, and never names a path of this one). The zip is streamed as it is
// made; the browser shows the download's progress and asks where to keep it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../core/create-core';
import { exportFileName } from '../core/data/data-handlers';

export { EXPORT_PATH } from '../../src-shared/protocol';

export function serveExport(core: Core, req: IncomingMessage, res: ServerResponse, url: URL, headers: Record<string, string>, actor: string): void {
  // A page of another site may start a navigation here, never read it (no CORS, CORP same-origin);
  // a browser that says where the request came from must say it came from this page.
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Export is only downloaded from Clipdesk’s own page.');
    return;
  }
  const includeMedia = url.searchParams.get('media') === '1';
  const head: Record<string, string> = {
    ...headers,
    'Content-Type': 'application/zip',
    'Content-Disposition': `attachment; filename="${exportFileName(Date.now())}"`,
    'Cache-Control': 'no-store',
  };
  if (req.method === 'HEAD') {
    res.writeHead(200, head);
    res.end();
    return;
  }
  // Sent with the first bytes of the zip, so a refusal can still answer with its own status.
  for (const [name, value] of Object.entries(head)) res.setHeader(name, value);
  let sending: Promise<unknown>;
  try {
    sending = core.exportTo(res, { includeMedia, actor });
  } catch (err) {
    // Refused: everything is being deleted.
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': 'inline' });
    res.end(err instanceof Error ? err.message : 'Clipdesk cannot export now.');
    return;
  }
  sending.catch(() => {
    // The zip had started: a failure can only cut the download short, which the browser shows as failed.
    res.destroy();
  });
}
