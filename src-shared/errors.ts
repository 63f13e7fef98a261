// Errors cross every boundary (IPC, WebSocket, CLI) as { code, message }: a stable code a
// program can branch on and a sentence a person can act on. Nothing else of an error leaves
// the process — no stack, no cause, and never a secret.

export const ERROR_CODES = [
  'BAD_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'UNKNOWN_COMMAND',
  'STORE_NEWER',
  'STORE_CORRUPT',
  'LOCKED',
  'SECRETS_UNAVAILABLE',
  'NOT_BUILT',
  'UNAVAILABLE',
  // Media (library and rendering)
  'MEDIA_UNREADABLE', // not a media file, empty, truncated or corrupt
  'MEDIA_UNSUPPORTED', // a media file Clipdesk cannot make a TikTok video from (audio only, an image)
  'FILE_MISSING', // a source file was moved or deleted after import
  'DISK_FULL',
  'FFMPEG_FAILED', // ffmpeg or ffprobe failed for a reason not covered above, or is missing
  'CANCELLED',
  // TikTok
  'NOT_CONFIGURED', // no TikTok developer app (client key/secret) saved or in the environment
  'RECONNECT_NEEDED', // TikTok refused the saved authorisation: connect the account again
  'PERMISSION_MISSING', // the account did not grant a permission (scope) this needs; it still publishes: reconnect and leave it ticked
  'TIKTOK_ERROR', // TikTok answered with an error; the message says which and what to do
  'NETWORK', // TikTok (or Telegram) could not be reached
  'TIMEOUT',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
}

/** An error whose message is written for the person using Clipdesk. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}

export function isWireError(value: unknown): value is WireError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as WireError).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((value as WireError).code) &&
    typeof (value as WireError).message === 'string'
  );
}

/**
 * What a call its caller cancelled (or walked away from) answers: the one wording for the
 * transports, the clients and the routes, so a flow can tell "stopped" from "failed".
 */
export function cancelledError(message = 'The request was cancelled.'): AppError {
  return new AppError('CANCELLED', message);
}

/** Whether an error is a call's cancellation (see cancelledError). */
export function isCancelled(err: unknown): boolean {
  return err instanceof AppError && err.code === 'CANCELLED';
}
