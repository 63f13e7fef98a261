// electron-builder.yml is read and validated the way electron-builder itself does (its own
// config loader and schema), and the security-relevant settings are pinned: the fuses of
// docs/platforms.md, Electron §2.2, no rebuild of node_modules, and the Electron build of
// better-sqlite3 and the caption font shipped beside the app.
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

describe('electron-builder.yml', () => {
  it('is valid electron-builder 26 configuration with the fuses flipped', async () => {
    const config = await getConfig(root, null, null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.appId).toBe('com.clipdesk.app');
    expect(config.productName).toBe('Clipdesk');
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/ffmpeg-static/**']));
    expect(config.extraResources).toEqual([
      { from: 'node_modules/.clipdesk-electron/node_modules/better-sqlite3/build/Release/better_sqlite3.node', to: 'native/better_sqlite3.node' },
      // Where src-main/core/render/font.ts looks in a packaged app.
      { from: 'resources/fonts', to: 'resources/fonts' },
    ]);
  });
});
