// Import benchmark (docs/architecture.md §6): 100 short clips imported through the real
// pipeline — `clipdesk serve`, library.import over its API, the durable import jobs hashing,
// probing and thumbnailing them — against the same ffprobe and ffmpeg commands run directly
// with the same concurrency (2, the import jobs' concurrency). Budget: ≤ 1.3×.
// Standalone: `node scripts/bench-import.js` (after `npm run build`).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { localApiKey } from './local-api-key.js';

const CLIPS = Number(process.env.BENCH_IMPORT_CLIPS ?? 100);
const CONCURRENCY = 2;
const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
const ffprobe = process.env.FFPROBE_PATH ?? 'ffprobe';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** 100 distinct short clips: one encode, then stream-copied with a different title each (distinct hashes). */
function makeClips(dir) {
  const base = path.join(dir, 'base.mp4');
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=2', '-f', 'lavfi', '-i', 'sine=duration=2',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', base]);
  const clipsDir = path.join(dir, 'clips');
  fs.mkdirSync(clipsDir);
  for (let i = 0; i < CLIPS; i++) {
    execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-i', base, '-c', 'copy', '-metadata', `title=clip ${i}`, path.join(clipsDir, `clip ${String(i).padStart(3, '0')}.mp4`)]);
  }
  return clipsDir;
}

function run(file, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited ${code}`))));
  });
}

/** The commands the import pipeline runs per clip (src-main/core/media/probe.ts, thumbnail.ts). */
async function direct(files, outDir) {
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      await run(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', '-i', `file:${file}`]);
      const out = path.join(outDir, `${path.basename(file)}.jpg`);
      await run(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-ss', '0.200', '-i', `file:${file}`, '-map', '0:V:0', '-frames:v', '1',
        '-vf', 'scale=320:trunc(ow/dar/2)*2,setsar=1', '-c:v', 'mjpeg', '-q:v', '3', '-f', 'mjpeg', `file:${out}`]);
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function startServe(cli, dataDir) {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /running at (\S+)/.exec(out);
      if (m) resolve(new URL(m[1]));
    });
    child.once('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  return { child, url };
}

async function pipeline(cli, clipsDir) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-bench-import-'));
  const { child, url } = await startServe(cli, dataDir);
  const ws = new WebSocket(`ws://127.0.0.1:${url.port}/api`, { headers: { Authorization: `Bearer ${localApiKey(dataDir)}` } });
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  // Jobs start while the import command is still answering, so early clips may finish before
  // its reply: keep every clip's latest state and judge once the reply names the clips.
  const latest = new Map();
  let ids = null;
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  const check = () => {
    if (ids && ids.every((id) => latest.has(id) && latest.get(id) !== 'importing')) resolveDone();
  };
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString());
    if (m.event === 'clips.changed') latest.set(m.payload.id, m.payload.state);
    if (m.id === 1) {
      if (!m.ok) throw new Error(m.error.message);
      ids = m.result.added.map((c) => c.id);
      for (const c of m.result.added) if (!latest.has(c.id)) latest.set(c.id, c.state);
    }
    check();
  });
  const t0 = process.hrtime.bigint();
  ws.send(JSON.stringify({ id: 1, cmd: 'library.import', input: { paths: [clipsDir] } }));
  await done;
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  ws.close();
  await new Promise((r) => {
    child.once('exit', r);
    child.kill('SIGTERM');
  });
  const thumbs = fs.readdirSync(path.join(dataDir, 'thumbnails')).length;
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (thumbs !== CLIPS) throw new Error(`the pipeline made ${thumbs} thumbnails for ${CLIPS} clips`);
  return elapsed;
}

export async function benchImport({ root, runs }) {
  const cli = path.join(root, 'bin/clipdesk.js');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-bench-clips-'));
  try {
    const clipsDir = makeClips(work);
    const files = fs.readdirSync(clipsDir).map((n) => path.join(clipsDir, n));
    const ours = [];
    const theirs = [];
    for (let i = 0; i < runs; i++) {
      // Alternate the order so neither side always runs on a warmer cache.
      const outDir = fs.mkdtempSync(path.join(work, 'direct-'));
      if (i % 2 === 0) {
        ours.push(await pipeline(cli, clipsDir));
        theirs.push(await direct(files, outDir));
      } else {
        theirs.push(await direct(files, outDir));
        ours.push(await pipeline(cli, clipsDir));
      }
    }
    const ratio = median(ours) / median(theirs);
    return [
      {
        name: `Import ${CLIPS} clips (hash, probe, thumbnail) / ffprobe+ffmpeg directly, ${CONCURRENCY} at a time`,
        value: ratio,
        budget: 1.3,
        better: 'lower',
        detail: `${(median(ours) / 1000).toFixed(2)} s vs ${(median(theirs) / 1000).toFixed(2)} s`,
      },
    ];
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchImport({ root: path.resolve(import.meta.dirname, '..'), runs: Number(process.env.BENCH_RUNS ?? 3) });
  for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(2)}× (budget ≤ ${r.budget}×; ${r.detail})`);
}
