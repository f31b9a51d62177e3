import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateTotpSecret, hotp, matchTotpStep, otpauthUri, totpCode, totpStep, verifyTotp } from '@/lib/server/auth/totp';
import { isSealedTotpSecret, openTotpSecretWith, sealTotpSecretWith, totpBoxKey } from '@/lib/server/auth/totp-secret-box';
import { AppError } from '@/lib/server/errors';

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

  it('returns the matched time step, within one step of drift either side', () => {
    const secret = generateTotpSecret();
    const now = new Date('2026-01-01T12:00:10Z');
    const step = totpStep(now);
    expect(step).toBe(Math.floor(Date.parse('2026-01-01T12:00:00Z') / 30_000));
    expect(totpStep(new Date('2026-01-01T12:00:29.999Z'))).toBe(step);
    expect(totpStep(new Date('2026-01-01T12:00:30Z'))).toBe(step + 1);
    const at = (seconds: number) => totpCode(secret, new Date(now.getTime() + seconds * 1000));
    expect(matchTotpStep(secret, at(0), now)).toBe(step);
    expect(matchTotpStep(secret, at(-30), now)).toBe(step - 1);
    expect(matchTotpStep(secret, at(30), now)).toBe(step + 1);
    expect(matchTotpStep(secret, ` ${at(0).slice(0, 3)} ${at(0).slice(3)} `, now)).toBe(step);
    expect(matchTotpStep(secret, 'abcdef', now)).toBeNull();
    expect(matchTotpStep(secret, at(0).slice(1), now)).toBeNull();
    // Outside the window, unless it happens to equal a code inside it (one in a million).
    const insideWindow = [at(-30), at(0), at(30)];
    for (const s of [-90, -60, 60, 90]) if (!insideWindow.includes(at(s))) expect(matchTotpStep(secret, at(s), now)).toBeNull();
    expect(matchTotpStep(secret, at(-60), now, 2)).toBe(step - 2);
    expect(matchTotpStep(secret, at(30), now, 0)).toBe(at(30) === at(0) ? step : null);
  });

  it('reports the newest step when two steps in the window share a code', () => {
    // With the RFC test key, steps 1096428 and 1096430 both give 437991 (found by search).
    const key = Buffer.from('12345678901234567890');
    const n = 1_096_429;
    expect(hotp(key, n - 1)).toBe('437991');
    expect(hotp(key, n + 1)).toBe('437991');
    expect(hotp(key, n)).not.toBe('437991');
    const now = new Date(n * 30_000 + 5_000);
    expect(matchTotpStep(base32Encode(key), hotp(key, n - 1), now)).toBe(n + 1);
  });

  it('builds an otpauth URI', () => {
    expect(otpauthUri('ABC', 'a@b.test')).toBe('otpauth://totp/Candor%3Aa%40b.test?secret=ABC&issuer=Candor&algorithm=SHA1&digits=6&period=30');
  });
});

describe('TOTP key sealing at rest', () => {
  const key = totpBoxKey('instance-secret-one');
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  it('seals with AES-256-GCM under a v1: prefix and opens it again', () => {
    const sealed = sealTotpSecretWith(key, 'user-1', secret);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret);
    expect(Buffer.from(sealed.slice(3), 'base64url')).toHaveLength(12 + 16 + secret.length);
    expect(isSealedTotpSecret(sealed)).toBe(true);
    expect(openTotpSecretWith(key, 'user-1', sealed)).toBe(secret);
    // A fresh IV each time: the same key never seals to the same text twice.
    expect(sealTotpSecretWith(key, 'user-1', secret)).not.toBe(sealed);
  });

  it('passes legacy plain keys through unchanged', () => {
    expect(isSealedTotpSecret(secret)).toBe(false);
    expect(openTotpSecretWith(key, 'user-1', secret)).toBe(secret);
  });

  it('refuses a value sealed for another user, under another instance secret, or tampered with', () => {
    const sealed = sealTotpSecretWith(key, 'user-1', secret);
    const refused = (fn: () => unknown) => {
      let caught: unknown;
      try {
        fn();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).message).toMatch(/cannot be decrypted/);
    };
    refused(() => openTotpSecretWith(key, 'user-2', sealed));
    refused(() => openTotpSecretWith(totpBoxKey('instance-secret-two'), 'user-1', sealed));
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1]! ^= 1;
    refused(() => openTotpSecretWith(key, 'user-1', `v1:${raw.toString('base64url')}`));
    refused(() => openTotpSecretWith(key, 'user-1', 'v1:short'));
  });
});
