import { openApiSession } from '../api-session';

export async function doctor(dataDir: string, json: boolean): Promise<number> {
  const session = await openApiSession(dataDir);
  try {
    const checks = await session.call('app.doctor', {});
    if (json) {
      process.stdout.write(`${JSON.stringify({ via: session.via, checks }, null, 2)}\n`);
    } else {
      for (const c of checks) {
        process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.label}: ${c.detail}\n`);
        if (!c.ok && c.fix) process.stdout.write(`      → ${c.fix}\n`);
      }
    }
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    await session.close();
  }
}
