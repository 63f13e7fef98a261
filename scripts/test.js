// `npm test`: build, then every suite — unit and integration (vitest, real SQLite and
// ffmpeg), then end to end (Playwright: Debian's Chromium against the headless host, and the
// Electron smoke test where Electron is installed). Each runner writes a JSON report to
// .reports/; the closing line sums them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { closingLine, readTotals } from './test-report.js';

const reports = '.reports';
fs.rmSync(reports, { recursive: true, force: true });
fs.mkdirSync(reports, { recursive: true });

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

const build = run('npx', ['electron-vite', 'build']);
if (build !== 0) {
  console.error('The build failed; no tests were run.');
  process.exit(1);
}
const unit = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${reports}/vitest.json`]);
const e2e = run('npx', ['playwright', 'test']);

const totals = readTotals(reports);
for (const s of totals.suites) console.log(s);
console.log(closingLine(totals));
process.exit(unit !== 0 || e2e !== 0 || totals.failed > 0 || totals.passed === 0 ? 1 : 0);
