import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import { instanceSecret } from '../secret';

// TOTP keys are sealed at rest with AES-256-GCM under a key derived (HKDF-SHA256) from the instance
// secret, with the user id as associated data so a sealed value cannot be moved to another account.
// "v1:" marks a sealed value; base32 has no ":", so anything else is a legacy plain key.

const PREFIX = 'v1:';
const INFO = 'candor/totp-secret/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function totpBoxKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), INFO, 32));
}

export function isSealedTotpSecret(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function sealTotpSecretWith(key: Buffer, userId: string, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(userId, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

const unreadable = () =>
  new AppError('unavailable', "This account's two-step sign-in key cannot be decrypted (the instance secret no longer matches). Ask an administrator to check the server.");

/** The plain base32 key: sealed values are decrypted, legacy plain values returned as they are. */
export function openTotpSecretWith(key: Buffer, userId: string, stored: string): string {
  if (!isSealedTotpSecret(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES) throw unreadable();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(userId, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw unreadable();
  }
}

export async function sealTotpSecret(userId: string, secret: string): Promise<string> {
  return sealTotpSecretWith(totpBoxKey(await instanceSecret()), userId, secret);
}

export async function openTotpSecret(userId: string, stored: string): Promise<string> {
  return isSealedTotpSecret(stored) ? openTotpSecretWith(totpBoxKey(await instanceSecret()), userId, stored) : stored;
}
