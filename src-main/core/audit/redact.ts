// Last line of defence against a secret reaching a log, an error or an export: known token
// shapes and `key=value` pairs with secret-sounding keys are masked. The first line of
// defence is not passing secrets to those places at all.
const PATTERNS: RegExp[] = [
  // Telegram bot tokens: 123456789:AA…, also inside Bot API URLs (…/bot123456789:AA…/getMe),
  // where a leading \b cannot match between "bot" and the id; no trailing \b either, which
  // would leave a final "-" of the token unmasked.
  /(?<!\d)\d{6,12}:[A-Za-z0-9_-]{30,}/g,
  // Bearer headers
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  // TikTok access and refresh tokens (tiktok-api.md §1.4: `act.` and `rft.` prefixes).
  /\b(?:act|rft)\.[A-Za-z0-9._~!*-]{10,}/g,
  // key=value or "key": "value" for secret-like keys
  /((?:access_token|refresh_token|client_secret|token|secret|password|code_verifier)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
];

export function redact(text: string): string {
  let out = text;
  for (const p of PATTERNS) out = out.replace(p, (m, prefix?: string) => (typeof prefix === 'string' ? `${prefix}[redacted]` : '[redacted]'));
  return out;
}
