// Bundles the loopback emulators under test/emulators/ (TypeScript) into plain JavaScript that
// Node runs as its own process, for the benchmarks and `npm run demo`:
//
//   node scripts/build-emulators.js          → out/emulators/tiktok.js, out/emulators/telegram.js
//   node out/emulators/tiktok.js [--port N] [--host H]   (telegram.js likewise)
//
// The CLI entry is a virtual module generated here (test/ stays untouched): it starts the
// emulator, prints where it is, and stays up until SIGINT/SIGTERM. Apps, users, knobs and
// records then go through the emulator's control API (/__emulator/..., loopback only).
// Also exported for the bench and the demo: ensureEmulators() builds when the bundle is
// missing or older than its sources, startEmulator() runs one as a child process, and
// emulatorControl() calls its control API.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const EMULATORS_OUT = path.join(ROOT, 'out/emulators');

/** Each emulator: its bundle name, its module under test/emulators/, its start function, and what it prints. */
const EMULATORS = {
  tiktok: { module: 'test/emulators/tiktok/index.ts', start: 'startTikTokEmulator', title: 'TikTok emulator' },
  telegram: { module: 'test/emulators/telegram/index.ts', start: 'startTelegramEmulator', title: 'Telegram emulator' },
};

export const emulatorBundle = (name) => path.join(EMULATORS_OUT, `${name}.js`);

const cliEntry = (name, { module, start, title }) => `
import { ${start} } from ${JSON.stringify(path.join(ROOT, module))};

const usage = 'usage: node out/emulators/${name}.js [--port N] [--host H]';
const args = process.argv.slice(2);
let port = 0;
let host = '127.0.0.1';
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--port' && /^\\d+$/.test(args[i + 1] ?? '')) port = Number(args[++i]);
  else if (a === '--host' && args[i + 1]) host = args[++i];
  else if (a === '--help' || a === '-h') { console.log(usage); process.exit(0); }
  else { console.error(usage); process.exit(2); }
}
let emulator;
try {
  emulator = await ${start}({ port, host });
} catch (err) {
  console.error(${JSON.stringify(`${title} could not start: `)} + (err instanceof Error ? err.message : String(err)));
  process.exit(1);
}
console.log(${JSON.stringify(`${title} at `)} + emulator.url);
if (emulator.authorizeUrl) console.log('  authorize URL: ' + emulator.authorizeUrl);
if (emulator.apiBase) console.log('  API base:      ' + emulator.apiBase);
${name === 'telegram' ? "console.log('  Bot API root:  ' + emulator.url + '   (a person\\'s chat: ' + emulator.url + '/__emulator/phone?token=…&user=…)');" : ''}
console.log('  control API:   ' + emulator.url + '/__emulator/state');
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await emulator.close().catch(() => undefined);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
`;

const VIRTUAL = 'virtual:emulator-cli/';

function virtualEntries() {
  return {
    name: 'clipdesk-emulator-cli',
    resolveId: (id) => (id.startsWith(VIRTUAL) ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${VIRTUAL}`)) return null;
      const name = id.slice(VIRTUAL.length + 1);
      return EMULATORS[name] ? cliEntry(name, EMULATORS[name]) : null;
    },
  };
}

/** Builds every emulator into out/emulators/NAME.js; returns the files. */
export async function buildEmulators({ quiet = false } = {}) {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: ROOT,
    logLevel: quiet ? 'warn' : 'info',
    plugins: [virtualEntries()],
    build: {
      // An SSR build targets Node: node:* stays external, nothing is minified.
      ssr: true,
      outDir: EMULATORS_OUT,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: {
        input: Object.fromEntries(Object.keys(EMULATORS).map((name) => [name, `${VIRTUAL}${name}`])),
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  });
  return Object.keys(EMULATORS).map(emulatorBundle);
}

/** Newest modification time of the emulators' sources and of this script. */
function sourcesMtime() {
  const times = [fs.statSync(import.meta.filename).mtimeMs];
  for (const { module } of Object.values(EMULATORS)) {
    const dir = path.dirname(path.join(ROOT, module));
    for (const f of fs.readdirSync(dir, { recursive: true })) times.push(fs.statSync(path.join(dir, f)).mtimeMs);
  }
  return Math.max(...times);
}

/** Builds the emulators when a bundle is missing or older than its sources. */
export async function ensureEmulators() {
  const newest = sourcesMtime();
  const stale = Object.keys(EMULATORS).some((name) => !fs.existsSync(emulatorBundle(name)) || fs.statSync(emulatorBundle(name)).mtimeMs < newest);
  if (stale) await buildEmulators({ quiet: true });
}

/**
 * Starts out/emulators/NAME.js as a child process and waits for its first line.
 * Resolves with { child, url }; the child's output after that goes to `onOutput` (default: dropped),
 * and its stderr to ours, or to `stderr(stream)` when given.
 */
export function startEmulator(name, { port = 0, onOutput, stderr } = {}) {
  const child = spawn(process.execPath, [emulatorBundle(name), '--port', String(port)], { stdio: ['ignore', 'pipe', stderr ? 'pipe' : 'inherit'] });
  if (stderr) stderr(child.stderr);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The ${name} emulator did not start in time`)), 15_000);
    const onData = (d) => {
      out += d;
      const m = / at (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.on('data', (more) => onOutput?.(more.toString()));
      resolve({ child, url: m[1], banner: out });
    };
    child.stdout.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The ${name} emulator exited (${code}) before it started${port ? `; is port ${port} free?` : ''}`));
    });
  });
}

/**
 * A JSON call to an emulator's control API: emulatorControl(url, 'POST', '/__emulator/apps', {...}).
 * A new connection per call (agent: false): calls seconds apart on a kept-alive socket can race
 * the server closing it and fail with "socket hang up".
 */
export function emulatorControl(baseUrl, method, route, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const req = http.request(new URL(route, baseUrl), { method, agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        const parsed = text ? JSON.parse(text) : null;
        if (res.statusCode !== 200) reject(new Error(`${method} ${route}: HTTP ${res.statusCode} ${parsed?.error ?? text}`));
        else resolve(parsed);
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await buildEmulators()) console.log(`built ${path.relative(ROOT, f)}`);
}
