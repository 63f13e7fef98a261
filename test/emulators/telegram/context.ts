// What every handler works on: the bots, people and files of one emulator, its knobs, its
// fault queue and its request log.
import { FaultQueue } from './faults';
import { DEFAULT_KNOBS, type BotState, type EmulatedChat, type EmulatedUser, type EmulatorKnobs, type StoredFile, type TelegramRequestRecord } from './state';

export interface EmulatorContext {
  /** e.g. http://127.0.0.1:PORT (no trailing slash). */
  readonly url: string;
  readonly knobs: EmulatorKnobs;
  /** By token. */
  readonly bots: Map<string, BotState>;
  readonly users: Map<number, EmulatedUser>;
  readonly groups: Map<number, EmulatedChat>;
  /** Uploaded files by file_id (kept in memory; served at /__emulator/files/<file_id>). */
  readonly files: Map<string, StoredFile>;
  readonly faults: FaultQueue;
  readonly requests: TelegramRequestRecord[];
  /** Counters for ids that are global on Telegram (callback query ids, file ids). */
  readonly seq: { callback: number; file: number };
}

export function createContext(url: string): EmulatorContext {
  return {
    url,
    knobs: { ...DEFAULT_KNOBS },
    bots: new Map(),
    users: new Map(),
    groups: new Map(),
    files: new Map(),
    faults: new FaultQueue(),
    requests: [],
    seq: { callback: 0, file: 0 },
  };
}

/** Ends every held long poll with an empty answer (before close or reset). */
export function releasePolls(ctx: EmulatorContext): void {
  for (const bot of ctx.bots.values()) bot.heldPoll?.answer();
}

export function resetContext(ctx: EmulatorContext): void {
  releasePolls(ctx);
  Object.assign(ctx.knobs, DEFAULT_KNOBS);
  ctx.bots.clear();
  ctx.users.clear();
  ctx.groups.clear();
  ctx.files.clear();
  ctx.faults.clear();
  ctx.requests.length = 0;
  ctx.seq.callback = 0;
  ctx.seq.file = 0;
}

/** Merges known knobs only: a misspelt knob is an error, not a silent no-op. */
export function setKnobs(ctx: EmulatorContext, patch: unknown): EmulatorKnobs {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new Error('Knobs must be a JSON object');
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in DEFAULT_KNOBS)) throw new Error(`Unknown knob: ${key}`);
    if (typeof value !== 'number' || !(value >= 0)) throw new Error(`Knob ${key} must be a number >= 0`);
    ctx.knobs[key as keyof EmulatorKnobs] = value;
  }
  return { ...ctx.knobs };
}
