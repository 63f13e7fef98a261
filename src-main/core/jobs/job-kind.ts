// A kind of durable job, declared once with the shape of what it carries (docs/architecture.md
// §3, "Typed jobs"). A payload lives in SQLite across versions of the app: a job enqueued by
// last month's Clipdesk may be claimed by today's. So the runner parses the payload (and the
// last checkpoint) with the kind's schema when it claims the job, the way Signal Desktop's
// JobQueue calls `parseData`; a payload that no longer fits fails that job with a sentence
// saying so, instead of reaching a handler that would crash on it.
import { z } from 'zod';

export interface JobKind<P = unknown, C = unknown> {
  /** The name stored in the jobs table. Never renamed: queued rows carry it. */
  readonly name: string;
  readonly payload: z.ZodType<P>;
  /** The shape of the checkpoint a handler commits; unchecked when absent. */
  readonly checkpoint: z.ZodType<C>;
}

/** Declares a job kind. Zod's `.passthrough()` is not needed: extra fields an older version wrote are dropped. */
export function jobKind<PS extends z.ZodType, CS extends z.ZodType = z.ZodUnknown>(
  name: string,
  payload: PS,
  checkpoint?: CS,
): JobKind<z.output<PS>, z.output<CS>> {
  return { name, payload: payload as z.ZodType<z.output<PS>>, checkpoint: (checkpoint ?? z.unknown()) as z.ZodType<z.output<CS>> };
}

/** Why a stored payload or checkpoint does not fit its kind, in one sentence a person can read. */
export function describeMismatch(kind: string, what: 'payload' | 'checkpoint', error: z.ZodError): string {
  const first = error.issues[0];
  const where = first && first.path.length ? ` at ${first.path.join('.')}` : '';
  return `This ${kind} job's saved ${what} no longer fits what this version of Clipdesk expects (${first?.message ?? 'unreadable'}${where}). The job was stopped before it ran; start the work again.`;
}
