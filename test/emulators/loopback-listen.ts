// Starting an emulator: listen first, then build its context, which needs the URL and so the
// port (0 picks a free one). Shared by the TikTok and Telegram emulators.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listenThenBuild<C>(host: string, port: number, serve: (ctx: () => C) => http.Server, build: (url: string) => C): Promise<{ server: http.Server; ctx: C }> {
  // Requests cannot arrive before listen() resolves, so the context is always set by then.
  const made: { ctx?: C } = {};
  const server = serve(() => made.ctx!);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  made.ctx = build(`http://${host.includes(':') ? `[${host}]` : host}:${bound}`);
  return { server, ctx: made.ctx };
}
