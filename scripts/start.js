#!/usr/bin/env node
// `npm start`: build when the sources are newer than out/, then open the desktop app — or,
// on a machine where the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD),
// say so plainly and run the same app in web mode (`clipdesk serve`), which prints the
// address to open. Extra arguments go to the app.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

// What electron-vite builds from (resources/ is read at run time, not built).
const INPUTS = ['src-main', 'src-shared', 'src-preload', 'src-renderer', 'electron.vite.config.ts', 'package.json', 'tsconfig.base.json'];
const OUTPUTS = ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

/** Newest modification time under a file or folder (0 if it does not exist). */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted file shows as a newer folder
  for (const entry of fs.readdirSync(p)) latest = Math.max(latest, newest(path.join(p, entry)));
  return latest;
}

function buildIsStale() {
  let oldestOutput = Infinity;
  for (const out of OUTPUTS) {
    try {
      oldestOutput = Math.min(oldestOutput, fs.statSync(path.join(root, out)).mtimeMs);
    } catch {
      return true; // missing
    }
  }
  return INPUTS.some((input) => newest(path.join(root, input)) > oldestOutput);
}

/** Run a child with our terminal; Ctrl-C reaches it, and its exit code becomes ours. */
function run(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (buildIsStale()) {
  console.log('Building Clipdesk (out/ is missing or older than the sources)…');
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    console.error('The build failed; see the errors above.');
    process.exit(build.status ?? 1);
  }
}

const electron = findElectronBinary(root);
if (electron.installed) {
  // The Electron build of better-sqlite3 is made at install time; make it now if that was
  // skipped (Electron installed afterwards). It is a no-op when already built.
  const natives = spawnSync(process.execPath, [path.join(root, 'scripts', 'native-for-electron.js')], { cwd: root, stdio: 'inherit' });
  if (natives.status !== 0) process.exit(natives.status ?? 1);
  // An inherited ELECTRON_RUN_AS_NODE (IDE terminals set it) would start plain Node instead.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron.path, ['.', ...args], env);
} else {
  console.log(`Electron is not installed on this machine (${electron.reason}); starting Clipdesk in web mode instead.`);
  run(process.execPath, [path.join(root, 'bin', 'clipdesk.js'), 'serve', ...args]);
}
