// The process boundaries of docs/architecture.md §1 are lint rules; this proves the rules bite,
// so a config change that silently disables them fails here rather than in review.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('keeps electron out of core', async () => {
    expect(await violations('src-main/core/x.ts', "import { app } from 'electron';\nvoid app;\n")).not.toEqual([]);
    expect(await violations('src-main/core/x.ts', "import { a } from '../host/start-host';\nvoid a;\n")).not.toEqual([]);
  });

  it('keeps Node and Electron out of src-shared', async () => {
    expect(await violations('src-shared/x.ts', "import fs from 'node:fs';\nvoid fs;\n")).not.toEqual([]);
    expect(await violations('src-shared/x.ts', "import fs from 'fs';\nvoid fs;\n")).not.toEqual([]);
    expect(await violations('src-shared/x.ts', "import { c } from '../src-main/core/clock';\nvoid c;\n")).not.toEqual([]);
    expect(await violations('src-shared/media/x.ts', "import { f } from '../../test/support/f';\nvoid f;\n")).not.toEqual([]);
  });

  it('keeps Node, Electron and main-process code out of the renderer', async () => {
    expect(await violations('src-renderer/src/x.ts', "import path from 'node:path';\nvoid path;\n")).not.toEqual([]);
    expect(await violations('src-renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n")).not.toEqual([]);
    expect(await violations('src-renderer/src/x.ts', "import { x } from '../../src-main/core/clock';\nvoid x;\n")).not.toEqual([]);
  });

  it('keeps spawning processes to the one module that runs ffmpeg and ffprobe', async () => {
    for (const file of ['src-main/core/render/x.ts', 'src-main/core/telegram/x.ts', 'src-main/cli/x.ts', 'src-main/desktop/x.ts']) {
      expect(await violations(file, "import { spawn } from 'node:child_process';\nvoid spawn;\n"), file).not.toEqual([]);
    }
    expect(await violations('src-main/core/render/x.ts', "import { execFile } from 'child_process';\nvoid execFile;\n")).not.toEqual([]);
    expect(await violations('src-main/core/media/spawn-tool.ts', "import { spawn } from 'node:child_process';\nvoid spawn;\n")).toEqual([]);
    // Still core there: the shells stay out.
    expect(await violations('src-main/core/media/spawn-tool.ts', "import { a } from '../../host/start-host';\nvoid a;\n")).not.toEqual([]);
  });

  it('keeps reading standard input to the one reader of the CLI', async () => {
    const [result] = await eslint.lintText("export const a = process.stdin.isTTY;\n", { filePath: path.join(root, 'src-main/cli/commands/x.ts') });
    expect((result?.messages ?? []).map((m) => m.ruleId)).toContain('no-restricted-properties');
    const [allowed] = await eslint.lintText("export const a = process.stdin.isTTY;\n", { filePath: path.join(root, 'src-main/cli/stdin.ts') });
    expect(allowed?.messages ?? []).toEqual([]);
  });

  it('lets a feature import only the features built before it, and infrastructure none', async () => {
    const use = (from: string) => `import type { X } from '${from}';\nexport type Y = X;\n`;
    // Built after: refused, whichever way it is written.
    expect(await violations('src-main/core/library/x.ts', use('../posts/post-service'))).not.toEqual([]);
    expect(await violations('src-main/core/library/x.ts', use('../render-queue'))).not.toEqual([]);
    expect(await violations('src-main/core/tiktok/x.ts', use('../telegram/telegram-service'))).not.toEqual([]);
    expect(await violations('src-main/core/approvals/x.ts', use('../telegram'))).not.toEqual([]);
    expect(await violations('src-main/core/post-store/x.ts', use('../tiktok/tiktok-publisher'))).not.toEqual([]);
    // Publishing knows no platform: TikTok plugs into it, never the other way round.
    expect(await violations('src-main/core/publishing/x.ts', use('../tiktok/tiktok-client'))).not.toEqual([]);
    expect(await violations('src-main/core/publishing/x.ts', use('../tiktok'))).not.toEqual([]);
    expect(await violations('src-main/core/posts/x.ts', use('../tiktok/accounts-service'))).not.toEqual([]);
    expect(await violations('src-main/core/telegram/x.ts', use('../data/export'))).not.toEqual([]);
    expect(await violations('src-main/core/insights/x.ts', use('../data/retention'))).not.toEqual([]);
    expect(await violations('src-main/core/insights/x.ts', use('../posts'))).not.toEqual([]);
    // Infrastructure imports no feature.
    expect(await violations('src-main/core/media/x.ts', use('../library/library-service'))).not.toEqual([]);
    expect(await violations('src-main/core/jobs/x.ts', use('../posts'))).not.toEqual([]);
    expect(await violations('src-main/core/media/spawn-tool.ts', use('../library'))).not.toEqual([]);
    // Built before, its own folder, infrastructure: allowed.
    expect(await violations('src-main/core/posts/x.ts', use('../approvals'))).toEqual([]);
    expect(await violations('src-main/core/telegram/x.ts', use('../posts/post-service'))).toEqual([]);
    expect(await violations('src-main/core/render-queue/x.ts', use('../library/library-service'))).toEqual([]);
    expect(await violations('src-main/core/tiktok/x.ts', use('./tiktok-publisher'))).toEqual([]);
    expect(await violations('src-main/core/tiktok/x.ts', use('../publishing/publisher'))).toEqual([]);
    expect(await violations('src-main/core/posts/x.ts', use('../publishing'))).toEqual([]);
    expect(await violations('src-main/core/data/x.ts', use('../insights'))).toEqual([]);
    expect(await violations('src-main/core/insights/x.ts', use('../tiktok/display'))).toEqual([]);
    expect(await violations('src-main/core/tiktok/x.ts', use('../jobs/job-runner'))).toEqual([]);
    // And the shells stay out of every feature.
    expect(await violations('src-main/core/posts/x.ts', use('../../host/start-host'))).not.toEqual([]);
  });

  it('allows what the layering allows', async () => {
    expect(await violations('src-main/core/x.ts', "import fs from 'node:fs';\nimport { z } from 'zod';\nvoid fs; void z;\n")).toEqual([]);
    expect(await violations('src-renderer/src/x.ts', "import type { Api } from '../../src-shared/contract';\nexport type A = Api;\n")).toEqual([]);
    expect(await violations('src-shared/media/x.ts', "import { z } from '../errors';\nvoid z;\n")).toEqual([]);
    expect(await violations('src-main/desktop/x.ts', "import { app } from 'electron';\nvoid app;\n")).toEqual([]);
  });
});
