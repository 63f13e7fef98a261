// What a feature of the core is (docs/architecture.md §1, "Feature modules"): one folder whose
// entry builds it from the infrastructure and the named interfaces of the features below it, and
// returns its part of the contract, the jobs it runs, what it does when the process holding the
// data folder starts and stops, and the interface features above it may use. The composition
// root (create-core.ts) only builds the infrastructure, calls the entries in dependency order and
// merges what they return; `mergeHandlers` proves, when it compiles and again when it runs, that
// the features cover the contract exactly once.
import type { CommandName, Handlers } from '../../src-shared/contract';
import type { JobKind } from './jobs/job-kind';
import type { JobHandler, JobRunner, KindOptions } from './jobs/job-runner';

/** A job kind a feature runs: its handler and how many run at once / how often it is tried. */
export interface JobDeclaration {
  // Each declaration pairs a kind with a handler of the same payload (job() below checks it);
  // a list of them holds many payload types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  kind: JobKind<any, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run: JobHandler<any, any>;
  options?: Partial<KindOptions>;
}

/** A job a feature runs: the handler gets the payload and checkpoint its kind declares, already parsed. */
export function job<P, C>(kind: JobKind<P, C>, run: JobHandler<P, C>, options?: Partial<KindOptions>): JobDeclaration {
  return { kind, run, options };
}

export interface Feature<K extends CommandName = never, A = undefined> {
  /** This feature's part of the contract. */
  readonly handlers: Pick<Handlers, K>;
  /** The job kinds it runs (registered by the root before the runner starts). */
  readonly jobs: readonly JobDeclaration[];
  /** In the process holding the data folder, just before its job runner starts. */
  start(): void;
  /** When the core closes, in the reverse order of building. */
  stop(): void | Promise<void>;
  /** What features built after it may use. */
  readonly api: A;
}

/** A feature from the parts it has; the others are empty. */
export function feature<K extends CommandName = never, A = undefined>(parts: {
  handlers?: Pick<Handlers, K>;
  jobs?: readonly JobDeclaration[];
  start?: () => void;
  stop?: () => void | Promise<void>;
  api?: A;
}): Feature<K, A> {
  return {
    handlers: parts.handlers ?? ({} as Pick<Handlers, K>),
    jobs: parts.jobs ?? [],
    start: parts.start ?? (() => undefined),
    stop: parts.stop ?? (() => undefined),
    api: parts.api as A,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFeature = Feature<any, any>;
/** The commands a feature serves. */
export type CommandsOf<F> = F extends { handlers: infer H } ? keyof H & CommandName : never;
/** The commands served by more than one of the features. */
export type Duplicated<T extends readonly unknown[], Seen = never> = T extends readonly [infer H, ...infer R]
  ? (CommandsOf<H> & Seen) | Duplicated<R, Seen | CommandsOf<H>>
  : never;
/** The contract's commands no feature serves. */
export type Missing<T extends readonly unknown[]> = Exclude<CommandName, CommandsOf<T[number]>>;
/** `unknown` when the features cover the contract exactly once; otherwise a type naming what is wrong. */
export type CoversContract<T extends readonly unknown[]> = [Duplicated<T>] extends [never]
  ? [Missing<T>] extends [never]
    ? unknown
    : { error: 'commands no feature serves'; missing: Missing<T> }
  : { error: 'commands more than one feature serves'; duplicated: Duplicated<T> };

/**
 * Every feature's handlers as one table. Does not compile unless each command of the contract is
 * served by exactly one feature; checks the same at run time, for a feature typed loosely.
 */
export function mergeHandlers<const T extends readonly AnyFeature[]>(features: T & CoversContract<T>, commands: readonly CommandName[]): Handlers {
  const merged: Record<string, unknown> = {};
  for (const f of features as readonly AnyFeature[]) {
    for (const [name, handler] of Object.entries(f.handlers)) {
      if (name in merged) throw new Error(`Two features serve the command ${name}.`);
      merged[name] = handler;
    }
  }
  const missing = commands.filter((c) => !(c in merged));
  if (missing.length) throw new Error(`No feature serves ${missing.join(', ')}.`);
  const extra = Object.keys(merged).filter((c) => !commands.includes(c as CommandName));
  if (extra.length) throw new Error(`Features serve commands the contract does not have: ${extra.join(', ')}.`);
  return merged as Handlers;
}

/** Registers every feature's job kinds; a kind declared twice is a mistake in the tree. */
export function registerJobs(jobs: JobRunner, features: readonly AnyFeature[]): void {
  const seen = new Set<string>();
  for (const f of features) {
    for (const declared of f.jobs) {
      if (seen.has(declared.kind.name)) throw new Error(`Two features run the job kind ${declared.kind.name}.`);
      seen.add(declared.kind.name);
      jobs.register(declared.kind, declared.run, declared.options);
    }
  }
}
