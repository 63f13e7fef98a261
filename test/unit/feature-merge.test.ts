// The run-time half of "each command exactly once" (src-main/core/feature.ts): a feature typed
// loosely cannot slip a duplicate, a gap or an unknown command past the composition root.
import { describe, expect, it } from 'vitest';
import { commands, type CommandName } from '../../src-shared/contract';
import { z } from 'zod';
import { feature, job, mergeHandlers, registerJobs } from '../../src-main/core/feature';
import { jobKind, type JobKind } from '../../src-main/core/jobs/job-kind';
import type { JobRunner } from '../../src-main/core/jobs/job-runner';

const all = Object.keys(commands) as CommandName[];
const serving = (names: string[]) => feature({ handlers: Object.fromEntries(names.map((n) => [n, async () => n])) as never });

describe('mergeHandlers', () => {
  it('merges features that serve every command once', () => {
    const merged = mergeHandlers([serving(all.slice(0, 3)), serving(all.slice(3))] as never, all);
    expect(Object.keys(merged).sort()).toEqual([...all].sort());
  });

  it('refuses a command served twice, naming it', () => {
    expect(() => mergeHandlers([serving(all), serving([all[0]!])] as never, all)).toThrow(`Two features serve the command ${all[0]}.`);
  });

  it('refuses a command no feature serves, naming it', () => {
    expect(() => mergeHandlers([serving(all.slice(1))] as never, all)).toThrow(`No feature serves ${all[0]}.`);
  });

  it('refuses a command the contract does not have', () => {
    expect(() => mergeHandlers([serving([...all, 'posts.frobnicate'])] as never, all)).toThrow('posts.frobnicate');
  });
});

describe('registerJobs', () => {
  it('registers each declared kind once and refuses a kind two features declare', () => {
    const kinds: string[] = [];
    const runner = { register: (kind: JobKind) => kinds.push(kind.name) } as unknown as JobRunner;
    const run = async () => undefined;
    const a = jobKind('a', z.object({}));
    const b = jobKind('b', z.object({}));
    registerJobs(runner, [feature({ jobs: [job(a, run)] }), feature({ jobs: [job(b, run)] })]);
    expect(kinds).toEqual(['a', 'b']);
    expect(() => registerJobs(runner, [feature({ jobs: [job(a, run)] }), feature({ jobs: [job(jobKind('a', z.string()), run)] })])).toThrow('Two features run the job kind a.');
  });
});
