// Render budgets (docs/architecture.md §6), measured on this machine against ffmpeg itself:
//   (a) the pipeline's wall time (`clipdesk render`, which probes, measures loudness, renders and
//       writes the cover) ÷ the same ffmpeg passes run by hand — budget ≤ 1.05;
//   (b) the naive blurred background graph (split; scale to fill; boxblur=20:1 at full 1080x1920;
//       overlay) ÷ Clipdesk's blur preset graph, both in the pipeline's own render graph on the
//       same 30 s 1080p source, decoded and filtered into the null muxer — budget ≥ 1.4 (times
//       faster). The whole render pass with each graph, encoder included, is shown beside it.
// Medians over `runs`. Needs a build (npx electron-vite build). Standalone:
//   node scripts/bench-render.js   (BENCH_RUNS=3, BENCH_RENDER_SECONDS=30; BENCH_RENDER_PRESET=veryfast
//                                   to see (b) with another libx264 preset — not the budget figure)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** CPU seconds used by this process's finished children (Linux), to show beside wall time on a busy machine. */
function childCpuSec() {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // cutime + cstime of reaped children, in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

function timed(file, args, env) {
  const cpu0 = childCpuSec();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = childCpuSec();
  if (r.status !== 0) throw new Error(`${path.basename(file)} ${args.slice(0, 3).join(' ')} … failed (${r.status}): ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`);
  return { wall, cpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0, stdout: r.stdout };
}

/** A 1080p phone-like source: moving test pattern, a tone at about −32 LUFS to normalise. */
function makeSource(file, seconds) {
  execFileSync(FFMPEG, [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-af', 'volume=-10dB', '-c:a', 'aac', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', file,
  ]);
}

function renderWithCli(root, src, out, extra) {
  const cli = path.join(root, 'bin/clipdesk.js');
  // A creator's data folder exists (it keeps the encoder detection between renders).
  fs.mkdirSync(path.join(path.dirname(out), 'data'), { recursive: true });
  const r = timed(process.execPath, [cli, 'render', src, '-o', out, '--json', ...extra, '--data', path.join(path.dirname(out), 'data')]);
  const last = JSON.parse(r.stdout.trim().split('\n').at(-1));
  if (!last.done) throw new Error(`clipdesk render did not finish: ${r.stdout}`);
  return { ...r, passes: last.passes };
}

const fmtCpu = (x) => (x === null ? '' : `; CPU ${x.toFixed(1)} s`);

/**
 * `preset` (optional) swaps libx264's preset in both graphs of (b), to show how the ratio moves
 * with the encoder's share of the work; the budget row uses the pipeline's own settings.
 */
export async function benchRender({ root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), runs = 3, seconds = 30, preset = null } = {}) {
  if (!fs.existsSync(path.join(root, 'out/main/cli.js'))) throw new Error('Build first: npx electron-vite build');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-bench-render-'));
  try {
    const src = path.join(work, 'source-1080p.mp4');
    makeSource(src, seconds);

    // (a) Pipeline vs the same passes by hand. Default recipe (blur, loudness −14) plus a cover:
    // three passes. Alternating the two spreads any drift in machine load over both.
    const pipeline = [];
    const byHand = [];
    const pipeCpu = [];
    const handCpu = [];
    let passCount = 0;
    for (let i = 0; i < runs; i++) {
      const out = path.join(work, `pipeline-${i}.mp4`);
      const p = renderWithCli(root, src, out, ['--cover', '1']);
      pipeline.push(p.wall);
      pipeCpu.push(p.cpu);
      passCount = p.passes.length;
      let wall = 0;
      let cpu = 0;
      for (const args of p.passes) {
        const r = timed(FFMPEG, args);
        wall += r.wall;
        cpu = r.cpu === null || cpu === null ? null : cpu + r.cpu;
      }
      byHand.push(wall);
      handCpu.push(cpu);
      // The hand-run passes wrote the pipeline's temporary names again.
      for (const f of fs.readdirSync(work)) if (f.startsWith('.')) fs.rmSync(path.join(work, f), { force: true });
      fs.rmSync(out, { force: true });
    }
    const a = median(pipeline) / median(byHand);

    // (b) Blur preset vs the naive graph: the pipeline's own render pass, with only the
    // background branch swapped, run by hand so nothing but the graph differs.
    const probe = renderWithCli(root, src, path.join(work, 'graph.mp4'), ['--loudness', 'off']);
    const pipelinePass = probe.passes.find((args) => args.includes('-filter_complex'));
    const renderPass = preset ? pipelinePass.map((arg, i) => (pipelinePass[i - 1] === '-preset' ? preset : arg)) : pipelinePass;
    const g = renderPass.indexOf('-filter_complex') + 1;
    // The fit stage runs from the source label to the overlay; everything after it stays.
    const fit = /^\[0:v\].*?overlay=x=\(W-w\)\/2:y=\(H-h\)\/2,setsar=1\[(\w+)\]/.exec(renderPass[g]);
    const size = /,crop=\d+:\d+,boxblur=[\d:]+,scale=(\d+):(\d+)/.exec(renderPass[g]);
    if (!fit || !size) throw new Error(`unexpected blur graph: ${renderPass[g]}`);
    const [, w, h] = size;
    const naiveFit =
      `[0:v]split=2[bgsrc][fgsrc];` +
      `[bgsrc]scale=${w}:${h}:force_original_aspect_ratio=increase,crop=${w}:${h},boxblur=20:1[bg];` +
      `[fgsrc]scale=${w}:${h}:force_original_aspect_ratio=decrease:force_divisible_by=2[fg];` +
      `[bg][fg]overlay=x=(W-w)/2:y=(H-h)/2,setsar=1[${fit[1]}]`;
    const naivePass = renderPass.map((arg, i) => (i === g ? naiveFit + arg.slice(fit[0].length) : arg));
    if (naivePass[g] === renderPass[g]) throw new Error('could not build the naive graph');
    // The budget compares the graphs (docs/architecture.md §6: the naive full-size boxblur
    // graph): the same decode and the same outputs, into ffmpeg's null muxer, so the encoder —
    // which at libx264 medium takes ~80% of a 2-core machine — does not hide what the graph
    // costs.
    const graphOnly = (args) => {
      const maps = args.flatMap((a, i) => (args[i - 1] === '-map' ? ['-map', a] : []));
      return ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', src, '-filter_complex', args[g], ...maps, '-f', 'null', '-'];
    };
    const fast = [];
    const naive = [];
    const fastCpu = [];
    const naiveCpu = [];
    for (let i = 0; i < runs; i++) {
      const f = timed(FFMPEG, graphOnly(renderPass));
      fast.push(f.wall);
      fastCpu.push(f.cpu);
      const n = timed(FFMPEG, graphOnly(naivePass));
      naive.push(n.wall);
      naiveCpu.push(n.cpu);
    }
    const b = median(naive) / median(fast);
    // For context, once: the whole render pass with each graph, encoder included.
    const outPath = path.join(work, 'graph-by-hand.mp4');
    const withOut = (args) => [...args.slice(0, -1), outPath];
    const wholeFast = timed(FFMPEG, withOut(renderPass)).wall;
    const wholeNaive = timed(FFMPEG, withOut(naivePass)).wall;
    const encoderArgs = renderPass.slice(renderPass.indexOf('-c:v'), renderPass.indexOf('-pix_fmt') + 2).join(' ');
    const cpuOk = pipeCpu.every((x) => x !== null) && handCpu.every((x) => x !== null);

    return [
      {
        name: 'Render pipeline ÷ same ffmpeg passes by hand',
        value: a,
        budget: 1.05,
        better: 'lower',
        ok: a <= 1.05,
        detail:
          `${seconds} s 1080p → 1080x1920, blur, loudness −14, cover (${passCount} passes): ` +
          `pipeline ${median(pipeline).toFixed(2)} s, by hand ${median(byHand).toFixed(2)} s` +
          (cpuOk ? `; CPU ${median(pipeCpu).toFixed(1)} s vs ${median(handCpu).toFixed(1)} s` : ''),
      },
      {
        name: 'Blur background preset: times faster than naive full-size boxblur',
        value: b,
        budget: 1.4,
        better: 'higher',
        ok: b >= 1.4,
        detail:
          `${seconds} s 1080p → ${w}x${h}, graphs only: naive ${median(naive).toFixed(2)} s${fmtCpu(median(naiveCpu))}, ` +
          `preset ${median(fast).toFixed(2)} s${fmtCpu(median(fastCpu))}; whole render pass with ${encoderArgs} (one run): ` +
          `naive ${wholeNaive.toFixed(2)} s, preset ${wholeFast.toFixed(2)} s = ${(wholeNaive / wholeFast).toFixed(2)}×`,
      },
    ];
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const seconds = Number(process.env.BENCH_RENDER_SECONDS ?? 30);
  const preset = process.env.BENCH_RENDER_PRESET ?? null;
  console.log(`Clipdesk render benchmarks (median of ${runs}; ${os.cpus().length} cores, ${os.loadavg()[0].toFixed(1)} load at start)\n`);
  const rows = await benchRender({ runs, seconds, preset });
  for (const r of rows) {
    console.log(`${r.ok ? 'within' : 'OVER  '}  ${r.name}: ${r.value.toFixed(2)}× (budget ${r.better === 'lower' ? '≤' : '≥'} ${r.budget}×) — ${r.detail}`);
  }
  process.exit(rows.every((r) => r.ok) ? 0 : 1);
}
