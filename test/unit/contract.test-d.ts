// Type-level proof that everything serving or calling the API agrees with the contract
// (src-shared/contract.ts): a command added to, or missing from, any of them fails to compile.
import { describe, expectTypeOf, it } from 'vitest';
import type { Api, CommandInput, CommandName, CommandProgress, CommandResult, Handlers } from '../../src-shared/contract';
import type { ConnectStart } from '../../src-shared/tiktok/accounts';
import type { PairingStart } from '../../src-shared/telegram/telegram';
import type { Routes } from '../../src-main/core/transport/routes';
import type { JobSummary } from '../../src-shared/domain';

describe('contract types', () => {
  it('Routes (both transports dispatch through them) has exactly the contract commands', () => {
    expectTypeOf<keyof Routes>().toEqualTypeOf<CommandName>();
  });

  it('Handlers (what the core implements) has exactly the contract commands', () => {
    expectTypeOf<keyof Handlers>().toEqualTypeOf<CommandName>();
  });

  it("the renderer's api.call accepts exactly the contract commands", () => {
    expectTypeOf<Parameters<Api['call']>[0]>().toEqualTypeOf<CommandName>();
    // A name outside the contract does not compile.
    // @ts-expect-error — not a command
    expectTypeOf<Api['call']>().toBeCallableWith('posts.frobnicate', {});
  });

  it('ties each command to its own input and result', () => {
    expectTypeOf<Routes['jobs.cancel']>().returns.resolves.toEqualTypeOf<JobSummary>();
    expectTypeOf<Routes['jobs.cancel']>().returns.resolves.toEqualTypeOf<CommandResult<'jobs.cancel'>>();
    expectTypeOf<Parameters<Handlers['jobs.cancel']>[0]>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<CommandInput<'jobs.cancel'>>().toEqualTypeOf<{ id: string }>();
  });

  it('types what a long call tells on the way, and nothing for a call that tells nothing', () => {
    expectTypeOf<CommandProgress<'accounts.connect'>>().toEqualTypeOf<ConnectStart>();
    expectTypeOf<CommandProgress<'telegram.pair'>>().toEqualTypeOf<PairingStart>();
    expectTypeOf<CommandProgress<'jobs.cancel'>>().toEqualTypeOf<never>();
  });
});
