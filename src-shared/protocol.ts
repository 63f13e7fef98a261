// The wire format of the WebSocket transport (the headless host and the CLI's hand-off to a
// running instance). Electron IPC needs no envelope: ipcRenderer.invoke already pairs
// requests and replies.
import { z } from 'zod';

/** Messages larger than this are refused before parsing (commands carry ids, not media). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export const RequestSchema = z
  .object({
    id: z.number().int().nonnegative(),
    cmd: z.string().max(100),
    // Optional: a command whose input is all optional may be called without one.
    input: z.unknown().optional(),
  })
  .strict();
export type Request = z.infer<typeof RequestSchema>;

export type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } };

export interface EventMessage {
  event: string;
  payload: unknown;
}

export type ServerMessage = Reply | EventMessage;

/** Cookie the host trades the URL token for; per port, since cookies ignore ports. */
export function sessionCookieName(port: number): string {
  return `clipdesk_session_${port}`;
}

/** The headless host's download of "export everything" (GET; `media=1` includes the videos). */
export const EXPORT_PATH = '/export';
