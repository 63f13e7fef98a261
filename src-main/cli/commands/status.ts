import { readLock } from '../../core/instance/data-lock';
import { openApiSession } from '../api-session';

export async function status(dataDir: string, json: boolean): Promise<number> {
  const holder = readLock(dataDir);
  const session = await openApiSession(dataDir);
  try {
    const info = await session.call('app.info', {});
    const jobs = await session.call('jobs.list', { states: ['queued', 'running'] });
    const out = {
      running: holder !== null,
      via: session.via,
      pid: holder?.pid ?? null,
      kind: holder?.kind ?? null,
      url: holder?.uiUrl ? holder.uiUrl.split('?')[0] : null,
      version: info.version,
      dataDir: info.dataDir,
      activeJobs: jobs.length,
    };
    if (json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    else {
      process.stdout.write(
        holder
          ? `Clipdesk ${info.version} is running (${holder.kind === 'desktop' ? 'desktop app' : holder.kind === 'cli' ? 'a clipdesk command' : 'clipdesk serve'}, process ${holder.pid})${out.url ? ` at ${out.url}` : ''}.\n`
          : `Clipdesk is not running for this data folder.\n`,
      );
      process.stdout.write(`Data folder: ${info.dataDir}\nActive jobs: ${jobs.length}\n`);
    }
    return 0;
  } finally {
    await session.close();
  }
}
