// PKCE for TikTok's desktop Login Kit: a hex SHA-256 challenge, not RFC 7636's base64url
// (docs/platforms.md, TikTok §1.3). The expected hex values were computed with
// `printf %s V | sha256sum`.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { codeChallenge, createCodeVerifier, createPkce, createState } from '../../src-main/core/tiktok/pkce';

const UNRESERVED = /^[A-Za-z0-9\-._~]+$/;

describe('codeChallenge', () => {
  it('is the lowercase hex SHA-256 of the verifier (pinned vector)', () => {
    // printf %s dBjftJeZ4CVP-mJ0dXq1x9j8yM1LRz0TtBvWfkp_sMQ | sha256sum
    expect(codeChallenge('dBjftJeZ4CVP-mJ0dXq1x9j8yM1LRz0TtBvWfkp_sMQ')).toBe('92dacf7876d27a4e480ee7016340f6d720533eb777edcdc8418352581fbf68e4');
  });

  it("is not RFC 7636's base64url: on the RFC's own verifier it gives hex of the same digest", () => {
    // RFC 7636 Appendix B: this verifier's S256 challenge is E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM.
    const rfcVerifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    const rfcChallenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    const hex = codeChallenge(rfcVerifier);
    // printf %s dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk | sha256sum
    expect(hex).toBe('13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3');
    expect(hex).not.toBe(rfcChallenge);
    expect(Buffer.from(hex, 'hex').toString('base64url')).toBe(rfcChallenge);
    expect(codeChallenge('dBjftJeZ4CVP-mJ0dXq1x9j8yM1LRz0TtBvWfkp_sMQ')).not.toBe(rfcChallenge);
  });

  it('accepts 43 and 128 characters, every unreserved character', () => {
    expect(codeChallenge('a'.repeat(43))).toMatch(/^[0-9a-f]{64}$/);
    expect(codeChallenge('~'.repeat(128))).toMatch(/^[0-9a-f]{64}$/);
    expect(codeChallenge('ABCXYZabcxyz0189-._~'.padEnd(43, 'Q'))).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, string]>([
    ['42 characters', 'a'.repeat(42)],
    ['129 characters', 'a'.repeat(129)],
    ['empty', ''],
    ['a space', `${'a'.repeat(42)} `],
    ['a plus (base64, not base64url)', `${'a'.repeat(42)}+`],
    ['a slash', `${'a'.repeat(42)}/`],
    ['an equals sign', `${'a'.repeat(42)}=`],
    ['a non-ASCII letter', `${'a'.repeat(42)}é`],
  ])('throws for a verifier with %s', (_name, verifier) => {
    expect(() => codeChallenge(verifier)).toThrow(RangeError);
  });
});

describe('createCodeVerifier', () => {
  it('is 64 unreserved characters', () => {
    for (let i = 0; i < 50; i += 1) {
      const v = createCodeVerifier();
      expect(v).toHaveLength(64);
      expect(v).toMatch(UNRESERVED);
    }
  });

  it('is different every time', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => createCodeVerifier()));
    expect(seen.size).toBe(1000);
  });

  it('uses all 66 characters, each about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const n = 2000;
    for (let i = 0; i < n; i += 1) for (const ch of createCodeVerifier()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(66);
    // 128,000 characters / 66 ≈ 1939 each; a biased modulo would put the first 58 near 2048
    // and the last 8 near 1024. ±15% is far outside chance (σ ≈ 44) yet catches that.
    const expected = (n * 64) / 66;
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.15);
  });
});

describe('createPkce', () => {
  it('returns a verifier, its hex challenge and S256', () => {
    const p = createPkce();
    expect(p.method).toBe('S256');
    expect(p.verifier).toMatch(UNRESERVED);
    expect(p.challenge).toBe(crypto.createHash('sha256').update(p.verifier).digest('hex'));
    expect(createPkce().verifier).not.toBe(p.verifier);
  });
});

describe('createState', () => {
  it('is at least 32 URL-safe characters and never repeats', () => {
    const states = Array.from({ length: 200 }, () => createState());
    for (const s of states) {
      expect(s.length).toBeGreaterThanOrEqual(32);
      expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(encodeURIComponent(s)).toBe(s);
    }
    expect(new Set(states).size).toBe(200);
  });
});
