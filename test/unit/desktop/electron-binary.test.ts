// scripts/electron-binary.js decides whether Electron is installed without require('electron'),
// which would try to download it. Checked here on fake node_modules layouts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../scripts/electron-binary.js';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs('clipdesk-electron-bin-');

function project(files: Record<string, string>): string {
  const root = tempDir();
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

const pkg = { 'node_modules/electron/package.json': JSON.stringify({ version: '45.4.1' }) };

describe('findElectronBinary', () => {
  it('reports a missing electron package', () => {
    expect(findElectronBinary(project({}), {})).toMatchObject({ installed: false, reason: expect.stringContaining('not in node_modules') });
  });

  it('reports a binary that was never downloaded, naming ELECTRON_SKIP_BINARY_DOWNLOAD', () => {
    const result = findElectronBinary(project(pkg), { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(result).toMatchObject({ installed: false });
    expect(!result.installed && result.reason).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
  });

  it('reports path.txt naming a binary that is not there', () => {
    expect(findElectronBinary(project({ ...pkg, 'node_modules/electron/path.txt': 'electron' }), {})).toMatchObject({ installed: false });
  });

  it('finds an installed binary', () => {
    const root = project({ ...pkg, 'node_modules/electron/path.txt': 'electron', 'node_modules/electron/dist/electron': '' });
    expect(findElectronBinary(root, {})).toEqual({ installed: true, path: path.join(root, 'node_modules/electron/dist/electron'), version: '45.4.1' });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron itself', () => {
    const dist = project({ electron: '' });
    expect(findElectronBinary(project(pkg), { ELECTRON_OVERRIDE_DIST_PATH: dist })).toMatchObject({ installed: true, path: path.join(dist, 'electron') });
  });
});
