import { AppError } from '../errors';
import { clearKey, release, reserve, retryAfterSeconds, type Reservation } from '../rate-limit/reserve';
import { ACCOUNT_RULE, IP_RULE, minutesText } from './throttle-policy';

// Password guesses are limited per account wherever the password is asked for (sign-in and
// changing it share the account's count), and per address at sign-in. A success clears the
// account's count (the secret was proven) but only gives back its own place in the address's.

export const accountKey = (email: string) => `login-account:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `login-ip:${ip}`;
export const totpKey = (userId: string) => `totp:${userId}`;

export const lockedAccount = (ms: number) =>
  new AppError('rate_limited', `Too many failed sign-ins for this account. It is locked; try again in ${minutesText(ms)}, or reset your password.`, undefined, { retryAfterSeconds: retryAfterSeconds(ms) });
export const lockedAddress = (ms: number) =>
  new AppError('rate_limited', `Too many failed sign-ins from your network address. Try again in ${minutesText(ms)}.`, undefined, { retryAfterSeconds: retryAfterSeconds(ms) });
export const tooManyCodes = (ms: number) => new AppError('rate_limited', `Too many wrong codes. Try again in ${minutesText(ms)}.`, undefined, { retryAfterSeconds: retryAfterSeconds(ms) });

export interface PasswordAttempt {
  account: Reservation;
  address: Reservation | null;
}

/** Reserves one password check for `email` (and `ip`), or throws the lock that refuses it. */
export async function reservePasswordAttempt(email: string, ip: string | undefined, now: Date): Promise<PasswordAttempt> {
  const address = ip ? await reserve(ipKey(ip), IP_RULE, now) : null;
  if (address && !address.allowed) throw lockedAddress(address.retryAfterMs);
  const account = await reserve(accountKey(email), ACCOUNT_RULE, now);
  if (!account.allowed) {
    // Nothing is checked, so the address's place is given back.
    if (address) await release(address, IP_RULE);
    throw lockedAccount(account.retryAfterMs);
  }
  return { account, address };
}

/** A wrong password: the reservations stand; the answer names a lock this attempt engaged. */
export function failedPasswordError(attempt: PasswordAttempt, now: Date): AppError | null {
  const { address, account } = attempt;
  if (address?.lockedUntil && address.lockedUntil > now) return lockedAddress(address.lockedUntil.getTime() - now.getTime());
  if (account.lockedUntil && account.lockedUntil > now) return lockedAccount(account.lockedUntil.getTime() - now.getTime());
  return null;
}

/** A right password: the account's failures go, the address keeps every other attempt it made. */
export async function passwordAttemptSucceeded(attempt: PasswordAttempt): Promise<void> {
  await clearKey(attempt.account.key);
  if (attempt.address) await release(attempt.address, IP_RULE);
}

/** Reserves one TOTP code check for a user (sign-in and turning the factor off share it). */
export async function reserveTotpAttempt(userId: string, now: Date): Promise<Reservation> {
  const r = await reserve(totpKey(userId), ACCOUNT_RULE, now);
  if (!r.allowed) throw tooManyCodes(r.retryAfterMs);
  return r;
}
