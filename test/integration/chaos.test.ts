// A short, bounded run of the crash campaign (test/chaos/campaign.ts; the long one is
// `npm run chaos`): a handful of seeded trials, one for each exact kill point — a token refresh
// TikTok answered whose new pair died with the process (finding 8: the same user reconnects and
// the post carries on), an init TikTok made, a chunk, the last chunk, the final status — plus
// random kills and the emulator's faults. None may end with a duplicate at TikTok, a post that
// never ends, bytes that differ from the file, a disagreement with TikTok, or a token in output.
// CHAOS_TRIALS and CHAOS_SEED change the run (e.g. to replay what `npm run chaos` found).
import { beforeAll, describe, expect, it } from 'vitest';
import { failedChecks, runCampaign } from '../chaos/campaign';
import { requireBuiltCli } from '../support/serve-process';

const TRIALS = Number(process.env.CHAOS_TRIALS ?? 5);
const SEED = Number(process.env.CHAOS_SEED ?? 20260301);

beforeAll(() => {
  requireBuiltCli();
});

describe('the crash campaign, short', () => {
  it(`${TRIALS} trials of kill -9 (seed ${SEED}): no duplicate, nothing lost, every byte as in the file`, async () => {
    const lines: string[] = [];
    const verbose = Boolean(process.env.CHAOS_VERBOSE);
    const log = (line: string): void => {
      lines.push(line);
      if (verbose) console.log(line);
    };
    const only = process.env.CHAOS_ONLY?.split(',').map(Number);
    const report = await runCampaign({ trials: TRIALS, seed: SEED, log, verbose, trialBoundMs: 90_000, ...(only ? { only } : {}) });
    const summary = lines.join('\n');
    expect(failedChecks(report), summary).toBe(0);
    expect(report.duplicates, summary).toBe(0);
    expect(report.lost, summary).toBe(0);
    expect(report.mismatches, summary).toBe(0);
    expect(report.disagreements, summary).toBe(0);
    expect(report.published + report.failed, summary).toBe(report.trials);
    expect(report.kills, summary).toBeGreaterThanOrEqual(TRIALS - 1);
    if (report.trials >= 5) {
      // Every exact point was reached, and the lost refresh made the creator reconnect.
      const hit = Object.keys(report.exactKills).map((k) => k.split(' ')[0]);
      expect(new Set(hit), summary).toEqual(new Set(['refresh', 'init', 'chunk', 'last-chunk', 'final-status']));
      expect(report.reconnects, summary).toBeGreaterThanOrEqual(1);
    }
  }, 60_000 + TRIALS * 100_000);
});
