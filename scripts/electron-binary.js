// Is the Electron binary installed, and where? Answered without require('electron'): that module
// *downloads* the binary when it is missing, which on machines installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 means a network call that hangs or fails (docs/architecture.md
// §5). It reads the same files electron/index.js does: path.txt, written by electron's install
// step, names the executable inside node_modules/electron/dist (or ELECTRON_OVERRIDE_DIST_PATH).
// Shared by scripts/start.js, scripts/native-for-electron.js and the Electron smoke test.
import fs from 'node:fs';
import path from 'node:path';

/**
 * @param {string} root the project folder (holding node_modules)
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {{ installed: true, path: string, version: string } | { installed: false, reason: string }}
 */
export function findElectronBinary(root, env = process.env) {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  let version;
  try {
    version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  } catch {
    return { installed: false, reason: 'the electron package is not in node_modules' };
  }
  let executable = '';
  try {
    executable = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
  } catch {
    // no path.txt: the install step never downloaded the binary
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!executable && !override) {
    const why = env.ELECTRON_SKIP_BINARY_DOWNLOAD ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' : 'installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed';
    return { installed: false, reason: `the Electron ${version} binary was never downloaded — ${why}` };
  }
  const binary = override ? path.join(override, executable || 'electron') : path.join(pkgDir, 'dist', executable);
  if (!fs.existsSync(binary)) return { installed: false, reason: `the Electron binary ${binary} is missing` };
  return { installed: true, path: binary, version };
}
