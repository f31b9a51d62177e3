import { hkdfSync } from 'node:crypto';
import { openTotpSecretWith, sealTotpSecretWith } from '../auth/totp-secret-box';
import { AppError } from '../errors';
import { instanceSecret } from '../secret';

// A webhook signing secret must be kept in a form Candor can sign with, so it is sealed at rest
// (AES-256-GCM, the same box as TOTP keys, under its own HKDF key, bound to the subscriber id).

const INFO = 'candor/webhook-secret/v1';

export function webhookBoxKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), INFO, 32));
}

export function sealWebhookSecretWith(key: Buffer, subscriberId: string, plain: string): string {
  return sealTotpSecretWith(key, subscriberId, plain);
}

export async function openWebhookSecret(subscriberId: string, sealed: string): Promise<string> {
  return openWebhookSecretWith(webhookBoxKey(await instanceSecret()), subscriberId, sealed);
}

export function openWebhookSecretWith(key: Buffer, subscriberId: string, sealed: string): string {
  try {
    return openTotpSecretWith(key, subscriberId, sealed);
  } catch {
    throw new AppError('unavailable', "A webhook's signing secret cannot be decrypted (the instance secret no longer matches).");
  }
}
