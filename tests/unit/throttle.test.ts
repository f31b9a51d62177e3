import { describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, IP_RULE, RESET_ACCOUNT_RULE, RESET_IP_RULE, delayForFailures, minutesText } from '@/lib/server/auth/throttle-policy';
import { SUBSCRIBE_PER_ADDRESS, SUBSCRIBE_PER_IP } from '@/lib/server/subscriptions/rate-limit';

describe('sign-in throttle policy', () => {
  it('slows the account from the 5th earlier attempt, doubling and capped', () => {
    expect([4, 5, 6, 7, 8, 9, 12].map((n) => delayForFailures(n, ACCOUNT_RULE))).toEqual([0, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(delayForFailures(29, IP_RULE)).toBe(0);
  });

  it('states the limits the README promises', () => {
    expect(ACCOUNT_RULE).toMatchObject({ limit: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 });
    expect(IP_RULE).toMatchObject({ limit: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 });
    expect([RESET_ACCOUNT_RULE.limit, RESET_IP_RULE.limit]).toEqual([5, 20]);
    expect([SUBSCRIBE_PER_ADDRESS, SUBSCRIBE_PER_IP]).toEqual([
      { limit: 5, windowMs: 3_600_000, lockMs: null },
      { limit: 20, windowMs: 3_600_000, lockMs: null },
    ]);
  });

  it('words a wait in whole minutes, rounding up', () => {
    expect([1, 60_000, 60_001, 15 * 60_000].map(minutesText)).toEqual(['1 minute', '1 minute', '2 minutes', '15 minutes']);
  });
});
