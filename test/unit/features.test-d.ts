// Type-level proof that the core's features, as the composition root builds them, serve each
// command of the contract exactly once (src-main/core/feature.ts): a command served by two
// features, or by none, fails to compile.
import { describe, expectTypeOf, it } from 'vitest';
import type { CommandName } from '../../src-shared/contract';
import type { buildFeatures } from '../../src-main/core/create-core';
import { feature, mergeHandlers, type CommandsOf, type Duplicated, type Missing } from '../../src-main/core/feature';
import type { createAppFeature } from '../../src-main/core/app';
import type { createDoctorFeature } from '../../src-main/core/doctor';

type Features = ReturnType<typeof buildFeatures>['features'];
type AppFeature = ReturnType<typeof createAppFeature>;
type DoctorFeature = ReturnType<typeof createDoctorFeature>;

describe('features cover the contract', () => {
  it('no command is served by two features', () => {
    expectTypeOf<Duplicated<Features>>().toBeNever();
  });

  it('every command is served by a feature', () => {
    expectTypeOf<Missing<Features>>().toBeNever();
    expectTypeOf<CommandsOf<Features[number]>>().toEqualTypeOf<CommandName>();
  });

  it('the checks bite: a feature twice is a duplicate, one missing is a gap, and mergeHandlers refuses both', () => {
    expectTypeOf<Duplicated<[AppFeature, DoctorFeature, AppFeature]>>().toEqualTypeOf<CommandsOf<AppFeature>>();
    expectTypeOf<Missing<[AppFeature]>>().toEqualTypeOf<Exclude<CommandName, CommandsOf<AppFeature>>>();
    const doctor = feature<'app.doctor'>({ handlers: { 'app.doctor': async () => ({ checks: [] }) as never } });
    // @ts-expect-error — most of the contract is missing
    mergeHandlers([doctor], []);
    // @ts-expect-error — app.doctor is served twice
    mergeHandlers([doctor, doctor], []);
  });
});
