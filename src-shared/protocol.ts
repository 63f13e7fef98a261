// The wire format of the WebSocket transport (the headless host and the CLI's hand-off to a
// running instance). Electron IPC needs no envelope: ipcRenderer.invoke already pairs
// requests and replies; its cancel and progress ride channels of their own (bridge.ts).
//
// Like VS Code's IPC (docs/architecture.md §1, "Cancellable calls"): every request has an id
// the client chose; `{ cancel: id }` tells the server the caller gave that call up, and the
// server aborts that call's signal; `{ id, progress }` tells the caller how a long call is
// going before its reply. Closing the socket aborts every call it carried.
import { z } from 'zod';

/** Messages larger than this are refused before parsing (commands carry ids, not media). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** A call's id, chosen by the client, unique among its calls under way on this connection. */
export const CallIdSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const RequestSchema = z
  .object({
    id: CallIdSchema,
    cmd: z.string().max(100),
    // Optional: a command whose input is all optional may be called without one.
    input: z.unknown().optional(),
  })
  .strict();
export type Request = z.infer<typeof RequestSchema>;

/** The caller gave up the call with this id. Unanswered: an unknown or finished id is ignored. */
export const CancelSchema = z.object({ cancel: CallIdSchema }).strict();
export type Cancel = z.infer<typeof CancelSchema>;

export type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } };

export interface EventMessage {
  event: string;
  payload: unknown;
}

/** How the call with this id is going (its command's `progress` in the contract); only its caller gets it. */
export interface ProgressMessage {
  id: number;
  progress: unknown;
}

export type ServerMessage = Reply | EventMessage | ProgressMessage;

/** Cookie the host trades the URL token for; per port, since cookies ignore ports. */
export function sessionCookieName(port: number): string {
  return `clipdesk_session_${port}`;
}

/** The headless host's download of "export everything" (GET; `media=1` includes the videos). */
export const EXPORT_PATH = '/export';
