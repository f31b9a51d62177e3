// Sign-in throttling rules (unit-tested). Each attempt first reserves its place in the window
// (lib/server/rate-limit/reserve.ts); only reserved attempts are checked. The numbers are the
// README's: account 10 (slowed after 5), address 30, each per 15 minutes with a 15-minute lock.
import type { WindowLimit } from '../rate-limit/reserve';

export interface ThrottleRule extends WindowLimit {
  /** Earlier attempts in the window after which each further answer is delayed (0 = never). */
  slowAfter: number;
  maxDelayMs: number;
}

export const ACCOUNT_RULE: ThrottleRule = { windowMs: 15 * 60_000, limit: 10, lockMs: 15 * 60_000, slowAfter: 5, maxDelayMs: 8_000 };
export const IP_RULE: ThrottleRule = { windowMs: 15 * 60_000, limit: 30, lockMs: 15 * 60_000, slowAfter: 0, maxDelayMs: 0 };
/** Reset requests: mails per address, and requests per IP, in 15 minutes. */
export const RESET_ACCOUNT_RULE: WindowLimit = { windowMs: 15 * 60_000, limit: 5, lockMs: null };
export const RESET_IP_RULE: WindowLimit = { windowMs: 15 * 60_000, limit: 20, lockMs: null };

/** How long to hold the answer when `earlier` attempts precede this one in the window. */
export function delayForFailures(earlier: number, rule: ThrottleRule): number {
  if (rule.slowAfter <= 0 || earlier < rule.slowAfter) return 0;
  return Math.min(rule.maxDelayMs, 1000 * 2 ** (earlier - rule.slowAfter));
}

export function minutesText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
