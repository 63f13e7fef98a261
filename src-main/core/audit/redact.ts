// Last line of defence against a secret reaching a log, an error or an export: known token
// shapes and `key=value` pairs with secret-sounding keys are masked. The first line of
// defence is not passing secrets to those places at all.
//
// Secrets also travel encoded: inside a URL that is itself a query value (encodeURIComponent
// turns `:` `=` `&` `"` into %3A %3D %26 %22) and inside JSON that is itself a JSON string
// (JSON.stringify turns `"` into `\"` and `\` into `\\`). Each pattern below accepts those
// forms of its separators, and a quoted value is read to its closing quote, escapes included,
// so an escaped quote inside a secret cannot end the mask early (docs/security.md).

// A quote as written, JSON-escaped (\" or \\\" when nested twice) or URL-encoded (%22).
const Q = String.raw`(?:\\*["']|%22|%27)`;
// `:` or `=`, as written or URL-encoded.
const SEP = String.raw`(?::|=|%3[AaDd])`;
const KEYS = 'access_token|refresh_token|client_secret|token|secret|password|code_verifier';

const PATTERNS: RegExp[] = [
  // Telegram bot tokens: 123456789:AA…, also inside Bot API URLs (…/bot123456789:AA…/getMe),
  // where a leading \b cannot match between "bot" and the id; no trailing \b either, which
  // would leave a final "-" of the token unmasked. The colon may be URL-encoded (%3A).
  /(?<!\d)\d{6,12}(?::|%3[Aa])[A-Za-z0-9_-]{30,}/g,
  // Bearer headers, also with the space URL-encoded (%20 or +), where \b cannot match after %20.
  /(?<![A-Za-z])Bearer(?:\s+|%20|\+)[A-Za-z0-9._~+/=%-]{8,}/gi,
  // TikTok access and refresh tokens (tiktok-api.md §1.4: `act.` and `rft.` prefixes).
  /\b(?:act|rft)\.[A-Za-z0-9._~!*%-]{10,}/g,
  // "key": "value" for secret-like keys, the value a JSON string read to its closing quote:
  // escaped quotes and backslashes inside it are part of the secret, and the closing quote
  // (escaped as deeply as the opening one) is the one followed by the end of the value.
  new RegExp(String.raw`((?:${KEYS})${Q}?\s*${SEP}\s*(\\*)")((?:[^"\\]|\\.)*?)(?=\2"(?:[\s,}\]]|$))`, 'gi'),
  // key=value (and key%3Dvalue) for secret-like keys, unquoted or singly quoted.
  new RegExp(String.raw`((?:${KEYS})${Q}?\s*${SEP}\s*${Q}?)(?!${Q}?\[redacted\])[^\s"'&,;}\\]+`, 'gi'),
];

export function redact(text: string): string {
  let out = text;
  for (const p of PATTERNS) out = out.replace(p, (m, prefix?: string) => (typeof prefix === 'string' ? `${prefix}[redacted]` : '[redacted]'));
  return out;
}
