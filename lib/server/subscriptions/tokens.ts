import { hashToken, hmac, safeEqual } from '../crypto';
import { instanceSecret } from '../secret';

// A subscriber's manage/unsubscribe token is derived, never stored: "<subscriber id>.<HMAC of
// the id and a generation number>". It is checked by recomputing the HMAC, so it works for every
// subscriber however the row was created (form, import, demo seed). Unsubscribing and confirming
// bump the generation: older links stop managing, though any of them still unsubscribes.

export function manageTokenFor(secret: string, subscriberId: string, generation: number): string {
  return `${subscriberId}.${hmac(secret, `manage:${subscriberId}:${generation}`)}`;
}

export async function manageToken(subscriberId: string, generation: number): Promise<{ token: string; hash: string }> {
  const token = manageTokenFor(await instanceSecret(), subscriberId, generation);
  return { token, hash: hashToken(token) };
}

/** The subscriber id inside a well-formed manage token, or null. */
export function manageTokenSubject(token: string): string | null {
  const m = /^([A-Za-z0-9_-]{1,64})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return m ? m[1]! : null;
}

export async function verifyManageToken(token: string, subscriberId: string, generation: number): Promise<boolean> {
  return safeEqual(token, manageTokenFor(await instanceSecret(), subscriberId, generation));
}

/** Generations looked back through for an unsubscribe link: each takes a confirmed round trip by mail, so real ones are few. */
export const UNSUBSCRIBE_LOOKBACK = 1000;

/** The generation a token was issued for (current or older), or null: an unsubscribe link in mail sent before a rotation. */
export async function manageTokenGeneration(token: string, subscriberId: string, current: number): Promise<number | null> {
  const secret = await instanceSecret();
  let found: number | null = null;
  // Every candidate is compared, so the time taken does not say which generation matched.
  for (let g = current; g >= Math.max(1, current - UNSUBSCRIBE_LOOKBACK); g -= 1) if (safeEqual(token, manageTokenFor(secret, subscriberId, g)) && found === null) found = g;
  return found;
}

/** Confirmation tokens are base64url of 32 bytes; anything else is refused before touching the database. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{32,64}$/.test(token);
}
