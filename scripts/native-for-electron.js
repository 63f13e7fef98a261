#!/usr/bin/env node
// postinstall: build better-sqlite3 for Electron's ABI *beside* the Node build, never over it
// (docs/architecture.md §5; docs/platforms.md, Electron §4.1). node_modules/better-sqlite3
// stays compiled for Node, which the tests and `clipdesk serve` load; a copy in
// node_modules/.clipdesk-electron is rebuilt for Electron, and the desktop app names that
// copy's binding explicitly (nativeBinding). Nothing ever rebuilds back and forth, so both work
// on one machine at once.
//
// Where the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1), there is no
// app to build for: say so in one line and succeed.
//
//   node scripts/native-for-electron.js [--force]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stdout.write(`native-for-electron: ${line}\n`);
const rel = (p) => path.relative(root, p) || '.';

function fail(line) {
  process.stderr.write(`native-for-electron: ${line}\n`);
  process.exit(1);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const electron = findElectronBinary(root);
if (!electron.installed) {
  say(`skipped the Electron build of better-sqlite3 — ${electron.reason}. Tests use the Node build; \`npm start\` runs web mode.`);
  process.exit(0);
}

const source = path.join(root, 'node_modules', 'better-sqlite3');
const sqlite = readJson(path.join(source, 'package.json'));
if (!sqlite) fail(`${rel(source)} is missing; run npm install first.`);

const workDir = path.join(root, 'node_modules', '.clipdesk-electron');
const target = path.join(workDir, 'node_modules', 'better-sqlite3');
const binding = path.join(target, 'build', 'Release', 'better_sqlite3.node');
const stampFile = path.join(workDir, 'built-for.json');
const want = { electron: electron.version, betterSqlite3: sqlite.version, platform: process.platform, arch: process.arch };

// Every npm install runs this; skip the compile when nothing it depends on changed.
const stamp = readJson(stampFile);
if (!process.argv.includes('--force') && fs.existsSync(binding) && JSON.stringify(stamp) === JSON.stringify(want)) {
  say(`better-sqlite3 ${sqlite.version} is already built for Electron ${electron.version} (${rel(binding)}).`);
  process.exit(0);
}

// A fresh copy of the package source, without the Node build: build/ is what gets replaced.
// bindings and prebuild-install are found from here by walking up to the project's
// node_modules, so the package itself is all that needs copying.
fs.rmSync(workDir, { recursive: true, force: true });
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.cpSync(source, target, {
  recursive: true,
  filter: (from) => {
    const top = path.relative(source, from).split(path.sep)[0];
    return top !== 'build' && top !== 'prebuilds' && top !== 'node_modules';
  },
});
fs.writeFileSync(
  path.join(workDir, 'package.json'),
  `${JSON.stringify(
    {
      name: 'clipdesk-electron-natives',
      private: true,
      description: 'better-sqlite3 built for Electron by scripts/native-for-electron.js; the Node build stays in node_modules/better-sqlite3.',
      dependencies: { 'better-sqlite3': sqlite.version },
    },
    null,
    2,
  )}\n`,
);

let rebuild;
try {
  ({ rebuild } = await import('@electron/rebuild'));
} catch {
  fail('@electron/rebuild is not installed (it is a devDependency); run npm install without --omit=dev.');
}

say(`building better-sqlite3 ${sqlite.version} for Electron ${electron.version} in ${rel(target)} …`);
try {
  await rebuild({
    buildPath: workDir,
    // Stop the module search at the copy: the project's own better-sqlite3 is never touched.
    projectRootPath: workDir,
    electronVersion: electron.version,
    onlyModules: ['better-sqlite3'],
    force: true,
    mode: 'sequential',
  });
} catch (err) {
  fail(
    `could not build better-sqlite3 for Electron ${electron.version}: ${err instanceof Error ? err.message : String(err)}\n` +
      'It needs network access (for a prebuilt binary, or for Electron\'s headers) and, to compile, Python and a C++ ' +
      'toolchain (https://github.com/nodejs/node-gyp#installation). The Node build in node_modules/better-sqlite3 is untouched; ' +
      'fix the cause and run `node scripts/native-for-electron.js`.',
  );
}
if (!fs.existsSync(binding)) fail(`the rebuild finished but ${rel(binding)} was not produced.`);

fs.writeFileSync(stampFile, `${JSON.stringify(want)}\n`);
say(`built ${rel(binding)} for Electron ${electron.version}.`);
