// Who asked: every command the core runs carries its caller (docs/architecture.md §1, "Every
// call carries its caller"), the way VS Code's IPC hands each call its context and
// cancellation. The actor decides what a caller may do (only the person at the machine names
// files of the host) and is what the activity log records.

/** The caller of a command. */
export type Actor =
  /** The desktop app's own window (its IPC sender checked by the shell). */
  | { kind: 'window' }
  /** A browser session of the headless host: may be on another machine, holds only the access link. */
  | { kind: 'browser'; session: string }
  /** The person at their own terminal: the CLI, in-process or handed to a running instance. */
  | { kind: 'terminal' }
  /** A paired Telegram user. */
  | { kind: 'telegram'; userId: number }
  /** A rule of Clipdesk's own (the scheduler, the no-answer rule, retention). */
  | { kind: 'rule'; rule: string };

/** What a call knows of its caller; `P` is what a long call may tell it on the way (the contract's `progress`). */
export interface CallContext<P = unknown> {
  readonly actor: Actor;
  /**
   * Aborts when the caller cancels this call (the protocol's cancel message) or goes away: the
   * window closes or reloads, the socket drops, the CLI session ends.
   */
  readonly signal: AbortSignal;
  /**
   * Tells this caller, and only this caller, how the call is going before it ends: the consent
   * page to open, the pairing link to show (docs/architecture.md §1, "Cancellable calls").
   * Absent when nobody listens; a call that has been cancelled tells nothing more. (A method, so
   * a handler's context of one command is a CallContext to the helpers that take any.)
   */
  progress?(payload: P): void;
}

/** The name the activity log gives an actor. The window keeps 'app', as the log always said. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'window':
      return 'app';
    case 'browser':
      return 'browser';
    case 'terminal':
      return 'cli';
    case 'telegram':
      return `telegram:${actor.userId}`;
    case 'rule':
      return `rule:${actor.rule}`;
  }
}

/**
 * Whether this caller is the person at the machine Clipdesk runs on, and so may name a file or
 * folder of that machine (import by path, export to a path, a watermark by path). A browser
 * session of the host may be anyone holding the access link, perhaps on another machine: it
 * uploads and downloads, never reads or writes a path it chose (docs/architecture.md §4, "Host
 * paths").
 */
export function mayUseHostPaths(actor: Actor): boolean {
  return actor.kind === 'window' || actor.kind === 'terminal';
}
