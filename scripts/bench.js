// `npm run bench`: the budgets of docs/architecture.md §6, each measured beside a baseline in the
// same run so the ratio means something on any machine:
//   - headless host: cold start to first answered request   (budget 1.5 s; vs bare Node)
//   - `clipdesk --help`                                       (budget 300 ms; vs node -e '')
//   - idle host resident memory                               (budget 150 MB; vs bare Node)
//   - render pipeline ÷ the same ffmpeg passes by hand        (budget ≤ 1.05; bench-render.js)
//   - blur preset vs the naive full-size boxblur graph        (budget ≥ 1.4× faster; bench-render.js)
//   - import of 100 clips ÷ ffprobe+ffmpeg directly            (budget ≤ 1.3; bench-import.js)
//   - upload of 1 GB to the TikTok emulator: serve's peak memory growth (budget < 100 MB) and
//     throughput ÷ curl -T of the same chunks                  (budget ≥ 0.8; bench-upload.js)
//   - History, the Queue list and the Library with 10,000 posts or clips, in Chromium: first
//     screen after the click (budget 300 ms; vs the empty view), dropped frames in a steady
//     scroll (budget 0; vs the idle page) and scrolling to the last (budget 10 s; bench-ui.js)
// Medians of several runs. Needs a build (npm run build); the upload bench builds the emulator
// bundle itself and needs curl. BENCH_ONLY=foundation|render|import|upload|ui runs one group.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { benchImport } from './bench-import.js';
import { benchRender } from './bench-render.js';
import { benchUi, UI_SUITES } from './bench-ui.js';
import { benchUpload } from './bench-upload.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'bin/clipdesk.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

if (!fs.existsSync(path.join(ROOT, 'out/main/cli.js'))) {
  console.error('Build first: npm run build');
  process.exit(1);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (ns) => Number(ns) / 1e6;

function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
}

/** Spawns a server process, waits for its printed URL, then for a 200 from it. */
async function coldStart(args, match, headersFor) {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = match.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (c) => reject(new Error(`exited ${c}`)));
  });
  const u = new URL(url);
  // The host names itself clipdesk-XXXX.localhost, which browsers resolve to loopback but Node's
  // resolver may not: ask 127.0.0.1 on the same port (the host answers its numeric loopback too).
  const status = await get(`http://127.0.0.1:${u.port}/healthz`, headersFor(u));
  const elapsed = ms(process.hrtime.bigint() - t0);
  if (status !== 200) throw new Error(`first request answered ${status}`);
  return { child, elapsed };
}

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function stop(child) {
  await new Promise((r) => {
    child.once('exit', r);
    child.kill('SIGTERM');
  });
}

const BARE_SERVER = `
const http = require('node:http');
const s = http.createServer((q, r) => r.end('{"ok":true}'));
s.listen(0, '127.0.0.1', () => console.log('ready http://127.0.0.1:' + s.address().port + '/'));
process.on('SIGTERM', () => s.close());`;

async function foundation() {
  const host = [];
  const bare = [];
  const hostRss = [];
  const bareRss = [];
  for (let i = 0; i < RUNS; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-bench-'));
    const h = await coldStart([CLI, 'serve', '--port', '0', '--data', dataDir], /running at (\S+)/, (u) => ({
      Authorization: `Bearer ${u.searchParams.get('token')}`,
    }));
    host.push(h.elapsed);
    const b = await coldStart(['-e', BARE_SERVER], /ready (\S+)/, () => ({}));
    bare.push(b.elapsed);
    await new Promise((r) => setTimeout(r, 2000)); // idle
    hostRss.push(rssMb(h.child.pid));
    bareRss.push(rssMb(b.child.pid));
    await stop(h.child);
    await stop(b.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const help = [];
  const nodeNoop = [];
  for (let i = 0; i < RUNS * 2; i++) {
    let t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    help.push(ms(process.hrtime.bigint() - t));
    if (r.status !== 0) throw new Error('clipdesk --help failed');
    t = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '']);
    nodeNoop.push(ms(process.hrtime.bigint() - t));
  }

  const rows = [
    ['Host cold start → first answered request', median(host), 1500, 'ms', median(bare), 'bare Node HTTP server'],
    ['clipdesk --help', median(help), 300, 'ms', median(nodeNoop), "node -e ''"],
    ['Idle host resident memory', median(hostRss), 150, 'MB', median(bareRss), 'bare Node HTTP server'],
  ];
  return rows.map(([name, value, budget, unit, base, baseName]) => ({
    name,
    value,
    budget,
    better: 'lower',
    unit,
    detail: `${(value / base).toFixed(2)}× ${baseName} (${base.toFixed(unit === 'MB' ? 1 : 0)} ${unit})`,
  }));
}

async function main() {
  const only = process.env.BENCH_ONLY;
  const groups = [
    ['foundation', () => foundation()],
    ['render', () => benchRender({ root: ROOT, runs: Math.max(1, Math.min(RUNS, 3)) })],
    ['import', () => benchImport({ root: ROOT, runs: Math.max(1, Math.min(RUNS, 3)) })],
    ['upload', () => benchUpload({ root: ROOT, runs: Math.max(1, Math.min(RUNS, 3)) })],
    // More UI suites (each `async (ctx) => results`, see bench-ui.js) go after UI_SUITES here.
    ['ui', () => benchUi({ root: ROOT, runs: Math.max(1, Math.min(RUNS, 3)), suites: [...UI_SUITES] })],
  ].filter(([name]) => !only || only === name);
  console.log(`Clipdesk benchmarks (medians; ${os.cpus().length} cores, Node ${process.version})\n`);
  let over = 0;
  for (const [, run] of groups) {
    for (const r of await run()) {
      const ok = r.better === 'higher' ? r.value >= r.budget : r.value <= r.budget;
      if (!ok) over++;
      const unit = r.unit ?? '×';
      const shown = unit === '×' ? `${r.value.toFixed(2)}×` : `${r.value.toFixed(unit === 'MB' ? 1 : 0)} ${unit}`;
      const budget = `${r.better === 'higher' ? '≥' : '≤'} ${r.budget}${unit === '×' ? '×' : ` ${unit}`}`;
      console.log(`${ok ? 'within' : 'OVER  '}  ${r.name}: ${shown} (budget ${budget}); ${r.detail}`);
    }
  }
  process.exit(over ? 1 : 0);
}

await main();
