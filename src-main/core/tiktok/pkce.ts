// PKCE and state for TikTok's desktop Login Kit (docs/platforms.md, TikTok §1.3). TikTok's
// desktop flow wants the challenge as the lowercase HEX SHA-256 of the verifier — not RFC
// 7636's base64url — which is why this is hand-written rather than taken from an OAuth library.
import crypto from 'node:crypto';

/** RFC 7636's unreserved characters, which TikTok also requires. */
const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;
export const CODE_VERIFIER_LENGTH = 64;
/**
 * Bytes at or above this are thrown away: 256 is not a multiple of 66, so taking every byte
 * modulo 66 would favour the first 58 characters. Keeping bytes below 198 = 3 · 66 maps exactly
 * three byte values to each character.
 */
const UNBIASED_LIMIT = 256 - (256 % UNRESERVED.length);

/** 64 characters from the 66 unreserved ones: 64 · log2(66) ≈ 387 bits of entropy. */
export function createCodeVerifier(): string {
  let out = '';
  while (out.length < CODE_VERIFIER_LENGTH) {
    for (const byte of crypto.randomBytes(CODE_VERIFIER_LENGTH)) {
      if (byte >= UNBIASED_LIMIT) continue;
      out += UNRESERVED[byte % UNRESERVED.length];
      if (out.length === CODE_VERIFIER_LENGTH) break;
    }
  }
  return out;
}

/** TikTok desktop's challenge: 64 lowercase hex characters of SHA-256(verifier). */
export function codeChallenge(verifier: string): string {
  if (!VERIFIER_PATTERN.test(verifier)) {
    throw new RangeError(`A PKCE code verifier is 43 to 128 characters from A-Z a-z 0-9 - . _ ~ (got ${verifier.length} characters)`);
  }
  return crypto.createHash('sha256').update(verifier, 'ascii').digest('hex');
}

/** A fresh pair for one authorization attempt; never reuse one. */
export function createPkce(): { verifier: string; challenge: string; method: 'S256' } {
  const verifier = createCodeVerifier();
  return { verifier, challenge: codeChallenge(verifier), method: 'S256' };
}

/** The anti-CSRF `state`: 32 random bytes, base64url (43 characters, nothing to escape in a URL). */
export function createState(): string {
  return crypto.randomBytes(32).toString('base64url');
}
