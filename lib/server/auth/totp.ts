import { createHmac, randomBytes } from 'node:crypto';

// RFC 6238 time-based one-time passwords (HMAC-SHA1, 30 s steps, 6 digits), as authenticator
// apps expect. Secrets are base32 (RFC 4648) without padding.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_PERIOD_SECONDS = 30;

export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error(`invalid base32 character "${ch}"`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** HOTP (RFC 4226) for one counter value. */
export function hotp(key: Buffer, counter: number, digits = 6, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function totpCode(secret: string, now: Date, opts: { digits?: number; step?: number } = {}): string {
  const step = opts.step ?? TOTP_PERIOD_SECONDS;
  return hotp(base32Decode(secret), Math.floor(now.getTime() / 1000 / step), opts.digits ?? 6);
}

/** The RFC 6238 time-step counter for an instant. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * The time step whose code matches, looking at the current step and `window` steps either side
 * (clock drift), or null. Callers accept a step only once: see consume-totp-code.ts.
 */
export function matchTotpStep(secret: string, code: string, now: Date, window = 1): number | null {
  const clean = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(clean)) return null;
  const key = base32Decode(secret);
  const counter = totpStep(now);
  // Latest first: in the one-in-a-million case of two steps sharing a code, the newer one counts.
  for (let d = window; d >= -window; d--) if (hotp(key, counter + d) === clean) return counter + d;
  return null;
}

/** Accepts the code for the current step or one step either side (clock drift). Does not guard against replay. */
export function verifyTotp(secret: string, code: string, now: Date, window = 1): boolean {
  return matchTotpStep(secret, code, now, window) !== null;
}

export function otpauthUri(secret: string, account: string, issuer = 'Candor'): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}

/** The secret in groups of four, easier to type by hand. */
export function formatSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}
