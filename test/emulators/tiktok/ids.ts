// Identifiers shaped like TikTok's, so a client that makes assumptions about them (length,
// characters, precision) meets the same shapes here.
import crypto from 'node:crypto';

export const randomId = (bytes = 24): string => crypto.randomBytes(bytes).toString('base64url');

const digits = (n: number): string => {
  let out = '';
  while (out.length < n) out += crypto.randomInt(0, 1_000_000_000).toString().padStart(9, '0');
  return out.slice(0, n);
};

/** TikTok log ids: a UTC timestamp then hex, e.g. 202611051234560A1B2C3D4E5F60718293. */
export function logId(at = Date.now()): string {
  const stamp = new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return stamp + crypto.randomBytes(10).toString('hex').toUpperCase();
}

/** Authorization codes carry `*` and `!` like TikTok's, so a client that forgets to URL-decode the callback fails here too. */
export const authCode = (): string => `${randomId(30)}*!${digits(4)}.va`;

export const accessToken = (): string => `act.${randomId(36)}!${digits(4)}.va`;
export const refreshToken = (): string => `rft.${randomId(36)}!${digits(4)}.va`;

export const publishId = (mode: 'direct' | 'inbox'): string => `${mode === 'direct' ? 'v_pub_file' : 'v_inbox_file'}~v2-1.${digits(19)}`;

/**
 * A 19-digit post id beyond 2^53, so JSON.parse would round it: the pitfall a client must
 * survive (§3.5). Returned as a string; status/fetch writes it as a raw number.
 */
export function publicPostId(): string {
  for (;;) {
    const id = `7${digits(18)}`;
    if (String(Number(id)) !== id) return id;
  }
}
