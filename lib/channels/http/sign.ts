import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

// Standard Webhooks (standardwebhooks.com): each subscription has its own whsec_ secret; every
// request carries webhook-id, webhook-timestamp and webhook-signature (v1, HMAC-SHA256 of
// "id.timestamp.body"), made by the spec's own package so any receiver's library verifies it.

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new signing secret: 24 random bytes, base64, in the spec's whsec_ form. */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

export function signatureHeaders(secret: string, messageId: string, at: Date, body: string): Record<string, string> {
  const signature = new Webhook(secret).sign(messageId, at, body);
  return { 'webhook-id': messageId, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature };
}
