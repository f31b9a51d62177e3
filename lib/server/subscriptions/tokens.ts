import { hashToken, hmac, safeEqual } from '../crypto';
import { instanceSecret } from '../secret';

// A subscriber's manage/unsubscribe token is derived, never stored: "<subscriber id>.<HMAC of
// the id and a generation number>". It is checked by recomputing the HMAC, so it works for every
// subscriber however the row was created (form, import, demo seed). Bumping the generation
// would retire every old link.

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

/** Confirmation tokens are base64url of 32 bytes; anything else is refused before touching the database. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{32,64}$/.test(token);
}
