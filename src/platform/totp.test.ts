import { describe, expect, it } from 'vitest';
import { fromBase32, matchTotp, newTotpSecret, timeStep, toBase32, totpCode } from './totp';

// RFC 6238 appendix B, SHA-1, secret "12345678901234567890"; 6-digit truncation of the 8-digit values.
const rfcSecret = toBase32(Buffer.from('12345678901234567890'));
const vectors: [number, string][] = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
];

describe('TOTP', () => {
  it.each(vectors)('matches the RFC 6238 test vector at %i s', (seconds, code) => {
    expect(totpCode(rfcSecret, timeStep(new Date(seconds * 1000)))).toBe(code);
  });

  it('round-trips base32', () => {
    const secret = newTotpSecret();
    expect(toBase32(fromBase32(secret))).toBe(secret);
    expect(fromBase32(secret)).toHaveLength(20);
  });

  it('accepts one step of drift and nothing further', () => {
    const at = new Date('2026-11-25T10:00:00Z');
    const step = timeStep(at);
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, step - 1), at)).toBe(step - 1);
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, step + 1), at)).toBe(step + 1);
    expect(matchTotp(rfcSecret, totpCode(rfcSecret, step - 2), at)).toBeUndefined();
    expect(matchTotp(rfcSecret, '12345', at)).toBeUndefined();
  });
});
