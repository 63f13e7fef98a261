// Errors from the api already carry a sentence written for the creator (src-shared/errors);
// anything else gets a plain fallback rather than a stack or "[object Object]".
export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === 'string' && err) return err;
  return 'Something went wrong, and Clipdesk did not say what. Try again; if it keeps happening, run Diagnostics in Settings.';
}
