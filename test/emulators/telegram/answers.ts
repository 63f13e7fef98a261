// The Bot API envelope and Telegram's own error wording. Handlers throw a BotApiError (or
// return a value) and server.ts writes the envelope in one place, with the HTTP status equal
// to error_code as Telegram does (grammY ignores the status, other clients may not).

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as UTF-8. */
  body?: string | Buffer;
}

/** The socket was destroyed (a drop fault) or the client went away: nothing to write. */
export const DROPPED = Symbol('dropped');
export type Outcome = Answer | typeof DROPPED;

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(value),
});

export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

/** A failed Bot API call: becomes {"ok":false,"error_code","description","parameters"?}. */
export class BotApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
  }
}

/** A successful call; `description` is what Telegram adds for setWebhook and friends. */
export interface Success {
  result: unknown;
  description?: string;
}

export const success = (result: unknown, description?: string): Success => (description ? { result, description } : { result });

export const okAnswer = ({ result, description }: Success): Answer => json(200, description ? { ok: true, result, description } : { ok: true, result });

export const errorAnswer = (e: BotApiError): Answer =>
  json(e.code, { ok: false, error_code: e.code, description: e.description, ...(e.parameters ? { parameters: e.parameters } : {}) });

export const badRequest = (what: string): BotApiError => new BotApiError(400, `Bad Request: ${what}`);
export const forbidden = (what: string): BotApiError => new BotApiError(403, `Forbidden: ${what}`);

/** Telegram's words (reference §1.3, §1.5, §4.3). One place, so tests and handlers agree. */
export const WORDS = {
  unauthorized: 'Unauthorized',
  notFound: 'Not Found',
  pollConflict: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  webhookConflict: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  notModified:
    'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  queryTooOld: 'query is too old and response timeout expired or query ID is invalid',
  noTextToEdit: 'there is no text in the message to edit',
  noCaptionToEdit: 'there is no caption in the message to edit',
  editNotFound: 'message to edit not found',
  deleteNotFound: 'message to delete not found',
  cantEdit: "message can't be edited",
  replyNotFound: 'message to be replied not found',
  buttonDataInvalid: 'BUTTON_DATA_INVALID',
  buttonUrlInvalid: 'BUTTON_URL_INVALID',
  textButtonsUnallowed: 'text buttons are unallowed in the inline keyboard',
  markupJson: "can't parse reply keyboard markup JSON object",
  chatNotFound: 'chat not found',
  chatIdEmpty: 'chat_id is empty',
  textEmpty: 'message text is empty',
  textTooLong: 'message is too long',
  captionTooLong: 'message caption is too long',
  blocked: 'bot was blocked by the user',
  cantInitiate: "bot can't initiate conversation with a user",
  tooLarge: 'Request Entity Too Large',
  wrongFileId: 'wrong file identifier/HTTP URL specified',
  emptyFile: 'file must be non-empty',
  urlFetch: 'failed to get HTTP URL content',
  answerTooLong: 'MESSAGE_TOO_LONG',
} as const;

export const tooManyRequests = (retryAfter: number): BotApiError =>
  new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
