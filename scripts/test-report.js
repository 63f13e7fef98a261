// Sums the JSON reports of every suite `npm test` ran (vitest, Playwright) into one line:
// `N passed, N failed[, N skipped]`. Used by scripts/test.js and by .ci/run, so the closing
// line is computed from what the runners themselves reported, never hard-coded.
import fs from 'node:fs';
import path from 'node:path';

export function readTotals(reportDir) {
  const totals = { passed: 0, failed: 0, skipped: 0, suites: [] };
  const vitestFile = path.join(reportDir, 'vitest.json');
  if (fs.existsSync(vitestFile)) {
    const v = JSON.parse(fs.readFileSync(vitestFile, 'utf8'));
    totals.passed += v.numPassedTests ?? 0;
    totals.failed += (v.numFailedTests ?? 0) + (v.numFailedTestSuites && !v.numFailedTests ? v.numFailedTestSuites : 0);
    totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
    totals.suites.push(`vitest: ${v.numPassedTests ?? 0} passed, ${v.numFailedTests ?? 0} failed, ${(v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)} skipped`);
  }
  const e2eFile = path.join(reportDir, 'e2e.json');
  if (fs.existsSync(e2eFile)) {
    const p = JSON.parse(fs.readFileSync(e2eFile, 'utf8'));
    const s = p.stats ?? {};
    // Playwright: expected = passed, unexpected = failed, flaky = passed on retry (counted as failed here: we run no retries).
    totals.passed += s.expected ?? 0;
    totals.failed += (s.unexpected ?? 0) + (s.flaky ?? 0) + (p.errors?.length ?? 0);
    totals.skipped += s.skipped ?? 0;
    totals.suites.push(`playwright: ${s.expected ?? 0} passed, ${(s.unexpected ?? 0) + (s.flaky ?? 0)} failed, ${s.skipped ?? 0} skipped`);
    // Say which tests were skipped and why, so a skip is never mistaken for a pass.
    for (const { title, reason } of skippedSpecs(p.suites ?? [])) totals.suites.push(`  skipped: ${title} — ${reason}`);
  }
  return totals;
}

function* skippedSpecs(suites, prefix = '') {
  for (const suite of suites) {
    const here = suite.title && !suite.title.endsWith('.ts') ? `${prefix}${suite.title} › ` : prefix;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'skipped') continue;
        const note = (test.annotations ?? []).find((a) => a.type === 'skip');
        yield { title: `${here}${spec.title}`, reason: note?.description ?? 'no reason given' };
      }
    }
    yield* skippedSpecs(suite.suites ?? [], here);
  }
}

export function closingLine(t) {
  return `${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}`;
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  const t = readTotals(process.argv[2] ?? '.reports');
  for (const s of t.suites) console.log(s);
  console.log(closingLine(t));
  process.exit(t.failed > 0 || t.passed === 0 ? 1 : 0);
}
