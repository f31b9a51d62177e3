// Sign-in throttling rules, as pure arithmetic over a RateLimit row (unit-tested).
// Per account: from the 5th failure in 15 minutes each answer is delayed (1 s, 2 s, 4 s, capped
// at 8 s); the 10th locks the account for 15 minutes. Per IP: 30 failures in 15 minutes, across
// any accounts, lock that address for 15 minutes. Other accounts and addresses are unaffected.

export interface Counter {
  count: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

export interface ThrottleRule {
  windowMs: number;
  /** Failures in a window after which each further answer is delayed (0 = never). */
  slowAfter: number;
  /** Failures in a window that lock the key. */
  lockAfter: number;
  lockMs: number;
  maxDelayMs: number;
}

export const ACCOUNT_RULE: ThrottleRule = { windowMs: 15 * 60_000, slowAfter: 5, lockAfter: 10, lockMs: 15 * 60_000, maxDelayMs: 8_000 };
export const IP_RULE: ThrottleRule = { windowMs: 15 * 60_000, slowAfter: 0, lockAfter: 30, lockMs: 15 * 60_000, maxDelayMs: 0 };

/** Milliseconds the key stays locked at `now` (0 when free). */
export function lockRemainingMs(counter: Counter | null, now: Date): number {
  if (!counter?.lockedUntil) return 0;
  return Math.max(0, counter.lockedUntil.getTime() - now.getTime());
}

/** The counter after one more failure at `now`: a stale window restarts, the lock engages at lockAfter. */
export function recordFailure(counter: Counter | null, rule: ThrottleRule, now: Date): Counter {
  const fresh = !counter || now.getTime() - counter.windowStart.getTime() >= rule.windowMs;
  const count = fresh ? 1 : counter.count + 1;
  const windowStart = fresh ? now : counter.windowStart;
  const stillLocked = counter?.lockedUntil && counter.lockedUntil > now ? counter.lockedUntil : null;
  const lockedUntil = count >= rule.lockAfter ? new Date(now.getTime() + rule.lockMs) : stillLocked;
  return { count, windowStart, lockedUntil };
}

/** How long to hold the answer after `count` failures in the current window. */
export function delayForFailures(count: number, rule: ThrottleRule): number {
  if (rule.slowAfter <= 0 || count < rule.slowAfter) return 0;
  return Math.min(rule.maxDelayMs, 1000 * 2 ** (count - rule.slowAfter));
}

/** Failures counted so far in a still-open window (0 if the window has passed). */
export function failuresInWindow(counter: Counter | null, rule: ThrottleRule, now: Date): number {
  if (!counter || now.getTime() - counter.windowStart.getTime() >= rule.windowMs) return 0;
  return counter.count;
}

export function minutesText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
