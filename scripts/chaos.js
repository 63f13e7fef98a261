// `npm run chaos [-- --trials N --seed S]`: the crash campaign (test/chaos/campaign.ts) — seeded
// trials in which a real `clipdesk serve` publishing to the TikTok emulator (with its faults) is
// killed with SIGKILL at random times and at exact moments (init, each chunk, the last chunk, a
// token refresh TikTok answered, the final status), restarted on the same data folder until the
// post ends, the same TikTok user reconnecting when the account asks for it. It reports trials,
// kills, duplicates, lost posts and byte mismatches, and exits 1 if there is any of them (or a
// disagreement with TikTok, or a token in the serve's output). `.ci/run` runs a short, bounded
// version through vitest (test/integration/chaos.test.ts).
//
//   --trials N      trials to run (default 100)
//   --seed S        the campaign's seed (default: from the clock; it is printed, to replay)
//   --only A,B      only these trial numbers, e.g. one a campaign reported (same --seed)
//   --bound-ms MS   longest a trial may take to end after its planned kills (default 150000)
//   --verbose       every trial's timeline, with TikTok's requests
//   --no-build      use the build in out/ as it is (default: npm run build first)
//
// The campaign is TypeScript importing the emulator and the test support; it is bundled here
// into out/chaos/campaign.js (as scripts/build-emulators.js bundles the emulators) and run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'out/chaos');

function usage(message) {
  console.error(`npm run chaos: ${message}\nusage: npm run chaos -- [--trials N] [--seed S] [--only A,B] [--bound-ms MS] [--verbose] [--no-build]`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      trials: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      'bound-ms': { type: 'string' },
      verbose: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (err) {
  usage(err.message.split('\n')[0]);
}
if (values.help) {
  console.log('usage: npm run chaos -- [--trials N] [--seed S] [--only A,B] [--bound-ms MS] [--verbose] [--no-build]');
  process.exit(0);
}
const whole = (name, text, min) => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) usage(`--${name} takes a whole number of at least ${min}, not "${text}"`);
  return Number(text);
};
const trials = whole('trials', values.trials, 1) ?? 100;
const seed = whole('seed', values.seed, 0) ?? Date.now() % 2_147_483_647;
const boundMs = whole('bound-ms', values['bound-ms'], 1000);
const only = values.only?.split(',').map((n) => whole('only', n.trim(), 0));

if (!values['no-build']) {
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', shell: process.platform === 'win32' });
  if (built.status !== 0) {
    console.error(`${built.stdout}${built.stderr}\nnpm run chaos: npm run build failed`);
    process.exit(1);
  }
} else if (!fs.existsSync(path.join(ROOT, 'out/main/cli.js'))) {
  console.error('npm run chaos: there is no build in out/ (run npm run build, or leave out --no-build)');
  process.exit(1);
}

const { build } = await import('vite');
await build({
  configFile: false,
  root: ROOT,
  logLevel: 'warn',
  build: {
    // An SSR build targets Node: node:* and the dependencies stay external, nothing is minified.
    ssr: true,
    outDir: OUT,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: { input: { campaign: path.join(ROOT, 'test/chaos/campaign.ts') }, output: { format: 'es', entryFileNames: '[name].js' } },
  },
});

process.env.FFMPEG_PATH ??= '/usr/bin/ffmpeg';
const { runCampaign, failedChecks } = await import(pathToFileURL(path.join(OUT, 'campaign.js')).href);
console.log(`Crash campaign: ${only ? `trials ${only.join(', ')}` : `${trials} trials`}, seed ${seed} (replay with --seed ${seed})`);
const report = await runCampaign({ trials, seed, verbose: values.verbose === true, ...(boundMs ? { trialBoundMs: boundMs } : {}), ...(only ? { only } : {}) });
process.exit(failedChecks(report) === 0 ? 0 : 1);
