import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateTotpSecret, hotp, otpauthUri, totpCode, verifyTotp } from '@/lib/server/auth/totp';

// RFC 6238 appendix B (SHA1 key "12345678901234567890", 8 digits).
const rfcKey = Buffer.from('12345678901234567890');
const vectors: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP', () => {
  it.each(vectors)('matches RFC 6238 at T=%i', (seconds, code) => {
    expect(hotp(rfcKey, Math.floor(seconds / 30), 8)).toBe(code);
    expect(totpCode(base32Encode(rfcKey), new Date(seconds * 1000), { digits: 8 })).toBe(code);
  });

  it('round-trips base32', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
  });

  it('accepts the current and adjacent steps only', () => {
    const secret = generateTotpSecret();
    const now = new Date('2026-01-01T12:00:10Z');
    expect(verifyTotp(secret, totpCode(secret, now), now)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, new Date(now.getTime() - 90_000)), now)).toBe(false);
    expect(verifyTotp(secret, 'abcdef', now)).toBe(false);
  });

  it('builds an otpauth URI', () => {
    expect(otpauthUri('ABC', 'a@b.test')).toBe('otpauth://totp/Candor%3Aa%40b.test?secret=ABC&issuer=Candor&algorithm=SHA1&digits=6&period=30');
  });
});
