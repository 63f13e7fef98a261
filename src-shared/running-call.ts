// One client-side flow for a long call the person can give up — connecting TikTok, pairing a
// phone — used alike by the renderer's stores and the CLI's commands: start the call with its
// own signal, pass on its progress (the consent page, the pairing link) until it is cancelled,
// and say afterwards whether it was cancelled, so a flow tells "stopped" from "failed" without
// bookkeeping of its own (docs/architecture.md §1, "Cancellable calls").
import type { Api, CommandInput, CommandName, CommandProgress, CommandResult } from './contract';

export interface RunningCall<R> {
  /** The call's result; rejects with CANCELLED once cancel() was called. */
  readonly result: Promise<R>;
  /** Give the call up: the core aborts it (closing a listener, withdrawing a link). Idempotent. */
  cancel(): void;
  /** Whether cancel() was called: nothing the call says afterwards is the flow's business. */
  readonly cancelled: boolean;
}

export function startCall<K extends CommandName>(
  api: Pick<Api, 'call'>,
  name: K,
  input: CommandInput<K>,
  onProgress?: (payload: CommandProgress<K>) => void,
): RunningCall<CommandResult<K>> {
  const controller = new AbortController();
  const result = api.call(name, input, {
    signal: controller.signal,
    onProgress: (payload) => {
      if (!controller.signal.aborted) onProgress?.(payload);
    },
  });
  // A flow that cancels may never await the result: its rejection is expected, not unhandled.
  result.catch(() => undefined);
  return {
    result,
    cancel: () => controller.abort(),
    get cancelled() {
      return controller.signal.aborted;
    },
  };
}
