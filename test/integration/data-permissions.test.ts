// The data folder and the folders Clipdesk makes in it for data are the creator's only (0700),
// whatever the umask; an existing data folder that others can read is tightened when a core
// opens it, and the activity log and doctor say so. Real cores on real folders.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSmall, useCores, waitFor } from '../support/core-harness';
import { makeClip } from '../support/media-fixtures';
import { useTempDirs } from '../support/temp-dir';

const newCore = useCores('clipdesk-perms-');
const tempDir = useTempDirs('clipdesk-perms-');
const modeOf = (p: string): number => fs.statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('data folder permissions', () => {
  it('creates a new data folder, and the folders it fills with clips, thumbnails and renders, 0700 under a permissive umask', async () => {
    const previous = process.umask(0o002); // a umask that would make folders group-writable
    try {
      const dataDir = path.join(tempDir(), 'new', 'Clipdesk');
      const h = newCore({ dataDir });
      expect(modeOf(dataDir)).toBe(0o700);
      const result = await h.core.handlers['library.import']({ paths: [makeClip({ durationSec: 1 })] });
      const id = result.added[0]!.id;
      await waitFor(() => h.core.library.get(id).state === 'ready', 30_000, 'the import');
      await renderSmall(h.core, id);
      for (const folder of ['thumbnails', 'renders']) expect({ folder, mode: modeOf(path.join(dataDir, folder)) }).toEqual({ folder, mode: 0o700 });
      expect(h.core.audit.list().map((e) => e.action)).not.toContain('data.permissions_tightened');
    } finally {
      process.umask(previous);
    }
  });

  it('tightens an existing data folder others can read to 0700, and says so in the activity log and doctor', async () => {
    const dataDir = path.join(tempDir(), 'old');
    fs.mkdirSync(dataDir);
    fs.chmodSync(dataDir, 0o755);
    const h = newCore({ dataDir });
    expect(modeOf(dataDir)).toBe(0o700);
    const entry = h.core.audit.list().find((e) => e.action === 'data.permissions_tightened');
    expect(entry?.detail).toBe("The data folder was open to other users (0755); it is now 0700, the creator's only.");
    const data = (await h.core.handlers['app.doctor']({})).find((c) => c.id === 'data');
    expect(data).toMatchObject({ ok: true, detail: `${dataDir} (permissions 0700, yours only)` });

    // Loosened again while it runs: doctor reports it (and how to fix it) rather than hiding it.
    fs.chmodSync(dataDir, 0o750);
    const again = (await h.core.handlers['app.doctor']({})).find((c) => c.id === 'data');
    expect(again).toMatchObject({ ok: false, detail: `${dataDir} (permissions 0750, readable by other users)` });
    expect(again?.fix).toMatch(/chmod 700/);
  });
});

