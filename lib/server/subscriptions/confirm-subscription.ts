import { hashToken, hmac } from '../crypto';
import { db } from '../db';
import { AppError } from '../errors';
import { subscriberPageLocale } from './subscriber-locale';
import { looksLikeToken, manageToken } from './tokens';
import { openWebhookSecret } from './webhook-secret';

export const INVALID_LINK = 'This link is not valid or has expired.';

/**
 * The confirmation token for a pending request: an HMAC of its stored nonce with the instance
 * secret. Only its hash is stored, yet a repeated request can mail the very same link again.
 */
export function confirmTokenFor(secret: string, nonce: string): string {
  return hmac(secret, `confirm:${nonce}`);
}

/** Whether a confirmation token would work now (the GET page shows a button only then). */
export async function checkConfirmToken(token: string, now = new Date()): Promise<boolean> {
  if (!looksLikeToken(token)) return false;
  const s = await db().subscriber.findUnique({ where: { confirmTokenHash: hashToken(token) }, select: { confirmExpiresAt: true } });
  return Boolean(s?.confirmExpiresAt && s.confirmExpiresAt > now);
}

/** What a working confirmation link is for: its channel, where it posts, a webhook's signing secret (shown on this page until confirmed), and the page's language. */
export async function pendingConfirmation(token: string, now = new Date()): Promise<{ channel: string; endpointHost: string | null; secret: string | null; locale: string } | null> {
  if (!looksLikeToken(token)) return null;
  const s = await db().subscriber.findUnique({ where: { confirmTokenHash: hashToken(token) }, select: { id: true, channel: true, endpoint: true, webhookSecret: true, confirmExpiresAt: true, locale: true, allRegions: true } });
  if (!s?.confirmExpiresAt || s.confirmExpiresAt <= now) return null;
  return { channel: s.channel, endpointHost: s.endpoint ? new URL(s.endpoint).host : null, secret: s.webhookSecret ? await openWebhookSecret(s.id, s.webhookSecret) : null, locale: await subscriberPageLocale(s) };
}

/**
 * The POST behind the confirm button: the subscription becomes active under a new generation, so
 * manage links from an earlier subscription of the same address stop working; returns the new manage token.
 */
export async function confirmSubscription({ token, now = new Date() }: { token: string; now?: Date }): Promise<{ manageToken: string }> {
  if (!looksLikeToken(token)) throw new AppError('not_found', INVALID_LINK);
  // Retried when an old link unsubscribes (and rotates) between the read and the write.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const s = await db().subscriber.findUnique({ where: { confirmTokenHash: hashToken(token) } });
    if (!s || !s.confirmExpiresAt || s.confirmExpiresAt <= now) throw new AppError('not_found', INVALID_LINK);
    const next = await manageToken(s.id, s.tokenGeneration + 1);
    const updated = await db().subscriber.updateMany({
      where: { id: s.id, confirmTokenHash: s.confirmTokenHash, tokenGeneration: s.tokenGeneration },
      data: { confirmedAt: now, confirmTokenHash: null, confirmExpiresAt: null, confirmNonce: null, unsubscribedAt: null, tokenGeneration: s.tokenGeneration + 1, manageTokenHash: next.hash },
    });
    if (updated.count === 1) return { manageToken: next.token };
  }
  throw new AppError('not_found', INVALID_LINK);
}
