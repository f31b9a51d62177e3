import { db } from '../db';
import { ACCOUNT_RULE, IP_RULE, delayForFailures, failuresInWindow, lockRemainingMs, recordFailure, type Counter, type ThrottleRule } from './throttle-policy';

export const accountKey = (email: string) => `login-account:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `login-ip:${ip}`;

async function read(key: string): Promise<Counter | null> {
  return db().rateLimit.findUnique({ where: { key } });
}

export interface ThrottleState {
  accountLockMs: number;
  ipLockMs: number;
  /** Delay owed before answering, from the failures already on the account. */
  delayMs: number;
}

export async function throttleState(email: string, ip: string | undefined, now: Date): Promise<ThrottleState> {
  const [account, address] = await Promise.all([read(accountKey(email)), ip ? read(ipKey(ip)) : Promise.resolve(null)]);
  return {
    accountLockMs: lockRemainingMs(account, now),
    ipLockMs: lockRemainingMs(address, now),
    delayMs: delayForFailures(failuresInWindow(account, ACCOUNT_RULE, now), ACCOUNT_RULE),
  };
}

export async function bump(key: string, rule: ThrottleRule, now: Date): Promise<Counter> {
  // Serialised per key by the transaction; a lost race only miscounts by one, never unlocks.
  return db().$transaction(async (tx) => {
    const current = await tx.rateLimit.findUnique({ where: { key } });
    const next = recordFailure(current, rule, now);
    await tx.rateLimit.upsert({ where: { key }, create: { key, ...next }, update: next });
    return next;
  });
}

export async function recordLoginFailure(email: string, ip: string | undefined, now: Date): Promise<{ account: Counter; ip: Counter | null }> {
  const account = await bump(accountKey(email), ACCOUNT_RULE, now);
  const address = ip ? await bump(ipKey(ip), IP_RULE, now) : null;
  return { account, ip: address };
}

/** A correct password clears the account's counter (the address keeps its count). */
export async function clearAccountFailures(email: string): Promise<void> {
  await db().rateLimit.deleteMany({ where: { key: accountKey(email) } });
}
